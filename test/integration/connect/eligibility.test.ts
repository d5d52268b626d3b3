import { seedWorld } from '../../../src/sandbox/seed';
import { Chat } from './support/chat';
import { factory, RITA, W } from './support/fixtures';
import { FlowWorld } from './support/flow-world';
import { play, tap } from './support/table';

/** What cannot be picked, and why: factories without a managed-VNet runtime, VNet-integrated servers; authoring off. */
describe('guided flow: eligibility', () => {
  let world: FlowWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('refuses a factory without a managed-VNet runtime named up front, explains the prerequisite, and asks again', async () => {
    world = await FlowWorld.start();
    const rita = new Chat(world, RITA);
    await play(rita, [
      [
        'connect adf-legacy pg-sandbox',
        [
          'adf-legacy cannot be used: no managed virtual network',
          "needs an Azure integration runtime inside the factory's managed virtual network",
          'Manage → Integration runtimes',
          'Pick another factory',
          '[adf-contoso]',
        ],
      ],
      ['adf-legacy', ['adf-legacy cannot be used']],
      [
        tap('adf-contoso'),
        [
          'Factory: adf-contoso',
          'Server: pg-sandbox (pg-sandbox.postgres.database.azure.com)',
          'Step 4 of 8',
        ],
      ],
    ]);
  });

  it('explains the prerequisite and stops when no factory has a runtime inside its managed virtual network', async () => {
    const state = seedWorld('sandbox');
    const contoso = state.factories.find((f) => f.name === W.factoryName)!;
    contoso.integrationRuntimes = contoso.integrationRuntimes.filter((r) => !r.managedVirtualNetwork);
    world = await FlowWorld.start({ state });
    const rita = new Chat(world, RITA);
    await play(rita, [
      [
        'connect',
        [
          'None of the data factories I can see (adf-contoso, adf-legacy) can use Private Link yet',
          "needs an Azure integration runtime inside the factory's managed virtual network",
          'Then say connect again',
        ],
      ],
      ['status', ['You have no connection flows in progress']],
    ]);
    expect(world.azureWrites()).toEqual([]);
  });

  it('shows VNet-integrated servers as not eligible, with the reason, and re-asks when one is named', async () => {
    world = await FlowWorld.start();
    const rita = new Chat(world, RITA);
    await play(rita, [
      ['new connection', ['Step 1 of 8']],
      [
        tap('adf-contoso'),
        [
          'Step 2 of 8',
          'Not eligible',
          'pg-vnet: VNet-integrated: Private Link needs a server created with public access',
        ],
      ],
      [
        'pg-vnet',
        [
          'pg-vnet cannot be used: VNet-integrated: Private Link needs a server created with public access. Pick another server.',
          '[pg-sandbox]',
        ],
      ],
      ['pg-nowhere', ["That isn't one of the choices. Pick one of: pg-orders, pg-sandbox."]],
      ['2', ['Step 3 of 8 · Integration runtime: ManagedVnetIR', '<Endpoint name: mpe-pg-sandbox>']],
    ]);
    expect(world.azureWrites()).toEqual([]);
  });

  it('offers to turn interactive authoring on when it is off, and does it on consent', async () => {
    world = await FlowWorld.start();
    world.sim.world.setInteractiveAuthoring(factory(), W.managedVnetRuntime, 'Disabled');
    const rita = new Chat(world, RITA);
    await play(rita, [
      [
        'connect adf-contoso pg-sandbox',
        [
          'Interactive authoring is off on ManagedVnetIR',
          'need interactive authoring',
          "the bot's own test at the end does not",
          'switches itself off after 60 minutes',
          '[Turn it on]',
          '[Not now]',
        ],
      ],
      [tap('Turn it on'), ['Turning on interactive authoring on ManagedVnetIR', 'Step 4 of 8']],
    ]);
    // The long-running operation goes on after the turn; the flow does not wait for it.
    await world.feature.idle();
    expect(world.azureWrites()).toEqual([
      `POST /subscriptions/${W.subscriptionId}/resourceGroups/${W.resourceGroup}/providers/Microsoft.DataFactory/factories/adf-contoso/integrationruntimes/ManagedVnetIR/enableInteractiveQuery`,
    ]);
    const runtime = world.sim.world
      .getFactory(factory())!
      .integrationRuntimes.find((r) => r.name === W.managedVnetRuntime);
    expect(runtime?.interactiveAuthoring).toBe('Enabled');
  });

  it('goes on without writing anything when interactive authoring is declined (the probe does not need it)', async () => {
    world = await FlowWorld.start();
    world.sim.world.setInteractiveAuthoring(factory(), W.managedVnetRuntime, 'Disabled');
    const rita = new Chat(world, RITA);
    await play(rita, [
      ['connect adf-contoso pg-sandbox', ['Interactive authoring is off on ManagedVnetIR']],
      [tap('Not now'), ['Interactive authoring stays off on ManagedVnetIR', 'Step 4 of 8']],
    ]);
    await world.feature.idle();
    expect(world.azureWrites()).toEqual([]);
    expect(await world.store.connectFlows.listOpen()).toHaveLength(1);
  });
});
