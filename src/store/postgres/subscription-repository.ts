import type { ServerRef } from '../../domain/resource-ids';
import type { NewSubscription, Subscription, SubscriptionPurpose } from '../conversation-records';
import type { SubscriptionRepository } from '../store';
import { nul } from '../sqlite/sql-values';
import {
  cleanFilter,
  filterKey,
  onePerConversation,
  serverKeys,
  SUBSCRIPTION_COLUMNS,
  type SubscriptionRow,
  toSubscription,
} from '../sqlite/subscription-repository';
import type { PgDatabase } from './pg-database';

/** Subscriptions on PostgreSQL: the SQLite table, rows and rules (see sqlite/subscription-repository.ts). */
export class PgSubscriptionRepository implements SubscriptionRepository {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => Date,
  ) {}

  async add(s: NewSubscription): Promise<boolean> {
    const key = filterKey(s.filter, s.purpose);
    const reference = JSON.stringify(s.reference);
    const inserted = await this.db.query(
      `INSERT INTO subscriptions (${SUBSCRIPTION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (conversation_id, filter_key) DO NOTHING`,
      [
        s.conversationId,
        key,
        nul(cleanFilter(s.filter)),
        s.kind,
        s.tenantId,
        reference,
        s.subscribedBy.aadObjectId,
        s.subscribedBy.name,
        this.now().getTime(),
      ],
    );
    if (inserted.rowCount === 1) return true;
    // A repeated `watch` keeps the original subscriber and time but takes the fresher conversation reference.
    await this.db.query(
      `UPDATE subscriptions SET reference_json = $1, tenant_id = $2 WHERE conversation_id = $3 AND filter_key = $4`,
      [reference, s.tenantId, s.conversationId, key],
    );
    return false;
  }

  async remove(
    conversationId: string,
    filter: string | undefined,
    purpose?: SubscriptionPurpose,
  ): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'DELETE FROM subscriptions WHERE conversation_id = $1 AND filter_key = $2',
      [conversationId, filterKey(filter, purpose)],
    );
    return rowCount > 0;
  }

  async removeAllForConversation(conversationId: string): Promise<number> {
    return (await this.db.query('DELETE FROM subscriptions WHERE conversation_id = $1', [conversationId]))
      .rowCount;
  }

  async list(): Promise<Subscription[]> {
    const { rows } = await this.db.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions ORDER BY subscribed_at, conversation_id`,
    );
    return rows.map(toSubscription);
  }

  async listForConversation(conversationId: string): Promise<Subscription[]> {
    const { rows } = await this.db.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE conversation_id = $1 ORDER BY filter_key`,
      [conversationId],
    );
    return rows.map(toSubscription);
  }

  async listForServer(server: ServerRef, purpose?: SubscriptionPurpose): Promise<Subscription[]> {
    // Unfiltered rows sort first, so they win the per-conversation dedupe.
    const { rows } = await this.db.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE filter_key IN ($1, $2, $3)
       ORDER BY filter_key <> $1, subscribed_at, conversation_id`,
      serverKeys(server, purpose),
    );
    return onePerConversation(rows);
  }
}
