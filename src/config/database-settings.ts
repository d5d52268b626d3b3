import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors';
import { type Env, parseChoice, parseExistingFile, read } from './parsers';

/**
 * Where the bot keeps its state. Without DATABASE_URL: the embedded SQLite file in DATA_DIR (the sandbox, one
 * VM). With a postgres:// DATABASE_URL: PostgreSQL, which several instances can share. DATABASE_AUTH=entra signs
 * in as the bot's managed identity (no password anywhere) and requires verified TLS.
 */
export type DatabaseSettings =
  | { readonly kind: 'sqlite' }
  | {
      readonly kind: 'postgres';
      /** The URL as given; may hold a password with DATABASE_AUTH=password, so it is never logged. */
      readonly url: string;
      readonly auth: 'password' | 'entra';
      /** Verified TLS on every connection (always with entra); extra CA certificates in PEM, if any. */
      readonly tls: { readonly ca: string | undefined } | undefined;
    };

export const DATABASE_AUTH = ['password', 'entra'] as const;

/** sslmode values that skip verification or TLS altogether: refused where verified TLS is required. */
const WEAK_SSLMODES = ['disable', 'allow', 'prefer', 'no-verify'];

export function loadDatabaseSettings(env: Env, cwd: string): DatabaseSettings {
  const raw = read(env, 'DATABASE_URL');
  const auth = parseChoice('DATABASE_AUTH', read(env, 'DATABASE_AUTH'), DATABASE_AUTH, 'password');
  const caFile = parseExistingFile('DATABASE_CA_FILE', read(env, 'DATABASE_CA_FILE'), cwd);
  if (raw === undefined) {
    if (auth === 'entra')
      throw new ConfigError(
        'DATABASE_AUTH',
        'entra needs DATABASE_URL (postgres://<identity name>@<server>/<db>)',
      );
    if (caFile) throw new ConfigError('DATABASE_CA_FILE', 'is for PostgreSQL: set DATABASE_URL too');
    return { kind: 'sqlite' };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Never echo the value: it may hold a password.
    throw new ConfigError('DATABASE_URL', 'is not a URL (expected postgres://user@host:5432/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new ConfigError('DATABASE_URL', `must start with postgres:// (got ${url.protocol}//)`);
  if (!url.hostname || url.pathname.length <= 1)
    throw new ConfigError(
      'DATABASE_URL',
      'must name a host and a database: postgres://user@host:5432/database',
    );
  const sslmode = url.searchParams.get('sslmode') ?? undefined;
  if (auth === 'entra') {
    if (!url.username)
      throw new ConfigError(
        'DATABASE_URL',
        'with DATABASE_AUTH=entra must name the role of the bot’s identity as its user',
      );
    if (url.password)
      throw new ConfigError(
        'DATABASE_URL',
        'with DATABASE_AUTH=entra must not hold a password: the token is the password',
      );
    if (sslmode && WEAK_SSLMODES.includes(sslmode))
      throw new ConfigError(
        'DATABASE_URL',
        `sslmode=${sslmode}: DATABASE_AUTH=entra sends a token, so TLS is required and verified`,
      );
  }
  const verified =
    auth === 'entra' || caFile !== undefined || sslmode === 'verify-full' || sslmode === 'require';
  return {
    kind: 'postgres',
    url: raw,
    auth,
    tls: verified ? { ca: caFile ? readFileSync(caFile, 'utf8') : undefined } : undefined,
  };
}

/** For the start-up log line: where, never the password. */
export function describeDatabase(settings: DatabaseSettings): string {
  if (settings.kind === 'sqlite') return 'sqlite (DATA_DIR/bot.sqlite)';
  const url = new URL(settings.url);
  const tls = settings.tls ? 'verified TLS' : 'TLS as the URL says';
  return `postgres ${url.username || '(no user)'}@${url.host}${url.pathname} (${settings.auth} sign-in, ${tls})`;
}
