import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/** What a stretch of time cost in ARM reads, and how close the subscription came to being throttled. */
export interface ArmReadTally {
  /** GET/HEAD requests sent to ARM (retries included: each one spends a token of the read budget). */
  reads: number;
  /**
   * The lowest `x-ms-ratelimit-remaining-subscription-reads` ARM reported on those reads: what was left of the
   * subscription's read budget (Azure's token bucket, 250 refilled at 25 a second) shared with every other client.
   * Undefined when no answer carried the header.
   */
  lowestRemainingReads: number | undefined;
}

export interface ArmReadCount {
  /** Stops counting and returns what was counted since it started. */
  finish(): ArmReadTally;
}

const REMAINING_READS = 'x-ms-ratelimit-remaining-subscription-reads';

/**
 * Counts the ARM reads a gateway's clients send, as a pipeline policy placed per retry (so every request on the
 * wire counts). Several counts may be open at once; each sees every read sent while it is open, whoever sent it
 * (a watcher cycle's count includes a decision's polling that ran during the cycle: they share the budget).
 */
export class ArmReadMeter {
  private readonly open = new Set<ArmReadTally>();

  start(): ArmReadCount {
    const tally: ArmReadTally = { reads: 0, lowestRemainingReads: undefined };
    this.open.add(tally);
    return {
      finish: () => {
        this.open.delete(tally);
        return { ...tally };
      },
    };
  }

  readonly policy: PipelinePolicy = {
    name: 'armReadMeter',
    sendRequest: async (request, next) => {
      const response = await next(request);
      if (request.method === 'GET' || request.method === 'HEAD') {
        const remaining = Number.parseInt(response.headers.get(REMAINING_READS) ?? '', 10);
        for (const tally of this.open) {
          tally.reads++;
          if (Number.isFinite(remaining))
            tally.lowestRemainingReads = Math.min(tally.lowestRemainingReads ?? remaining, remaining);
        }
      }
      return response;
    },
  };
}
