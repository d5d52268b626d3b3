import type { ServiceClient } from '@azure/core-client';
import {
  createHttpPoller,
  type LongRunningOperation,
  type LroResourceLocationConfig,
  type LroResponse,
} from '@azure/core-lro';
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import type { ArmClients } from './arm-clients';
import { armCall } from './arm-errors';
import { pickString } from './raw-json';

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

type PollOptions = Parameters<LongRunningOperation['sendPollRequest']>[1];

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
    sendInitialRequest: () => send(client, request.method, url, request.body),
    sendPollRequest: (path, options) => send(client, 'GET', path, undefined, options?.abortSignal),
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

async function send(
  client: ServiceClient,
  method: string,
  url: string,
  body?: unknown,
  abortSignal?: NonNullable<PollOptions>['abortSignal'],
): Promise<LroResponse> {
  const request = createPipelineRequest({
    url,
    method: method as 'GET',
    headers: createHttpHeaders({ 'content-type': 'application/json', accept: 'application/json' }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(abortSignal ? { abortSignal } : {}),
  });
  const response = await client.sendRequest(request);
  const parsed = parse(response.bodyAsText);
  if (response.status >= 400) {
    throw new RestError(pickString(parsed, 'error', 'message') ?? `HTTP ${response.status}`, {
      code: pickString(parsed, 'error', 'code'),
      statusCode: response.status,
      response,
    });
  }
  return {
    flatResponse: parsed,
    rawResponse: { statusCode: response.status, headers: response.headers.toJSON(), body: parsed },
  };
}

function parse(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
