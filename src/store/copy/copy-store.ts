import Database from 'better-sqlite3';
import { PgStore } from '../postgres/pg-store';
import type { PgConnectionSettings } from '../postgres/pg-connection';
import { SqliteStore } from '../sqlite/sqlite-store';

/**
 * Copies a SQLite store into an empty PostgreSQL one, table by table, column for column (both schemas share
 * names and times in milliseconds), in one transaction: either everything arrives, or nothing does. The audit
 * log keeps its sequence numbers, and the PostgreSQL sequence continues after the last one.
 */
export const COPIED_TABLES = [
  'subscriptions',
  'installations',
  'personal_conversations',
  'requests',
  'processed_activities',
  'operations',
  'cards',
  'audit_log',
  'bot_state',
] as const;

export interface CopyReport {
  /** Rows per table, as counted in the source and then in the target after the copy. */
  counts: Record<string, { source: number; target: number }>;
}

export class CopyRefused extends Error {}

export async function copySqliteToPostgres(
  sqlitePath: string,
  target: PgConnectionSettings,
): Promise<CopyReport> {
  // Opening through SqliteStore applies its migrations, so an older file is brought to the current schema first.
  await new SqliteStore({ path: sqlitePath, now: () => new Date() }).close();
  const source = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  const store = await PgStore.open({ connection: target, now: () => new Date() });
  const client = await store.connect();
  try {
    await client.query('BEGIN');
    for (const table of COPIED_TABLES) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      if ((rows[0]?.n ?? 0) > 0)
        throw new CopyRefused(`the target is not empty (${table} has rows): refusing to write into it`);
    }
    const counts: CopyReport['counts'] = {};
    for (const table of COPIED_TABLES) {
      const rows = source.prepare(`SELECT * FROM ${table}`).all() as Array<Record<string, unknown>>;
      for (const row of rows) {
        const columns = Object.keys(row);
        await client.query(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
          columns.map((c) => row[c]),
        );
      }
      const { rows: counted } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      counts[table] = { source: rows.length, target: counted[0]?.n ?? 0 };
      if (counts[table].source !== counts[table].target)
        throw new Error(`${table}: ${counts[table].source} rows read, ${counts[table].target} written`);
    }
    // New audit entries continue after the copied ones.
    await client.query(
      `SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), GREATEST((SELECT max(seq) FROM audit_log), 1),
         (SELECT count(*) > 0 FROM audit_log))`,
    );
    await client.query('COMMIT');
    return { counts };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
    source.close();
    await store.close();
  }
}
