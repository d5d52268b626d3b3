import { AzureError } from '../errors';

/**
 * What the Azure SDK's HTTP pipeline has already retried before a failure reaches us. Both the ARM clients
 * (`@azure/arm-*`) and the Bot Connector client (`botframework-connector`, on `@azure/core-client`) send every
 * request through `@azure/core-rest-pipeline`'s `defaultRetryPolicy`, which retries one request up to 3 times:
 * - throttlingRetryStrategy: 429 and 503 that carry `Retry-After` / `retry-after-ms` / `x-ms-retry-after-ms`,
 *   waiting what the header says;
 * - exponentialRetryStrategy: 408 and 5xx except 501 and 505 (1 s base, doubling, 64 s cap), and the system
 *   errors ETIMEDOUT, ESOCKETTIMEDOUT, ECONNREFUSED, ECONNRESET, ENOENT, ENOTFOUND.
 * (See @typespec/ts-http-runtime retryStrategies/, which core-rest-pipeline 1.2x delegates to.) Our own retries
 * are layered on top, so they take only what this leaves out — a 409 while another operation runs, a 429 without
 * Retry-After, Teams' 412, a send error that is no system error — or attempts would multiply: 3 of ours around
 * 4 sends each is 12 requests to a service that is already asking us to back off. This holds while the clients
 * keep the SDK default (`ArmGatewayOptions.retry` unset, as in app.ts).
 */
export function retriedByAzurePipeline(error: unknown): boolean {
  const { status, code, retryAfter } = factsOf(error);
  if (status === undefined) return code !== undefined && SYSTEM_ERRORS.has(code);
  if ((status === 429 || status === 503) && retryAfter !== undefined) return true;
  return status === 408 || (status >= 500 && status !== 501 && status !== 505);
}

const SYSTEM_ERRORS = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT',
  'ENOTFOUND',
]);

interface FailureFacts {
  status: number | undefined;
  code: string | undefined;
  retryAfter: string | undefined;
}

/** An AzureError (ARM, already converted) or the pipeline's own RestError (the Bot Connector client). */
function factsOf(error: unknown): FailureFacts {
  if (error instanceof AzureError)
    return { status: error.status, code: error.azureCode, retryAfter: error.retryAfter };
  const e = error as {
    statusCode?: unknown;
    code?: unknown;
    response?: { headers?: { get?(name: string): string | undefined } };
  };
  const header = (name: string) => e?.response?.headers?.get?.(name) ?? undefined;
  return {
    status: typeof e?.statusCode === 'number' ? e.statusCode : undefined,
    code: typeof e?.code === 'string' ? e.code : undefined,
    retryAfter: header('retry-after-ms') ?? header('x-ms-retry-after-ms') ?? header('retry-after'),
  };
}
