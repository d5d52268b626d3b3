import { LocalCoordination } from '../../../src/store/local-coordination';
import { Chat } from './support/chat';
import { RITA } from './support/fixtures';
import { FlowWorld } from './support/flow-world';
import { keyVaultSignIn, upToDatabase } from './support/paths';
import { happens, play, tap } from './support/table';

/**
 * Several instances share one store: a connection test runs on the instance that took the "Create and test" tap,
 * and a new leader resuming every flow still "testing" must leave that one alone while its instance is alive. The
 * shared LocalCoordination stands in for PostgreSQL's advisory locks (tested for real in test/unit/store and
 * test/production/multi-instance.test.ts); what is tested here is that the tester takes the lease.
 */
describe('guided flow on two instances', () => {
  let world: FlowWorld;
  afterEach(() => world.close());

  it('a new leader resuming flows does not run a test that another live instance is running', async () => {
    // A probe that takes a while, so the second instance starts while the first one polls it.
    world = await FlowWorld.start({ leases: new LocalCoordination(), sim: { probeSeconds: 2 } });
    const rita = new Chat(world, RITA);
    const other = world.anotherInstance();
    await play(rita, [
      ...upToDatabase(world),
      ...keyVaultSignIn('sandbox'),
      [tap('Require (recommended)'), ['<Linked service name: ls_pg_sandbox_sandbox>']],
      [tap('Next'), ['Ready to create the linked service']],
      [
        happens(
          'Create and test, then another instance becomes the leader and resumes open flows',
          async () => {
            await rita.tap('Create and test');
            await waitFor(
              async () => (await world.store.connectFlows.listOpen({ phases: ['testing'] }))[0]?.probe,
            );
            await other.start();
          },
        ),
        ['Connection successful'],
      ],
    ]);
    await world.feature.idle();
    await other.idle();
    await other.stop();
    const calls = (method: string, path: RegExp) =>
      world.sim.requests.all().filter((r) => r.method === method && path.test(r.path));
    // One run, finished and cleaned up once: two runners would each delete the probe's pipeline and dataset.
    expect(calls('POST', /\/pipelines\/[^/]+\/createRun$/i)).toHaveLength(1);
    expect(calls('DELETE', /\/pipelines\/plbot_probe_[^/]+$/i)).toHaveLength(1);
    expect(calls('DELETE', /\/datasets\/plbot_probe_ds_[^/]+$/i)).toHaveLength(1);
    expect(world.transcriptSince().match(/Connection successful/g)).toHaveLength(1);
  });
});

async function waitFor(probe: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('the test never reached its probe run');
    await new Promise((r) => setTimeout(r, 20));
  }
}
