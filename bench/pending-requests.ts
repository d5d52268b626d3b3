import { serverId } from '../src/domain/resource-ids';
import { factoryRef, serverRef } from '../test/helpers/sandbox-azure';
import type { TeamsAppHarness } from '../test/helpers/teams-app-harness';

let endpoints = 0;

/** New pending connections to pg-sandbox, seen by one watcher cycle, as requests arriving between two polls. */
export async function newPendingRequests(h: TeamsAppHarness, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, () => {
    const created = h.sim.world.createManagedPrivateEndpoint(factoryRef, `mpe-bench-${++endpoints}`, {
      privateLinkResourceId: serverId(serverRef('pg-sandbox')),
    });
    return created.connectionName;
  });
  await h.app.approvals.watcher.cycle();
  const open = await h.app.store.requests.listOpen();
  return names.map((name) => open.find((r) => r.connectionName === name)!.id);
}
