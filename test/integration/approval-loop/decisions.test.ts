import { serverRef } from '../../helpers/sandbox-azure';
import {
  APPROVER,
  cardOfCall,
  cardText,
  hasButtons,
  OTHER_TENANT,
  refusalOnCard,
  REQUESTER,
  TeamsAppHarness,
} from '../../helpers/teams-app-harness';

/** Deciding through Teams: refusals, validation, concurrency, decisions elsewhere, Azure failures, injection. */
jest.setTimeout(60_000);

const harness = new TeamsAppHarness({ SANDBOX_LRO_SECONDS: '0.5', SANDBOX_ADF_SYNC_SECONDS: '1' });
const PUTS = { method: 'PUT', path: /privateEndpointConnections\// };
let counter = 0;

beforeAll(async () => {
  await harness.start();
  await harness.post(harness.channelMessage('watch'));
});
afterAll(() => harness.stop());

/** A fresh pending connection to pg-sandbox through a new managed private endpoint, and its card. */
async function newRequest(): Promise<{ id: string; connectionName: string }> {
  const request = await harness.pendingRequestThrough(`mpe-test-${++counter}`);
  harness.sim.requests.clear();
  return { id: request.id, connectionName: request.connectionName };
}

const updatesFor = (connectionName: string) =>
  harness.connector.of('update').filter((u) => cardText(cardOfCall(u)).includes(connectionName));
/** Every decision the taps started has run to its end, cards updated (the runner awaits the notifier). */
const settle = () => harness.app.approvals.runner.idle();

describe('reasons are judged on what they show (issue 14, finding 3)', () => {
  it.each([
    ['only zero-width characters', '\u200b\u200b\u200d'],
    ['a NUL byte', '\u0000'],
    ['bidi controls and spaces', ' \u202e\u2066 \u2069 '],
  ])('a reject reason of %s is refused as empty; nothing is written', async (_what, reason) => {
    const { id, connectionName } = await newRequest();
    const refused = await harness.post(harness.tap('reject', id, { reason }));
    expect(refusalOnCard(refused.body)).toBe(
      'Please give a reason for rejecting, so the requester knows what to change.',
    );
    await settle();
    expect(harness.sim.requests.count(PUTS)).toBe(0);
    expect(updatesFor(connectionName)).toHaveLength(0);
    expect((await harness.app.store.requests.get(id))?.status).toBe('pending');
  });

  it('a reason with NUL and a right-to-left override reaches Azure and the store as it reads', async () => {
    const { id, connectionName } = await newRequest();
    const answer = await harness.post(
      harness.tap('reject', id, { reason: 'Wrong\u0000 factory \u202Egnp.exe' }),
    );
    expect(answer.body).toMatchObject({ statusCode: 200 });
    await settle();
    const stored = await harness.app.store.requests.get(id);
    expect(stored?.decision?.reason).toBe('Wrong factory gnp.exe');
    const inAzure = harness.sim.world.getConnection({ server: serverRef('pg-sandbox'), connectionName });
    expect(inAzure?.description).toContain('Wrong factory gnp.exe');
    expect(inAzure?.description).not.toContain('\u0000');
    expect(inAzure?.description).not.toContain('\u202e');
  });
});

describe('a tap acts on its own card (issue 14, finding 4)', () => {
  it('a tap on card C naming request D decides nothing; the attempt is audited', async () => {
    const c = await newRequest();
    const d = await newRequest();
    const cardOfC = harness.connector.cardIdFor(c.id)!;
    expect(cardOfC).toBeDefined();
    const answer = await harness.post(harness.tap('approve', d.id, { replyToId: cardOfC, reason: 'ok' }));
    expect(answer.body).toMatchObject({
      statusCode: 403,
      type: 'application/vnd.microsoft.error',
      value: { message: expect.stringMatching(/does not belong to that request/) },
    });
    await settle();
    expect(harness.sim.requests.count(PUTS)).toBe(0);
    expect(updatesFor(d.connectionName)).toHaveLength(0);
    expect(updatesFor(c.connectionName)).toHaveLength(0);
    for (const id of [c.id, d.id]) expect((await harness.app.store.requests.get(id))?.status).toBe('pending');
    const [audit] = await harness.app.store.audit.list({ requestId: d.id });
    expect(audit).toMatchObject({ action: 'refused', detail: expect.stringContaining('card-mismatch') });
  });

  it('a tap that names no card (no replyToId) decides nothing', async () => {
    const { id } = await newRequest();
    const tap = harness.tap('approve', id, { reason: 'ok' });
    delete tap['replyToId'];
    const answer = await harness.post(tap);
    expect(answer.body).toMatchObject({ statusCode: 403 });
    await settle();
    expect(harness.sim.requests.count(PUTS)).toBe(0);
    expect((await harness.app.store.requests.get(id))?.status).toBe('pending');
  });
});

describe('refusals change nothing but the audit log', () => {
  it('a reject without a reason is refused; with one it works and the reason shows', async () => {
    const { id, connectionName } = await newRequest();
    const refused = await harness.post(harness.tap('reject', id, { reason: '' }));
    expect(refusalOnCard(refused.body)).toMatch(/reason/);
    await settle();
    expect(updatesFor(connectionName)).toHaveLength(0);
    expect(harness.sim.requests.count(PUTS)).toBe(0);

    const done = await harness.post(harness.tap('reject', id, { reason: 'Use the shared factory instead' }));
    expect(done.body).toMatchObject({ statusCode: 200 });
    await settle();
    await harness.connector.waitFor(() =>
      updatesFor(connectionName).some((u) => cardText(cardOfCall(u)).includes('Rejected by Avery Approver')),
    );
    expect(cardText(cardOfCall(updatesFor(connectionName).at(-1)!))).toContain(
      'Use the shared factory instead',
    );
    expect(harness.sim.requests.count(PUTS)).toBe(1);
  });

  it.each([
    // Someone in the conversation: the card, for them only, with a red line saying why.
    [
      'someone Azure does not let approve',
      { from: REQUESTER },
      (body: Record<string, unknown>) => expect(refusalOnCard(body)).toMatch(/Azure says your account lacks/),
    ],
    // Another organisation gets no card at all: only an error.
    [
      'another tenant',
      { tenantId: OTHER_TENANT },
      (body: Record<string, unknown>) =>
        expect(body).toMatchObject({
          statusCode: 403,
          type: 'application/vnd.microsoft.error',
          value: { message: expect.stringMatching(/does not serve this tenant/) },
        }),
    ],
  ])(
    '%s is told, and only they are; no Azure write; the refusal is audited',
    async (_who, options, check) => {
      const { id, connectionName } = await newRequest();
      const answer = await harness.post(harness.tap('approve', id, options));
      check(answer.body);
      await settle();
      expect(harness.sim.requests.count(PUTS)).toBe(0);
      expect(updatesFor(connectionName)).toHaveLength(0);
      const [audit] = await harness.app.store.audit.list({ requestId: id });
      expect(audit).toMatchObject({ action: 'refused', stateBefore: 'pending', stateAfter: 'pending' });
    },
  );

  it('the requester may not approve their own request, even as an approver', async () => {
    const { id } = await newRequest();
    await harness.app.store.requests.annotate(id, {
      requester: { aadObjectId: APPROVER.aadObjectId, name: APPROVER.name },
    });
    const answer = await harness.post(harness.tap('approve', id));
    expect(refusalOnCard(answer.body)).toMatch(/another approver must decide/);
    await settle();
    expect(harness.sim.requests.count(PUTS)).toBe(0);
    expect((await harness.app.store.audit.list({ requestId: id }))[0]).toMatchObject({ action: 'refused' });
  });
});

describe('first decision wins', () => {
  it('20 concurrent taps and one invoke delivered 5 times make exactly one Azure write', async () => {
    const { id } = await newRequest();
    const taps = Array.from({ length: 20 }, (_, i) =>
      harness.post(harness.tap(i % 3 ? 'approve' : 'reject', id, { reason: 'r' })),
    );
    const redelivered = harness.tap('approve', id, { activityId: 'f:same-invoke', reason: 'r' });
    const again = Array.from({ length: 5 }, () => harness.post(redelivered));
    const answers = await Promise.all([...taps, ...again]);
    expect(answers.every((a) => a.status === 200 && a.body['statusCode'] === 200)).toBe(true);
    await settle();
    expect(harness.sim.requests.count(PUTS)).toBe(1);
    expect(
      (await harness.app.store.audit.list({ requestId: id })).filter((a) =>
        ['approve', 'reject'].includes(a.action),
      ),
    ).toHaveLength(1);
  });
});

describe('decided outside Teams', () => {
  it('a connection approved in the portal updates its cards at the next check', async () => {
    const { id, connectionName } = await newRequest();
    const request = await harness.app.store.requests.get(id);
    harness.sim.world.approveConnection(
      { server: request!.server, connectionName },
      'Approved in the portal',
    );
    await harness.app.approvals.watcher.cycle();
    await harness.connector.waitFor(() =>
      updatesFor(connectionName).some((u) => cardText(cardOfCall(u)).includes('Approved outside Teams')),
    );
    const card = cardOfCall(updatesFor(connectionName).at(-1)!);
    expect(hasButtons(card)).toBe(false);
    // What the portal's approver wrote is kept: on the card and in the thread note.
    expect(cardText(card)).toContain('Approved outside Teams at');
    expect(cardText(card)).toContain('— Approved in the portal');
    await harness.connector.waitFor(() =>
      harness.connector
        .of('reply')
        .some((r) => String(r.body['text']).endsWith(`Description in Azure: Approved in the portal`)),
    );
  });
});

describe('Azure failures', () => {
  it('a 500 during the approval is retried and the approval lands', async () => {
    const { connectionName, id } = await newRequest();
    harness.sim.faults.add({
      method: 'PUT',
      path: /privateEndpointConnections\//,
      kind: 'server-error',
      times: 1,
    });
    await harness.post(harness.tap('approve', id));
    await settle();
    await harness.connector.waitFor(
      () => updatesFor(connectionName).some((u) => cardText(cardOfCall(u)).includes('Approved by')),
      15_000,
    );
  });

  it('a persistent failure shows the error with the buttons back, and nothing is recorded as approved', async () => {
    const { connectionName, id } = await newRequest();
    const fault = harness.sim.faults.add({
      method: 'PUT',
      path: /privateEndpointConnections\//,
      kind: 'server-error',
    });
    await harness.post(harness.tap('approve', id));
    await settle();
    await harness.connector.waitFor(
      () =>
        updatesFor(connectionName).some((u) => cardText(cardOfCall(u)).includes('Azure did not complete')),
      15_000,
    );
    const last = cardOfCall(updatesFor(connectionName).at(-1)!);
    expect(hasButtons(last)).toBe(true);
    expect((await harness.app.store.requests.get(id))?.status).toBe('failed');
    expect(await harness.app.store.audit.list({ requestId: id, action: 'approve' })).toHaveLength(0);
    harness.sim.faults.remove(fault);
  });
});

describe('text from Azure and people stays text', () => {
  it('a request message with a markdown link and a template expression renders literally', async () => {
    const message = 'Please approve [x](https://evil.example) ${1+1} **now**';
    const connection = harness.sim.world.requestConnection(serverRef('pg-sandbox'), {
      privateEndpointId:
        '/subscriptions/99999999-0000-0000-0000-000000000000/resourceGroups/rg-x/providers/Microsoft.Network/privateEndpoints/pe-[x]-**bold**',
      requestMessage: message,
    });
    await harness.app.approvals.watcher.cycle();
    await harness.connector.waitFor(() =>
      harness.connector.of('create').some((c) => cardText(cardOfCall(c)).includes(connection.name)),
    );
    const card = cardOfCall(
      harness.connector.of('create').find((c) => cardText(cardOfCall(c)).includes(connection.name))!,
    )!;
    const runs = JSON.stringify(card).match(/"type":"TextRun","text":"([^"]*)"/);
    expect(JSON.parse(`"${runs![1]}"`)).toBe(message); // a TextRun renders no markdown, and ${1+1} was not evaluated
    expect(cardText(card)).not.toContain('"2"');
    const facts = (
      card['body'] as Array<{ type: string; facts?: Array<{ title: string; value: string }> }>
    ).flatMap((b) => b.facts ?? []);
    expect(facts.find((f) => f.title === 'Private endpoint')?.value).toBe('pe-\\[x\\]-\\*\\*bold\\*\\*');
  });
});
