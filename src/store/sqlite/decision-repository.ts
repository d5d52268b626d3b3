import type { Database, Statement } from 'better-sqlite3';
import type { ClaimResult, DecisionClaim } from '../request-records';
import { CLAIMABLE_STATUSES } from '../request-records';
import type { DecisionRepository } from '../store';
import { nul } from './sql-values';
import { REQUEST_COLUMNS, type RequestRow, toRequest } from './request-rows';

type Params = Record<string, string | number | null>;

/** How often (at most) markActivityProcessed also prunes old ids: pruning is cheap but need not run per tap. */
const PRUNE_EVERY_MS = 60_000;

/** First decision wins, and each invoke activity is handled once. */
export class SqliteDecisionRepository implements DecisionRepository {
  private readonly byId: Statement<[string], RequestRow>;
  private readonly claim: Statement<[Params]>;
  private readonly insertActivity: Statement<[string, number]>;
  private readonly deleteActivities: Statement<[number]>;
  private lastPruneMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    /** Teams redelivers within seconds to minutes; a day of ids is plenty and keeps the table small. */
    private readonly activityRetentionMs: number,
  ) {
    this.byId = db.prepare(`SELECT ${REQUEST_COLUMNS} FROM requests WHERE id = ?`);
    // A new claim replaces everything a failed earlier attempt left (decision, actor, error, times).
    this.claim = db.prepare(`UPDATE requests SET status = 'deciding', updated_at = @now, decision = @decision,
        decided_by_id = @actorId, decided_by_name = @actorName, reason = @reason, claimed_at = @now,
        decided_at = NULL, invoke_activity_id = @activityId, last_error = NULL
      WHERE id = @id AND status IN (SELECT value FROM json_each(@claimable))`);
    this.insertActivity = db.prepare(
      'INSERT INTO processed_activities (activity_id, processed_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
    this.deleteActivities = db.prepare('DELETE FROM processed_activities WHERE processed_at < ?');
  }

  async claimDecision(requestId: string, c: DecisionClaim): Promise<ClaimResult> {
    // BEGIN IMMEDIATE takes the write lock before reading, so another connection (another instance on the same
    // file) cannot claim between our read and our write; it waits (busy_timeout) and then sees `deciding`.
    const run = this.db.transaction((): ClaimResult => {
      const { changes } = this.claim.run({
        id: requestId,
        now: this.now().getTime(),
        decision: c.decision,
        actorId: c.actorId,
        actorName: c.actorName,
        reason: nul(c.reason),
        activityId: nul(c.invokeActivityId),
        claimable: JSON.stringify(CLAIMABLE_STATUSES),
      });
      const row = this.byId.get(requestId);
      const request = row ? toRequest(row) : undefined;
      if (changes === 1 && request) return { claimed: true, request };
      return { claimed: false, existing: request };
    });
    return run.immediate();
  }

  async markActivityProcessed(activityId: string): Promise<boolean> {
    const nowMs = this.now().getTime();
    if (nowMs - this.lastPruneMs >= PRUNE_EVERY_MS) {
      this.lastPruneMs = nowMs;
      this.deleteActivities.run(nowMs - this.activityRetentionMs);
    }
    return this.insertActivity.run(activityId, nowMs).changes === 1;
  }

  async pruneProcessedActivities(olderThan: Date): Promise<number> {
    return this.deleteActivities.run(olderThan.getTime()).changes;
  }
}
