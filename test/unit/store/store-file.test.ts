import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StoreUnusableError } from '../../../src/errors';
import { SqliteStore } from '../../../src/store';
import { migrate } from '../../../src/store/sqlite/migrate';
import { MIGRATIONS } from '../../../src/store/sqlite/migrations';
import { STORE_PRODUCT } from '../../../src/store/sqlite/store-file';
import { TestClock, tempDir } from './store-fixtures';

/**
 * Issue 14, finding 6: broken state is loud. A store file is created whole with a header row; anything else where
 * the database is expected stops the open with a message naming the file and what to do, and is left untouched.
 */
describe('SQLite store: the database file', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const clock = new TestClock();
  const open = (path: string) => new SqliteStore({ path, now: clock.now });

  /** Opening fails with StoreUnusableError naming the file, and the file's bytes are as they were. */
  function expectRefused(path: string, problem: RegExp): void {
    const before = readFileSync(path);
    let error: unknown;
    try {
      open(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreUnusableError);
    const message = (error as Error).message;
    expect(message).toContain(path);
    expect(message).toMatch(problem);
    expect(message).toContain('Restore the file from a backup');
    expect(message).toContain(`move it aside (for example to ${path}.broken)`);
    expect(readFileSync(path).equals(before)).toBe(true);
  }

  it('writes a header row naming the product when it creates the file', async () => {
    const path = tmp.file('new.sqlite');
    await open(path).close();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT id, product FROM store_header').all()).toEqual([
      { id: 1, product: STORE_PRODUCT },
    ]);
    raw.close();
    await open(path).close(); // and opens it again as its own
  });

  it('refuses a zero-byte file instead of starting a new empty store in it', () => {
    const path = tmp.file('zero.sqlite');
    writeFileSync(path, '');
    expectRefused(path, /is empty \(0 bytes\)/);
  });

  it('refuses an empty SQLite database (no tables)', () => {
    const path = tmp.file('blank.sqlite');
    const other = new Database(path);
    other.pragma('user_version = 7');
    other.close();
    expectRefused(path, /is an empty SQLite database/);
  });

  it("refuses another program's database", () => {
    const path = tmp.file('foreign.sqlite');
    const other = new Database(path);
    other.exec(
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me')",
    );
    other.close();
    expectRefused(path, /is the database of another program/);
  });

  it('refuses a file that is not a database at all', () => {
    const path = tmp.file('text.sqlite');
    writeFileSync(path, 'these are not the bytes of a database\n'.repeat(200));
    expectRefused(path, /is damaged or not a SQLite database/);
  });

  it('refuses a store whose pages were damaged', async () => {
    const path = tmp.file('corrupt.sqlite');
    const store = open(path);
    for (let i = 0; i < 200; i++)
      await store.audit.append({
        action: 'refused',
        actor: { aadObjectId: `a${i}`, name: 'x'.repeat(200) },
        detail: 'filler',
      });
    await store.close();
    const bytes = readFileSync(path);
    bytes.fill(0xa5, 4096 + 100, 4096 * 4); // the first pages after the header page: the schema's b-trees
    writeFileSync(path, bytes);
    expectRefused(path, /is damaged/);
  });

  it('takes a store created before the header row existed as its own, and adds the header', async () => {
    const path = tmp.file('older.sqlite');
    const older = new Database(path);
    migrate(older, MIGRATIONS, 1);
    older.close();
    const store = open(path);
    expect(store.appliedMigrations).toEqual([]);
    await store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT product FROM store_header').get()).toEqual({ product: STORE_PRODUCT });
    raw.close();
  });
});
