import type { Database, Statement } from 'better-sqlite3';
import type { CardPosting, CardRecord, PostedCard } from '../tracking-records';
import type { CardRepository } from '../store';
import { fromMs, nul, opt, optDate, parseReference } from './sql-values';

export interface CardRow {
  card_key: string;
  conversation_id: string;
  reserved_at: number;
  reference_json: string | null;
  activity_id: string | null;
  thread_root_id: string | null;
  posted_at: number | null;
}

export const CARD_COLUMNS =
  'card_key, conversation_id, reserved_at, reference_json, activity_id, thread_root_id, posted_at';

export function toCard(row: CardRow): CardRecord {
  return {
    cardKey: row.card_key,
    conversationId: row.conversation_id,
    reservedAt: fromMs(row.reserved_at),
    reference: row.reference_json === null ? undefined : parseReference(row.reference_json),
    activityId: opt(row.activity_id),
    threadRootId: opt(row.thread_root_id),
    postedAt: optDate(row.posted_at),
  };
}

export function isPosted(card: CardRecord): card is PostedCard {
  return card.activityId !== undefined && card.reference !== undefined && card.postedAt !== undefined;
}

/**
 * Exactly one card per (key, conversation). A reservation is taken before posting and completed with the activity
 * id after; the row's primary key makes the reservation atomic across processes sharing the file.
 *
 * Crash between reserve and post: the reservation stays without an activity id. We cannot know whether Teams got
 * the card (the crash may have come after Teams answered), so we choose at-least-once: after
 * `reservationTimeoutMs` the reservation counts as abandoned and may be taken again. A rare duplicate card is
 * better than an approver never seeing a pending request. The timeout must exceed the longest posting attempt
 * (throttling back-off included) so a slow but live poster is never overtaken.
 */
export class SqliteCardRepository implements CardRepository {
  private readonly reserve: Statement<[string, string, number, number]>;
  private readonly posted: Statement<[string, string, number, string, string, string | null, number]>;
  private readonly release: Statement<[string, string]>;
  private readonly select: Statement<[string, string], CardRow>;
  private readonly selectPosted: Statement<[string], CardRow>;
  private readonly selectStale: Statement<[number], CardRow>;

  constructor(
    db: Database,
    private readonly now: () => Date,
    private readonly reservationTimeoutMs: number,
  ) {
    // One statement: insert, or take over an abandoned reservation; `changes` tells which caller won.
    this.reserve = db.prepare(`INSERT INTO cards (card_key, conversation_id, reserved_at) VALUES (?, ?, ?)
      ON CONFLICT (card_key, conversation_id) DO UPDATE SET reserved_at = excluded.reserved_at
      WHERE cards.activity_id IS NULL AND cards.reserved_at <= ?`);
    this.posted = db.prepare(`INSERT INTO cards (${CARD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (card_key, conversation_id) DO UPDATE SET reference_json = excluded.reference_json,
        activity_id = excluded.activity_id, thread_root_id = excluded.thread_root_id, posted_at = excluded.posted_at`);
    this.release = db.prepare(
      'DELETE FROM cards WHERE card_key = ? AND conversation_id = ? AND activity_id IS NULL',
    );
    this.select = db.prepare(`SELECT ${CARD_COLUMNS} FROM cards WHERE card_key = ? AND conversation_id = ?`);
    this.selectPosted = db.prepare(
      `SELECT ${CARD_COLUMNS} FROM cards WHERE card_key = ? AND activity_id IS NOT NULL ORDER BY posted_at, conversation_id`,
    );
    this.selectStale =
      db.prepare(`SELECT ${CARD_COLUMNS} FROM cards WHERE activity_id IS NULL AND reserved_at <= ?
      ORDER BY reserved_at, card_key, conversation_id`);
  }

  private staleBefore(nowMs: number): number {
    return nowMs - this.reservationTimeoutMs;
  }

  async reserveCard(cardKey: string, conversationId: string): Promise<boolean> {
    const nowMs = this.now().getTime();
    return this.reserve.run(cardKey, conversationId, nowMs, this.staleBefore(nowMs)).changes === 1;
  }

  async recordCardPosted(cardKey: string, conversationId: string, p: CardPosting): Promise<void> {
    const nowMs = this.now().getTime();
    const reference = JSON.stringify(p.reference);
    this.posted.run(cardKey, conversationId, nowMs, reference, p.activityId, nul(p.threadRootId), nowMs);
  }

  async releaseCardReservation(cardKey: string, conversationId: string): Promise<boolean> {
    return this.release.run(cardKey, conversationId).changes === 1;
  }

  async getCard(cardKey: string, conversationId: string): Promise<CardRecord | undefined> {
    const row = this.select.get(cardKey, conversationId);
    return row ? toCard(row) : undefined;
  }

  async listCards(cardKey: string): Promise<PostedCard[]> {
    return this.selectPosted.all(cardKey).map(toCard).filter(isPosted);
  }

  async listStaleReservations(): Promise<CardRecord[]> {
    return this.selectStale.all(this.staleBefore(this.now().getTime())).map(toCard);
  }
}
