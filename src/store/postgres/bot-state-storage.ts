import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { asObject, checkETag, prepareWrites } from '../sqlite/bot-state-storage';
import type { PgDatabase } from './pg-database';

/**
 * botbuilder `Storage` on PostgreSQL, with the SQLite one's contract (see sqlite/bot-state-storage.ts): eTag
 * optimistic concurrency, all-or-nothing batches, random eTags, no password ever stored. A write locks the rows
 * it checks (FOR UPDATE), so two instances writing the same key with the same eTag cannot both win.
 */
export class PgBotStateStorage implements Storage {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => Date,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when reading.');
    if (keys.length === 0) return {};
    const { rows } = await this.db.query<{ key: string; etag: string; value_json: string }>(
      'SELECT key, etag, value_json FROM bot_state WHERE key = ANY($1::text[])',
      [keys],
    );
    const items: StoreItems = {};
    for (const row of rows) {
      const value: unknown = JSON.parse(row.value_json);
      items[row.key] = { ...asObject(value, row.key), eTag: row.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const prepared = prepareWrites(changes);
    if (prepared.length === 0) return;
    await this.db.transaction(async (tx) => {
      const nowMs = this.now().getTime();
      for (const { key, eTag, json } of prepared) {
        const { rows } = await tx.query<{ etag: string }>(
          'SELECT etag FROM bot_state WHERE key = $1 FOR UPDATE',
          [key],
        );
        checkETag(key, eTag, rows[0]?.etag);
        await tx.query(
          `INSERT INTO bot_state (key, etag, value_json, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, value_json = excluded.value_json,
             updated_at = excluded.updated_at`,
          [key, randomUUID(), json, nowMs],
        );
      }
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
    await this.db.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys]);
  }
}
