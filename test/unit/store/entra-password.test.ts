import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { entraPassword, OSSRDBMS_SCOPE } from '../../../src/store/postgres/entra-password';

/** Stands in for the managed identity (not under test): hands out numbered tokens, an hour each, or fails. */
class NumberedTokens implements TokenCredential {
  issued = 0;
  scopes: string[] = [];
  failing = false;
  constructor(private readonly now: () => number) {}
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken | null> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    await new Promise((r) => setImmediate(r));
    if (this.failing) throw new Error('IMDS unavailable');
    this.issued++;
    return { token: `token-${this.issued}`, expiresOnTimestamp: this.now() + 60 * 60_000 };
  }
}

describe('Microsoft Entra password for PostgreSQL', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => (clock = Date.parse('2025-03-01T09:00:00Z')));

  it('asks for the PostgreSQL audience once, however many connections open at once', async () => {
    const credential = new NumberedTokens(now);
    const password = entraPassword(credential, now);
    expect(await Promise.all([password(), password(), password()])).toEqual([
      'token-1',
      'token-1',
      'token-1',
    ]);
    expect(credential.scopes).toEqual([OSSRDBMS_SCOPE]);
  });

  it('renews the token ahead of its expiry, not at every connection', async () => {
    const credential = new NumberedTokens(now);
    const password = entraPassword(credential, now);
    expect(await password()).toBe('token-1');
    clock += 50 * 60_000; // ten minutes left: still used
    expect(await password()).toBe('token-1');
    clock += 6 * 60_000; // four minutes left: renewed before a connection could carry an expiring token
    expect(await password()).toBe('token-2');
  });

  it('keeps using a still-valid token when renewing fails, and fails once it has expired', async () => {
    const credential = new NumberedTokens(now);
    const password = entraPassword(credential, now);
    await password();
    credential.failing = true;
    clock += 57 * 60_000;
    expect(await password()).toBe('token-1');
    clock += 4 * 60_000;
    await expect(password()).rejects.toThrow('IMDS unavailable');
    credential.failing = false;
    expect(await password()).toBe('token-2');
  });
});
