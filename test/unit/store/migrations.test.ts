import Database from 'better-sqlite3';
import { SqliteStore } from '../../../src/store';
import { migrate } from '../../../src/store/sqlite/migrate';
import { MIGRATIONS } from '../../../src/store/sqlite/migrations';
import { TestClock, tempDir } from './store-fixtures';

/** The shipped migrations' versions, and the next free one for test-only migrations. */
const SHIPPED = MIGRATIONS.map((m) => m.version);
const NEXT = Math.max(...SHIPPED) + 1;

describe('SQLite store: opening and migrations', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('applies every migration once, and nothing on reopen', async () => {
    const path = tmp.file('migrate.sqlite');
    const clock = new TestClock();
    const first = new SqliteStore({ path, now: clock.now });
    expect(first.appliedMigrations).toEqual(MIGRATIONS.map((m) => m.version));
    await first.requests.insertIfAbsent({
      connectionId: '/x/privateEndpointConnections/a',
      server: { subscriptionId: 's', resourceGroup: 'r', serverName: 'p' },
      connectionName: 'a',
      privateEndpointId: 'pe',
      description: '',
    });
    await first.close();

    const second = new SqliteStore({ path, now: clock.now });
    expect(second.appliedMigrations).toEqual([]);
    expect(await second.requests.listOpen()).toHaveLength(1);
    await second.close();

    const raw = new Database(path, { readonly: true });
    const rows = raw.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    raw.close();
  });

  it('puts a file database in WAL mode and enforces foreign keys', async () => {
    const path = tmp.file('pragmas.sqlite');
    const store = new SqliteStore({ path, now: new TestClock().now });
    // An operation for a request that does not exist is a bug: the foreign key refuses it. (SqliteError comes
    // from outside jest's realm, so match its code rather than use toThrow.)
    await expect(store.operations.begin('req-missing', 'Approved', 'token')).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT_FOREIGNKEY',
    });
    await store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('applies a later migration only once and records it', () => {
    const db = new Database(':memory:');
    expect(migrate(db, MIGRATIONS, 1)).toEqual(SHIPPED);
    const extra = [...MIGRATIONS, { version: NEXT, name: 'extra', sql: 'CREATE TABLE extra (id INTEGER)' }];
    expect(migrate(db, extra, 2)).toEqual([NEXT]);
    expect(migrate(db, extra, 3)).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: NEXT });
    db.close();
  });

  it('refuses a database written by a newer release', () => {
    const db = new Database(':memory:');
    migrate(db, [...MIGRATIONS, { version: 99, name: 'future', sql: 'SELECT 1' }], 1);
    expect(() => migrate(db, MIGRATIONS, 2)).toThrow(/does not know: 99/);
    db.close();
  });

  it('rolls back a failing migration as a whole', () => {
    const db = new Database(':memory:');
    const broken = [...MIGRATIONS, { version: NEXT, name: 'broken', sql: 'CREATE TABLE t (a); NOT SQL' }];
    expect(() => migrate(db, broken, 1)).toThrow();
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 't'`).all();
    expect(tables).toEqual([]);
    // The shipped migrations were in the same transaction, so they are rolled back too and apply cleanly next time.
    expect(migrate(db, MIGRATIONS, 2)).toEqual(SHIPPED);
    db.close();
  });

  it('rejects nonsensical options', () => {
    expect(
      () => new SqliteStore({ path: ':memory:', now: () => new Date(), cardReservationTimeoutMs: 0 }),
    ).toThrow(RangeError);
  });
});
