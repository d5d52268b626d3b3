import type { ServerRef } from '../../domain/resource-ids';
import type {
  ApprovalRequest,
  NewRequest,
  RequestAnnotations,
  RequestStatus,
  StatusChange,
} from '../request-records';
import { OPEN_STATUSES } from '../request-records';
import { connectionKey, requestIdFor } from '../request-id';
import type { RequestRepository } from '../store';
import { statusColumns } from '../status-change';
import { annotationParams, serverKey } from '../sqlite/request-repository';
import { REQUEST_COLUMNS, type RequestRow, toRequest } from '../sqlite/request-rows';
import { optMs } from '../sqlite/sql-values';
import type { PgDatabase } from './pg-database';

/** Approval requests on PostgreSQL; every read-check-write is one statement or one transaction with a row lock. */
export class PgRequestRepository implements RequestRepository {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => Date,
  ) {}

  async insertIfAbsent(r: NewRequest): Promise<{ request: ApprovalRequest; created: boolean }> {
    const key = connectionKey(r.connectionId);
    const now = this.now();
    const a = annotationParams({ requester: r.requester, factoryEndpoint: r.factoryEndpoint });
    const { rowCount } = await this.db.query(
      `INSERT INTO requests (id, connection_key, connection_id, subscription_id, resource_group, server_name,
         server_key, connection_name, private_endpoint_id, description, requester_id, requester_name,
         factory_name, mpe_name, factory_id, first_seen_at, status, updated_at, requester_teams_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'pending', $17, $18)
       ON CONFLICT DO NOTHING`,
      [
        requestIdFor(r.connectionId),
        key,
        r.connectionId,
        r.server.subscriptionId,
        r.server.resourceGroup,
        r.server.serverName,
        serverKey(r.server),
        r.connectionName,
        r.privateEndpointId,
        r.description,
        a['requesterId'],
        a['requesterName'],
        a['factoryName'],
        a['mpeName'],
        a['factoryId'],
        (r.firstSeenAt ?? now).getTime(),
        now.getTime(),
        a['requesterTeamsId'],
      ],
    );
    // Rows are never deleted, so the row that won the insert is there to read.
    const request = await this.getByConnectionId(r.connectionId);
    if (!request) throw new Error('request vanished right after insert');
    return { request, created: rowCount === 1 };
  }

  async get(id: string): Promise<ApprovalRequest | undefined> {
    return this.one('id = $1', [id]);
  }

  async getByConnectionId(connectionId: string): Promise<ApprovalRequest | undefined> {
    return this.one('connection_key = $1', [connectionKey(connectionId)]);
  }

  async listByStatus(statuses: readonly RequestStatus[]): Promise<ApprovalRequest[]> {
    const { rows } = await this.db.query<RequestRow>(
      `SELECT ${REQUEST_COLUMNS} FROM requests WHERE status = ANY($1::text[]) ORDER BY first_seen_at, id`,
      [statuses],
    );
    return rows.map(toRequest);
  }

  async listAwaitingFactory(decidedSince: Date): Promise<ApprovalRequest[]> {
    const { rows } = await this.db.query<RequestRow>(
      `SELECT ${REQUEST_COLUMNS} FROM requests
       WHERE status IN ('approved', 'rejected', 'decided-elsewhere') AND factory_id IS NOT NULL
         AND adf_sync_seen_at IS NULL AND COALESCE(decided_at, updated_at) >= $1
       ORDER BY first_seen_at, id`,
      [decidedSince.getTime()],
    );
    return rows.map(toRequest);
  }

  async listOpen(): Promise<ApprovalRequest[]> {
    return this.listByStatus(OPEN_STATUSES);
  }

  async listByServer(
    server: ServerRef,
    options?: { openOnly?: boolean; limit?: number },
  ): Promise<ApprovalRequest[]> {
    // A NULL status list means any status; a NULL limit means LIMIT ALL.
    const { rows } = await this.db.query<RequestRow>(
      `SELECT ${REQUEST_COLUMNS} FROM requests
       WHERE server_key = $1 AND ($2::text[] IS NULL OR status = ANY($2::text[]))
       ORDER BY first_seen_at DESC, id LIMIT $3`,
      [serverKey(server), options?.openOnly ? OPEN_STATUSES : null, options?.limit ?? null],
    );
    return rows.map(toRequest);
  }

  async updateStatus(
    id: string,
    expected: RequestStatus | readonly RequestStatus[],
    next: RequestStatus,
    change: StatusChange = {},
  ): Promise<boolean> {
    const allowed: readonly RequestStatus[] = typeof expected === 'string' ? [expected] : expected;
    // FOR UPDATE holds the row from the check to the write: a concurrent change waits, then sees ours.
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<RequestRow>(
        `SELECT ${REQUEST_COLUMNS} FROM requests WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const row = rows[0];
      if (!row || !allowed.some((s) => s === row.status)) return false;
      const now = this.now();
      const c = statusColumns(row, next, change, now);
      const { rowCount } = await tx.query(
        `UPDATE requests SET status = $1, updated_at = $2, decision = $3, decided_by_id = $4,
           decided_by_name = $5, reason = $6, decided_at = $7, last_error = $8
         WHERE id = $9 AND status = $10`,
        [
          next,
          now.getTime(),
          c.decision,
          c.byId,
          c.byName,
          c.reason,
          c.decidedAt,
          c.lastError,
          id,
          row.status,
        ],
      );
      return rowCount === 1;
    });
  }

  async annotate(id: string, annotations: RequestAnnotations): Promise<boolean> {
    const a = annotationParams(annotations);
    const { rowCount } = await this.db.query(
      `UPDATE requests SET updated_at = $1,
         requester_id = COALESCE($2, requester_id), requester_name = COALESCE($3, requester_name),
         factory_name = COALESCE($4, factory_name), mpe_name = COALESCE($5, mpe_name),
         factory_id = COALESCE($6, factory_id), adf_sync_seen_at = COALESCE($7, adf_sync_seen_at),
         requester_teams_id = COALESCE($9, requester_teams_id)
       WHERE id = $8`,
      [
        this.now().getTime(),
        a['requesterId'],
        a['requesterName'],
        a['factoryName'],
        a['mpeName'],
        a['factoryId'],
        optMs(annotations.adfSyncSeenAt),
        id,
        a['requesterTeamsId'],
      ],
    );
    return rowCount === 1;
  }

  private async one(where: string, params: unknown[]): Promise<ApprovalRequest | undefined> {
    const { rows } = await this.db.query<RequestRow>(
      `SELECT ${REQUEST_COLUMNS} FROM requests WHERE ${where}`,
      params,
    );
    return rows[0] ? toRequest(rows[0]) : undefined;
  }
}
