import { Pool, type PoolClient } from 'pg';
import type { Store } from '../store';
import { DocumentConnectFlowRepository } from '../documents/connect-flow-repository';
import { DocumentEndpointRequestRepository } from '../documents/endpoint-request-repository';
import { PgAuditLog } from './audit-log';
import { PgBotStateStorage } from './bot-state-storage';
import { PgCardRepository } from './card-repository';
import { PgConversationRepository } from './conversation-repository';
import { PgCoordination } from './pg-coordination';
import { PgDecisionRepository } from './decision-repository';
import { migratePostgres } from './migrate';
import { PG_MIGRATIONS } from './migrations';
import { PgOperationRepository } from './operation-repository';
import { clientConfig, type PgConnectionSettings } from './pg-connection';
import { PgDatabase } from './pg-database';
import { PgRequestRepository } from './request-repository';
import { PgSubscriptionRepository } from './subscription-repository';

export interface PgStoreOptions {
  connection: PgConnectionSettings;
  now: () => Date;
  /** See SqliteStoreOptions: the same defaults. */
  cardReservationTimeoutMs?: number;
  activityRetentionMs?: number;
  /** Connections in the pool. Default 10: a few per concurrent Teams request is plenty at this bot's rates. */
  maxConnections?: number;
  /** Told when an idle connection or the lock connection is lost (the database restarted); never a secret. */
  onConnectionLost?: (error: unknown) => void;
}

const DEFAULT_CARD_RESERVATION_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_ACTIVITY_RETENTION_MS = 24 * 60 * 60_000;

/**
 * The shared store for several instances: Azure Database for PostgreSQL (or any PostgreSQL 13+). Tables live in
 * the connection's current schema (the first of its search_path), so one database can hold several stores.
 * `open` connects, applies pending migrations under an advisory lock, and returns a ready store.
 */
export class PgStore implements Store {
  readonly subscriptions: PgSubscriptionRepository;
  readonly conversations: PgConversationRepository;
  readonly requests: PgRequestRepository;
  readonly decisions: PgDecisionRepository;
  readonly operations: PgOperationRepository;
  readonly cards: PgCardRepository;
  readonly audit: PgAuditLog;
  readonly botState: PgBotStateStorage;
  readonly connectFlows: DocumentConnectFlowRepository;
  readonly endpointRequests: DocumentEndpointRequestRepository;
  readonly coordination: PgCoordination;
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly db: PgDatabase,
    readonly schema: string,
    /** Schema versions this open applied (empty when the database was already up to date). */
    readonly appliedMigrations: readonly number[],
    options: PgStoreOptions,
  ) {
    const now = options.now;
    this.subscriptions = new PgSubscriptionRepository(db, now);
    this.conversations = new PgConversationRepository(db, now);
    this.requests = new PgRequestRepository(db, now);
    this.decisions = new PgDecisionRepository(
      db,
      now,
      options.activityRetentionMs ?? DEFAULT_ACTIVITY_RETENTION_MS,
    );
    this.operations = new PgOperationRepository(db, now);
    this.cards = new PgCardRepository(
      db,
      now,
      options.cardReservationTimeoutMs ?? DEFAULT_CARD_RESERVATION_TIMEOUT_MS,
    );
    this.audit = new PgAuditLog(db, now);
    this.botState = new PgBotStateStorage(db, now);
    this.connectFlows = new DocumentConnectFlowRepository(this.botState, now);
    this.endpointRequests = new DocumentEndpointRequestRepository(this.botState, now);
    this.coordination = new PgCoordination(
      clientConfig(options.connection),
      schema,
      db,
      options.onConnectionLost,
    );
  }

  static async open(options: PgStoreOptions): Promise<PgStore> {
    for (const [name, value] of [
      ['cardReservationTimeoutMs', options.cardReservationTimeoutMs],
      ['activityRetentionMs', options.activityRetentionMs],
    ] as const) {
      if (value !== undefined && (!Number.isFinite(value) || value <= 0))
        throw new RangeError(`${name}: expected a positive number, got ${value}`);
    }
    const pool = new Pool({ ...clientConfig(options.connection), max: options.maxConnections ?? 10 });
    // An idle connection dropped by the server (restart, failover) is discarded by the pool; without a
    // listener the 'error' event would end the process.
    pool.on('error', (error) => options.onConnectionLost?.(error));
    const db = new PgDatabase(pool);
    try {
      const client = await db.connect();
      try {
        const { rows } = await client.query<{ schema: string | null }>('SELECT current_schema() AS schema');
        const schema = rows[0]?.schema;
        if (!schema)
          throw new Error('the connection has no current schema: its search_path names none that exists');
        const applied = await migratePostgres(client, schema, PG_MIGRATIONS, options.now().getTime());
        return new PgStore(db, schema, applied, options);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  /** A connection of its own for work beyond the repositories (store:migrate's copy); release it when done. */
  connect(): Promise<PoolClient> {
    return this.db.connect();
  }

  async close(): Promise<void> {
    this.closed ??= (async () => {
      await this.coordination.close();
      await this.db.pool.end();
    })();
    return this.closed;
  }
}
