import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../store';
import { SqliteAuditLog } from './audit-log';
import { SqliteBotStateStorage } from './bot-state-storage';
import { SqliteCardRepository } from './card-repository';
import { SqliteConversationRepository } from './conversation-repository';
import { SqliteDecisionRepository } from './decision-repository';
import { migrate } from './migrate';
import { openStoreFile, writeHeader, type SetUp } from './store-file';
import { MIGRATIONS } from './migrations';
import { SqliteOperationRepository } from './operation-repository';
import { SqliteRequestRepository } from './request-repository';
import { SqliteSubscriptionRepository } from './subscription-repository';
import { DocumentConnectFlowRepository } from '../documents/connect-flow-repository';
import { DocumentEndpointRequestRepository } from '../documents/endpoint-request-repository';

export interface SqliteStoreOptions {
  /** A file path (its directory is created if missing), or ':memory:' for unit tests. */
  path: string;
  /** The clock: tests control time through it. */
  now: () => Date;
  /** A card reservation never completed is abandoned after this (see card-repository.ts). Default 5 minutes. */
  cardReservationTimeoutMs?: number;
  /** How long processed invoke activity ids are remembered. Default 24 hours. */
  activityRetentionMs?: number;
  /** How long a write waits for another connection's lock before failing. Default 5 seconds. */
  busyTimeoutMs?: number;
}

const DEFAULT_CARD_RESERVATION_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_ACTIVITY_RETENTION_MS = 24 * 60 * 60_000;
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** The database file inside DATA_DIR. */
export function databasePath(dataDir: string): string {
  return join(dataDir, 'bot.sqlite');
}

/**
 * The embedded default store: one SQLite file. Opening it sets the pragmas and applies pending migrations, so a
 * constructed store is ready; a file that is not this bot's initialised store is refused (store-file.ts). Several SqliteStore instances (or processes) may share one file: every
 * read-check-write runs in a BEGIN IMMEDIATE transaction and waits up to busy_timeout for the lock.
 */
export class SqliteStore implements Store {
  readonly subscriptions: SqliteSubscriptionRepository;
  readonly conversations: SqliteConversationRepository;
  readonly requests: SqliteRequestRepository;
  readonly decisions: SqliteDecisionRepository;
  readonly operations: SqliteOperationRepository;
  readonly cards: SqliteCardRepository;
  readonly audit: SqliteAuditLog;
  readonly botState: SqliteBotStateStorage;
  readonly connectFlows: DocumentConnectFlowRepository;
  readonly endpointRequests: DocumentEndpointRequestRepository;
  /** Schema versions this open applied (empty when the file was already up to date). */
  readonly appliedMigrations: readonly number[];
  private readonly db: Database.Database;

  constructor(options: SqliteStoreOptions) {
    const reservationTimeout = positive(
      options.cardReservationTimeoutMs,
      DEFAULT_CARD_RESERVATION_TIMEOUT_MS,
    );
    const retention = positive(options.activityRetentionMs, DEFAULT_ACTIVITY_RETENTION_MS);
    const busyTimeout = positive(options.busyTimeoutMs, DEFAULT_BUSY_TIMEOUT_MS);
    const inMemory = options.path === ':memory:';
    const setUp = (db: Database.Database): number[] => {
      // WAL: readers never block the writer and vice versa. synchronous=FULL: a committed decision survives a
      // power cut too, not only a process crash; the write rate here is a few per minute, so the cost is nil.
      if (!inMemory) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma(`busy_timeout = ${busyTimeout}`);
      db.pragma('foreign_keys = ON');
      const applied = migrate(db, MIGRATIONS, options.now().getTime());
      writeHeader(db, options.now().getTime());
      return applied;
    };
    const opened = inMemory ? openInMemory(setUp) : openStoreFile(options.path, busyTimeout, setUp);
    this.appliedMigrations = opened.applied;
    const db = opened.db;
    this.db = db;
    const now = options.now;
    this.subscriptions = new SqliteSubscriptionRepository(db, now);
    this.conversations = new SqliteConversationRepository(db, now);
    this.requests = new SqliteRequestRepository(db, now);
    this.decisions = new SqliteDecisionRepository(db, now, retention);
    this.operations = new SqliteOperationRepository(db, now);
    this.cards = new SqliteCardRepository(db, now, reservationTimeout);
    this.audit = new SqliteAuditLog(db, now);
    this.botState = new SqliteBotStateStorage(db, now);
    this.connectFlows = new DocumentConnectFlowRepository(this.botState, now);
    this.endpointRequests = new DocumentEndpointRequestRepository(this.botState, now);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function openInMemory(setUp: SetUp): { db: Database.Database; applied: number[] } {
  const db = new Database(':memory:');
  try {
    return { db, applied: setUp(db) };
  } catch (e) {
    db.close();
    throw e;
  }
}

function positive(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`expected a positive number, got ${value}`);
  return value;
}
