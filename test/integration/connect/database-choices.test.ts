import { Chat } from './support/chat';
import { RITA } from './support/fixtures';
import { FlowWorld } from './support/flow-world';
import { keyVaultSignIn, upToDatabase } from './support/paths';
import { happens, play, tap } from './support/table';

/**
 * Issue 12, part 5: the database question offers the server's databases as Azure lists them (Databases - List By
 * Server, read as the bot), without the system ones; any other name can still be typed, and is all there is when
 * Azure cannot be read.
 */
describe('guided flow: the database question', () => {
  let world: FlowWorld;
  beforeEach(async () => (world = await FlowWorld.start()));
  afterEach(() => world.close());

  it("offers the server's databases; a tap picks one", async () => {
    const rita = new Chat(world, RITA);
    await play(rita, upToDatabase(world));
    const question = world
      .transcriptSince()
      .split('\n')
      .reverse()
      .find((l) => l.includes('Which database'))!;
    expect(question).toContain('The databases on pg-sandbox, as Azure lists them.');
    expect(question).toContain('[postgres]');
    expect(question).toContain('[sandbox]');
    expect(question).toContain('<Or another database>');
    expect(question).not.toMatch(/azure_maintenance|azure_sys|e\.g\. sales/);
    expect(
      world.sim.requests.count({ method: 'GET', path: /\/flexibleServers\/pg-sandbox\/databases$/ }),
    ).toBe(1);
    await play(rita, [[tap('sandbox'), ['Database: sandbox', 'Which PostgreSQL user signs in']]]);
  });

  it('takes a typed name that is not listed, and refuses a system database', async () => {
    const rita = new Chat(world, RITA);
    await play(rita, [
      ...upToDatabase(world),
      ['azure_sys', ['azure_sys is a system database']],
      ...keyVaultSignIn('reporting'),
    ]);
  });

  it('asks for a typed name when Azure cannot list the databases', async () => {
    const rita = new Chat(world, RITA);
    await play(rita, [
      [
        happens('Azure fails every read of the databases', async () => {
          world.sim.faults.add({ method: 'GET', path: /\/databases$/, kind: 'server-error' });
        }),
        [],
      ],
      ...upToDatabase(world).slice(0, -1),
      [
        upToDatabase(world).at(-1)![0],
        [
          'Which database',
          'I could not read the databases of pg-sandbox from Azure; type the name of the database.',
        ],
      ],
      ...keyVaultSignIn('sandbox'),
    ]);
  });
});
