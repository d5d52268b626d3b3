import { Chat } from './support/chat';
import { factory, RITA, serverRef } from './support/fixtures';
import { FlowWorld } from './support/flow-world';
import { keyVaultSignIn } from './support/paths';
import { happens, play, tap } from './support/table';

/**
 * The flow waits for an approval in the store, not in memory: the bot is restarted (every object dropped, the
 * store closed and reopened on the same file) while it waits; the approval then resumes it, and it finishes.
 */
describe('guided flow: restart while waiting for the approval', () => {
  let world: FlowWorld;
  beforeEach(async () => (world = await FlowWorld.start()));
  afterEach(() => world.close());

  it('resumes after the restart when the endpoint is approved, and finishes', async () => {
    const rita = new Chat(world, RITA);
    const before = { store: world.store, feature: world.feature };
    await play(rita, [
      ['connect adf-contoso pg-sandbox', ['Create a managed private endpoint']],
      [
        tap('Create endpoint'),
        ['I created the managed private endpoint mpe-pg-sandbox', 'I will message you here'],
      ],
      [happens('the bot restarts', () => world.restart()), []],
      ['status', ['Your connection flows', "waiting for the server owner's approval"]],
      [
        'are you there?',
        ['I am still waiting until the private endpoint mpe-pg-sandbox to pg-sandbox is approved'],
      ],
      [
        happens(
          'Olga approves on her card',
          async () => void (await world.loop.decide('pg-sandbox', 'Approved')),
        ),
        ['was approved by Olga Owner'],
      ],
      [
        happens('Data Factory catches up', () => world.loop.factoryCatchesUp()),
        ['approved by Olga Owner and Data Factory sees it', 'Which database'],
      ],
      ...keyVaultSignIn('sandbox'),
      [tap('Require (recommended)'), ['Step 7 of 8']],
      ['ok', ['Ready to create the linked service']],
      [tap('Create and test'), ['Connection successful']],
    ]);
    expect(world.store).not.toBe(before.store);
    expect(world.feature).not.toBe(before.feature);
    await world.feature.idle();
    expect(world.sim.world.getLinkedService(factory(), 'ls_pg_sandbox_sandbox')).toBeDefined();
    expect(await world.store.connectFlows.listOpen()).toEqual([]);
  });

  it('picks up an approval that happened while the bot was down, at start-up', async () => {
    const rita = new Chat(world, RITA);
    await play(rita, [
      ['connect adf-contoso pg-sandbox', ['Create a managed private endpoint']],
      [tap('Create endpoint'), ['I created the managed private endpoint mpe-pg-sandbox']],
      [
        happens(
          'the bot is down while the owner approves in the portal and Data Factory catches up; then it starts',
          async () => {
            await world.feature.stop();
            const connection = world.sim.world.connectionForEndpoint(factory(), 'mpe-pg-sandbox')!;
            world.sim.world.approveConnection({
              server: serverRef('pg-sandbox'),
              connectionName: connection.name,
            });
            world.sim.world.fastForward(); // Data Factory's view catches up with the approval
            await world.restart();
          },
        ),
        ['Data Factory sees it', 'Which database'],
      ],
    ]);
  });
});
