import { RestError, createHttpHeaders } from '@azure/core-rest-pipeline';
import { toAzureError } from '../../../src/azure/arm-errors';
import { retriedByAzurePipeline } from '../../../src/retry/azure-pipeline-retries';

/** A failure as the SDK's pipeline hands it over after its own retries: a RestError with the last response. */
function failed(status: number | undefined, headers: Record<string, string> = {}, code?: string): RestError {
  return new RestError(`failed with ${status}`, {
    ...(status !== undefined ? { statusCode: status } : {}),
    ...(code ? { code } : {}),
    ...(status !== undefined
      ? {
          response: {
            status,
            headers: createHttpHeaders(headers),
            request: undefined as never,
          },
        }
      : {}),
  });
}

describe('what the Azure SDK pipeline has retried already (ours must not again)', () => {
  it.each([
    ['500', failed(500)],
    ['503', failed(503)],
    ['502', failed(502)],
    ['504', failed(504)],
    ['408', failed(408)],
    ['429 with Retry-After', failed(429, { 'retry-after': '2' })],
    ['429 with retry-after-ms', failed(429, { 'retry-after-ms': '200' })],
    ['a connection reset', failed(undefined, {}, 'ECONNRESET')],
  ])('%s: yes, as a RestError (Bot Connector) and as an AzureError (ARM)', (_, error) => {
    expect(retriedByAzurePipeline(error)).toBe(true);
    expect(retriedByAzurePipeline(toAzureError(error, 'Read'))).toBe(true);
  });

  it.each([
    ['429 without Retry-After', failed(429)],
    ['409 (another operation in progress)', failed(409)],
    ['412 (Teams)', failed(412)],
    ['501', failed(501)],
    ['505', failed(505)],
    ['a send error that is no system error', failed(undefined, {}, 'REQUEST_SEND_ERROR')],
  ])('%s: no, so it is ours to retry or report', (_, error) => {
    expect(retriedByAzurePipeline(error)).toBe(false);
    expect(retriedByAzurePipeline(toAzureError(error, 'Read'))).toBe(false);
  });
});
