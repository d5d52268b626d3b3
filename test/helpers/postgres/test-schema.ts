import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server the tests use (see global-setup.ts); set for every jest worker. */
export function testDatabaseUrl(): string {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) throw new Error('TEST_DATABASE_URL is not set: jest globalSetup (test/helpers/postgres) sets it');
  return url;
}

/** `base` with its sessions' search_path set to `schema`, so the store creates and finds its tables there. */
export function urlWithSchema(schema: string, base = testDatabaseUrl()): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

async function admin<T>(work: (client: Client) => Promise<T>, base = testDatabaseUrl()): Promise<T> {
  const client = new Client({ connectionString: base });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty schema of its own, so parallel jest workers and tests never see each other's rows or wait on each
 * other's advisory locks. `drop` removes it with everything in it.
 */
export async function createTestSchema(
  prefix = 't',
): Promise<{ schema: string; url: string; drop: () => Promise<void> }> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE SCHEMA ${schema}`));
  return {
    schema,
    url: urlWithSchema(schema),
    drop: () => admin((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => undefined),
  };
}

/** Runs SQL in the schema directly, bypassing the store; resolves to 'succeeded' or the database's message. */
export async function execInSchema(url: string, sql: string): Promise<string> {
  return admin(
    (c) =>
      c.query(sql).then(
        () => 'succeeded',
        (e: Error) => e.message,
      ),
    url,
  );
}
