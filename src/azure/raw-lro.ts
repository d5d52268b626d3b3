import type { ServiceClient } from '@azure/core-client';
import {
  createHttpPoller,
  type LongRunningOperation,
  type LroResourceLocationConfig,
  type LroResponse,
} from '@azure/core-lro';
import { RestError } from '@azure/core-rest-pipeline';
import type { ArmClients } from './arm-clients';
import { armCall } from './arm-errors';
import { sendArmRequest } from './raw-arm';

/**
 * ARM operations the SDK does not model (enableInteractiveQuery is not in Data Factory SDK 12), sent through the
 * SDK client's own pipeline (same authentication, retries and TLS) and, when long-running, followed by
 * `@azure/core-lro` — the poller the SDKs use themselves: it follows `Azure-AsyncOperation` / `Operation-Location`
 * / `Location` whenever the first answer carries one (200 included), honours each poll's `Retry-After`, and ends on
 * any terminal status or on a 200/201/204 from the operation URL.
 */
export interface RawArmOperation {
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  apiVersion: string;
  body?: unknown;
  /** The spec's `x-ms-long-running-operation-options.final-state-via`. */
  finalStateVia: LroResourceLocationConfig;
}

export interface LroTiming {
  /** Pause between polls when Azure gives no Retry-After. */
  pollIntervalMs: number;
  /** The operation is abandoned (OperationTimedOut) after this long. */
  timeoutMs: number;
}

export async function runRawLro(
  clients: ArmClients,
  client: ServiceClient,
  operation: string,
  request: RawArmOperation,
  timing: LroTiming,
): Promise<unknown> {
  const url = `${clients.baseUrl}${request.path}?api-version=${encodeURIComponent(request.apiVersion)}`;
  const lro: LongRunningOperation = {
    requestMethod: request.method,
    requestPath: url,
    sendInitialRequest: () => asLroResponse(sendArmRequest(client, request.method, url, request.body)),
    sendPollRequest: (path, options) =>
      asLroResponse(sendArmRequest(client, 'GET', path, undefined, options?.abortSignal)),
  };
  return armCall(operation, async () => {
    const poller = await createHttpPoller(lro, {
      intervalInMs: timing.pollIntervalMs,
      resourceLocationConfig: request.finalStateVia,
    });
    try {
      return await poller.pollUntilDone({ abortSignal: AbortSignal.timeout(timing.timeoutMs) });
    } catch (error) {
      if ((error as { name?: unknown }).name !== 'AbortError') throw error;
      throw new RestError(`${operation} did not finish within ${Math.round(timing.timeoutMs / 60_000)} min`, {
        code: 'OperationTimedOut',
      });
    }
  });
}

async function asLroResponse(sent: ReturnType<typeof sendArmRequest>): Promise<LroResponse> {
  const { status, headers, body } = await sent;
  return { flatResponse: body, rawResponse: { statusCode: status, headers, body } };
}
