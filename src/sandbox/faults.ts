import { randomUUID } from 'node:crypto';

/**
 * Per-test fault injection. A rule matches a request by method (any when omitted) and a RegExp tested against the
 * URL path (without the query string); the first matching rule applies. `times` bounds how many requests it hits.
 */
export type FaultKind = 'throttle' | 'throttle-no-retry-after' | 'server-error' | 'slow' | 'reset';

export interface FaultRule {
  method?: string;
  path: RegExp;
  kind: FaultKind;
  /** How many matching requests the rule applies to; unlimited when omitted. */
  times?: number;
  /** 'slow': how long to hold the request before answering normally (default 1000 ms). */
  delayMs?: number;
  /** 'throttle': the Retry-After header in seconds (default 1). */
  retryAfterSeconds?: number;
  /** 'throttle': also send `retry-after-ms` (the SDK prefers it over Retry-After). */
  retryAfterMs?: number;
}

export interface ActiveFault extends FaultRule {
  id: string;
  /** How many requests the rule has hit so far. */
  hits: number;
}

export class FaultInjector {
  private rules: ActiveFault[] = [];

  /** Adds a rule; returns its id for remove(). */
  add(rule: FaultRule): string {
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
      throw new Error(`fault rule: times must be a positive integer, got ${rule.times}`);
    }
    const id = randomUUID();
    this.rules.push({ ...rule, id, hits: 0 });
    return id;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): readonly ActiveFault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Finds the rule for a request and counts the hit; a rule whose `times` are used up is dropped. */
  take(method: string, path: string): ActiveFault | undefined {
    const rule = this.rules.find(
      (r) =>
        (r.method === undefined || r.method.toUpperCase() === method.toUpperCase()) && testPath(r.path, path),
    );
    if (!rule) return undefined;
    rule.hits += 1;
    if (rule.times !== undefined && rule.hits >= rule.times) this.remove(rule.id);
    return { ...rule };
  }
}

function testPath(pattern: RegExp, path: string): boolean {
  // A global or sticky RegExp keeps lastIndex between calls; reset it so every request is tested alike.
  pattern.lastIndex = 0;
  return pattern.test(path);
}
