import { isRestError } from '@azure/core-rest-pipeline';
import { AzureError, type ErrorCode } from '../errors';

/** ARM's error code to the product's stable code. ARM codes vary by resource provider; status decides the rest. */
function codeFor(status: number | undefined, azureCode: string | undefined): ErrorCode {
  if (status === 404 || /NotFound$/i.test(azureCode ?? '')) return 'AZURE_NOT_FOUND';
  if (status === 409) return 'AZURE_CONFLICT';
  if (status === 401) return 'AZURE_UNAUTHORIZED';
  if (status === 403) return 'AZURE_FORBIDDEN';
  if (status === 429) return 'AZURE_THROTTLED';
  if (status === 400) return 'AZURE_BAD_REQUEST';
  if (status !== undefined && status >= 500) return 'AZURE_UNAVAILABLE';
  if (
    status === undefined &&
    azureCode &&
    /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|REQUEST_SEND_ERROR)$/.test(azureCode)
  )
    return 'AZURE_UNAVAILABLE';
  return 'AZURE_UNEXPECTED';
}

/** Converts whatever an SDK call threw into an AzureError with a stable code; passes AzureErrors through. */
export function toAzureError(error: unknown, operation: string): AzureError {
  if (error instanceof AzureError) return error;
  if (isRestError(error)) {
    const status = error.statusCode;
    const azureCode = error.code;
    const correlationId = error.response?.headers.get('x-ms-correlation-request-id') ?? undefined;
    const retryAfter = retryAfterOf(error.response?.headers);
    return new AzureError(
      codeFor(status, azureCode),
      `${operation} failed${status ? ` (${status}${azureCode ? ` ${azureCode}` : ''})` : ''}: ${error.message}`,
      status,
      azureCode,
      correlationId,
      // Not the RestError itself: its `request` holds the request body (a linked service's SecureString password)
      // and would reach the logs through the error serializer.
      retryAfter ? { retryAfter } : undefined,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const azureCode = (error as { code?: unknown } | undefined)?.code;
  return new AzureError(
    codeFor(undefined, typeof azureCode === 'string' ? azureCode : undefined),
    `${operation} failed: ${message}`,
    undefined,
    typeof azureCode === 'string' ? azureCode : undefined,
    undefined,
  );
}

/** The headers the SDK's throttling retry reads, in its order (core-rest-pipeline throttlingRetryStrategy). */
function retryAfterOf(headers: { get(name: string): string | undefined } | undefined): string | undefined {
  return (
    headers?.get('retry-after-ms') ??
    headers?.get('x-ms-retry-after-ms') ??
    headers?.get('retry-after') ??
    undefined
  );
}

/** Runs one Azure call and converts its failure; `notFoundAs` turns a 404 into a value instead of an error. */
export async function armCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAzureError(error, operation);
  }
}

export async function armFind<T>(operation: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    const mapped = toAzureError(error, operation);
    if (mapped.code === 'AZURE_NOT_FOUND') return undefined;
    throw mapped;
  }
}
