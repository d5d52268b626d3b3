import type { Storage, StoreItem } from 'botbuilder';
import { AppError } from '../../errors';
import { retry } from '../../retry/retry-policy';

/**
 * Small JSON documents in a botbuilder `Storage` (the store's `botState`), read-modify-written with eTag
 * optimistic concurrency and a few retries. Living in the same Storage as the dialog state means any Storage
 * implementation (SQLite now, Azure Blob Storage on the scale path) carries the guided flow's records too, and
 * no schema migration is needed for them. Writers in this process are also queued one after another, so two
 * turns that create the same document at once cannot both win (Storage has no "create only if absent").
 */
export class DocumentStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly storage: Storage,
    private readonly attempts = 5,
  ) {}

  async get(key: string): Promise<Record<string, unknown> | undefined> {
    const items = await this.storage.read([key]);
    const item = items[key] as StoreItem | undefined;
    return item ? withoutETag(item) : undefined;
  }

  async getMany(keys: readonly string[]): Promise<Array<Record<string, unknown>>> {
    if (keys.length === 0) return [];
    const items = await this.storage.read([...keys]);
    return keys.flatMap((key) => {
      const item = items[key] as StoreItem | undefined;
      return item ? [withoutETag(item)] : [];
    });
  }

  /**
   * Reads the document, lets `change` decide (return `undefined` to leave it untouched, `null` to delete it),
   * and writes it back only if nobody wrote in between; otherwise reads again and retries.
   */
  update<R>(
    key: string,
    change: (current: Record<string, unknown> | undefined) => {
      next: Record<string, unknown> | null | undefined;
      result: R;
    },
  ): Promise<R> {
    const run = this.queue.then(() => this.tryUpdate(key, change));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async tryUpdate<R>(
    key: string,
    change: (current: Record<string, unknown> | undefined) => {
      next: Record<string, unknown> | null | undefined;
      result: R;
    },
  ): Promise<R> {
    // No pause between tries: the conflicting writer has finished by the time its write is visible, so reading
    // again at once sees it. Jitter would only matter between instances, which the eTag already orders.
    return retry({ attempts: this.attempts, firstDelayMs: 0 }, { shouldRetry: isConflict }, async () => {
      const items = await this.storage.read([key]);
      const item = items[key] as StoreItem | undefined;
      const { eTag, ...current } = item ?? {};
      const { next, result } = change(item ? current : undefined);
      if (next === undefined) return result;
      if (next === null) await this.storage.delete([key]);
      else await this.storage.write({ [key]: { ...next, ...(typeof eTag === 'string' ? { eTag } : {}) } });
      return result;
    });
  }
}

function withoutETag(item: StoreItem): Record<string, unknown> {
  const value: Record<string, unknown> = { ...item };
  delete value['eTag'];
  return value;
}

function isConflict(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'STATE_CONFLICT';
  const e = error as { statusCode?: unknown; code?: unknown };
  return e?.statusCode === 412 || e?.code === 412;
}
