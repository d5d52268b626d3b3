import type { Logger } from './logger';
import { PeriodicJob } from './periodic-job';
import type { Coordination } from './store/coordination';

export type Role = 'leader' | 'follower';

/** What only the leader does: start and stop its background work, and a sweep at every check. */
export interface LeaderDuties {
  start(): Promise<void>;
  stop(): Promise<void>;
  sweep(): Promise<void>;
}

/**
 * Exactly one instance runs the watcher and the periodic sweeps. Every instance asks the store at start and then
 * every interval (the watcher's poll interval): the one that holds the leader lock starts its duties; when that
 * instance dies its lock goes with its database session, and another instance's next check, at most one interval
 * later, makes it the leader. Teams requests are answered by every instance, leader or not.
 */
export class Leadership {
  private current: Role = 'follower';
  private readonly checks = new PeriodicJob(() => this.decide());

  constructor(
    private readonly coordination: Coordination,
    private readonly duties: LeaderDuties,
    private readonly logger: Logger,
  ) {}

  get role(): Role {
    return this.current;
  }

  /** Checks now and then every `intervalMs`. */
  start(intervalMs: number): void {
    this.checks.start(intervalMs);
  }

  /** The first check, awaited (start-up wants to know its role before it says it started). */
  check(): Promise<void> {
    return this.checks.run().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'leadership check failed');
    });
  }

  async stop(): Promise<void> {
    await this.checks.stop();
    if (this.current === 'leader') {
      this.current = 'follower';
      await this.duties.stop();
    }
  }

  private async decide(): Promise<void> {
    const leading = await this.coordination.tryLead();
    if (leading && this.current === 'follower') {
      this.current = 'leader';
      this.logger.info('leading: the watcher and the sweeps run on this instance');
      await this.duties.start();
    } else if (!leading && this.current === 'leader') {
      this.current = 'follower';
      this.logger.warn(
        'no longer leading: another instance (or none, until the database answers) runs the watcher',
      );
      await this.duties.stop();
    } else if (leading) {
      await this.duties.sweep();
    }
  }
}
