import { factory, until } from './fixtures';
import type { FlowWorld } from './flow-world';
import { happens, tap, type Row } from './table';

/**
 * Table pieces many tests share. Approvals here are given "in the Azure portal" (through the simulated world);
 * the happy path and the rejection test use the real approval loop instead.
 */
export function approveInPortal(world: FlowWorld, endpoint: string): Row[] {
  return [
    [
      happens(`the owner approves ${endpoint} in the Azure portal`, async () => {
        const connection = world.sim.world.connectionForEndpoint(factory(), endpoint);
        if (!connection) throw new Error(`no connection for ${endpoint}`);
        const server = world.sim.world
          .listServers()
          .find((s) => s.connections.some((c) => c.name === connection.name))!;
        world.sim.world.approveConnection({
          server: {
            subscriptionId: server.subscriptionId,
            resourceGroup: server.resourceGroup,
            serverName: server.name,
          },
          connectionName: connection.name,
        });
      }),
      [],
    ],
    [
      happens('Data Factory sees it, and the bot looks again (its periodic sweep)', async () => {
        await until(
          () =>
            world.sim.world.getManagedPrivateEndpoint(factory(), endpoint)?.connectionState.status ===
            'Approved',
          5000,
          'Data Factory never saw the approval',
        );
        await world.feature.sweep();
      }),
      ['and Data Factory sees it', 'Step 5 of 8', 'Which database'],
    ],
  ];
}

/** `connect adf-contoso <server>` up to the database question, creating the endpoint and approving it in the portal. */
export function upToDatabase(world: FlowWorld, server = 'pg-sandbox'): Row[] {
  return [
    [
      `connect adf-contoso ${server}`,
      [
        'Factory: adf-contoso',
        `Server: ${server}`,
        'Step 3 of 8 · Integration runtime: ManagedVnetIR',
        `<Endpoint name: mpe-${server}>`,
      ],
    ],
    [tap('Create endpoint'), [`I created the managed private endpoint mpe-${server}`]],
    ...approveInPortal(world, `mpe-${server}`),
  ];
}

/** Database, user and a Key Vault secret; ends at the encryption question. */
export function keyVaultSignIn(database: string): Row[] {
  return [
    [database, ['Which PostgreSQL user signs in']],
    ['adf_reader', ['Where does the password come from']],
    [tap('Key Vault secret (recommended)'), ['Which secret in ls-keyvault']],
    ['pg-adf-reader', ['Step 6 of 8', 'How should the connection be encrypted']],
  ];
}
