import type { Database, Statement } from 'better-sqlite3';
import type { AuditEntry, AuditQuery, NewAuditEntry } from '../tracking-records';
import type { AuditLog } from '../store';
import { fromMs, nul, opt, optActor } from './sql-values';

export interface AuditRow {
  seq: number;
  at: number;
  action: string;
  actor_id: string | null;
  actor_name: string | null;
  tenant_id: string | null;
  request_id: string | null;
  subscription_id: string | null;
  resource_group: string | null;
  server_name: string | null;
  connection_name: string | null;
  reason: string | null;
  state_before: string | null;
  state_after: string | null;
  correlation_id: string | null;
  detail: string | null;
  written_as: string | null;
}

export type Params = Record<string, string | number | null>;

export const AUDIT_COLUMNS = `seq, at, action, actor_id, actor_name, tenant_id, request_id, subscription_id, resource_group,
  server_name, connection_name, reason, state_before, state_after, correlation_id, detail, written_as`;

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

export function toEntry(row: AuditRow): AuditEntry {
  const server =
    row.subscription_id !== null && row.resource_group !== null && row.server_name !== null
      ? {
          subscriptionId: row.subscription_id,
          resourceGroup: row.resource_group,
          serverName: row.server_name,
        }
      : undefined;
  return {
    seq: row.seq,
    at: fromMs(row.at),
    action: row.action,
    actor: optActor(row.actor_id, row.actor_name),
    tenantId: opt(row.tenant_id),
    requestId: opt(row.request_id),
    server,
    connectionName: opt(row.connection_name),
    reason: opt(row.reason),
    stateBefore: opt(row.state_before),
    stateAfter: opt(row.state_after),
    correlationId: opt(row.correlation_id),
    detail: opt(row.detail),
    writtenAs: opt(row.written_as),
  };
}

/** The columns of a new entry (named as the SQLite statement's parameters); the store's clock stamps `at`. */
export function auditParams(e: NewAuditEntry, now: Date): Params {
  return {
    at: now.getTime(),
    action: e.action,
    actorId: nul(e.actor?.aadObjectId),
    actorName: nul(e.actor?.name),
    tenantId: nul(e.tenantId),
    requestId: nul(e.requestId),
    subscriptionId: nul(e.server?.subscriptionId),
    resourceGroup: nul(e.server?.resourceGroup),
    serverName: nul(e.server?.serverName),
    serverNameKey: e.server ? e.server.serverName.toLowerCase() : null,
    connectionName: nul(e.connectionName),
    reason: nul(e.reason),
    stateBefore: nul(e.stateBefore),
    stateAfter: nul(e.stateAfter),
    correlationId: nul(e.correlationId),
    detail: nul(e.detail),
    writtenAs: nul(e.writtenAs),
  };
}

/** Default 50, at least 1, at most 500. */
export function auditLimit(q: AuditQuery): number {
  return Math.min(Math.max(Math.trunc(q.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
}

/** Append-only by API (no update/delete methods) and by schema (triggers that abort UPDATE and DELETE). */
export class SqliteAuditLog implements AuditLog {
  private readonly insert: Statement<[Params], AuditRow>;
  private readonly query: Statement<[Params], AuditRow>;

  constructor(
    db: Database,
    private readonly now: () => Date,
  ) {
    this.insert = db.prepare(`INSERT INTO audit_log (at, action, actor_id, actor_name, tenant_id, request_id,
        subscription_id, resource_group, server_name, server_name_key, connection_name, reason, state_before,
        state_after, correlation_id, detail, written_as)
      VALUES (@at, @action, @actorId, @actorName, @tenantId, @requestId, @subscriptionId, @resourceGroup,
        @serverName, @serverNameKey, @connectionName, @reason, @stateBefore, @stateAfter, @correlationId,
        @detail, @writtenAs)
      RETURNING ${AUDIT_COLUMNS}`);
    // One statement for every filter combination: a NULL parameter means "any".
    this.query = db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit_log
      WHERE (@requestId IS NULL OR request_id = @requestId)
        AND (@serverNameKey IS NULL OR server_name_key = @serverNameKey)
        AND (@actions IS NULL OR action IN (SELECT value FROM json_each(@actions)))
        AND (@beforeSeq IS NULL OR seq < @beforeSeq)
      ORDER BY seq DESC LIMIT @limit`);
  }

  async append(e: NewAuditEntry): Promise<AuditEntry> {
    const row = this.insert.get(auditParams(e, this.now()));
    if (!row) throw new Error('audit insert returned no row');
    return toEntry(row);
  }

  async list(q: AuditQuery = {}): Promise<AuditEntry[]> {
    const limit = auditLimit(q);
    return this.query
      .all({
        requestId: nul(q.requestId),
        serverNameKey: q.serverName === undefined ? null : q.serverName.toLowerCase(),
        actions:
          q.action === undefined
            ? null
            : JSON.stringify(typeof q.action === 'string' ? [q.action] : q.action),
        beforeSeq: nul(q.beforeSeq),
        limit,
      })
      .map(toEntry);
  }
}
