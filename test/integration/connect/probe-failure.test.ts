import { Chat } from './support/chat';
import { factory, RITA, TENANT, W } from './support/fixtures';
import { FlowWorld } from './support/flow-world';
import { keyVaultSignIn, upToDatabase } from './support/paths';
import { happens, play, tap } from './support/table';

describe('guided flow: the connection test fails', () => {
  let world: FlowWorld;
  beforeEach(async () => (world = await FlowWorld.start()));
  afterEach(() => world.close());

  it("shows Azure's message and a plain-language hint when the database does not exist", async () => {
    await world.store.subscriptions.add({
      conversationId: '19:data-eng@thread.tacv2',
      reference: {
        channelId: 'msteams',
        conversation: {
          id: '19:data-eng@thread.tacv2',
          name: 'Data engineering',
          isGroup: true,
          conversationType: 'channel',
        },
      },
      kind: 'channel',
      tenantId: TENANT,
      filter: 'pg-sandbox',
      subscribedBy: { aadObjectId: 'aad-olga', name: 'Olga Owner' },
    });
    const rita = new Chat(world, RITA);
    await play(rita, [
      ...upToDatabase(world),
      ...keyVaultSignIn('salesdb'),
      [tap('Require (recommended)'), ['<Linked service name: ls_pg_sandbox_salesdb>']],
      [tap('Next'), ['Database: salesdb']],
      [
        tap('Create and test'),
        [
          '(update) Creating and testing the linked service | Create linked service ls_pg_sandbox_salesdb: ✅ done | Test SELECT 1 via ManagedVnetIR: ❌ failed (Failed)',
          'The connection test failed',
          'ls_pg_sandbox_salesdb was created, but the test through ManagedVnetIR did not connect (Failed).',
          'What Azure said',
          '3D000: database "salesdb" does not exist',
          'What to do',
          'has no database named "salesdb"',
          // The notice says what exists and what failed, with Azure's reason.
          "(channel) Rita Requester is connecting adf-contoso to pg-sandbox: linked service ls_pg_sandbox_salesdb created; its connection test failed: Failure happened on 'Source' side.",
          'Message=3D000: database "salesdb" does not exist',
          // Then only what needs changing is asked again.
          'What would you like to change?',
          'Database: salesdb',
          '[Change the database]',
          '[Change the user or secret]',
          '[Try again]',
        ],
      ],
      [tap('Change the database'), ['Which database should the linked service open?', '[sandbox]']],
      [
        tap('sandbox'),
        [
          'Ready to create the linked service',
          'Database: sandbox',
          // Every other answer is kept: user, secret, encryption, name.
          'User: adf_reader',
          'Key Vault secret pg-adf-reader (via ls-keyvault)',
          'Encryption: Require',
          'Linked service: ls_pg_sandbox_salesdb',
        ],
      ],
      [
        tap('Create and test'),
        [
          'Connection successful',
          '(channel) Rita Requester connected adf-contoso to pg-sandbox: linked service ls_pg_sandbox_salesdb created and tested, connection successful.',
        ],
      ],
    ]);
    await world.feature.idle();
    expect(await world.store.connectFlows.listOpen()).toEqual([]);
    const ls = world.sim.world.getLinkedService(factory(), 'ls_pg_sandbox_salesdb');
    expect(ls?.properties).toMatchObject({ typeProperties: { database: 'sandbox', username: 'adf_reader' } });
  });

  it('asks the user and secret again, keeping the database, and stops when told to', async () => {
    const rita = new Chat(world, RITA);
    await play(rita, [
      ...upToDatabase(world),
      ...keyVaultSignIn('salesdb'),
      [tap('Require (recommended)'), ['Step 7 of 8']],
      [tap('Next'), ['Ready to create the linked service']],
      [tap('Create and test'), ['The connection test failed', 'What would you like to change?']],
      [tap('Change the user or secret'), ['Which PostgreSQL user signs in']],
      ['adf_writer', ['Where does the password come from']],
      [tap('Key Vault secret (recommended)'), ['Which secret in ls-keyvault']],
      ['pg-adf-writer', ['Ready to create the linked service', 'Database: salesdb', 'User: adf_writer']],
      [tap('Create and test'), ['The connection test failed', 'What would you like to change?']],
      [tap('Leave it as it is'), []],
    ]);
    await world.feature.idle();
    expect(await world.store.connectFlows.listOpen()).toEqual([]);
    const [ended] = await world.store.audit.list({ action: 'connect-flow' });
    expect(ended?.reason).toMatch(/^test failed: Failed: .*3D000: database "salesdb" does not exist/);
  });

  it('says so when Azure refuses the linked service itself, and tests nothing', async () => {
    const rita = new Chat(world, RITA);
    await play(rita, [
      ...upToDatabase(world),
      ...keyVaultSignIn('sandbox'),
      [tap('Require (recommended)'), ['Step 7 of 8']],
      ['ok', ['Ready to create the linked service']],
      [
        happens(
          'Azure fails every write of linked services',
          async () =>
            void world.sim.faults.add({ method: 'PUT', path: /\/linkedservices\//, kind: 'server-error' }),
        ),
        [],
      ],
      [
        tap('Create and test'),
        [
          'Create linked service ls_pg_sandbox_sandbox: ❌ failed',
          'Test SELECT 1 via ManagedVnetIR: — skipped',
          'The linked service was not created',
          'What Azure said',
        ],
      ],
    ]);
    await world.feature.idle();
    expect(world.sim.requests.count({ method: 'POST', path: /createRun$/ })).toBe(0);
    // Nothing is lost: once Azure takes writes again, Try again creates and tests it with the same answers.
    world.sim.faults.clear();
    await play(rita, [
      [tap('Try again'), ['Ready to create the linked service', 'Database: sandbox']],
      [tap('Create and test'), ['Connection successful']],
    ]);
    await world.feature.idle();
    expect(await world.store.connectFlows.listOpen()).toEqual([]);
  });
});

describe('guided flow: the connection test takes too long', () => {
  let world: FlowWorld;
  // A run that would stay InProgress for an hour, and a test allowed half a second.
  beforeEach(
    async () => (world = await FlowWorld.start({ sim: { probeSeconds: 3600 }, testTimeoutMs: 500 })),
  );
  afterEach(() => world.close());

  it('cancels the run in Azure (deleting its pipeline would not stop it), then removes the probe', async () => {
    const rita = new Chat(world, RITA);
    await play(rita, [
      ...upToDatabase(world),
      ...keyVaultSignIn('sandbox'),
      [tap('Require (recommended)'), ['Step 7 of 8']],
      [tap('Next'), ['Ready to create the linked service']],
      [tap('Create and test'), ['it was cancelled']],
    ]);
    const cancels = world.azureWrites().filter((w) => /\/pipelineruns\/[^/]+\/cancel$/i.test(w));
    expect(cancels).toHaveLength(1);
    const runId = /\/pipelineruns\/([^/]+)\/cancel$/i.exec(cancels[0]!)![1]!;
    const run = world.sim.world.getPipelineRun(
      { subscriptionId: W.subscriptionId, resourceGroup: W.resourceGroup, factoryName: W.factoryName },
      runId,
    );
    expect(['Canceling', 'Cancelled']).toContain(run?.status);
    // The probe's pipeline is removed after the cancel, not instead of it.
    const order = world
      .azureWrites()
      .map((w) => (/cancel$/i.test(w) ? 'cancel' : /DELETE .*\/pipelines\//i.test(w) ? 'delete' : ''));
    expect(order.indexOf('cancel')).toBeLessThan(order.indexOf('delete'));
  });
});
