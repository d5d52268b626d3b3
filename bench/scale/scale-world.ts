import { copyFileSync, mkdirSync } from 'node:fs';
import { arm, FACTORY } from '../../test/helpers/arm-http';
import { join } from 'node:path';
import { serverId } from '../../src/domain/resource-ids';
import { SANDBOX_PEOPLE, SANDBOX_ROLES, SANDBOX_WORLD, assignRole, startSimulator } from '../../src/sandbox';
import { StateFile } from '../../src/sandbox/state-file';
import { databasePath, SqliteStore } from '../../src/store';

const W = SANDBOX_WORLD;
const SUBSCRIPTION_SCOPE = `/subscriptions/${W.subscriptionId}`;

export const benchServer = (i: number) => `pg-bench-${String(i).padStart(4, '0')}`;
/** Servers with no connection yet: each gets exactly one new pending connection while the bench measures. */
export const quietServer = (i: number) => `pg-quiet-${i}`;

/**
 * The simulated Azure for one bench size, written as a simulator state file (`--state`): the sandbox estate plus
 * `servers` servers with one pending connection each (a private endpoint from another subscription, as the portal's
 * manual-approval path makes), `quiet` servers without any, and Avery reading the whole subscription, so her
 * `watch` covers every server. Built in this process and saved once; the simulator that serves it runs in its own.
 */
export async function writeScaleWorld(path: string, servers: number, quiet: number): Promise<void> {
  const sim = await startSimulator({ seed: 'sandbox' });
  try {
    const at = { subscriptionId: W.subscriptionId, resourceGroup: W.resourceGroup, location: W.location };
    for (let i = 0; i < servers; i++) {
      const name = benchServer(i);
      sim.world.addServer({ ...at, name });
      sim.world.requestConnection(
        { subscriptionId: at.subscriptionId, resourceGroup: at.resourceGroup, serverName: name },
        {
          privateEndpointId: `/subscriptions/${W.subscriptionId}/resourceGroups/rg-apps/providers/Microsoft.Network/privateEndpoints/pe-${name}`,
          requestMessage: `App team asks for ${name}`,
        },
      );
    }
    for (let i = 0; i < quiet; i++) sim.world.addServer({ ...at, name: quietServer(i) });
    await assignRole(sim, {
      principal: SANDBOX_PEOPLE.avery,
      roleId: SANDBOX_ROLES.reader,
      scope: SUBSCRIPTION_SCOPE,
    });
    new StateFile(path).save(sim.world.snapshot());
  } finally {
    await sim.close();
  }
}

/**
 * A bot store already tracking `count` requests from the past (decided elsewhere, on servers since removed), as a
 * bot that has run for a year would: written once, copied into each bench bot's data directory.
 */
export async function writeTrackedRequests(dataDir: string, count: number): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const store = new SqliteStore({ path: databasePath(dataDir), now: () => new Date() });
  try {
    const decidedAt = new Date(Date.now() - 90 * 24 * 3600 * 1000);
    for (let i = 0; i < count; i++) {
      const server = {
        subscriptionId: W.subscriptionId,
        resourceGroup: W.resourceGroup,
        serverName: `pg-retired-${i % 500}`,
      };
      const connectionName = `pe-old-${i}.${String(i).padStart(8, '0')}`;
      const { request } = await store.requests.insertIfAbsent({
        connectionId: `${serverId(server)}/privateEndpointConnections/${connectionName}`,
        server,
        connectionName,
        privateEndpointId: `/subscriptions/${W.subscriptionId}/resourceGroups/rg-apps/providers/Microsoft.Network/privateEndpoints/pe-old-${i}`,
        description: 'A request from last year',
        firstSeenAt: decidedAt,
      });
      await store.requests.updateStatus(request.id, 'pending', 'decided-elsewhere', {
        decision: 'Approved',
        decidedAt,
      });
    }
  } finally {
    await store.close();
  }
}

export function copyStore(fromDataDir: string, toDataDir: string): void {
  mkdirSync(toDataDir, { recursive: true });
  copyFileSync(databasePath(fromDataDir), databasePath(toDataDir));
}

export const dataDirOf = (worldDir: string) => join(worldDir, 'data');

/**
 * A managed private endpoint of the sandbox factory to `server`, made from outside the bot (Sam in the portal) on the
 * simulator in its own process: its connection is pending at once (`--mpe-provision-seconds=0`). Returns when.
 */
export async function newPendingConnection(
  simulatorUrl: string,
  server: string,
  endpointName = `mpe-${server}`,
): Promise<number> {
  const target = serverId({
    subscriptionId: W.subscriptionId,
    resourceGroup: W.resourceGroup,
    serverName: server,
  });
  const answer = await arm(
    simulatorUrl,
    'PUT',
    `${FACTORY}/managedVirtualNetworks/default/managedPrivateEndpoints/${endpointName}?api-version=2018-06-01`,
    { properties: { privateLinkResourceId: target, groupId: 'postgresqlServer' } },
  );
  if (answer.status >= 300) throw new Error(`managed private endpoint: HTTP ${answer.status}`);
  return Date.now();
}
