import type { Database, Statement } from 'better-sqlite3';
import type { Decision } from '../../domain/terms';
import type { DecisionOperationRecord } from '../tracking-records';
import type { OperationRepository } from '../store';
import { fromMs, nul, opt, optDate } from './sql-values';

export interface OperationRow {
  request_id: string;
  decision: string;
  resume_token: string;
  started_at: number;
  updated_at: number;
  attempts: number;
  finished_at: number | null;
  outcome: string | null;
  error: string | null;
  written_as: string | null;
}

export const OPERATION_COLUMNS =
  'request_id, decision, resume_token, started_at, updated_at, attempts, finished_at, outcome, error, written_as';

export function toOperation(row: OperationRow): DecisionOperationRecord {
  if (row.decision !== 'Approved' && row.decision !== 'Rejected')
    throw new Error('stored decision is invalid');
  const outcome = row.outcome === 'succeeded' || row.outcome === 'failed' ? row.outcome : undefined;
  return {
    requestId: row.request_id,
    decision: row.decision,
    resumeToken: row.resume_token,
    startedAt: fromMs(row.started_at),
    updatedAt: fromMs(row.updated_at),
    attempts: row.attempts,
    finishedAt: optDate(row.finished_at),
    outcome,
    error: opt(row.error),
    writtenAs: opt(row.written_as),
  };
}

/** One row per request: a retry after a failed operation replaces the finished one (the audit log keeps history). */
export class SqliteOperationRepository implements OperationRepository {
  private readonly upsert: Statement<[string, string, string, number, number, string | null]>;
  private readonly setToken: Statement<[string, number, string]>;
  private readonly bumpAttempts: Statement<[number, string], { attempts: number }>;
  private readonly select: Statement<[string], OperationRow>;
  private readonly selectUnfinished: Statement<[], OperationRow>;
  private readonly setFinished: Statement<[number, number, string, string | null, string]>;

  constructor(
    db: Database,
    private readonly now: () => Date,
  ) {
    this.upsert =
      db.prepare(`INSERT INTO operations (request_id, decision, resume_token, started_at, updated_at,
        written_as, attempts) VALUES (?, ?, ?, ?, ?, ?, 1)
      ON CONFLICT (request_id) DO UPDATE SET decision = excluded.decision, resume_token = excluded.resume_token,
        started_at = excluded.started_at, updated_at = excluded.updated_at, attempts = operations.attempts + 1,
        written_as = excluded.written_as, finished_at = NULL, outcome = NULL, error = NULL`);
    this.setToken = db.prepare(`UPDATE operations SET resume_token = ?, updated_at = ?
      WHERE request_id = ? AND finished_at IS NULL`);
    this.bumpAttempts = db.prepare(`UPDATE operations SET attempts = attempts + 1, updated_at = ?
      WHERE request_id = ? AND finished_at IS NULL RETURNING attempts`);
    this.select = db.prepare(`SELECT ${OPERATION_COLUMNS} FROM operations WHERE request_id = ?`);
    this.selectUnfinished = db.prepare(
      `SELECT ${OPERATION_COLUMNS} FROM operations WHERE finished_at IS NULL ORDER BY started_at, request_id`,
    );
    this.setFinished =
      db.prepare(`UPDATE operations SET finished_at = ?, updated_at = ?, outcome = ?, error = ?
      WHERE request_id = ? AND finished_at IS NULL`);
  }

  async begin(
    requestId: string,
    decision: Decision,
    resumeToken: string,
    writtenAs?: string,
  ): Promise<DecisionOperationRecord> {
    const now = this.now().getTime();
    this.upsert.run(requestId, decision, resumeToken, now, now, nul(writtenAs));
    const row = this.select.get(requestId);
    if (!row) throw new Error('operation vanished right after insert');
    return toOperation(row);
  }

  async updateResumeToken(requestId: string, resumeToken: string): Promise<boolean> {
    return this.setToken.run(resumeToken, this.now().getTime(), requestId).changes === 1;
  }

  async recordAttempt(requestId: string): Promise<number | undefined> {
    return this.bumpAttempts.get(this.now().getTime(), requestId)?.attempts;
  }

  async get(requestId: string): Promise<DecisionOperationRecord | undefined> {
    const row = this.select.get(requestId);
    return row ? toOperation(row) : undefined;
  }

  async listUnfinished(): Promise<DecisionOperationRecord[]> {
    return this.selectUnfinished.all().map(toOperation);
  }

  async finish(requestId: string, outcome: 'succeeded' | 'failed', error?: string): Promise<boolean> {
    const now = this.now().getTime();
    return this.setFinished.run(now, now, outcome, nul(error), requestId).changes === 1;
  }
}
