import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Watcher } from '../../../src/approvals/watcher';
import type { AzureGateway } from '../../../src/azure/gateway';
import type { RunningSimulator } from '../../../src/sandbox';
import { SqliteStore } from '../../../src/store';
import { RecordingSink } from '../../helpers/approval-harness';
import { serverRef, startSandboxAzure, W } from '../../helpers/sandbox-azure';

/** More servers than the sandbox's three, each with one pending connection, listed 20 to a page. */
const EXTRA_SERVERS = 50;
const PAGE_SIZE = 20;

let sim: RunningSimulator;
let gateway: AzureGateway;
let dir: string;
let store: SqliteStore;
const logLines: Array<Record<string, unknown>> = [];

function watcherOn(azure: AzureGateway): Watcher {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return new Watcher(azure, store, new RecordingSink(), pino({ level: 'info' }, sink));
}

beforeEach(async () => {
  ({ sim, gateway } = await startSandboxAzure({ pageSize: PAGE_SIZE }));
  for (let i = 0; i < EXTRA_SERVERS; i++) {
    const name = `pg-many-${i}`;
    sim.world.addServer({
      subscriptionId: W.subscriptionId,
      resourceGroup: W.resourceGroup,
      name,
      location: 'westeurope',
    });
    sim.world.requestConnection(serverRef(name), {
      privateEndpointId: `/subscriptions/${W.subscriptionId}/resourceGroups/rg-other/providers/Microsoft.Network/privateEndpoints/pe-${name}`,
      requestMessage: `please connect ${name}`,
    });
  }
  dir = mkdtempSync(join(tmpdir(), 'pl-watcher-scale-'));
  store = new SqliteStore({ path: join(dir, 'bot.sqlite'), now: () => new Date() });
  logLines.length = 0;
});
afterEach(async () => {
  await store.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const serverPages = () => Math.ceil(sim.world.listServers().length / PAGE_SIZE);

describe('a watcher cycle over many servers', () => {
  it('costs the pages of the server list, whatever the number of servers, and logs what it cost', async () => {
    const watcher = watcherOn(gateway);
    const first = await watcher.cycle();
    expect(first).toMatchObject({ opened: EXTRA_SERVERS + 1, serversReadAlone: 0 });
    expect(await store.requests.listOpen()).toHaveLength(EXTRA_SERVERS + 1);

    sim.requests.clear();
    await watcher.cycle();
    // 53 servers at 20 a page: 3 reads, none of them a server's own connection list.
    expect(sim.requests.count({ path: /privateEndpointConnections$/ })).toBe(0);
    expect(sim.requests.all().map((r) => `${r.method} ${r.path}`)).toEqual(
      Array.from(
        { length: serverPages() },
        () => `GET /subscriptions/${W.subscriptionId}/providers/Microsoft.DBforPostgreSQL/flexibleServers`,
      ),
    );
    const done = logLines.filter((l) => l['msg'] === 'watcher cycle done').at(-1);
    expect(done).toMatchObject({ armReads: serverPages(), servers: EXTRA_SERVERS + 2 });
    expect(done?.['lowestRemainingReads']).toEqual(expect.any(Number));
    expect(done?.['lowestRemainingReads']).toBeLessThan(250);
  });

  it('reads alone only a server whose list entry lacks its connections', async () => {
    const lacking = 'pg-many-7';
    const stripped: AzureGateway = {
      ...gateway,
      surveyWatchedServers: async () => {
        const survey = await gateway.surveyWatchedServers();
        return {
          ...survey,
          servers: survey.servers.map((s) =>
            s.ref.serverName === lacking ? { ...s, connections: undefined } : s,
          ),
        };
      },
    };
    const watcher = watcherOn(stripped);
    expect(await watcher.cycle()).toMatchObject({ opened: EXTRA_SERVERS + 1, serversReadAlone: 1 });
    expect(sim.requests.count({ path: /privateEndpointConnections$/ })).toBe(1);
    expect(
      sim.requests.count({ path: new RegExp(`/flexibleServers/${lacking}/privateEndpointConnections$`) }),
    ).toBe(1);
    expect((await store.requests.listOpen()).map((r) => r.server.serverName)).toContain(lacking);
  });
});
