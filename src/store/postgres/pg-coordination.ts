import { Client, type ClientConfig, type QueryResult, type QueryResultRow } from 'pg';
import type { Coordination, LeaseResult } from '../coordination';
import { advisoryLockKey } from './advisory-lock-keys';
import { storeUnavailable, type PgDatabase } from './pg-database';

/**
 * Leadership and leases as PostgreSQL session advisory locks, all held on one connection of this instance's own
 * (never a pooled one, whose session would outlive our use of it). When the instance dies, PostgreSQL ends that
 * session and every lock it held is free at once: no expiry to wait for, no clock to trust. When the connection
 * drops while the instance lives on, it stops leading and reconnects at the next try.
 */
export class PgCoordination implements Coordination {
  private lockClient: Promise<Client> | undefined;
  /** The connected lock client, to tell its own 'end' from that of one already replaced. */
  private live: Client | undefined;
  private leading = false;
  private readonly held = new Set<string>();
  /** The lock connection's queries, one at a time: a pg client must not be given a query while one runs. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: ClientConfig,
    private readonly schema: string,
    private readonly db: PgDatabase,
    private readonly onLost: (error: unknown) => void = () => undefined,
  ) {}

  async tryLead(): Promise<boolean> {
    try {
      const client = await this.client();
      if (this.leading) {
        await this.serially(client, 'SELECT 1'); // still our session, so still our lock
        return true;
      }
      this.leading = await this.tryLock(client, 'leader');
      return this.leading;
    } catch (error) {
      // Whatever failed, this session can no longer be trusted to hold the lock: the next try starts a new one
      // (not waiting for the driver's 'end' event, which may come after that try).
      this.drop(error);
      return false;
    }
  }

  private drop(error: unknown): void {
    if (this.live) this.onLost(error);
    const pending = this.lockClient;
    this.lockClient = undefined;
    this.live = undefined;
    this.leading = false;
    void pending?.then((client) => client.end()).catch(() => undefined);
  }

  async withLease<T>(name: string, work: () => Promise<T>): Promise<LeaseResult<T>> {
    // Session locks are re-entrant for their session, so this instance's own second try is refused here.
    if (this.held.has(name)) return { ran: false };
    let client: Client;
    let locked: boolean;
    try {
      client = await this.client();
      locked = await this.tryLock(client, `lease:${name}`);
    } catch (error) {
      throw storeUnavailable(error);
    }
    if (!locked) return { ran: false };
    this.held.add(name);
    try {
      return { ran: true, value: await work() };
    } finally {
      this.held.delete(name);
      // If the session is gone, so is the lock.
      await this.serially(client, 'SELECT pg_advisory_unlock($1)', [
        advisoryLockKey(`lease:${name}`, this.schema),
      ]).catch(() => undefined);
    }
  }

  async reachable(): Promise<boolean> {
    return this.db.query('SELECT 1').then(
      () => true,
      () => false,
    );
  }

  async close(): Promise<void> {
    const pending = this.lockClient;
    this.lockClient = undefined;
    this.live = undefined; // its 'end' is ours, not a loss
    this.leading = false;
    const client = await pending?.catch(() => undefined);
    await client?.end().catch(() => undefined);
  }

  private async tryLock(client: Client, purpose: string): Promise<boolean> {
    const { rows } = await this.serially<{ locked: boolean }>(
      client,
      'SELECT pg_try_advisory_lock($1) AS locked',
      [advisoryLockKey(purpose, this.schema)],
    );
    return rows[0]?.locked === true;
  }

  private serially<R extends QueryResultRow>(
    client: Client,
    sql: string,
    params: unknown[] = [],
  ): Promise<QueryResult<R>> {
    const result = this.queue.then(() => client.query<R>(sql, params));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private client(): Promise<Client> {
    this.lockClient ??= this.open();
    return this.lockClient;
  }

  private async open(): Promise<Client> {
    const client = new Client({
      ...this.config,
      application_name: `${this.config.application_name ?? 'pl-bot'} locks`,
    });
    let connected = false;
    const lost = (error: unknown) => {
      if (!connected) return; // connect() itself rejects; nothing held yet
      connected = false;
      client.end().catch(() => undefined);
      if (this.live !== client) return; // already dropped and replaced: the news is old
      this.lockClient = undefined;
      this.live = undefined;
      this.leading = false;
      this.onLost(error);
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('lock connection ended')));
    try {
      await client.connect();
      connected = true;
      this.live = client;
      return client;
    } catch (error) {
      this.lockClient = undefined;
      throw error;
    }
  }
}
