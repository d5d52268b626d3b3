import { renderApprovalCard } from '../../../src/cards/approval-card';
import { describeHistoryEntry } from '../../../src/teams/commands/history-lines';
import { Chat } from './support/chat';
import { describeCard } from './support/describe-activity';
import { factory, RITA, serverRef, TENANT } from './support/fixtures';
import { FlowWorld } from './support/flow-world';
import { happens, play, tap, type Row } from './support/table';

/**
 * The whole path on pg-sandbox with a Key Vault password, from `connect` to "Connection successful". The approval
 * in between is given through the real approval loop: the watcher discovers the pending connection, the approver
 * decides (policy, first-wins claim, ARM long-running operation), and Data Factory catches up later.
 */
describe('guided flow: the happy path', () => {
  let world: FlowWorld;
  beforeEach(async () => {
    world = await FlowWorld.start();
    await world.store.subscriptions.add({
      conversationId: '19:approvals@thread.tacv2',
      reference: {
        channelId: 'msteams',
        serviceUrl: 'https://smba.example.test/teams/',
        conversation: {
          id: '19:approvals@thread.tacv2',
          name: 'DB approvals',
          isGroup: true,
          conversationType: 'channel',
        },
      },
      kind: 'channel',
      tenantId: TENANT,
      subscribedBy: { aadObjectId: 'aad-olga', name: 'Olga Owner' },
    });
  });
  afterEach(() => world.close());

  it('goes from connect to a tested linked service, approved through the approval loop', async () => {
    const rita = new Chat(world, RITA);
    const rows: Row[] = [
      [
        'connect',
        [
          'eight steps',
          'Step 1 of 8 · Factory',
          'Which data factory',
          '[adf-contoso]',
          'adf-legacy: no managed virtual network',
        ],
      ],
      [
        tap('adf-contoso'),
        [
          'Factory: adf-contoso',
          'Step 2 of 8',
          'pg-sandbox: pg-sandbox.postgres.database.azure.com',
          'pg-vnet: VNet-integrated: Private Link needs a server created with public access',
        ],
      ],
      [
        tap('pg-sandbox'),
        [
          'Step 3 of 8 · Integration runtime: ManagedVnetIR, the only one',
          'Step 4 of 8',
          'Create a managed private endpoint',
          '<Endpoint name: mpe-pg-sandbox>',
        ],
      ],
      [
        tap('Create endpoint'),
        [
          'I created the managed private endpoint mpe-pg-sandbox from adf-contoso to pg-sandbox',
          'I asked the approvers of pg-sandbox in DB approvals',
          'I will message you here',
        ],
      ],
      ['hello?', ['still waiting until the private endpoint mpe-pg-sandbox']],
      [
        happens(
          'Olga approves on her card',
          async () => void (await world.loop.decide('pg-sandbox', 'Approved', 'fine for analytics')),
        ),
        ['was approved by Olga Owner', 'Data Factory notices approvals a few minutes later'],
      ],
      [
        happens('Data Factory catches up', () => world.loop.factoryCatchesUp()),
        ['approved by Olga Owner and Data Factory sees it', 'Step 5 of 8', 'Which database'],
      ],
      ['sandbox', ['Which PostgreSQL user signs in']],
      [
        'adf_reader',
        ['Where does the password come from', '[Key Vault secret (recommended)]', '[Type the password]'],
      ],
      [
        tap('Key Vault secret (recommended)'),
        ['Key Vault linked service: ls-keyvault', 'Which secret in ls-keyvault holds the password'],
      ],
      [
        tap('Next', { answer: 'pg-sandbox-adf-reader' }),
        [
          'Step 6 of 8',
          'How should the connection be encrypted',
          '[Require (recommended)]',
          '[No encryption]',
        ],
      ],
      [tap('Require (recommended)'), ['Step 7 of 8', '<Linked service name: ls_pg_sandbox_sandbox>']],
      [
        tap('Next'),
        [
          'Step 8 of 8',
          'Ready to create the linked service',
          'Password: Key Vault secret pg-sandbox-adf-reader (via ls-keyvault)',
          'Encryption: Require',
          'Integration runtime: ManagedVnetIR',
          '[Create and test]',
        ],
      ],
      [
        tap('Create and test'),
        [
          'Creating and testing the linked service',
          'Connection successful',
          'ls_pg_sandbox_sandbox reaches pg-sandbox through the private endpoint mpe-pg-sandbox',
        ],
      ],
    ];
    await play(rita, rows);
    await world.feature.idle();
    if (process.env.SHOW_TRANSCRIPT) console.log(world.transcriptSince());

    // The approvers' card names the requester (the flow recorded who asked before creating the endpoint).
    const [request] = await world.store.requests.listByServer(serverRef('pg-sandbox'));
    // With her Teams user id: the card's refresh gives her her own view (no buttons).
    expect(request?.requester).toEqual({
      aadObjectId: RITA.aadObjectId,
      name: RITA.name,
      teamsUserId: RITA.id,
    });
    expect(describeCard(renderApprovalCard(request!, new Date()).content)).toContain(
      'Asked by: Rita Requester (through this bot)',
    );
    expect(await world.store.endpointRequests.find(factory(), 'MPE-PG-SANDBOX')).toMatchObject({
      requester: { name: RITA.name },
    });

    // Azure now holds a v2 linked service via the managed-VNet runtime, with a Key Vault reference and sslMode 3.
    const ls = world.sim.world.getLinkedService(factory(), 'ls_pg_sandbox_sandbox');
    expect(ls?.properties).toMatchObject({
      type: 'AzurePostgreSql',
      version: '2.0',
      connectVia: { referenceName: 'ManagedVnetIR' },
      typeProperties: {
        server: 'pg-sandbox.postgres.database.azure.com',
        database: 'sandbox',
        username: 'adf_reader',
        sslMode: 3,
        password: {
          type: 'AzureKeyVaultSecret',
          store: { referenceName: 'ls-keyvault' },
          secretName: 'pg-sandbox-adf-reader',
        },
      },
    });
    // The probe's pipeline and dataset were removed; the channel got its one-line notice; the flow is over.
    expect(world.sim.requests.find({ method: 'DELETE', path: /\/pipelines\/plbot_probe_/ })).toHaveLength(1);
    expect(world.sim.requests.find({ method: 'DELETE', path: /\/datasets\/plbot_probe_ds_/ })).toHaveLength(
      1,
    );
    expect(world.posts).toEqual([
      {
        conversationId: '19:approvals@thread.tacv2',
        text: expect.stringContaining(
          'Rita Requester connected adf-contoso to pg-sandbox: linked service ls_pg_sandbox_sandbox created and tested, connection successful',
        ),
      },
    ]);
    expect(await world.store.connectFlows.listOpen()).toEqual([]);
    // `history` tells what the flow came to, next to the approval it needed.
    const [ended] = await world.store.audit.list({ action: 'connect-flow' });
    expect(describeHistoryEntry(ended!, undefined)).toBe(
      "Rita Requester's connection flow to pg-sandbox ended (factory adf-contoso, endpoint mpe-pg-sandbox, " +
        'linked service ls_pg_sandbox_sandbox). Result: “connection successful”.',
    );
  });
});
