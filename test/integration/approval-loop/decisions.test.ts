import { serverId } from '../../../src/azure/resource-ids';
import { factoryRef, serverRef } from '../../helpers/sandbox-azure';
import {
  APPROVER,
  cardOfCall,
  cardText,
  hasButtons,
  OTHER_TENANT,
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
  const mpe = `mpe-test-${++counter}`;
  const created = harness.sim.world.createManagedPrivateEndpoint(factoryRef, mpe, {
    privateLinkResourceId: serverId(serverRef('pg-sandbox')),
  });
  await harness.app.approvals.watcher.cycle();
  const request = (await harness.app.store.requests.listOpen()).find(
    (r) => r.connectionName === created.connectionName,
  )!;
  await harness.connector.waitFor(() =>
    harness.connector.of('create').some((c) => cardText(cardOfCall(c)).includes(request.connectionName)),
  );
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
    expect(refused.body).toMatchObject({
      statusCode: 400,
      value: { message: 'Please give a reason for rejecting, so the requester knows what to change.' },
    });
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
    expect(refused.body).toMatchObject({
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { message: expect.stringMatching(/reason/) },
    });
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
    ['someone Azure does not let approve', { from: REQUESTER }, 403, /Azure says your account lacks/],
    ['another tenant', { tenantId: OTHER_TENANT }, 403, /does not serve this tenant/],
  ])(
    '%s gets an error only they see; no Azure write; the refusal is audited',
    async (_who, options, status, message) => {
      const { id, connectionName } = await newRequest();
      const answer = await harness.post(harness.tap('approve', id, options));
      expect(answer.body).toMatchObject({
        statusCode: status,
        type: 'application/vnd.microsoft.error',
        value: { message: expect.stringMatching(message) },
      });
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
    expect(answer.body).toMatchObject({
      statusCode: 403,
      value: { message: expect.stringMatching(/someone else must decide/) },
    });
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
    expect(hasButtons(cardOfCall(updatesFor(connectionName).at(-1)!))).toBe(false);
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
