import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Chat } from './support/chat';
import { factory, RITA } from './support/fixtures';
import { FlowWorld } from './support/flow-world';
import { upToDatabase } from './support/paths';
import { play, tap } from './support/table';

/**
 * A typed password goes to Azure once, as a SecureString, and nowhere else: not in any log line (every component
 * logs at trace into a buffer here, the simulator included), not in the database file (its raw bytes are
 * scanned, write-ahead log included), not in anything the bot sent.
 */
describe('guided flow: a typed password', () => {
  let world: FlowWorld;
  beforeEach(async () => (world = await FlowWorld.start()));
  afterEach(() => world.close());

  it('is never logged, stored or echoed', async () => {
    const password = `Pw-${randomUUID()}`;
    const rita = new Chat(world, RITA);
    await play(rita, [
      ...upToDatabase(world),
      ['sandbox', ['Which PostgreSQL user']],
      ['adf_writer', ['Where does the password come from']],
      [tap('Type the password'), ['How should the connection be encrypted']],
      [tap('Require (recommended)'), ['Step 7 of 8']],
      [
        'ok',
        [
          'Ready to create the linked service',
          'Password: typed below, in a masked field',
          '<Password of adf_writer>',
        ],
      ],
      ['create', ['the password can only be typed in the masked field on this card']],
      [tap('Create and test'), ['Type the password in the masked field first.']],
      [
        tap('Create and test', { password }),
        ['Creating and testing the linked service', 'Connection successful'],
      ],
    ]);
    await world.feature.idle();

    // The masked field really is a password field.
    const summary = world.adapter.said
      .map((s) => JSON.stringify(s.activity))
      .find((j) => j.includes('"id":"password"'));
    expect(summary).toContain('"style":"password"');

    // Azure received it as a SecureString (and, like Azure, keeps it masked).
    expect(world.sim.world.getLinkedService(factory(), 'ls_pg_sandbox_sandbox')?.properties).toMatchObject({
      typeProperties: { username: 'adf_writer', password: { type: 'SecureString' } },
    });

    await expectNowhereBut(world, password, 'adf_writer');
  });

  // The red team's sequence: the password typed as a chat message where the bot asks where it comes from. A choice
  // step that recognises nothing says so without repeating what was typed; every message after it, as well as the
  // logs and the database, is scanned for it too.
  it('typed where the bot asks where the password comes from is not echoed, now or later', async () => {
    const password = `Pw-${randomUUID()}`;
    const rita = new Chat(world, RITA);
    await play(rita, [
      ...upToDatabase(world),
      ['sandbox', ['Which PostgreSQL user']],
      ['adf_writer', ['Where does the password come from?']],
      [
        password,
        ["That isn't one of the choices. Pick one of: Key Vault secret (recommended), Type the password."],
      ],
      [password, ["That isn't one of the choices."]],
      [tap('Type the password'), ['How should the connection be encrypted']],
      [password, ["That isn't one of the choices."]],
      [tap('Require (recommended)'), ['Step 7 of 8']],
      [password, ['Data Factory does not allow dashes in linked service names']],
      ['ok', ['Ready to create the linked service']],
      [password, ['Tap Create and test when everything is right, or say cancel.']],
      [tap('Create and test', { password }), ['Connection successful']],
    ]);
    await world.feature.idle();
    await expectNowhereBut(world, password, 'adf_writer');
  });
});

/**
 * The password is in no log line (the scan is not vacuous: the logs do name the flow's linked service), in nothing
 * the bot sent or updated nor any channel notice, and in no stored byte; `visible` (the user name) is found in
 * what was said and stored, so each scan looks where the flow's words really went.
 */
async function expectNowhereBut(world: FlowWorld, password: string, visible: string): Promise<void> {
  // Not in any log line (the scan is not vacuous: the logs do name the flow's linked service).
  const logs = world.logs.join('');
  expect(logs).toContain('ls_pg_sandbox_sandbox');
  expect(logs).not.toContain(password);

  // Not in anything the bot sent or updated, nor in a channel notice.
  const said = JSON.stringify(world.adapter.said) + JSON.stringify(world.posts);
  expect(said).toContain(visible);
  expect(said).not.toContain(password);

  // Not in any stored record: every byte of every database file (closed first, so the WAL is checkpointed too).
  const dataDir = dirname(world.dbPath);
  const before = readdirSync(dataDir).map((f) => readFileSync(join(dataDir, f)));
  await world.store.close();
  const after = readdirSync(dataDir).map((f) => readFileSync(join(dataDir, f)));
  for (const bytes of [...before, ...after]) {
    expect(bytes.includes(Buffer.from(password))).toBe(false);
    expect(bytes.includes(Buffer.from(password, 'utf16le'))).toBe(false);
  }
  expect(after.some((bytes) => bytes.includes(Buffer.from(visible)))).toBe(true);
}
