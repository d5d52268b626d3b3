import { DataFactoryManagementClient } from '@azure/arm-datafactory';
import pino from 'pino';
import { createArmGateway } from '../../../src/azure/arm-gateway';
import type { AzureGateway } from '../../../src/azure/gateway';
import { markFor } from '../../../src/connect/linked-service-mark';
import { SANDBOX_BOT_PRINCIPAL } from '../../../src/sandbox';
import { Chat } from './support/chat';
import { factory, RITA, W } from './support/fixtures';
import { FlowWorld } from './support/flow-world';
import { keyVaultSignIn, upToDatabase } from './support/paths';
import { happens, play, tap } from './support/table';

/** A linked service of the same name already exists: replaced only after a yes; otherwise another name is asked. */
describe('guided flow: the linked service name is taken', () => {
  let world: FlowWorld;
  let gateway: AzureGateway;
  beforeEach(async () => {
    world = await FlowWorld.start();
    // Someone created a linked service of that name earlier (outside the bot).
    gateway = createArmGateway({
      credential: world.sim.entra.credentialFor(SANDBOX_BOT_PRINCIPAL),
      endpoint: world.sim.url,
      caPem: world.sim.caPem,
      scopes: [{ subscriptionId: W.subscriptionId }],
      logger: pino({ level: 'silent' }),
    });
    await gateway.createPostgresLinkedService(factory(), {
      name: 'ls_pg_sandbox_sandbox',
      integrationRuntime: W.autoResolveRuntime,
      server: 'pg-sandbox.postgres.database.azure.com',
      port: 5432,
      database: 'sandbox',
      username: 'old_user',
      sslMode: 2,
      secret: { kind: 'keyVault', keyVaultLinkedService: W.keyVaultLinkedService, secretName: 'old' },
    });
  });
  afterEach(() => world.close());

  /** The real SDK client, as another tool in the factory would use it. */
  const sdk = () =>
    new DataFactoryManagementClient(world.sim.entra.credentialFor(SANDBOX_BOT_PRINCIPAL), W.subscriptionId, {
      endpoint: world.sim.url,
      tlsOptions: { ca: world.sim.caPem },
    });

  it('never offers to replace another type of linked service (a storage account link, the Key Vault link)', async () => {
    await sdk().linkedServices.createOrUpdate(W.resourceGroup, W.factoryName, 'ls_lake', {
      properties: { type: 'AzureBlobStorage', serviceEndpoint: 'https://contosolake.blob.core.windows.net/' },
    });
    const rita = new Chat(world, RITA);
    await play(rita, [
      ...upToDatabase(world),
      ...keyVaultSignIn('sandbox'),
      [tap('Require (recommended)'), ['<Linked service name: ls_pg_sandbox_sandbox>']],
      [
        'ls_lake',
        [
          'ls_lake is already a linked service of type AzureBlobStorage in adf-contoso, and I only ever replace AzurePostgreSql ones. Choose another name.',
        ],
      ],
      // The factory's Key Vault link (seeded as ls-keyvault: the REST spec's name pattern allows the dash, the
      // naming-rules doc and Studio do not) is out of reach twice over: the name is refused before any lookup.
      [
        W.keyVaultLinkedService,
        ['Data Factory does not allow dashes in linked service names; use underscores instead.'],
      ],
    ]);
    expect(world.sim.world.getLinkedService(factory(), W.keyVaultLinkedService)?.properties).toMatchObject({
      type: 'AzureKeyVault',
    });
    expect(world.azureWrites().filter((w) => /\/linkedservices\/ls-keyvault$/i.test(w))).toHaveLength(0);
    expect(world.sim.world.getLinkedService(factory(), 'ls_lake')?.properties).toMatchObject({
      type: 'AzureBlobStorage',
    });
    // Only the test's own PUT above: the flow wrote nothing to it.
    expect(world.azureWrites().filter((w) => /\/linkedservices\/ls_lake$/i.test(w))).toHaveLength(1);
  });

  it('says which datasets use it and that this bot created it, and replaces it only on a yes', async () => {
    // The bot's own earlier linked service, which a dataset now uses.
    await gateway.createPostgresLinkedService(factory(), {
      name: 'ls_pg_used',
      integrationRuntime: W.managedVnetRuntime,
      server: 'pg-sandbox.postgres.database.azure.com',
      port: 5432,
      database: 'sandbox',
      username: 'old_user',
      sslMode: 3,
      secret: { kind: 'keyVault', keyVaultLinkedService: W.keyVaultLinkedService, secretName: 'old' },
      annotations: [
        markFor(
          { name: 'Sam Colleague', aadObjectId: '55555555-5555-5555-5555-555555555555' },
          new Date('2026-10-02T10:00:00Z'),
        ),
      ],
    });
    await sdk().datasets.createOrUpdate(W.resourceGroup, W.factoryName, 'ds_orders', {
      properties: {
        type: 'AzurePostgreSqlTable',
        linkedServiceName: { type: 'LinkedServiceReference', referenceName: 'ls_pg_used' },
      },
    });
    const rita = new Chat(world, RITA);
    await play(rita, [
      ...upToDatabase(world),
      ...keyVaultSignIn('sandbox'),
      [tap('Require (recommended)'), ['<Linked service name: ls_pg_sandbox_sandbox>']],
      [
        'ls_pg_used',
        [
          'ls_pg_used already exists in adf-contoso',
          'This bot created it for Sam Colleague on 2026-10-02.',
          'Datasets using it: ds_orders; replacing it changes them and every pipeline that uses them.',
          '[Replace it]',
        ],
      ],
    ]);
  });

  it('asks before replacing, and takes another name when asked to', async () => {
    const rita = new Chat(world, RITA);
    await play(rita, [
      ...upToDatabase(world),
      ...keyVaultSignIn('sandbox'),
      [tap('Require (recommended)'), ['<Linked service name: ls_pg_sandbox_sandbox>']],
      [
        tap('Next'),
        [
          'ls_pg_sandbox_sandbox already exists in adf-contoso',
          'It is an AzurePostgreSql linked service. It was not created by this bot. No dataset uses it.',
          '[Replace it]',
          '[Choose another name]',
        ],
      ],
      [tap('Choose another name'), ['What should the linked service be called']],
      ['ls_pg_sandbox_sandbox', ['already exists in adf-contoso']],
      [
        tap('Replace it'),
        [
          'Ready to create the linked service',
          'Linked service: ls_pg_sandbox_sandbox (replaces the existing one)',
        ],
      ],
      [
        happens('(Azure still has the old one)', async () =>
          expect(
            world.sim.world.getLinkedService(factory(), 'ls_pg_sandbox_sandbox')?.properties,
          ).toMatchObject({ typeProperties: { username: 'old_user' } }),
        ),
        [],
      ],
      [tap('Create and test'), ['Connection successful']],
    ]);
    await world.feature.idle();
    expect(world.sim.world.getLinkedService(factory(), 'ls_pg_sandbox_sandbox')?.properties).toMatchObject({
      connectVia: { referenceName: 'ManagedVnetIR' },
      typeProperties: { username: 'adf_reader', sslMode: 3 },
      // Marked, so that a later flow can say whose it is before replacing it.
      annotations: [
        expect.stringMatching(
          /^Private Link bot: created for Rita Requester \(aad-rita\) on \d{4}-\d{2}-\d{2}$/,
        ),
      ],
    });
  });
});
