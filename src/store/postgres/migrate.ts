import type { PoolClient } from 'pg';
import type { Migration } from '../sqlite/migrations';
import { advisoryLockKey } from './advisory-lock-keys';

/**
 * Applies the migrations the schema has not seen, in one transaction that first takes a transaction-scoped
 * advisory lock: instances starting together queue here, and each later one finds nothing left to do (DDL is
 * transactional in PostgreSQL, so a failing migration leaves no trace). Returns the versions this call applied.
 */
export async function migratePostgres(
  client: PoolClient,
  schema: string,
  migrations: readonly Migration[],
  nowMs: number,
): Promise<number[]> {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const known = new Set(sorted.map((m) => m.version));
  if (known.size !== sorted.length) throw new Error('duplicate migration version');
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [advisoryLockKey('migrate', schema)]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      applied_at BIGINT NOT NULL
    )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = rows.map((r) => r.version);
    const unknown = applied.filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new Error(`database has schema versions this release does not know: ${unknown.join(', ')}`);
    }
    const done = new Set(applied);
    const appliedNow: number[] = [];
    for (const m of sorted) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        nowMs,
      ]);
      appliedNow.push(m.version);
    }
    await client.query('COMMIT');
    return appliedNow;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
