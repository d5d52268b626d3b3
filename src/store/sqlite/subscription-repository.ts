import type { Database, Statement } from 'better-sqlite3';
import type { ServerRef } from '../../domain/resource-ids';
import type { NewSubscription, Subscription, SubscriptionPurpose } from '../conversation-records';
import type { SubscriptionRepository } from '../store';
import { asKind, fromMs, nul, opt, parseReference } from './sql-values';

export interface SubscriptionRow {
  conversation_id: string;
  filter_key: string;
  filter: string | null;
  kind: string;
  tenant_id: string;
  reference_json: string;
  subscribed_by_id: string;
  subscribed_by_name: string;
  subscribed_at: number;
}

export const SUBSCRIPTION_COLUMNS = `conversation_id, filter_key, filter, kind, tenant_id, reference_json, subscribed_by_id,
  subscribed_by_name, subscribed_at`;

/** A blank filter means "every server". */
export function cleanFilter(filter: string | undefined): string | undefined {
  const trimmed = filter?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * The unfiltered subscription is keyed by '' so that (conversation, filter) can be a primary key. An escalation
 * subscription's key starts with `escalation:`, which no filter can (server and resource group names have no
 * colon, and `watch` refuses one): the two kinds share the table and its primary key without a schema change,
 * and `listForServer`'s exact key match keeps each kind out of the other's list.
 */
export function filterKey(filter: string | undefined, purpose: SubscriptionPurpose = 'cards'): string {
  const key = cleanFilter(filter)?.toLowerCase() ?? '';
  return purpose === 'escalation' ? `${ESCALATION_PREFIX}${key}` : key;
}

const ESCALATION_PREFIX = 'escalation:';

/** The keys `listForServer` matches for a server: every server, its name, its resource group. */
export function serverKeys(
  server: ServerRef,
  purpose: SubscriptionPurpose = 'cards',
): [string, string, string] {
  return [
    filterKey(undefined, purpose),
    filterKey(server.serverName, purpose),
    filterKey(server.resourceGroup, purpose),
  ];
}

/** Rows come ordered unfiltered-first: the first row of each conversation is the one kept. */
export function onePerConversation(rows: readonly SubscriptionRow[]): Subscription[] {
  const byConversation = new Map<string, Subscription>();
  for (const row of rows) {
    if (!byConversation.has(row.conversation_id))
      byConversation.set(row.conversation_id, toSubscription(row));
  }
  return [...byConversation.values()];
}

export function toSubscription(row: SubscriptionRow): Subscription {
  return {
    conversationId: row.conversation_id,
    reference: parseReference(row.reference_json),
    kind: asKind(row.kind),
    tenantId: row.tenant_id,
    filter: opt(row.filter),
    ...(row.filter_key.startsWith(ESCALATION_PREFIX) ? { purpose: 'escalation' as const } : {}),
    subscribedBy: { aadObjectId: row.subscribed_by_id, name: row.subscribed_by_name },
    subscribedAt: fromMs(row.subscribed_at),
  };
}

export class SqliteSubscriptionRepository implements SubscriptionRepository {
  private readonly insert: Statement<
    [string, string, string | null, string, string, string, string, string, number]
  >;
  private readonly refresh: Statement<[string, string, string, string]>;
  private readonly deleteOne: Statement<[string, string]>;
  private readonly deleteAll: Statement<[string]>;
  private readonly selectAll: Statement<[], SubscriptionRow>;
  private readonly selectByConversation: Statement<[string], SubscriptionRow>;
  private readonly selectForServer: Statement<[string, string, string, string], SubscriptionRow>;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {
    this.insert =
      db.prepare(`INSERT INTO subscriptions (${SUBSCRIPTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (conversation_id, filter_key) DO NOTHING`);
    // A repeated `watch` keeps the original subscriber and time but takes the fresher conversation reference.
    this.refresh = db.prepare(`UPDATE subscriptions SET reference_json = ?, tenant_id = ?
      WHERE conversation_id = ? AND filter_key = ?`);
    this.deleteOne = db.prepare('DELETE FROM subscriptions WHERE conversation_id = ? AND filter_key = ?');
    this.deleteAll = db.prepare('DELETE FROM subscriptions WHERE conversation_id = ?');
    this.selectAll = db.prepare(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions ORDER BY subscribed_at, conversation_id`,
    );
    this.selectByConversation = db.prepare(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE conversation_id = ? ORDER BY filter_key`,
    );
    // Unfiltered rows sort first, so they win the per-conversation dedupe in listForServer.
    this.selectForServer = db.prepare(`SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions
      WHERE filter_key IN (?, ?, ?) ORDER BY filter_key <> ?, subscribed_at, conversation_id`);
  }

  async add(s: NewSubscription): Promise<boolean> {
    const key = filterKey(s.filter, s.purpose);
    const reference = JSON.stringify(s.reference);
    const add = this.db.transaction((): boolean => {
      const { changes } = this.insert.run(
        s.conversationId,
        key,
        nul(cleanFilter(s.filter)),
        s.kind,
        s.tenantId,
        reference,
        s.subscribedBy.aadObjectId,
        s.subscribedBy.name,
        this.now().getTime(),
      );
      if (changes === 1) return true;
      this.refresh.run(reference, s.tenantId, s.conversationId, key);
      return false;
    });
    return add.immediate();
  }

  async remove(
    conversationId: string,
    filter: string | undefined,
    purpose?: SubscriptionPurpose,
  ): Promise<boolean> {
    return this.deleteOne.run(conversationId, filterKey(filter, purpose)).changes > 0;
  }

  async removeAllForConversation(conversationId: string): Promise<number> {
    return this.deleteAll.run(conversationId).changes;
  }

  async list(): Promise<Subscription[]> {
    return this.selectAll.all().map(toSubscription);
  }

  async listForConversation(conversationId: string): Promise<Subscription[]> {
    return this.selectByConversation.all(conversationId).map(toSubscription);
  }

  async listForServer(server: ServerRef, purpose?: SubscriptionPurpose): Promise<Subscription[]> {
    const keys = serverKeys(server, purpose);
    return onePerConversation(this.selectForServer.all(...keys, keys[0]));
  }
}
