import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrivateEndpointConnection } from '@azure/arm-postgresql-flexible';
import { SANDBOX_PEOPLE, SANDBOX_ROLES, startSimulator } from '../../../src/sandbox';
import { eventually, FACTORY_REF, sdkClients, serverRef, serverResourceId, W } from './clients';
import { as, assignmentBody, roleAssignmentPath, SUB } from './rbac-support';

/** statePath: a restarted sandbox shows the same simulated Azure, including operations still in flight. */
describe('simulator state file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'arm-sim-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips the world across a restart', async () => {
    const statePath = join(dir, 'nested', 'azure.json');
    const first = await startSimulator({ statePath, lroSeconds: 0.3, adfSyncSeconds: 0.3 });
    const { df, pg } = sdkClients(first);
    await df.managedPrivateEndpoints.createOrUpdate(W.resourceGroup, W.factoryName, 'default', 'mpe-keep', {
      properties: { privateLinkResourceId: serverResourceId(W.servers.sandbox), groupId: 'postgresqlServer' },
    });
    first.world.setServerParameter(serverRef(W.servers.orders), 'require_secure_transport', 'off');
    // Start an approval and close before it completes.
    await pg.privateEndpointConnections.beginUpdate(
      W.resourceGroup,
      W.servers.orders,
      W.pendingConnectionName,
      {
        privateLinkServiceConnectionState: { status: 'Approved', description: 'before restart' },
      } as PrivateEndpointConnection,
    );
    const before = first.world.snapshot();
    await first.close();
    expect(readdirSync(join(dir, 'nested'))).toEqual(['azure.json']);

    const second = await startSimulator({ statePath, lroSeconds: 0.3, adfSyncSeconds: 0.3 });
    try {
      const after = second.world.snapshot();
      expect(after.resourceGroups).toEqual(before.resourceGroups);
      expect(after.operations.map((o) => o.id)).toEqual(before.operations.map((o) => o.id));
      expect(after.factories.map((f) => f.managedPrivateEndpoints.map((m) => m.name))).toEqual(
        before.factories.map((f) => f.managedPrivateEndpoints.map((m) => m.name)),
      );
      expect(after.servers.map((s) => s.connections.map((c) => c.name))).toEqual(
        before.servers.map((s) => s.connections.map((c) => c.name)),
      );
      const clients = sdkClients(second);
      const mpe = await clients.df.managedPrivateEndpoints.get(
        W.resourceGroup,
        W.factoryName,
        'default',
        'mpe-keep',
      );
      expect(mpe.properties.connectionState?.status).toBe('Pending');
      const kept = second.world.connectionForEndpoint(FACTORY_REF, 'mpe-keep');
      expect(kept?.name).toBe(before.servers.find((s) => s.name === W.servers.sandbox)?.connections[0]?.name);
      expect(second.world.getServerParameter(serverRef(W.servers.orders), 'require_secure_transport')).toBe(
        'off',
      );
      // The approval started before the restart completes, and Data Factory then sees it.
      await eventually(() =>
        second.world.getManagedPrivateEndpoint(FACTORY_REF, W.pendingEndpoint)?.connectionState.status ===
        'Approved'
          ? true
          : undefined,
      );
      const saved = JSON.parse(readFileSync(statePath, 'utf8')) as {
        servers: { connections: { status: string }[] }[];
      };
      expect(saved.servers[0]?.connections[0]?.status).toBe('Approved');
    } finally {
      await second.close();
    }
  });

  it('refuses a file that is not a simulator state', async () => {
    const statePath = join(dir, 'azure.json');
    writeFileSync(statePath, JSON.stringify({ hello: 'world' }));
    await expect(startSimulator({ statePath })).rejects.toThrow(/not a version 1 simulator state/);
  });
});

/** A world saved before the simulator knew RBAC gets the seeded role assignments on load, and keeps new ones. */
describe('state files and role assignments', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'arm-sim-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds the assignments into an older state, and persists those made through the API', async () => {
    const statePath = join(dir, 'azure.json');
    const first = await startSimulator({ statePath });
    const saved = first.world.snapshot() as Partial<ReturnType<typeof first.world.snapshot>>;
    await first.close();
    delete saved.authorization;
    delete saved.activityLog;
    writeFileSync(statePath, JSON.stringify(saved));
    const orders = `${serverResourceId(W.servers.orders)}?api-version=2025-08-01`;

    const second = await startSimulator({ statePath });
    try {
      expect((await as(second, SANDBOX_PEOPLE.avery, 'GET', orders)).status).toBe(200);
      expect((await as(second, SANDBOX_PEOPLE.jordan, 'GET', orders)).status).toBe(403);
      const assign = await as(
        second,
        SANDBOX_PEOPLE.sam,
        'PUT',
        roleAssignmentPath(SUB, '0d0d0d0d-0000-4000-8000-000000000001'),
        {
          body: assignmentBody(SANDBOX_ROLES.reader, SANDBOX_PEOPLE.jordan),
        },
      );
      expect(assign.status).toBe(201);
    } finally {
      await second.close();
    }
    const third = await startSimulator({ statePath });
    try {
      expect((await as(third, SANDBOX_PEOPLE.jordan, 'GET', orders)).status).toBe(200);
    } finally {
      await third.close();
    }
  });
});
