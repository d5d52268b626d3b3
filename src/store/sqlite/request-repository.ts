import type { Database, Statement } from 'better-sqlite3';
import type { ServerRef } from '../../domain/resource-ids';
import { factoryId, serverId } from '../../domain/resource-ids';
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
import { nul, optMs } from './sql-values';
import { REQUEST_COLUMNS, type RequestRow, toRequest } from './request-rows';
import { statusColumns } from '../status-change';

export function serverKey(server: ServerRef): string {
  return serverId(server).toLowerCase();
}

type Params = Record<string, string | number | null>;

export class SqliteRequestRepository implements RequestRepository {
  private readonly insert: Statement<[Params]>;
  private readonly byId: Statement<[string], RequestRow>;
  private readonly byConnection: Statement<[string], RequestRow>;
  private readonly byStatuses: Statement<[string], RequestRow>;
  private readonly awaitingFactory: Statement<[number], RequestRow>;
  private readonly byServer: Statement<[string, number, string, number], RequestRow>;
  private readonly setStatus: Statement<[Params]>;
  private readonly setAnnotations: Statement<[Params]>;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {
    this.insert = db.prepare(`INSERT INTO requests (id, connection_key, connection_id, subscription_id,
        resource_group, server_name, server_key, connection_name, private_endpoint_id, description, requester_id,
        requester_name, requester_teams_id, factory_name, mpe_name, factory_id, first_seen_at, status, updated_at)
      VALUES (@id, @connectionKey, @connectionId, @subscriptionId, @resourceGroup, @serverName, @serverKey,
        @connectionName, @privateEndpointId, @description, @requesterId, @requesterName, @requesterTeamsId,
        @factoryName, @mpeName, @factoryId, @firstSeenAt, 'pending', @now)
      ON CONFLICT DO NOTHING`);
    this.byId = db.prepare(`SELECT ${REQUEST_COLUMNS} FROM requests WHERE id = ?`);
    this.byConnection = db.prepare(`SELECT ${REQUEST_COLUMNS} FROM requests WHERE connection_key = ?`);
    // json_each keeps one prepared statement for any number of statuses.
    this.byStatuses = db.prepare(`SELECT ${REQUEST_COLUMNS} FROM requests
      WHERE status IN (SELECT value FROM json_each(?)) ORDER BY first_seen_at, id`);
    this.awaitingFactory = db.prepare(`SELECT ${REQUEST_COLUMNS} FROM requests
      WHERE status IN ('approved', 'rejected', 'decided-elsewhere') AND factory_id IS NOT NULL
        AND adf_sync_seen_at IS NULL AND COALESCE(decided_at, updated_at) >= ?
      ORDER BY first_seen_at, id`);
    this.byServer = db.prepare(`SELECT ${REQUEST_COLUMNS} FROM requests
      WHERE server_key = ? AND (? = 0 OR status IN (SELECT value FROM json_each(?)))
      ORDER BY first_seen_at DESC, id LIMIT ?`);
    this.setStatus = db.prepare(`UPDATE requests SET status = @next, updated_at = @now, decision = @decision,
        decided_by_id = @byId, decided_by_name = @byName, reason = @reason, decided_at = @decidedAt,
        last_error = @lastError
      WHERE id = @id AND status = @current`);
    this.setAnnotations = db.prepare(`UPDATE requests SET updated_at = @now,
        requester_id = COALESCE(@requesterId, requester_id), requester_name = COALESCE(@requesterName, requester_name),
        requester_teams_id = COALESCE(@requesterTeamsId, requester_teams_id),
        factory_name = COALESCE(@factoryName, factory_name), mpe_name = COALESCE(@mpeName, mpe_name),
        factory_id = COALESCE(@factoryId, factory_id), adf_sync_seen_at = COALESCE(@adfSyncSeenAt, adf_sync_seen_at)
      WHERE id = @id`);
  }

  async insertIfAbsent(r: NewRequest): Promise<{ request: ApprovalRequest; created: boolean }> {
    const key = connectionKey(r.connectionId);
    const now = this.now();
    const { changes } = this.insert.run({
      id: requestIdFor(r.connectionId),
      connectionKey: key,
      connectionId: r.connectionId,
      subscriptionId: r.server.subscriptionId,
      resourceGroup: r.server.resourceGroup,
      serverName: r.server.serverName,
      serverKey: serverKey(r.server),
      connectionName: r.connectionName,
      privateEndpointId: r.privateEndpointId,
      description: r.description,
      ...annotationParams({ requester: r.requester, factoryEndpoint: r.factoryEndpoint }),
      firstSeenAt: (r.firstSeenAt ?? now).getTime(),
      now: now.getTime(),
    });
    // Rows are never deleted, so the row that won the insert is still there to read.
    const row = this.byConnection.get(key);
    if (!row) throw new Error('request vanished right after insert');
    return { request: toRequest(row), created: changes === 1 };
  }

  async get(id: string): Promise<ApprovalRequest | undefined> {
    const row = this.byId.get(id);
    return row ? toRequest(row) : undefined;
  }

  async getByConnectionId(connectionId: string): Promise<ApprovalRequest | undefined> {
    const row = this.byConnection.get(connectionKey(connectionId));
    return row ? toRequest(row) : undefined;
  }

  async listByStatus(statuses: readonly RequestStatus[]): Promise<ApprovalRequest[]> {
    return this.byStatuses.all(JSON.stringify(statuses)).map(toRequest);
  }

  async listAwaitingFactory(decidedSince: Date): Promise<ApprovalRequest[]> {
    return this.awaitingFactory.all(decidedSince.getTime()).map(toRequest);
  }

  async listOpen(): Promise<ApprovalRequest[]> {
    return this.listByStatus(OPEN_STATUSES);
  }

  async listByServer(
    server: ServerRef,
    options?: { openOnly?: boolean; limit?: number },
  ): Promise<ApprovalRequest[]> {
    const openOnly = options?.openOnly ? 1 : 0;
    const limit = options?.limit ?? -1; // SQLite: a negative LIMIT means no limit
    return this.byServer
      .all(serverKey(server), openOnly, JSON.stringify(OPEN_STATUSES), limit)
      .map(toRequest);
  }

  async updateStatus(
    id: string,
    expected: RequestStatus | readonly RequestStatus[],
    next: RequestStatus,
    change: StatusChange = {},
  ): Promise<boolean> {
    const allowed: readonly RequestStatus[] = typeof expected === 'string' ? [expected] : expected;
    // Read, check and write in one BEGIN IMMEDIATE transaction; `status = @current` in the UPDATE repeats the
    // check so the statement is a compare-and-set on its own too.
    const cas = this.db.transaction((): boolean => {
      const row = this.byId.get(id);
      if (!row || !allowed.some((s) => s === row.status)) return false;
      const now = this.now();
      return (
        this.setStatus.run({
          id,
          current: row.status,
          next,
          now: now.getTime(),
          ...statusColumns(row, next, change, now),
        }).changes === 1
      );
    });
    return cas.immediate();
  }

  async annotate(id: string, annotations: RequestAnnotations): Promise<boolean> {
    const params = {
      id,
      now: this.now().getTime(),
      ...annotationParams(annotations),
      adfSyncSeenAt: optMs(annotations.adfSyncSeenAt),
    };
    return this.setAnnotations.run(params).changes === 1;
  }
}

export function annotationParams(a: RequestAnnotations): Params {
  const f = a.factoryEndpoint;
  return {
    requesterId: nul(a.requester?.aadObjectId),
    requesterName: nul(a.requester?.name),
    requesterTeamsId: nul(a.requester?.teamsUserId),
    factoryName: nul(f?.factoryName),
    mpeName: nul(f?.managedPrivateEndpointName),
    factoryId: f?.factory ? factoryId(f.factory) : null,
  };
}
