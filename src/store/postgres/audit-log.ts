import type { AuditEntry, AuditQuery, NewAuditEntry } from '../tracking-records';
import type { AuditLog } from '../store';
import { AUDIT_COLUMNS, type AuditRow, auditLimit, auditParams, toEntry } from '../sqlite/audit-log';
import { nul } from '../sqlite/sql-values';
import type { PgDatabase } from './pg-database';

/** auditParams' names and the columns they fill, in one order for the positional INSERT. */
const INSERTED: ReadonlyArray<[param: string, column: string]> = [
  ['at', 'at'],
  ['action', 'action'],
  ['actorId', 'actor_id'],
  ['actorName', 'actor_name'],
  ['tenantId', 'tenant_id'],
  ['requestId', 'request_id'],
  ['subscriptionId', 'subscription_id'],
  ['resourceGroup', 'resource_group'],
  ['serverName', 'server_name'],
  ['serverNameKey', 'server_name_key'],
  ['connectionName', 'connection_name'],
  ['reason', 'reason'],
  ['stateBefore', 'state_before'],
  ['stateAfter', 'state_after'],
  ['correlationId', 'correlation_id'],
  ['detail', 'detail'],
  ['writtenAs', 'written_as'],
];

const INSERT_SQL = `INSERT INTO audit_log (${INSERTED.map(([, c]) => c).join(', ')})
  VALUES (${INSERTED.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${AUDIT_COLUMNS}`;

/** Append-only by API and by the database: triggers refuse UPDATE, DELETE and TRUNCATE (see migrations.ts). */
export class PgAuditLog implements AuditLog {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => Date,
  ) {}

  async append(e: NewAuditEntry): Promise<AuditEntry> {
    const params = auditParams(e, this.now());
    const { rows } = await this.db.query<AuditRow>(
      INSERT_SQL,
      INSERTED.map(([p]) => params[p]),
    );
    if (!rows[0]) throw new Error('audit insert returned no row');
    return toEntry(rows[0]);
  }

  async list(q: AuditQuery = {}): Promise<AuditEntry[]> {
    // One statement for every filter combination: a NULL parameter means "any".
    const { rows } = await this.db.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log
       WHERE ($1::text IS NULL OR request_id = $1)
         AND ($2::text IS NULL OR server_name_key = $2)
         AND ($3::text[] IS NULL OR action = ANY($3::text[]))
         AND ($4::bigint IS NULL OR seq < $4)
       ORDER BY seq DESC LIMIT $5`,
      [
        nul(q.requestId),
        q.serverName === undefined ? null : q.serverName.toLowerCase(),
        q.action === undefined ? null : typeof q.action === 'string' ? [q.action] : q.action,
        nul(q.beforeSeq),
        auditLimit(q),
      ],
    );
    return rows.map(toEntry);
  }
}
