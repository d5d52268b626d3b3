import { isJsonObject, numberAt, objectAt, stringAt, type JsonObject } from './json';
import { postgresV2Problem, type LinkedServiceProblem } from './linked-service-rules';

/**
 * Where an AzurePostgreSql linked service connects, read from the body as sent (before secrets are masked): the
 * current ("version 2.0") form with typeProperties.server/port/database/username/sslMode, or the legacy form with a
 * connection string. No password is kept. A version 2.0 body the connector cannot use carries its `problem`
 * (linked-service-rules.ts); the probe fails with it.
 */
export interface PostgresEndpoint {
  host: string;
  port: number;
  database: string;
  username: string;
  /** Npgsql SslMode: 0 Disable, 1 Allow, 2 Prefer, 3 Require, 4 VerifyCA, 5 VerifyFull. */
  sslMode: number;
  problem?: LinkedServiceProblem;
}

const SSL_MODE_NAMES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

export function postgresEndpointOf(properties: JsonObject): PostgresEndpoint | undefined {
  if (stringAt(properties, 'type')?.toLowerCase() !== 'azurepostgresql') return undefined;
  const tp = objectAt(properties, 'typeProperties') ?? {};
  const raw = tp['connectionString'];
  // Version 2.0 unless the body says 1.0 or, saying nothing, brings a connection string (the legacy form).
  const version = stringAt(properties, 'version');
  const legacy =
    version === '1.0' || (version === undefined && raw !== undefined && tp['server'] === undefined);
  if (!legacy) {
    const problem = postgresV2Problem(tp);
    return {
      host: stringAt(tp, 'server') ?? '',
      port: numberAt(tp, 'port') ?? 5432,
      database: stringAt(tp, 'database') ?? '',
      username: stringAt(tp, 'username') ?? '',
      sslMode: numberAt(tp, 'sslMode') ?? 2,
      ...(problem ? { problem } : {}),
    };
  }
  const text = typeof raw === 'string' ? raw : isJsonObject(raw) ? stringAt(raw, 'value') : undefined;
  return text === undefined ? undefined : fromConnectionString(text);
}

function parseSslMode(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 5) return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (/^[0-5]$/.test(text)) return Number(text);
  const index = SSL_MODE_NAMES.indexOf(text.replace(/^verify(ca|full)$/, 'verify-$1'));
  return index >= 0 ? index : undefined;
}

/**
 * Legacy connection strings (`host=...;port=...;database=...;uid=...;EncryptionMethod=1`). EncryptionMethod=0, or
 * none at all (the legacy connector's default), means no encryption.
 */
function fromConnectionString(text: string): PostgresEndpoint {
  const pairs = new Map<string, string>();
  for (const part of text.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) pairs.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  const pick = (...keys: string[]): string | undefined =>
    keys.map((k) => pairs.get(k)).find((v) => v !== undefined);
  const encryption = pick('encryptionmethod', 'em');
  const sslMode = parseSslMode(pick('sslmode', 'ssl mode')) ?? (encryption === '1' ? 3 : 0);
  return {
    host: pick('host', 'server') ?? '',
    port: Number(pick('port') ?? '5432') || 5432,
    database: pick('database', 'db') ?? 'postgres',
    username: pick('uid', 'user id', 'username', 'user') ?? '',
    sslMode,
  };
}
