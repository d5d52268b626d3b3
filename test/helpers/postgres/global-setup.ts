import { Client } from 'pg';
import { startLocalPostgres, type LocalPostgres } from './local-postgres';

/**
 * jest globalSetup: every test that needs PostgreSQL gets one, and none is ever skipped. TEST_DATABASE_URL (CI:
 * the machine's server) is used when set and must answer; otherwise a throw-away server is started here and
 * its URL handed to the workers through the same variable (workers inherit this process's environment).
 */
declare global {
  var __LOCAL_POSTGRES__: LocalPostgres | undefined;
}

export default async function globalSetup(): Promise<void> {
  const given = process.env['TEST_DATABASE_URL'];
  if (given) {
    const client = new Client({ connectionString: given, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } catch (error) {
      throw new Error(`TEST_DATABASE_URL does not answer: ${(error as Error).message}`, {
        cause: error,
      });
    } finally {
      await client.end().catch(() => undefined);
    }
    return;
  }
  const server = await startLocalPostgres();
  globalThis.__LOCAL_POSTGRES__ = server;
  process.env['TEST_DATABASE_URL'] = server.url;
}
