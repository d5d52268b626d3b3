import type { Decision } from '../../domain/terms';
import type { DecisionOperationRecord } from '../tracking-records';
import type { OperationRepository } from '../store';
import { OPERATION_COLUMNS, type OperationRow, toOperation } from '../sqlite/operation-repository';
import { nul } from '../sqlite/sql-values';
import type { PgDatabase } from './pg-database';

/** Long-running decisions on PostgreSQL: one row per request, a retry replaces a finished one. */
export class PgOperationRepository implements OperationRepository {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => Date,
  ) {}

  async begin(
    requestId: string,
    decision: Decision,
    resumeToken: string,
    writtenAs?: string,
  ): Promise<DecisionOperationRecord> {
    const now = this.now().getTime();
    const { rows } = await this.db.query<OperationRow>(
      `INSERT INTO operations (request_id, decision, resume_token, started_at, updated_at, written_as, attempts)
       VALUES ($1, $2, $3, $4, $4, $5, 1)
       ON CONFLICT (request_id) DO UPDATE SET decision = excluded.decision, resume_token = excluded.resume_token,
         started_at = excluded.started_at, updated_at = excluded.updated_at, attempts = operations.attempts + 1,
         written_as = excluded.written_as, finished_at = NULL, outcome = NULL, error = NULL
       RETURNING ${OPERATION_COLUMNS}`,
      [requestId, decision, resumeToken, now, nul(writtenAs)],
    );
    if (!rows[0]) throw new Error('operation vanished right after insert');
    return toOperation(rows[0]);
  }

  async updateResumeToken(requestId: string, resumeToken: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE operations SET resume_token = $1, updated_at = $2 WHERE request_id = $3 AND finished_at IS NULL`,
      [resumeToken, this.now().getTime(), requestId],
    );
    return rowCount === 1;
  }

  async recordAttempt(requestId: string): Promise<number | undefined> {
    const { rows } = await this.db.query<{ attempts: number }>(
      `UPDATE operations SET attempts = attempts + 1, updated_at = $1
       WHERE request_id = $2 AND finished_at IS NULL RETURNING attempts`,
      [this.now().getTime(), requestId],
    );
    return rows[0]?.attempts;
  }

  async get(requestId: string): Promise<DecisionOperationRecord | undefined> {
    const { rows } = await this.db.query<OperationRow>(
      `SELECT ${OPERATION_COLUMNS} FROM operations WHERE request_id = $1`,
      [requestId],
    );
    return rows[0] ? toOperation(rows[0]) : undefined;
  }

  async listUnfinished(): Promise<DecisionOperationRecord[]> {
    const { rows } = await this.db.query<OperationRow>(
      `SELECT ${OPERATION_COLUMNS} FROM operations WHERE finished_at IS NULL ORDER BY started_at, request_id`,
    );
    return rows.map(toOperation);
  }

  async finish(requestId: string, outcome: 'succeeded' | 'failed', error?: string): Promise<boolean> {
    const now = this.now().getTime();
    const { rowCount } = await this.db.query(
      `UPDATE operations SET finished_at = $1, updated_at = $1, outcome = $2, error = $3
       WHERE request_id = $4 AND finished_at IS NULL`,
      [now, outcome, nul(error), requestId],
    );
    return rowCount === 1;
  }
}
