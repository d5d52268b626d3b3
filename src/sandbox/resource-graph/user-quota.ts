import { ArmError } from '../arm-errors';

/**
 * Resource Graph's per-user query quota (learn.microsoft.com/azure/governance/resource-graph/concepts/
 * guidance-for-throttled-requests): a number of queries per time window, "for example 15 queries within every
 * 5-second window"; every answer says what is left (`x-ms-user-quota-remaining`, an int) and when the window resets
 * (`x-ms-user-quota-resets-after`, hh:mm:ss). A query over the quota is answered 429 with the same headers.
 */
export const QUERIES_PER_WINDOW = 15;
export const WINDOW_MS = 5_000;

export class UserQuota {
  private readonly windows = new Map<string, { startedAt: number; used: number }>();

  constructor(
    private readonly now: () => number,
    private readonly perWindow = QUERIES_PER_WINDOW,
    private readonly windowMs = WINDOW_MS,
  ) {}

  /** Counts one query of `user`; returns the quota headers, or throws 429 when the quota is spent. */
  take(user: string): Record<string, string> {
    const now = this.now();
    let window = this.windows.get(user);
    if (!window || now - window.startedAt >= this.windowMs) {
      window = { startedAt: now, used: 0 };
      this.windows.set(user, window);
    }
    const resetsAfter = hhmmss(window.startedAt + this.windowMs - now);
    if (window.used >= this.perWindow) {
      throw new ArmError(
        429,
        'RateLimiting',
        'Please provide below info when asking for support: timestamp, correlationId. Too many requests, please retry later.',
        { 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': resetsAfter },
      );
    }
    window.used++;
    return {
      'x-ms-user-quota-remaining': String(this.perWindow - window.used),
      'x-ms-user-quota-resets-after': resetsAfter,
    };
  }
}

function hhmmss(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}
