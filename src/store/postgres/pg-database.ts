import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { AppError } from '../../errors';

/** What a repository runs its SQL on: the pool, or the one connection of a transaction. */
export interface Queryable {
  query<R extends QueryResultRow>(sql: string, params?: readonly unknown[]): Promise<Rows<R>>;
}

export interface Rows<R> {
  rows: R[];
  rowCount: number;
}

/** What a person sees when the database cannot be reached; the turn error boundary sends it. */
export const STORE_UNAVAILABLE_TEXT =
  'I can’t reach my database right now, so nothing was done. Please try again in a moment.';

/**
 * PostgreSQL SQLSTATE classes that mean "the database is not there right now" rather than "this statement is
 * wrong": 08 connection exception, 57P0x operator intervention (shutdown, restart), 53 insufficient resources.
 */
const UNAVAILABLE_SQLSTATE = /^(08|57P0|53)/;
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  if (
    typeof e?.code === 'string' &&
    (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_NODE_CODES.has(e.code))
  )
    return true;
  // node-postgres reports a dropped or unopenable connection with these messages and no code.
  return (
    typeof e?.message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
      e.message,
    )
  );
}

/** A lost database becomes one typed error, so the edge can say "try again in a moment" and keep the detail in logs. */
export function storeUnavailable(cause: unknown): AppError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new AppError('STORE_UNAVAILABLE', `database unavailable: ${detail}`, STORE_UNAVAILABLE_TEXT, {
    cause,
  });
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw isUnavailable(error) ? storeUnavailable(error) : error;
  }
}

/** The pool with the two things every repository needs: a plain query and a transaction. */
export class PgDatabase implements Queryable {
  constructor(readonly pool: Pool) {}

  async query<R extends QueryResultRow>(sql: string, params: readonly unknown[] = []): Promise<Rows<R>> {
    const result = await guarded(() => this.pool.query<R>(sql, params as unknown[]));
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  }

  /** Runs `work` in one READ COMMITTED transaction on one connection; any throw rolls it back. */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return guarded(async () => {
      const client = await this.pool.connect();
      const tx: Queryable = {
        query: async <R extends QueryResultRow>(sql: string, params: readonly unknown[] = []) => {
          const result = await client.query<R>(sql, params as unknown[]);
          return { rows: result.rows, rowCount: result.rowCount ?? 0 };
        },
      };
      let broken: unknown;
      try {
        await client.query('BEGIN');
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        broken = isUnavailable(error) ? error : undefined;
        await client.query('ROLLBACK').catch((e: unknown) => (broken ??= e));
        throw error;
      } finally {
        // A connection that failed mid-transaction is not handed to the next caller.
        client.release(broken instanceof Error ? broken : undefined);
      }
    });
  }

  /** A connection of its own, for work that needs one session (migrations). */
  connect(): Promise<PoolClient> {
    return guarded(() => this.pool.connect());
  }
}
