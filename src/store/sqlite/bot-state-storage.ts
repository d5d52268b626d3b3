import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { Storage, StoreItems } from 'botbuilder';
import { AppError } from '../../errors';
import { assertNoSecrets } from '../secret-guard';

interface StateRow {
  etag: string;
  value_json: string;
}

/**
 * botbuilder `Storage` on the product's database, so ConversationState/UserState (the guided flow) survive
 * restarts and can wait hours for an approval. Same contract as botbuilder's MemoryStorage:
 * - read: missing keys are simply absent from the result; each item comes back with its current `eTag`;
 * - write: an item without eTag, with `'*'`, or for a key that does not exist overwrites; an item whose eTag
 *   differs from the stored one is rejected (another turn wrote in between);
 * - delete: missing keys are ignored.
 * Unlike MemoryStorage, a write is all-or-nothing: one conflicting key rejects the whole batch. eTags are random
 * rather than a counter so that a delete followed by a re-create can never make an old eTag valid again.
 */
export class SqliteBotStateStorage implements Storage {
  private readonly select: Statement<[string], StateRow>;
  private readonly upsert: Statement<[string, string, string, number]>;
  private readonly remove: Statement<[string]>;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {
    this.select = db.prepare('SELECT etag, value_json FROM bot_state WHERE key = ?');
    this.upsert = db.prepare(`INSERT INTO bot_state (key, etag, value_json, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, value_json = excluded.value_json,
        updated_at = excluded.updated_at`);
    this.remove = db.prepare('DELETE FROM bot_state WHERE key = ?');
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.select.get(key);
      if (!row) continue;
      const value: unknown = JSON.parse(row.value_json);
      items[key] = { ...asObject(value, key), eTag: row.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const prepared = prepareWrites(changes);
    const writeAll = this.db.transaction(() => {
      const nowMs = this.now().getTime();
      for (const { key, eTag, json } of prepared) {
        checkETag(key, eTag, this.select.get(key)?.etag);
        this.upsert.run(key, randomUUID(), json, nowMs);
      }
    });
    writeAll.immediate();
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new ReferenceError('Keys are required when deleting.');
    const deleteAll = this.db.transaction(() => {
      for (const key of keys) this.remove.run(key);
    });
    deleteAll.immediate();
  }
}

/**
 * Checks every item before the database is touched, so a refused item leaves no partial write behind: each must
 * be an object, and none may carry a password.
 */
export function prepareWrites(changes: StoreItems): Array<{ key: string; eTag: unknown; json: string }> {
  if (changes === null || typeof changes !== 'object')
    throw new ReferenceError('Changes are required when writing.');
  return Object.entries(changes).map(([key, item]: [string, unknown]) => {
    const { eTag, ...value } = asObject(item, key);
    assertNoSecrets(value, key);
    return { key, eTag, json: JSON.stringify(value) };
  });
}

/** MemoryStorage's rule: no eTag, '*' or a missing key overwrite; any other eTag must be the stored one. */
export function checkETag(key: string, eTag: unknown, stored: string | undefined): void {
  if (stored !== undefined && typeof eTag === 'string' && eTag !== '' && eTag !== '*' && eTag !== stored) {
    throw new AppError('STATE_CONFLICT', `Storage: error writing "${key}" due to eTag conflict.`);
  }
}

export function asObject(value: unknown, key: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`Storage: item "${key}" must be an object.`);
  }
  return value as Record<string, unknown>;
}
