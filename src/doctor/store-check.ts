import { existsSync } from 'node:fs';
import type { TokenCredential } from '@azure/core-auth';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { DatabaseSettings } from '../config/database-settings';
import { pgConnection } from '../store/open-store';
import { PG_MIGRATIONS } from '../store/postgres/migrations';
import { clientConfig } from '../store/postgres/pg-connection';
import { MIGRATIONS, type Migration } from '../store/sqlite/migrations';
import { databasePath } from '../store/sqlite/sqlite-store';
import { type CheckResult, fail, ok } from './check-result';

const CHECK = 'store';

/**
 * Whether the store answers and carries every schema version this release knows. Read-only: unlike the bot's
 * start, it never migrates (a check that changed what it checks would prove nothing).
 */
export async function checkStore(
  settings: DatabaseSettings,
  dataDir: string,
  credential: TokenCredential,
): Promise<CheckResult> {
  try {
    if (settings.kind === 'sqlite')
      return verdict('SQLite', sqliteVersions(databasePath(dataDir)), MIGRATIONS);
    return verdict('PostgreSQL', await postgresVersions(settings, credential), PG_MIGRATIONS);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(CHECK, `cannot read the ${settings.kind} store: ${message}`);
  }
}

function sqliteVersions(path: string): number[] {
  if (!existsSync(path)) throw new Error(`${path} does not exist (the bot creates it at its first start)`);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare<[], { version: number }>('SELECT version FROM schema_migrations')
      .all()
      .map((r) => r.version);
  } finally {
    db.close();
  }
}

async function postgresVersions(
  settings: Extract<DatabaseSettings, { kind: 'postgres' }>,
  credential: TokenCredential,
): Promise<number[]> {
  const client = new Client(
    clientConfig({ ...pgConnection(settings, credential), applicationName: 'pl-bot-doctor' }),
  );
  await client.connect();
  try {
    const exists = await client.query<{ found: string | null }>(
      "SELECT to_regclass('schema_migrations')::text AS found",
    );
    if (!exists.rows[0]?.found) return [];
    return (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
      (r) => r.version,
    );
  } finally {
    await client.end();
  }
}

function verdict(kind: string, applied: number[], known: readonly Migration[]): CheckResult {
  const versions = known.map((m) => m.version);
  const pending = versions.filter((v) => !applied.includes(v));
  const unknown = applied.filter((v) => !versions.includes(v));
  if (unknown.length > 0)
    return fail(
      CHECK,
      `${kind} has schema versions this release does not know (${unknown.join(', ')}): a newer release wrote it`,
    );
  if (pending.length > 0)
    return fail(
      CHECK,
      `${kind} answers but is not migrated: versions ${pending.join(', ')} missing (the bot migrates at start; start an instance and look at its log)`,
    );
  return ok(CHECK, `${kind} answers, schema at version ${Math.max(...versions)}`);
}
