import pRetry from 'p-retry';

/**
 * The one way this code base retries: bounded attempts, exponential backoff with jitter, and a signal that cuts a
 * backoff wait short at shutdown. Built on p-retry (ESM-only since v5; it loads here through Node's `require(esm)`,
 * which every Node version in `engines` has, and jest transforms it — see jest.config.js).
 */
export interface RetryPolicy {
  /** Tries in all, the first included (1 = no retry). */
  attempts: number;
  /** Pause before the second try; each later pause doubles (0 = retry at once). */
  firstDelayMs: number;
  /** No pause is longer than this. */
  maxDelayMs?: number;
  /**
   * Spread the pauses (each 1–2× its nominal length) so callers that failed together do not come back together.
   * Off only where a test needs exact pauses or where there is nobody to collide with.
   */
  jitter?: boolean;
  /** Multiplies each pause by this (default 2); 1 keeps them constant. */
  factor?: number;
}

export interface RetryHooks {
  /** Whether this failure is worth another try; anything else is rethrown as it is. */
  shouldRetry: (error: unknown, attempt: number) => boolean | Promise<boolean>;
  /** Told before each pause (for a log line). */
  onRetry?: (info: { error: unknown; attempt: number; delayMs: number }) => void;
  /** Aborting it ends a pause at once, and no further try starts: the call rejects with `RetryStopped`. */
  signal?: AbortSignal;
}

/** A retry given up because its owner is stopping (shutdown), not because the work failed for good. */
export class RetryStopped extends Error {
  constructor(readonly lastError?: unknown) {
    super('retry stopped: shutting down');
    this.name = 'RetryStopped';
  }
}

export async function retry<T>(
  policy: RetryPolicy,
  hooks: RetryHooks,
  work: (attempt: number) => Promise<T>,
): Promise<T> {
  let lastError: unknown;
  try {
    return await pRetry(work, {
      retries: Math.max(0, policy.attempts - 1),
      minTimeout: policy.firstDelayMs,
      maxTimeout: policy.maxDelayMs ?? Infinity,
      factor: policy.factor ?? 2,
      randomize: policy.jitter ?? true,
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onFailedAttempt: ({ error }) => {
        lastError = error;
      },
      // Asked only while tries are left; a yes is followed by the pause, so that is when it is logged.
      shouldRetry: async ({ error, attemptNumber, retryDelay }) => {
        const again = await hooks.shouldRetry(error, attemptNumber);
        if (again) hooks.onRetry?.({ error, attempt: attemptNumber, delayMs: retryDelay });
        return again;
      },
    });
  } catch (error) {
    if (hooks.signal?.aborted) throw new RetryStopped(lastError);
    throw error;
  }
}

/**
 * Cancels the pauses of retries already running when their owner stops; work started afterwards gets a fresh
 * signal, so an owner that is stopped and started again (a leader standing down and back up) keeps working.
 */
export class RetryCancellation {
  private controller = new AbortController();

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  cancel(): void {
    this.controller.abort(new RetryStopped());
    this.controller = new AbortController();
  }
}
