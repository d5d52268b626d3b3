import type { TokenCredential } from '@azure/core-auth';
import type { DatabaseSettings } from '../config/database-settings';
import type { Logger } from '../logger';
import type { Coordination } from './coordination';
import { LocalCoordination } from './local-coordination';
import { entraPassword } from './postgres/entra-password';
import type { PgConnectionSettings } from './postgres/pg-connection';
import { PgStore } from './postgres/pg-store';
import type { Store } from './store';
import { databasePath, SqliteStore } from './sqlite/sqlite-store';

export interface OpenedStore {
  store: Store;
  /** Who leads and who holds which lease, across every instance on this store. */
  coordination: Coordination;
  /** Schema versions this start applied (empty when the store was up to date). */
  appliedMigrations: readonly number[];
  /** 'sqlite' or 'postgres', for /healthz and logs. */
  kind: DatabaseSettings['kind'];
}

/** The store the settings name: SQLite in DATA_DIR by default, PostgreSQL with DATABASE_URL. */
export async function openStore(
  settings: DatabaseSettings,
  dataDir: string,
  credential: TokenCredential,
  logger: Logger,
): Promise<OpenedStore> {
  const now = () => new Date();
  if (settings.kind === 'sqlite') {
    const store = new SqliteStore({ path: databasePath(dataDir), now });
    // Reachable while the file opens: the cheapest read there is.
    const coordination = new LocalCoordination(async () => {
      await store.audit.list({ limit: 1 });
    });
    return { store, coordination, appliedMigrations: store.appliedMigrations, kind: 'sqlite' };
  }
  const store = await PgStore.open({
    connection: pgConnection(settings, credential),
    now,
    onConnectionLost: (error) =>
      logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'database connection lost',
      ),
  });
  return {
    store,
    coordination: store.coordination,
    appliedMigrations: store.appliedMigrations,
    kind: 'postgres',
  };
}

/** How to reach PostgreSQL for these settings: Entra token as the password, verified TLS (also npm run doctor). */
export function pgConnection(
  settings: Extract<DatabaseSettings, { kind: 'postgres' }>,
  credential: TokenCredential,
): PgConnectionSettings {
  return {
    connectionString: settings.url,
    ...(settings.auth === 'entra' ? { password: entraPassword(credential) } : {}),
    ...(settings.tls ? { tls: settings.tls.ca ? { ca: settings.tls.ca } : {} } : {}),
  };
}
