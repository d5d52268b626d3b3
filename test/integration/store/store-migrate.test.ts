import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PgStore, SqliteStore } from '../../../src/store';
import { createTestSchema } from '../../helpers/postgres/test-schema';
import {
  newRequest,
  reference,
  SERVER,
  subscription,
  tempDir,
  TestClock,
} from '../../unit/store/store-fixtures';

/** `npm run store:migrate -- --from <sqlite> --to <url>`, run as a person would, on real files and a real server. */
const run = promisify(execFile);
const SCRIPT = join(__dirname, '..', '..', '..', 'scripts', 'store-migrate.ts');
const migrate = (from: string, to: string) =>
  run(process.execPath, ['--import', 'tsx', SCRIPT, '--from', from, '--to', to], { timeout: 60_000 }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

const tmp = tempDir();
const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  tmp.cleanup();
  await Promise.all(drops.map((d) => d()));
});

jest.setTimeout(90_000);

it('copies everything, audit log included, compares counts, and then refuses to write into the non-empty target', async () => {
  const clock = new TestClock();
  const path = tmp.file('bot.sqlite');
  const sqlite = new SqliteStore({ path, now: clock.now });
  await sqlite.subscriptions.add(subscription('c1', 'pg-sandbox'));
  await sqlite.conversations.saveInstallation({
    conversationId: 'c1',
    reference: reference('c1'),
    kind: 'channel',
    tenantId: 't',
  });
  const { request } = await sqlite.requests.insertIfAbsent(newRequest());
  await sqlite.decisions.claimDecision(request.id, {
    decision: 'Approved',
    actorId: 'a',
    actorName: 'Ann',
    reason: 'ok',
  });
  await sqlite.operations.begin(request.id, 'Approved', 'resume-token-1', 'person:a');
  await sqlite.decisions.markActivityProcessed('act-1');
  await sqlite.cards.reserveCard(request.id, 'c1');
  await sqlite.cards.recordCardPosted(request.id, 'c1', { reference: reference('c1'), activityId: 'm-1' });
  for (const action of ['subscribe', 'approve', 'refused'])
    await sqlite.audit.append({ action, server: SERVER });
  await sqlite.botState.write({ 'conv/1': { dialogStack: [{ id: 'connect' }] } });
  const expected = {
    request: await sqlite.requests.get(request.id),
    operation: await sqlite.operations.get(request.id),
    cards: await sqlite.cards.listCards(request.id),
    audit: await sqlite.audit.list(),
    subscriptions: await sqlite.subscriptions.list(),
  };
  const state = await sqlite.botState.read(['conv/1']);
  await sqlite.close();

  const target = await createTestSchema('copy');
  drops.push(target.drop);
  const copied = await migrate(path, target.url);
  expect(copied.code).toBe(0);
  expect(copied.stdout).toMatch(/audit_log\s+3 → 3/);
  expect(copied.stdout).toContain('every count matches');

  const pg = await PgStore.open({ connection: { connectionString: target.url }, now: clock.now });
  expect(await pg.requests.get(request.id)).toEqual(expected.request);
  expect(await pg.operations.get(request.id)).toEqual(expected.operation);
  expect(await pg.cards.listCards(request.id)).toEqual(expected.cards);
  expect(await pg.audit.list()).toEqual(expected.audit);
  expect(await pg.subscriptions.list()).toEqual(expected.subscriptions);
  expect(await pg.decisions.markActivityProcessed('act-1')).toBe(false);
  expect((await pg.botState.read(['conv/1']))['conv/1']).toEqual(state['conv/1']);
  // New entries continue the copied sequence.
  expect((await pg.audit.append({ action: 'subscribe' })).seq).toBe(4);

  const again = await migrate(path, target.url);
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/not empty.*refusing/);
  expect(await pg.audit.list()).toHaveLength(4); // nothing written twice
  await pg.close();
});

it('says what is wrong with its arguments and copies nothing', async () => {
  const missing = await migrate(tmp.file('nope.sqlite'), 'postgres://x/y');
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('no such file');
  const path = tmp.file('empty.sqlite');
  await new SqliteStore({ path, now: () => new Date() }).close();
  const notPostgres = await migrate(path, 'mysql://x/y');
  expect(notPostgres.code).toBe(2);
  expect(notPostgres.stderr).toContain('expected a postgres:// URL');
});
