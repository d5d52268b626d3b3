import type { ServiceClient } from '@azure/core-client';
import {
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ArmClients } from './arm-clients';
import { armCall } from './arm-errors';
import { pickString } from './raw-json';

export interface RawArmRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  apiVersion: string;
  body?: unknown;
}

const MAX_POLLS = 60;
const DEFAULT_POLL_MS = 2000;

/**
 * For ARM operations the SDK does not model (enableInteractiveQuery in Data Factory SDK 12). It goes through the
 * SDK client's own pipeline, so authentication, retries and TLS settings are the same as for modelled calls.
 * A 202 is followed to its end through Azure-AsyncOperation (or Location), at most MAX_POLLS times.
 */
export async function sendRawArmRequest(
  clients: ArmClients,
  client: ServiceClient,
  operation: string,
  request: RawArmRequest,
  pollMs = DEFAULT_POLL_MS,
): Promise<unknown> {
  return armCall(operation, async () => {
    const url = `${clients.baseUrl}${request.path}?api-version=${request.apiVersion}`;
    const first = await send(client, request.method, url, request.body);
    if (first.status !== 202) return parse(first);
    const statusUrl = first.headers.get('azure-asyncoperation') ?? first.headers.get('location');
    if (!statusUrl) return undefined;
    for (let i = 0; i < MAX_POLLS; i++) {
      await sleep(retryAfterMs(first) ?? pollMs);
      const poll = await send(client, 'GET', statusUrl);
      const status = pickString(parse(poll), 'status')?.toLowerCase();
      if (poll.status === 200 && (status === undefined || status === 'succeeded')) return parse(poll);
      if (status === 'failed' || status === 'canceled') {
        const message = pickString(parse(poll), 'error', 'message') ?? `${operation} ${status}`;
        throw new RestError(message, { code: pickString(parse(poll), 'error', 'code'), statusCode: 500 });
      }
    }
    throw new RestError(`${operation} did not finish after ${MAX_POLLS} polls`, {
      code: 'OperationTimedOut',
    });
  });
}

async function send(client: ServiceClient, method: RawArmRequest['method'], url: string, body?: unknown) {
  const request = createPipelineRequest({
    url,
    method,
    headers: createHttpHeaders({ 'content-type': 'application/json', accept: 'application/json' }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const response = await client.sendRequest(request);
  if (response.status >= 400) {
    const parsed = parse(response);
    throw new RestError(pickString(parsed, 'error', 'message') ?? `HTTP ${response.status}`, {
      code: pickString(parsed, 'error', 'code'),
      statusCode: response.status,
      request,
      response,
    });
  }
  return response;
}

function parse(response: PipelineResponse): unknown {
  if (!response.bodyAsText) return undefined;
  try {
    return JSON.parse(response.bodyAsText) as unknown;
  } catch {
    return undefined;
  }
}

function retryAfterMs(response: PipelineResponse): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}
