import type { ClaimResult, DecisionClaim } from '../request-records';
import { CLAIMABLE_STATUSES } from '../request-records';
import type { DecisionRepository } from '../store';
import { REQUEST_COLUMNS, type RequestRow, toRequest } from '../sqlite/request-rows';
import { nul } from '../sqlite/sql-values';
import type { PgDatabase } from './pg-database';

/** How often (at most) markActivityProcessed also prunes old ids: pruning is cheap but need not run per tap. */
const PRUNE_EVERY_MS = 60_000;

/** First decision wins, and each invoke activity is handled once, across every instance on the database. */
export class PgDecisionRepository implements DecisionRepository {
  private lastPruneMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => Date,
    private readonly activityRetentionMs: number,
  ) {}

  async claimDecision(requestId: string, c: DecisionClaim): Promise<ClaimResult> {
    // One UPDATE is the compare-and-set: a concurrent claim waits for our row lock, then re-checks the status
    // (READ COMMITTED re-evaluates the WHERE on the committed row) and finds `deciding`.
    const now = this.now().getTime();
    const claimed = await this.db.query<RequestRow>(
      `UPDATE requests SET status = 'deciding', updated_at = $2, decision = $3, decided_by_id = $4,
         decided_by_name = $5, reason = $6, claimed_at = $2, decided_at = NULL, invoke_activity_id = $7,
         last_error = NULL
       WHERE id = $1 AND status = ANY($8::text[])
       RETURNING ${REQUEST_COLUMNS}`,
      [
        requestId,
        now,
        c.decision,
        c.actorId,
        c.actorName,
        nul(c.reason),
        nul(c.invokeActivityId),
        CLAIMABLE_STATUSES,
      ],
    );
    if (claimed.rows[0]) return { claimed: true, request: toRequest(claimed.rows[0]) };
    const { rows } = await this.db.query<RequestRow>(
      `SELECT ${REQUEST_COLUMNS} FROM requests WHERE id = $1`,
      [requestId],
    );
    return { claimed: false, existing: rows[0] ? toRequest(rows[0]) : undefined };
  }

  async markActivityProcessed(activityId: string): Promise<boolean> {
    const nowMs = this.now().getTime();
    if (nowMs - this.lastPruneMs >= PRUNE_EVERY_MS) {
      this.lastPruneMs = nowMs;
      await this.pruneProcessedActivities(new Date(nowMs - this.activityRetentionMs));
    }
    const { rowCount } = await this.db.query(
      'INSERT INTO processed_activities (activity_id, processed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [activityId, nowMs],
    );
    return rowCount === 1;
  }

  async pruneProcessedActivities(olderThan: Date): Promise<number> {
    return (
      await this.db.query('DELETE FROM processed_activities WHERE processed_at < $1', [olderThan.getTime()])
    ).rowCount;
  }
}
