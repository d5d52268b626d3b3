/**
 * What only the PostgreSQL store has: migrations under an advisory lock (several instances start together), the
 * leader lock and leases held on a connection of the instance's own, and the typed "database unavailable" error.
 * The behaviour both stores share is in the contract suite (describeEachStore).
 */
import { Client } from 'pg';
import { AppError } from '../../../src/errors';
import { PgStore } from '../../../src/store';
import { PG_MIGRATIONS } from '../../../src/store/postgres/migrations';
import { createTestSchema, testDatabaseUrl } from '../../helpers/postgres/test-schema';
import { TestClock } from './store-fixtures';

const schemas: Array<() => Promise<void>> = [];
afterAll(() => Promise.all(schemas.map((drop) => drop())));

async function location(): Promise<string> {
  const schema = await createTestSchema('pgstore');
  schemas.push(schema.drop);
  return schema.url;
}

const open = (url: string) =>
  PgStore.open({ connection: { connectionString: url }, now: new TestClock().now });

async function sql<T extends Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL store: migrations', () => {
  it('migrates once when several instances open an empty schema at the same moment', async () => {
    const url = await location();
    const stores = await Promise.all(Array.from({ length: 4 }, () => open(url)));
    const applied = stores.map((s) => s.appliedMigrations);
    const shipped = PG_MIGRATIONS.map((m) => m.version);
    expect(applied.filter((a) => a.length > 0)).toEqual([shipped]);
    expect(await sql(url, 'SELECT version, name FROM schema_migrations ORDER BY version')).toEqual(
      PG_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
    );
    await Promise.all(stores.map((s) => s.close()));
  });

  it('refuses a schema written by a newer release, naming the version', async () => {
    const url = await location();
    await (await open(url)).close();
    await sql(url, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)`);
    await expect(open(url)).rejects.toThrow(/does not know: 99/);
  });

  it('says plainly when the search_path names no schema', async () => {
    const url = new URL(await location());
    url.searchParams.set('options', '-c search_path=no_such_schema');
    await expect(open(url.toString())).rejects.toThrow(/no current schema/);
  });
});

describe('PostgreSQL store: leadership and leases', () => {
  it('lets exactly one instance lead; when it goes, another takes over at its next try', async () => {
    const url = await location();
    const [a, b] = await Promise.all([open(url), open(url)]);
    const first = await Promise.all([a.coordination.tryLead(), b.coordination.tryLead()]);
    expect(first.filter(Boolean)).toHaveLength(1);
    const [leader, other] = first[0] ? [a, b] : [b, a];
    expect(await leader.coordination.tryLead()).toBe(true); // still leading
    expect(await other.coordination.tryLead()).toBe(false);
    await leader.close();
    expect(await other.coordination.tryLead()).toBe(true);
    await other.close();
  });

  it('stops leading when its lock connection is cut, and leads again once it can', async () => {
    const url = await location();
    const applicationName = `lock-test-${process.pid}-${Date.now()}`;
    const store = await PgStore.open({
      connection: { connectionString: url, applicationName },
      now: () => new Date(),
    });
    expect(await store.coordination.tryLead()).toBe(true);
    // What a database failover does to the session: ended from the server's side.
    const ended = await sql(
      url,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${applicationName} locks'`,
    );
    expect(ended).toHaveLength(1);
    // The next try finds the session gone (not leading); the one after reconnects and, with no rival, leads.
    const tries = [await store.coordination.tryLead(), await store.coordination.tryLead()];
    expect(tries[1]).toBe(true);
    await store.close();
  });

  it('runs leased work on one instance at a time; a lease of a closed instance is free', async () => {
    const url = await location();
    const [a, b] = await Promise.all([open(url), open(url)]);
    let release!: () => void;
    const holding = a.coordination.withLease(
      'decision:req-1',
      () => new Promise<string>((r) => (release = () => r('a'))),
    );
    // Give A's lock query time to land before B asks (both go through the database, so wait for it there).
    for (let i = 0; i < 50; i++) {
      const held = await sql<{ n: string }>(
        url,
        `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'`,
      );
      if (Number(held[0]?.n) > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await b.coordination.withLease('decision:req-1', async () => 'b')).toEqual({ ran: false });
    expect(await a.coordination.withLease('decision:req-1', async () => 'a again')).toEqual({ ran: false });
    expect(await b.coordination.withLease('decision:req-2', async () => 'b2')).toEqual({
      ran: true,
      value: 'b2',
    });
    release();
    expect(await holding).toEqual({ ran: true, value: 'a' });
    expect(await b.coordination.withLease('decision:req-1', async () => 'b')).toEqual({
      ran: true,
      value: 'b',
    });
    await a.close();
    await b.close();
  });
});

describe('PostgreSQL store: many leases at once on one instance', () => {
  it('takes and frees twenty leases and the leader lock together, one query at a time on the lock connection', async () => {
    const store = await open(await location());
    // pg queues a query given to a busy client but deprecates it (removed in pg@9): watch how many run at once.
    const inFlight = new Map<Client, number>();
    let mostAtOnce = 0;
    const query = Client.prototype.query;
    type AnyQuery = (this: Client, ...args: unknown[]) => unknown;
    const spy = jest
      .spyOn(Client.prototype as unknown as { query: AnyQuery }, 'query')
      .mockImplementation(function (this: Client, ...args: unknown[]) {
        const now = (inFlight.get(this) ?? 0) + 1;
        inFlight.set(this, now);
        mostAtOnce = Math.max(mostAtOnce, now);
        const done = () => inFlight.set(this, (inFlight.get(this) ?? 1) - 1);
        const result = (query as AnyQuery).apply(this, args);
        if (result instanceof Promise) result.then(done, done);
        else done();
        return result;
      });
    try {
      const results = await Promise.all([
        store.coordination.tryLead(),
        ...Array.from({ length: 20 }, (_, i) =>
          store.coordination.withLease(`decision:req-${i}`, async () => i),
        ),
      ]);
      expect(results).toEqual([true, ...Array.from({ length: 20 }, (_, i) => ({ ran: true, value: i }))]);
      expect(mostAtOnce).toBe(1);
    } finally {
      spy.mockRestore();
      await store.close();
    }
  });
});

describe('PostgreSQL store: a database that is not there', () => {
  it('fails with a typed error that tells a person to try again', async () => {
    const dead = new URL(testDatabaseUrl());
    dead.port = '1'; // nothing listens there
    const error = await PgStore.open({
      connection: { connectionString: dead.toString() },
      now: () => new Date(),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      userMessage: expect.stringMatching(/try again in a moment/),
    });
  });
});
