/** The `requests` row and its mapping to the ApprovalRequest record (shared by the request and decision repositories). */
import type { Decision } from '../../domain/terms';
import { parseFactoryId } from '../../domain/resource-ids';
import type { ApprovalRequest, FactoryEndpoint, RecordedDecision, RequestStatus } from '../request-records';
import { REQUEST_STATUSES } from '../request-records';
import { fromMs, opt, optActor, optDate } from './sql-values';

export interface RequestRow {
  id: string;
  connection_key: string;
  connection_id: string;
  subscription_id: string;
  resource_group: string;
  server_name: string;
  server_key: string;
  connection_name: string;
  private_endpoint_id: string;
  description: string;
  requester_id: string | null;
  requester_name: string | null;
  requester_teams_id: string | null;
  factory_name: string | null;
  mpe_name: string | null;
  factory_id: string | null;
  first_seen_at: number;
  status: string;
  updated_at: number;
  decision: string | null;
  decided_by_id: string | null;
  decided_by_name: string | null;
  reason: string | null;
  claimed_at: number | null;
  decided_at: number | null;
  invoke_activity_id: string | null;
  last_error: string | null;
  adf_sync_seen_at: number | null;
}

export const REQUEST_COLUMNS = `id, connection_key, connection_id, subscription_id, resource_group, server_name,
  server_key, connection_name, private_endpoint_id, description, requester_id, requester_name, factory_name,
  mpe_name, factory_id, first_seen_at, status, updated_at, decision, decided_by_id, decided_by_name, reason,
  claimed_at, decided_at, invoke_activity_id, last_error, adf_sync_seen_at, requester_teams_id`;

function asStatus(value: string): RequestStatus {
  const status = REQUEST_STATUSES.find((s) => s === value);
  if (!status) throw new Error(`stored request status is invalid: ${value}`);
  return status;
}

function asDecision(value: string | null): Decision | undefined {
  if (value === null) return undefined;
  if (value === 'Approved' || value === 'Rejected') return value;
  throw new Error(`stored decision is invalid: ${value}`);
}

function toFactoryEndpoint(row: RequestRow): FactoryEndpoint | undefined {
  if (row.factory_name === null || row.mpe_name === null) return undefined;
  const factory = row.factory_id === null ? undefined : parseFactoryId(row.factory_id);
  return { factoryName: row.factory_name, managedPrivateEndpointName: row.mpe_name, factory };
}

function toDecision(row: RequestRow): RecordedDecision | undefined {
  const decision: RecordedDecision = {
    decision: asDecision(row.decision),
    by: optActor(row.decided_by_id, row.decided_by_name),
    reason: opt(row.reason),
    claimedAt: optDate(row.claimed_at),
    decidedAt: optDate(row.decided_at),
    invokeActivityId: opt(row.invoke_activity_id),
  };
  const present = Object.values(decision).some((v) => v !== undefined);
  return present ? decision : undefined;
}

export function toRequest(row: RequestRow): ApprovalRequest {
  return {
    id: row.id,
    connectionId: row.connection_id,
    server: {
      subscriptionId: row.subscription_id,
      resourceGroup: row.resource_group,
      serverName: row.server_name,
    },
    connectionName: row.connection_name,
    privateEndpointId: row.private_endpoint_id,
    description: row.description,
    requester: optActor(row.requester_id, row.requester_name, row.requester_teams_id),
    factoryEndpoint: toFactoryEndpoint(row),
    firstSeenAt: fromMs(row.first_seen_at),
    status: asStatus(row.status),
    updatedAt: fromMs(row.updated_at),
    decision: toDecision(row),
    lastError: opt(row.last_error),
    adfSyncSeenAt: optDate(row.adf_sync_seen_at),
  };
}
