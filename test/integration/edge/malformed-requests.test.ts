import { createLogger } from '../../../src/logger';
import { botStateFingerprint } from '../../helpers/bot-state-fingerprint';
import { cardOfCall, cardText, TeamsAppHarness } from '../../helpers/teams-app-harness';
import { requestConnection } from '../teams/support';

/**
 * Issue 14, findings 2 and 5, over real HTTP against the sandbox bot: every malformed or foreign request gets a
 * clear 4xx at once, is logged once at debug without a stack, and changes nothing (store, Teams, Azure).
 */
jest.setTimeout(60_000);

const lines: string[] = [];
const harness = new TeamsAppHarness(
  { SANDBOX_LRO_SECONDS: '0.2' },
  undefined,
  createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } }),
);
let requestId = '';

beforeAll(async () => {
  await harness.start();
  await harness.post(harness.channelMessage('watch'));
  await harness.app.approvals.watcher.cycle();
  requestId = (await harness.app.store.requests.listOpen())[0]!.id;
});
afterAll(() => harness.stop());

type Json = Record<string, unknown>;

async function postRaw(body: string, contentType: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${harness.app.botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

const postJson = (activity: unknown) => postRaw(JSON.stringify(activity), 'application/json');

/** A real approve tap on the open request, as Teams sends it (serviceUrl: the fake connector). */
function tap(): Json {
  return { ...harness.tap('approve', requestId, { reason: 'ok' }), serviceUrl: harness.connector.url };
}

function message(): Json {
  return { ...harness.personalMessage('help'), serviceUrl: harness.connector.url };
}

/** Posts, expects `status`, and checks that nothing changed and the refusal was logged once, at debug. */
async function expectRefused(send: () => Promise<{ status: number; body: Json }>, status: number) {
  const before = await botStateFingerprint(harness);
  lines.length = 0;
  const answer = await send();
  expect(answer.status).toBe(status);
  await harness.app.approvals.runner.idle();
  expect(await botStateFingerprint(harness)).toBe(before);
  const logged = lines.map((l) => JSON.parse(l) as Json);
  expect(logged.filter((l) => l['msg'] === 'activity refused')).toHaveLength(1);
  expect(logged.filter((l) => Number(l['level']) > 20)).toEqual([]); // nothing above debug
  expect(lines.join('')).not.toMatch(/"stack"|"err"/);
  return answer.body;
}

describe('finding 2: only JSON drives the bot', () => {
  it.each([
    [
      'a form post with nested fields',
      'application/x-www-form-urlencoded',
      'type=invoke&name=adaptiveCard/action&value[action][type]=Action.Execute&value[action][verb]=approve',
    ],
    [
      'a multipart post',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="type"\r\n\r\ninvoke\r\n--x--\r\n',
    ],
    ['JSON sent as text/plain (no preflight either)', 'text/plain', JSON.stringify({ type: 'message' })],
    ['XML', 'application/xml', '<activity type="message"/>'],
  ])('%s is refused with 415 and approves nothing', async (_what, contentType, body) => {
    const answer = await expectRefused(() => postRaw(body, contentType), 415);
    expect(answer).toEqual({
      error: { code: 'UnsupportedMediaType', message: 'Send the activity as application/json.' },
    });
    expect((await harness.app.store.requests.get(requestId))?.status).toBe('pending');
  });

  it('application/json with a charset is accepted: the check refuses nothing Teams sends', async () => {
    const answer = await postRaw(JSON.stringify(message()), 'application/json; charset=utf-8');
    expect(answer.status).toBe(200);
  });
});

describe('finding 5: malformed activities get a 400 with a short reason, not a 500', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['an empty object', () => ({}), /^Not a Teams activity: type: /],
    ['a JSON array', () => [message()], /^Not a Teams activity\.$/],
    ['a missing recipient', () => ({ ...message(), recipient: undefined }), /recipient/],
    ['from: null', () => ({ ...message(), from: null }), /from/],
    ['text as an object', () => ({ ...message(), text: { $gt: '' } }), /text/],
    ['entities as a string', () => ({ ...message(), entities: 'mention' }), /entities/],
    [
      'a timestamp that is no date',
      () => ({ ...message(), timestamp: 'yesterday' }),
      /timestamp: not a date/,
    ],
    // It used to make the bot try the public Bot Framework host and hold the answer 11-12 s.
    ['no serviceUrl', () => ({ ...message(), serviceUrl: undefined }), /serviceUrl/],
    [
      'a serviceUrl off this machine (sandbox)',
      () => ({ ...message(), serviceUrl: 'https://smba.trafficmanager.net/emea/' }),
      /loopback/,
    ],
    ['a serviceUrl that is no URL', () => ({ ...message(), serviceUrl: 'not a url' }), /not a URL/],
  ];
  it.each(cases)('%s', async (_what, activity, reason) => {
    const body = await expectRefused(() => postJson(activity()), 400);
    expect((body['error'] as Json)['message']).toMatch(reason);
  });

  it('an XML body labelled as JSON', async () => {
    const body = await expectRefused(() => postRaw('<activity/>', 'application/json'), 400);
    expect(body).toEqual({ error: { code: 'BadRequest', message: 'The body is not valid JSON.' } });
  });

  it('an invoke without value.action gets an invoke error response', async () => {
    const body = await expectRefused(() => postJson({ ...tap(), value: { trigger: 'manual' } }), 400);
    expect(body).toMatchObject({
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { code: 'BadRequest', message: expect.stringMatching(/^value\.action: /) },
    });
  });

  it('an unknown invoke gets an invoke error response, not an empty 501', async () => {
    const body = await expectRefused(() => postJson({ ...tap(), name: 'composeExtension/query' }), 400);
    expect(body).toEqual({
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { code: 'NotSupported', message: 'This bot does not handle this invoke.' },
    });
  });

  it('the real shapes still pass: a tap on the card decides it', async () => {
    // A request of its own, decided to the end (its card updated): the other tests compare the bot's state before
    // and after their request and check that the shared request is still pending, whichever order they run in.
    const name = requestConnection(harness, 'pg-sandbox', 'pe-real-shape');
    await harness.app.approvals.watcher.cycle();
    const own = (await harness.app.store.requests.listOpen()).find((r) => r.connectionName === name)!;
    const answer = await harness.post(harness.tap('approve', own.id, { reason: 'ok' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    await harness.app.approvals.runner.idle();
    await harness.connector.waitFor(() =>
      harness.connector
        .of('update')
        .some(
          (u) => cardText(cardOfCall(u)).includes('Approved by') && cardText(cardOfCall(u)).includes(name),
        ),
    );
    expect((await harness.app.store.requests.get(requestId))?.status).toBe('pending');
  });
});
