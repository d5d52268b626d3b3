import { randomBytes, randomInt } from 'node:crypto';
import type { SignInKey } from './sign-ins';

/**
 * Sign-ins started by GetSignInResource and finished on the sign-in page: the person signs in, the page shows a
 * magic code, and the bot redeems it (GetToken `code`, which Teams sends as `signin/verifyState` `value.state`).
 * A code is six digits (botbuilder's OAuthPrompt looks for /\d{6}/ in a message), works once, and only for the
 * user, connection and channel whose flow it ended.
 */
export interface SignInFlow {
  id: string;
  key: SignInKey;
  createdAt: Date;
  magicCode?: string;
  redeemed: boolean;
}

/** How long a sign-in link and its code stay good (the service's own limit is not documented). */
export const FLOW_LIFETIME_MS = 15 * 60_000;

export type Completion = { ok: true; magicCode: string } | { ok: false; reason: 'unknown' | 'used' };

export class SignInFlows {
  private readonly flows = new Map<string, SignInFlow>();

  constructor(private readonly now: () => Date) {}

  create(key: SignInKey): SignInFlow {
    this.dropExpired();
    const flow: SignInFlow = {
      id: randomBytes(18).toString('base64url'),
      key,
      createdAt: this.now(),
      redeemed: false,
    };
    this.flows.set(flow.id, flow);
    return flow;
  }

  find(flowId: string): SignInFlow | undefined {
    this.dropExpired();
    return this.flows.get(flowId);
  }

  /** The person signed in on the page: the flow gets its magic code (once). */
  complete(flowId: string): Completion {
    const flow = this.find(flowId);
    if (!flow) return { ok: false, reason: 'unknown' };
    if (flow.magicCode !== undefined) return { ok: false, reason: 'used' };
    flow.magicCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
    return { ok: true, magicCode: flow.magicCode };
  }

  /** True (once) when `code` ends a flow of exactly this user, connection and channel. */
  redeem(key: SignInKey, code: string): boolean {
    this.dropExpired();
    for (const flow of this.flows.values()) {
      if (flow.redeemed || flow.magicCode !== code || !sameKey(flow.key, key)) continue;
      flow.redeemed = true;
      return true;
    }
    return false;
  }

  private dropExpired(): void {
    const cutoff = this.now().getTime() - FLOW_LIFETIME_MS;
    for (const [flowId, flow] of this.flows) if (flow.createdAt.getTime() < cutoff) this.flows.delete(flowId);
  }
}

function sameKey(a: SignInKey, b: SignInKey): boolean {
  return a.userId === b.userId && a.connectionName === b.connectionName && a.channelId === b.channelId;
}
