import { SANDBOX_BOT_PRINCIPAL, startSimulator, type RunningSimulator } from '../../../src/sandbox';
import { FACTORY_PATH, PG_PATH, rawCall, W } from './clients';
import { as, authorizationFailed, avery, jordan, ORDERS, PENDING, riley, sam, SUB } from './rbac-support';

interface ActivityEvent {
  caller: string;
  claims: Record<string, string>;
  correlationId: string;
  eventDataId: string;
  eventTimestamp: string;
  eventName: { value: string };
  operationName: { value: string };
  resourceId: string;
  status: { value: string };
  subStatus: { value: string; localizedValue: string };
  authorization: { action: string; scope: string };
  properties: Record<string, string>;
}

const LOG = `${SUB}/providers/Microsoft.Insights/eventtypes/management/values`;
const OID = 'http://schemas.microsoft.com/identity/claims/objectidentifier';

/** The subscription's activity log through the real API (Microsoft.Insights 2015-04-01). */
describe('the activity log', () => {
  let sim: RunningSimulator;
  const since = new Date(Date.now() - 60_000).toISOString();
  beforeEach(async () => {
    sim = await startSimulator({ lroSeconds: 60, activityLogPageSize: 2 });
  });
  afterEach(() => sim.close());

  /** Every page, following nextLink. */
  async function events(filter = ''): Promise<ActivityEvent[]> {
    const all: ActivityEvent[] = [];
    let url: string | undefined =
      `${LOG}?api-version=2015-04-01&$filter=${encodeURIComponent(`eventTimestamp ge '${since}'${filter}`)}`;
    while (url) {
      const res = await as(sim, sam, 'GET', url);
      expect(res.status).toBe(200);
      const page = res.body as { value: ActivityEvent[]; nextLink?: string };
      expect(page.value.length).toBeLessThanOrEqual(2);
      all.push(...page.value);
      url = page.nextLink;
    }
    return all;
  }

  it("logs a permitted write as Started then Succeeded, naming the person and the request's correlation id", async () => {
    const mpe = `${FACTORY_PATH}/managedVirtualNetworks/default/managedPrivateEndpoints/mpe-log`;
    const put = await as(sim, riley, 'PUT', `${mpe}?api-version=2018-06-01`, {
      headers: { 'x-ms-correlation-request-id': 'c0ffee00-0000-4000-8000-000000000001' },
      body: {
        properties: { privateLinkResourceId: `${PG_PATH}/${W.servers.sandbox}`, groupId: 'postgresqlServer' },
      },
    });
    expect(put.status).toBe(200);
    expect(put.headers['x-ms-correlation-request-id']).toBe('c0ffee00-0000-4000-8000-000000000001');

    const logged = await events(` and correlationId eq 'c0ffee00-0000-4000-8000-000000000001'`);
    expect(logged.map((e) => [e.eventName.value, e.status.value, e.subStatus.value])).toEqual([
      ['EndRequest', 'Succeeded', 'OK'],
      ['BeginRequest', 'Started', ''],
    ]);
    for (const e of logged) {
      expect(e).toMatchObject({
        caller: riley.userPrincipalName,
        correlationId: 'c0ffee00-0000-4000-8000-000000000001',
        operationName: {
          value: 'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints/write',
        },
        resourceId: mpe,
        authorization: {
          action: 'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints/write',
          scope: mpe,
        },
      });
      expect(e.claims[OID]).toBe(riley.objectId);
      expect(e.eventDataId).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(new Set(logged.map((e) => e.eventDataId)).size).toBe(2);
  });

  it("logs a refused write as Failed (Forbidden), with ARM's refusal, and reads are not logged", async () => {
    const res = await as(sim, riley, 'PUT', `${PENDING}?api-version=2025-08-01`, {
      body: { properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'me' } } },
    });
    expect(res.status).toBe(403);
    await as(sim, riley, 'GET', `${FACTORY_PATH}?api-version=2018-06-01`);
    const logged = await events(` and resourceUri eq '${PENDING}'`);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      caller: riley.userPrincipalName,
      status: { value: 'Failed' },
      subStatus: { value: 'Forbidden', localizedValue: 'Forbidden (HTTP Status Code: 403)' },
      properties: { statusCode: 'Forbidden', statusMessage: JSON.stringify(res.body) },
    });
    expect(await events(` and resourceUri eq '${FACTORY_PATH}'`)).toEqual([]);
  });

  it('logs a long-running write as Accepted, and its end once the operation completes', async () => {
    const res = await as(sim, avery, 'PUT', `${PENDING}?api-version=2025-08-01`, {
      body: { properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'ok' } } },
    });
    expect(res.status).toBe(202);
    const statuses = async () =>
      (await events(` and caller eq '${avery.userPrincipalName}'`)).map((e) => e.status.value);
    expect(await statuses()).toEqual(['Accepted', 'Started']);
    sim.world.fastForward();
    expect(await statuses()).toEqual(['Succeeded', 'Accepted', 'Started']);
  });

  it('names a service principal by its object id', async () => {
    const ls = `${FACTORY_PATH}/linkedservices/ls_bot`;
    await as(sim, SANDBOX_BOT_PRINCIPAL, 'PUT', `${ls}?api-version=2018-06-01`, {
      body: { properties: { type: 'AzureBlobStorage', typeProperties: { connectionString: 'x' } } },
    });
    const [end] = await events(` and resourceUri eq '${ls}'`);
    expect(end?.caller).toBe(SANDBOX_BOT_PRINCIPAL.objectId);
  });

  it('is readable only with Microsoft.Insights/eventtypes/values/read on the subscription', async () => {
    const url = `${LOG}?api-version=2015-04-01&$filter=${encodeURIComponent(`eventTimestamp ge '${since}'`)}`;
    for (const who of [jordan, riley, avery]) {
      const res = await as(sim, who, 'GET', url);
      expect(res.body).toEqual(authorizationFailed(who, 'Microsoft.Insights/eventtypes/values/read', SUB));
    }
    const noStart = await rawCall(sim, 'GET', `${LOG}?api-version=2015-04-01`);
    expect(noStart.status).toBe(400);
  });

  it('pages with nextLink', async () => {
    for (const name of ['a', 'b']) {
      await as(sim, sam, 'PUT', `${FACTORY_PATH}/linkedservices/ls_${name}?api-version=2018-06-01`, {
        body: { properties: { type: 'AzureBlobStorage', typeProperties: { connectionString: 'x' } } },
      });
    }
    const logged = await events();
    expect(logged).toHaveLength(4);
    expect(logged.map((e) => e.eventTimestamp)).toEqual(
      [...logged.map((e) => e.eventTimestamp)].sort().reverse(),
    );
    expect(ORDERS).toContain(W.servers.orders);
  });
});
