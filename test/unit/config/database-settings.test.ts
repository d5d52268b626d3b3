import { ConfigError } from '../../../src/errors';
import { describeDatabase, loadDatabaseSettings } from '../../../src/config/database-settings';

const load = (env: Record<string, string>) => loadDatabaseSettings(env, '/srv/bot');

function refusal(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('database settings', () => {
  it('keeps the embedded SQLite store when DATABASE_URL is not set', () => {
    expect(load({})).toEqual({ kind: 'sqlite' });
  });

  it('takes a postgres URL with password sign-in, TLS as the URL says', () => {
    const url = 'postgres://bot:s3cret@db.internal:5432/plbot';
    expect(load({ DATABASE_URL: url })).toEqual({ kind: 'postgres', url, auth: 'password', tls: undefined });
    expect(load({ DATABASE_URL: `${url}?sslmode=verify-full` }).kind).toBe('postgres');
  });

  it('with DATABASE_AUTH=entra requires verified TLS, a role name and no password', () => {
    const url = 'postgres://plbot-identity@pg-bot.postgres.database.azure.com:5432/plbot';
    expect(load({ DATABASE_URL: url, DATABASE_AUTH: 'entra' })).toEqual({
      kind: 'postgres',
      url,
      auth: 'entra',
      tls: { ca: undefined },
    });
    expect(refusal({ DATABASE_AUTH: 'entra' }).variable).toBe('DATABASE_AUTH');
    expect(refusal({ DATABASE_URL: `${url}?sslmode=disable`, DATABASE_AUTH: 'entra' }).message).toMatch(
      /sslmode=disable.*TLS is required/,
    );
    expect(
      refusal({ DATABASE_URL: 'postgres://pg-bot.postgres.database.azure.com/plbot', DATABASE_AUTH: 'entra' })
        .message,
    ).toMatch(/must name the role/);
  });

  it('never repeats a password it refuses or describes', () => {
    const withPassword = 'postgres://plbot-identity:hunter2@pg-bot.example/plbot';
    const refused = refusal({ DATABASE_URL: withPassword, DATABASE_AUTH: 'entra' });
    expect(refused.message).toMatch(/must not hold a password/);
    expect(refused.message).not.toContain('hunter2');
    expect(refusal({ DATABASE_URL: 'not a url hunter2' }).message).not.toContain('hunter2');
    expect(describeDatabase(load({ DATABASE_URL: withPassword }))).toBe(
      'postgres plbot-identity@pg-bot.example/plbot (password sign-in, TLS as the URL says)',
    );
  });

  it('refuses what is not PostgreSQL, an unknown sign-in, and a CA file without a database', () => {
    expect(refusal({ DATABASE_URL: 'mysql://db/x' }).message).toMatch(/must start with postgres:\/\//);
    expect(refusal({ DATABASE_URL: 'postgres://db' }).message).toMatch(/must name a host and a database/);
    expect(refusal({ DATABASE_URL: 'postgres://db/x', DATABASE_AUTH: 'kerberos' }).variable).toBe(
      'DATABASE_AUTH',
    );
    expect(refusal({ DATABASE_CA_FILE: __filename }).variable).toBe('DATABASE_CA_FILE');
  });
});
