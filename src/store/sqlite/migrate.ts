import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations';

/**
 * Applies the migrations the database has not seen, each recorded in `schema_migrations`, all inside one
 * BEGIN IMMEDIATE transaction: two processes opening the same file at once serialize here, and the second finds
 * nothing left to do. Returns the versions applied by this call.
 */
export function migrate(db: Database, migrations: readonly Migration[], nowMs: number): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const known = new Set(sorted.map((m) => m.version));
  if (known.size !== sorted.length) throw new Error('duplicate migration version');

  const run = db.transaction((): number[] => {
    const applied = db
      .prepare<[], { version: number }>('SELECT version FROM schema_migrations')
      .all()
      .map((r) => r.version);
    // A database written by a newer release: refuse rather than run old code against a schema it does not know.
    const unknown = applied.filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new Error(`database has schema versions this release does not know: ${unknown.join(', ')}`);
    }
    const done = new Set(applied);
    const insert = db.prepare<[number, string, number]>(
      'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
    );
    const appliedNow: number[] = [];
    for (const m of sorted) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      insert.run(m.version, m.name, nowMs);
      appliedNow.push(m.version);
    }
    return appliedNow;
  });
  return run.immediate();
}
