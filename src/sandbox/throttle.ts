/**
 * ARM request throttling: a token bucket per subscription and kind (reads = GET/HEAD, writes = everything else).
 * Azure's defaults: reads 250 tokens refilled at 25/s, writes 200 refilled at 10/s.
 */
export interface BucketLimits {
  capacity: number;
  refillPerSecond: number;
}

export interface ThrottleLimits {
  reads: BucketLimits;
  writes: BucketLimits;
}

export const ARM_LIMITS: ThrottleLimits = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
};

export type RequestKind = 'reads' | 'writes';

export type ThrottleDecision =
  { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class Throttle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: ThrottleLimits = ARM_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  static kindOf(method: string): RequestKind {
    return method === 'GET' || method === 'HEAD' ? 'reads' : 'writes';
  }

  take(subscriptionId: string, kind: RequestKind): ThrottleDecision {
    const limits = this.limits[kind];
    const key = `${subscriptionId.toLowerCase()}|${kind}`;
    const at = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limits.capacity, updatedAt: at };
    const elapsed = Math.max(0, at - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(limits.capacity, bucket.tokens + elapsed * limits.refillPerSecond);
    bucket.updatedAt = at;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    const wait = (1 - bucket.tokens) / limits.refillPerSecond;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
  }
}
