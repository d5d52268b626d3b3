import type { JsonObject } from './json';
import type { ActivityError } from './world-state';

/** How a probe (a Lookup through the PostgreSQL connector) ends, in the form Data Factory reports activity runs. */
export type ProbeFailureReason =
  | 'linked-service-unusable'
  | 'linked-service-invalid'
  | 'unknown-host'
  | 'runtime-outside-managed-vnet'
  | 'private-endpoint-not-approved'
  | 'wrong-port'
  | 'ssl-required'
  | 'database-missing';

export type ProbeOutcome =
  { ok: true; output: JsonObject } | { ok: false; reason: ProbeFailureReason; error: ActivityError };

export function success(runtime: string): ProbeOutcome {
  return {
    ok: true,
    output: { count: 1, firstRow: { '?column?': 1 }, effectiveIntegrationRuntime: runtime },
  };
}

/**
 * A failed Lookup as Data Factory reports it: errorCode 2200, failureType UserError, and the message wrapping the
 * connector's error as `ErrorCode=<code>,'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,
 * Message=<text>,Source=<component>,'` (the shape of real activity errors, e.g. MicrosoftDocs/azure-docs issue
 * #44548). The inner codes and texts are UNCONFIRMED for this connector.
 */
export function failure(
  target: string,
  reason: ProbeFailureReason,
  inner: string,
  code = 'AzurePostgreSqlConnectionFailed',
): ProbeOutcome {
  return {
    ok: false,
    reason,
    error: {
      errorCode: '2200',
      message: `Failure happened on 'Source' side. ErrorCode=${code},'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=${inner},Source=Microsoft.DataTransfer.Connectors.AzurePostgreSql,'`,
      failureType: 'UserError',
      target,
    },
  };
}
