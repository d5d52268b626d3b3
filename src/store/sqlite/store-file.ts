import { existsSync, linkSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnusableError } from '../../errors';

/**
 * The store's database file, and how it is known to be one. A new file is created whole under a temporary name
 * (schema and a header row naming this product) and only then linked into place, so a file at the path has
 * always been initialised. Anything else found there (an empty file, a foreign database, a damaged one) stops
 * start-up with the file's name and what to do, instead of starting over and silently losing the audit log,
 * subscriptions and decisions.
 */
export const STORE_PRODUCT = 'adf-pg-private-link-bot';

/** Prepares an open database: pragmas, migrations, header. Returns the migrations it applied. */
export type SetUp = (db: Database.Database) => number[];

export function openStoreFile(
  path: string,
  timeoutMs: number,
  setUp: SetUp,
): { db: Database.Database; applied: number[] } {
  mkdirSync(dirname(path), { recursive: true });
  const applied = existsSync(path) ? [] : createWhole(path, setUp);
  if (statSync(path).size === 0) throw unusable(path, 'is empty (0 bytes)');
  const db = new Database(path, { timeout: timeoutMs });
  try {
    inspect(db, path);
    return { db, applied: [...applied, ...setUp(db)] };
  } catch (error) {
    db.close();
    throw isDamage(error) ? unusable(path, 'is damaged or not a SQLite database') : error;
  }
}

/** Written once, at creation (and into a store created before the header existed). */
export function writeHeader(db: Database.Database, nowMs: number): void {
  db.exec(`CREATE TABLE IF NOT EXISTS store_header (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    product    TEXT NOT NULL,
    created_at INTEGER NOT NULL
  )`);
  db.prepare('INSERT OR IGNORE INTO store_header (id, product, created_at) VALUES (1, ?, ?)').run(
    STORE_PRODUCT,
    nowMs,
  );
}

function createWhole(path: string, setUp: SetUp): number[] {
  const temp = `${path}.${process.pid}.creating`;
  const removeTemp = () => ['', '-wal', '-shm'].forEach((s) => rmSync(`${temp}${s}`, { force: true }));
  removeTemp();
  const db = new Database(temp);
  let applied: number[];
  try {
    applied = setUp(db);
  } finally {
    db.close(); // checkpoints the write-ahead log into the file
  }
  try {
    linkSync(temp, path); // never replaces: another process that created it first wins
    return applied;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return [];
    throw error;
  } finally {
    removeTemp();
  }
}

function inspect(db: Database.Database, path: string): void {
  const check = db.pragma('quick_check', { simple: true });
  if (check !== 'ok') throw unusable(path, 'is damaged (SQLite quick_check failed)');
  const tables = db
    .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)
    .all()
    .map((t) => t.name);
  if (tables.includes('store_header')) {
    const header = db.prepare<[], { product: string }>('SELECT product FROM store_header WHERE id = 1').get();
    if (header?.product !== STORE_PRODUCT) throw unusable(path, 'is the database of another program');
    return;
  }
  // A store created before the header row existed: it is this bot's (its migrations say so) and gets the header.
  if (tables.includes('schema_migrations') && tables.includes('requests')) return;
  throw unusable(
    path,
    tables.length === 0 ? 'is an empty SQLite database' : 'is the database of another program',
  );
}

/** SQLITE_NOTADB, SQLITE_CORRUPT and its extended codes (SQLITE_CORRUPT_INDEX, ...). */
function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

function unusable(path: string, problem: string): StoreUnusableError {
  return new StoreUnusableError(
    path,
    `the bot's database ${path} ${problem}. It holds the audit log, subscriptions and decisions, so the bot ` +
      `does not start over on its own. Restore the file from a backup; or, to start with an empty store, move ` +
      `it aside (for example to ${path}.broken) and start again.`,
  );
}
