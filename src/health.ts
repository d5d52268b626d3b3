import { AzureError } from './errors';
import type { Store } from './store/store';

/**
 * What /healthz says: `ok`, or `degraded` with the parts that fail, so that a platform's probe (HTTP 503) restarts
 * the instance or routes away from it, and a person sees which part to look at. Two parts can fail without the
 * process noticing otherwise: the store (a failing disk, a lost database) and Azure reads (the watcher's view).
 * - store: probed on every /healthz with a read, and also failing while the watcher's last cycle failed on it;
 * - azure: the watcher's last cycle failed reading Azure.
 * A later successful cycle (and probe) turns the part healthy again.
 */
export type HealthPart = 'store' | 'azure';

export interface HealthReport {
  status: 'ok' | 'degraded';
  failing: Array<{ part: HealthPart; since: string; problem: string }>;
}

export class Health {
  private readonly failures = new Map<HealthPart, { since: Date; problem: string }>();

  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The watcher finished a cycle: whatever it read is working. */
  cycleSucceeded(): void {
    this.failures.clear();
  }

  /** The watcher's cycle failed: on Azure when Azure answered with an error, otherwise on the store. */
  cycleFailed(error: unknown): void {
    this.failed(error instanceof AzureError ? 'azure' : 'store', error);
  }

  async report(): Promise<HealthReport> {
    const failing = [...this.failures].map(([part, f]) => ({
      part,
      since: f.since.toISOString(),
      problem: f.problem,
    }));
    if (!this.failures.has('store')) {
      try {
        await this.store.audit.list({ limit: 1 }); // the cheapest read every store kind has
      } catch (error) {
        failing.push({ part: 'store', since: this.now().toISOString(), problem: problemOf(error) });
      }
    }
    failing.sort((a, b) => a.part.localeCompare(b.part));
    return { status: failing.length === 0 ? 'ok' : 'degraded', failing };
  }

  private failed(part: HealthPart, error: unknown): void {
    const since = this.failures.get(part)?.since ?? this.now();
    this.failures.set(part, { since, problem: problemOf(error) });
  }
}

/** A short, fixed-shape description: the error's code and first line, never a stack or a request body. */
function problemOf(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? `${e.code}: ` : '';
  const message = typeof e?.message === 'string' ? e.message.split('\n')[0]!.slice(0, 200) : String(error);
  return `${code}${message}`;
}
