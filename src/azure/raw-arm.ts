import type { ServiceClient } from '@azure/core-client';
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { pickString } from './raw-json';

/**
 * One ARM request the SDKs do not model, sent through an SDK client's own pipeline (same credential, retries, TLS,
 * user agent). An error status becomes a RestError carrying ARM's `{error: {code, message}}`, like the SDK's own.
 */
export interface ArmAnswer {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
}

export async function sendArmRequest(
  client: ServiceClient,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  abortSignal?: Parameters<typeof createPipelineRequest>[0]['abortSignal'],
): Promise<ArmAnswer> {
  const request = createPipelineRequest({
    url,
    method,
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
  return { status: response.status, headers: response.headers.toJSON(), body: parsed };
}

/** Every `value` item of an ARM list, following `nextLink` to the last page. */
export async function listArmPages(client: ServiceClient, firstUrl: string): Promise<unknown[]> {
  const items: unknown[] = [];
  for (let url: string | undefined = firstUrl; url;) {
    const { body } = await sendArmRequest(client, 'GET', url);
    const page = body as { value?: unknown; nextLink?: unknown } | undefined;
    if (Array.isArray(page?.value)) items.push(...(page.value as unknown[]));
    url = typeof page?.nextLink === 'string' && page.nextLink ? page.nextLink : undefined;
  }
  return items;
}

function parse(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
