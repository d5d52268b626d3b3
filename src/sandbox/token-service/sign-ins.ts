import type { SandboxPerson } from '../entra/directory';
import type { SandboxEntra } from '../entra/sandbox-entra';
import { mintArmToken, mintExpiredArmToken, type HeldToken } from './delegated-tokens';

/** Whose sign-in: the token service keeps one per user, connection and channel (its query parameters). */
export interface SignInKey {
  userId: string;
  connectionName: string;
  channelId: string;
}

interface SignIn {
  key: SignInKey;
  person: SandboxPerson;
  held?: HeldToken;
  /** Set by expireAll(): handed out once, next. */
  expiredNext?: HeldToken;
}

/** A held token is refreshed when less than this is left, so what GetToken hands out stays usable for a while. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The sign-ins the service keeps — what a refresh token is in the real one: a person bound to (user, connection,
 * channel), from which access tokens are minted and held until they near expiry.
 */
export class SignIns {
  private readonly byKey = new Map<string, SignIn>();
  /** Sign-outs and revocations, as patterns: a silent sign-in on first use no longer applies where one matches… */
  private readonly endings: SignInPattern[] = [];
  /** …unless the key was signed in again since. */
  private readonly resumed = new Set<string>();

  constructor(
    private readonly entra: SandboxEntra,
    private readonly now: () => Date,
  ) {}

  has(key: SignInKey): boolean {
    return this.byKey.has(id(key));
  }

  wasEnded(key: SignInKey): boolean {
    return !this.resumed.has(id(key)) && this.endings.some((pattern) => matches(pattern, key));
  }

  start(key: SignInKey, person: SandboxPerson): void {
    this.resumed.add(id(key));
    this.byKey.set(id(key), { key, person });
  }

  /** The access token to hand out for `key` now, or undefined when no one is signed in there. */
  token(key: SignInKey): HeldToken | undefined {
    const signIn = this.byKey.get(id(key));
    if (!signIn) return undefined;
    if (signIn.expiredNext) {
      const expired = signIn.expiredNext;
      delete signIn.expiredNext;
      return expired;
    }
    const now = this.now();
    if (!signIn.held || signIn.held.expiresAt.getTime() - now.getTime() < REFRESH_MARGIN_MS)
      signIn.held = mintArmToken(this.entra, signIn.person, now);
    return signIn.held;
  }

  /** Forgets every sign-in `pattern` matches (sign-out, revocation), and keeps them from signing in silently. */
  end(pattern: SignInPattern): void {
    this.endings.push(pattern);
    for (const k of [...this.resumed]) if (matches(pattern, parse(k))) this.resumed.delete(k);
    for (const [k, signIn] of this.byKey) if (matches(pattern, signIn.key)) this.byKey.delete(k);
  }

  /** Every sign-in's next token is an expired one; the one after is freshly minted. */
  expireAll(): void {
    for (const signIn of this.byKey.values()) {
      signIn.expiredNext = mintExpiredArmToken(this.entra, signIn.person, this.now());
      delete signIn.held;
    }
  }
}

/** A user's sign-ins on one connection and channel, or on all of them where those are left out. */
export type SignInPattern = Pick<SignInKey, 'userId'> & Partial<SignInKey>;

function matches(pattern: SignInPattern, key: SignInKey): boolean {
  return (
    pattern.userId === key.userId &&
    (pattern.connectionName === undefined || pattern.connectionName === key.connectionName) &&
    (pattern.channelId === undefined || pattern.channelId === key.channelId)
  );
}

function id(key: SignInKey): string {
  return JSON.stringify([key.userId, key.connectionName, key.channelId]);
}

function parse(k: string): SignInKey {
  const [userId, connectionName, channelId] = JSON.parse(k) as [string, string, string];
  return { userId, connectionName, channelId };
}
