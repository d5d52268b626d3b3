import type { ConnectionOptions } from 'node:tls';
import { types, type ClientConfig } from 'pg';

/** How the bot reaches its PostgreSQL database. */
export interface PgConnectionSettings {
  /** postgres://user@host:5432/database; a password in it is used unless `password` is given. */
  connectionString: string;
  /**
   * Asked for every new connection (node-postgres accepts an async function): with Microsoft Entra sign-in, a
   * current access token. Connections already open are not affected when it changes.
   */
  password?: () => Promise<string>;
  /**
   * TLS for every connection, certificate verified (Node's CAs, plus `ca` if given). Undefined: whatever the URL's
   * sslmode says (the local and test setups use none).
   */
  tls?: { ca?: string };
  /** Shown in pg_stat_activity, so a DBA can tell the bot's sessions apart. */
  applicationName?: string;
}

/** URL parameters that would override the TLS options we set (node-postgres lets the URL win). */
const URL_TLS_PARAMS = ['ssl', 'sslmode', 'sslcert', 'sslkey', 'sslrootcert', 'sslcrl', 'uselibpqcompat'];

/** Milliseconds since the epoch are BIGINT columns; they fit a JS number exactly (up to 2^53), so read them as one. */
function parseInt8(value: string): number {
  return Number(value);
}

export function clientConfig(settings: PgConnectionSettings): ClientConfig {
  let connectionString = settings.connectionString;
  let ssl: ClientConfig['ssl'];
  if (settings.tls) {
    const url = new URL(connectionString);
    for (const name of URL_TLS_PARAMS) url.searchParams.delete(name);
    connectionString = url.toString();
    const options: ConnectionOptions = { rejectUnauthorized: true };
    if (settings.tls.ca) options.ca = settings.tls.ca;
    ssl = options;
  }
  return {
    connectionString,
    ...(ssl ? { ssl } : {}),
    ...(settings.password ? { password: settings.password } : {}),
    application_name: settings.applicationName ?? 'pl-bot',
    // A lost database must fail a request within seconds ("try again in a moment"), not hang it.
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === types.builtins.INT8
          ? parseInt8
          : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
    },
  };
}
