import { arm, SUBSCRIPTION } from '../../helpers/arm-http';
import { W } from '../../helpers/sandbox-azure';
import { APPROVER, refusalOnCard, REQUESTER, TeamsAppHarness } from '../../helpers/teams-app-harness';
import { SANDBOX_PEOPLE } from '../../../src/sandbox';
import { channel, personalChat, requestConnection, say, type Json } from '../teams/support';
import { activityLogEvents, serverScope, tap, writesTo } from './support';

/**
 * ACT_AS=user in the sandbox, over real HTTP: every write the bot makes for someone is made with that person's own
 * delegated token (from the sandbox's Bot Framework token service), so the simulated Azure's RBAC decides and its
 * activity log names the person. Nothing here stubs the bot: Teams-shaped activities in, ARM and the token service
 * as the real REST APIs out.
 */
jest.setTimeout(60_000);

const JORDAN = { id: '29:jordan', name: 'Jordan Analyst', aadObjectId: SANDBOX_PEOPLE.jordan.objectId };
const harness = new TeamsAppHarness({ SANDBOX_LRO_SECONDS: '0.3', SANDBOX_ADF_SYNC_SECONDS: '0.5' });
const store = () => harness.app.store;
const started = new Date(Date.now() - 60_000);

beforeAll(async () => {
  await harness.start();
  expect(harness.app.config.access.actAs).toBe('user');
  await harness.app.approvals.watcher.cycle();
});
afterAll(() => harness.stop());

async function pendingRequest(serverName: string, endpoint: string) {
  const connection = requestConnection(harness, serverName, endpoint);
  await harness.app.approvals.watcher.cycle();
  const requests = await store().requests.listByServer(
    { subscriptionId: W.subscriptionId, resourceGroup: W.resourceGroup, serverName },
    { openOnly: true },
  );
  const request = requests.find((r) => r.connectionName === connection)!;
  return { connection, request };
}

describe('the approver acts as herself', () => {
  it('an approval tapped by Avery is written with her token: Azure’s activity log names her, not the bot', async () => {
    const seeded = await store().requests.listByServer(
      { subscriptionId: W.subscriptionId, resourceGroup: W.resourceGroup, serverName: W.servers.orders },
      { openOnly: true },
    );
    const answer = await tap(harness, 'approve', seeded[0]!.id, { reason: 'orders ETL', from: APPROVER });
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).toContain('Approving… by Avery Approver');
    await harness.app.approvals.runner.idle();

    const writes = (await activityLogEvents(harness, started)).filter(
      (e) =>
        e.operationName === 'Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/write' &&
        e.resourceId.toLowerCase().endsWith(W.pendingConnectionName.toLowerCase()),
    );
    expect(writes.length).toBeGreaterThan(0);
    for (const event of writes) {
      expect(event.caller).toBe(SANDBOX_PEOPLE.avery.userPrincipalName);
      expect(event.objectId).toBe(SANDBOX_PEOPLE.avery.objectId);
    }
    expect(writes.map((e) => e.status)).toContain('Succeeded');
    const [approved] = await store().audit.list({ action: 'approve', requestId: seeded[0]!.id });
    expect(approved).toMatchObject({
      actor: { aadObjectId: APPROVER.aadObjectId },
      writtenAs: `person:${SANDBOX_PEOPLE.avery.objectId}`,
    });
  });
});

describe('Azure decides, and the person alone is told', () => {
  it('Riley’s tap is refused with Azure’s reason, nothing is written, and the refusal is audited', async () => {
    const { connection, request } = await pendingRequest(W.servers.sandbox, 'pe-riley-tries');
    const answer = await tap(harness, 'approve', request.id, { reason: 'mine', from: REQUESTER });
    expect(answer.status).toBe(200);
    // On the card, for Riley only; markdown-escaped there, as every card text is.
    expect(refusalOnCard(answer.body).replace(/\\(.)/g, '$1')).toBe(
      "You can't approve private endpoints on pg-sandbox: Azure says your account lacks " +
        '`Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/write` there. Ask someone with ' +
        'that permission (for example an Owner or Contributor of pg-sandbox).',
    );
    expect(writesTo(harness, connection)).toEqual([]);
    expect((await store().requests.get(request.id))?.status).toBe('pending');
    const [refused] = await store().audit.list({ action: 'refused', requestId: request.id });
    expect(refused?.detail).toContain(
      `azure: lacks Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/write over ${serverScope(W.servers.sandbox)}`,
    );
  });

  it('someone removed from the role between the request and the tap is refused; nothing is written', async () => {
    const { connection, request } = await pendingRequest(W.servers.sandbox, 'pe-after-removal');
    const assignments = await arm(
      harness.app.armUrl,
      'GET',
      `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${encodeURIComponent(`assignedTo('${SANDBOX_PEOPLE.avery.objectId}')`)}`,
    );
    const onSandbox = (assignments.json as { value: Json[] }).value.find((a) =>
      String((a['properties'] as Json)['scope']).endsWith('/pg-sandbox'),
    )!;
    expect(
      (await arm(harness.app.armUrl, 'DELETE', `${String(onSandbox['id'])}?api-version=2022-04-01`)).status,
    ).toBe(200);

    const answer = await tap(harness, 'approve', request.id, { reason: 'ok', from: APPROVER });
    expect(refusalOnCard(answer.body)).toContain('Azure says your account lacks');
    expect(writesTo(harness, connection)).toEqual([]);
    await harness.grant(SANDBOX_PEOPLE.avery, 'contributor', serverScope(W.servers.sandbox));
  });

  it('a person without rights on a server cannot watch it; nothing is stored', async () => {
    const place = channel(harness, '19:jordan-watches@thread.tacv2');
    const answer = await say(harness, place.message('watch pg-orders', JORDAN));
    expect(answer.texts).toEqual([
      "You can't see private endpoint connections on pg-orders: Azure says your account lacks " +
        '`Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/read` there. Ask someone with that ' +
        'permission (for example an Owner or Contributor of pg-orders). Nothing changed.',
    ]);
    expect(await store().subscriptions.listForConversation(place.key)).toEqual([]);
    expect(
      (await store().audit.list({ action: 'refused' })).some(
        (e) => e.actor?.aadObjectId === JORDAN.aadObjectId,
      ),
    ).toBe(true);
  });

  it('Avery may watch the servers she looks after; `watch` alone names exactly those', async () => {
    const place = channel(harness, '19:avery-watches@thread.tacv2');
    const answer = await say(harness, place.message('watch', APPROVER));
    expect(answer.texts[0]).toMatch(
      /^Watching pg-orders, pg-sandbox: of every watched server, the servers whose connections you may see\./,
    );
    const filters = (await store().subscriptions.listForConversation(place.key)).map((s) => s.filter).sort();
    expect(filters).toEqual(['pg-orders', 'pg-sandbox']);
  });

  it('Jordan, with no role anywhere, cannot start the guided flow: Azure shows him no factory, nothing is written', async () => {
    const writesBefore = harness.sim.requests.all().filter((r) => r.method !== 'GET').length;
    const answer = await say(harness, personalChat(harness, 'a:jordan-connects').message('connect', JORDAN));
    expect(answer.texts).toContain(
      'I see no data factory you could connect from: Azure shows you none in the watched subscriptions. ' +
        'Connecting needs a role on the factory (for example Data Factory Contributor); ask its owner.',
    );
    const writesAfter = harness.sim.requests
      .all()
      .filter((r) => r.method !== 'GET' && !/\/permissions$/.test(r.path));
    expect(writesAfter.length).toBe(writesBefore);
  });

  it('someone holding only the custom PostgreSQL approver role of deploy/roles may approve (the pre-check reads it)', async () => {
    const morgan = { id: '29:morgan-dba', name: 'Morgan Dba', aadObjectId: SANDBOX_PEOPLE.morgan.objectId };
    await harness.grant(SANDBOX_PEOPLE.morgan, 'postgresApprover', serverScope(W.servers.sandbox));
    const { request } = await pendingRequest(W.servers.sandbox, 'pe-custom-role');
    const answer = await tap(harness, 'approve', request.id, { reason: 'owner', from: morgan });
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).toContain('Approving… by Morgan Dba');
    await harness.app.approvals.runner.idle();
    expect((await store().requests.get(request.id))?.status).toBe('approved');
  });
});
