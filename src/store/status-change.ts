import type { RequestStatus, StatusChange } from './request-records';
import type { RequestRow } from './sqlite/request-rows';
import { nul } from './sqlite/sql-values';

/** Statuses after which the decision is final: `decidedAt` defaults to now when moving into one. */
const FINAL: readonly RequestStatus[] = ['approved', 'rejected', 'decided-elsewhere', 'gone'];
/** Outside Teams, nobody in Teams decided: these transitions replace rather than keep the claimed decision. */
const DECIDED_OUTSIDE: readonly RequestStatus[] = ['decided-elsewhere', 'gone'];

/** The decision columns a status change writes, given the row it changes (the same rule for every database). */
export interface StatusColumns {
  decision: string | null;
  byId: string | null;
  byName: string | null;
  reason: string | null;
  decidedAt: number | null;
  lastError: string | null;
}

export function statusColumns(
  row: RequestRow,
  next: RequestStatus,
  change: StatusChange,
  now: Date,
): StatusColumns {
  const replace = DECIDED_OUTSIDE.includes(next);
  const decidedAt = change.decidedAt ?? (FINAL.includes(next) ? now : undefined);
  return {
    decision: replace ? nul(change.decision) : (change.decision ?? row.decision),
    byId: replace ? nul(change.by?.aadObjectId) : (change.by?.aadObjectId ?? row.decided_by_id),
    byName: replace ? nul(change.by?.name) : (change.by?.name ?? row.decided_by_name),
    reason: replace ? nul(change.reason) : (change.reason ?? row.reason),
    decidedAt: decidedAt ? decidedAt.getTime() : row.decided_at,
    lastError: change.lastError ?? (next === 'failed' ? row.last_error : null),
  };
}
