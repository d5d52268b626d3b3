import type { CardPosting, CardRecord, PostedCard } from '../tracking-records';
import type { CardRepository } from '../store';
import { CARD_COLUMNS, type CardRow, isPosted, toCard } from '../sqlite/card-repository';
import { nul } from '../sqlite/sql-values';
import type { PgDatabase } from './pg-database';

/**
 * One card per (key, conversation) across every instance: the primary key makes the reservation atomic, and
 * INSERT … ON CONFLICT DO UPDATE … WHERE takes over an abandoned one in the same statement (the rules are in
 * sqlite/card-repository.ts).
 */
export class PgCardRepository implements CardRepository {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => Date,
    private readonly reservationTimeoutMs: number,
  ) {}

  async reserveCard(cardKey: string, conversationId: string): Promise<boolean> {
    const nowMs = this.now().getTime();
    const { rowCount } = await this.db.query(
      `INSERT INTO cards (card_key, conversation_id, reserved_at) VALUES ($1, $2, $3)
       ON CONFLICT (card_key, conversation_id) DO UPDATE SET reserved_at = excluded.reserved_at
       WHERE cards.activity_id IS NULL AND cards.reserved_at <= $4`,
      [cardKey, conversationId, nowMs, nowMs - this.reservationTimeoutMs],
    );
    return rowCount === 1;
  }

  async recordCardPosted(cardKey: string, conversationId: string, p: CardPosting): Promise<void> {
    const nowMs = this.now().getTime();
    await this.db.query(
      `INSERT INTO cards (${CARD_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $3)
       ON CONFLICT (card_key, conversation_id) DO UPDATE SET reference_json = excluded.reference_json,
         activity_id = excluded.activity_id, thread_root_id = excluded.thread_root_id, posted_at = excluded.posted_at`,
      [cardKey, conversationId, nowMs, JSON.stringify(p.reference), p.activityId, nul(p.threadRootId)],
    );
  }

  async releaseCardReservation(cardKey: string, conversationId: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'DELETE FROM cards WHERE card_key = $1 AND conversation_id = $2 AND activity_id IS NULL',
      [cardKey, conversationId],
    );
    return rowCount === 1;
  }

  async getCard(cardKey: string, conversationId: string): Promise<CardRecord | undefined> {
    const { rows } = await this.db.query<CardRow>(
      `SELECT ${CARD_COLUMNS} FROM cards WHERE card_key = $1 AND conversation_id = $2`,
      [cardKey, conversationId],
    );
    return rows[0] ? toCard(rows[0]) : undefined;
  }

  async listCards(cardKey: string): Promise<PostedCard[]> {
    const { rows } = await this.db.query<CardRow>(
      `SELECT ${CARD_COLUMNS} FROM cards WHERE card_key = $1 AND activity_id IS NOT NULL
       ORDER BY posted_at, conversation_id`,
      [cardKey],
    );
    return rows.map(toCard).filter(isPosted);
  }

  async listStaleReservations(): Promise<CardRecord[]> {
    const { rows } = await this.db.query<CardRow>(
      `SELECT ${CARD_COLUMNS} FROM cards WHERE activity_id IS NULL AND reserved_at <= $1
       ORDER BY reserved_at, card_key, conversation_id`,
      [this.now().getTime() - this.reservationTimeoutMs],
    );
    return rows.map(toCard);
  }
}
