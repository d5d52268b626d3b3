import type { FullOperationResponse } from '@azure/core-client';

/**
 * SDK 12 of Data Factory drops fields it does not model (the v2 PostgreSQL connector, interactive authoring status)
 * when it deserialises, and mutates `parsedBody` while doing so. The untouched text is the only faithful copy, so
 * callers capture it with `onResponse` and parse it here.
 */
export function captureRawJson(): {
  onResponse: (response: FullOperationResponse) => void;
  json: () => unknown;
} {
  let text: string | undefined;
  return {
    onResponse: (response) => {
      text = response.bodyAsText ?? undefined;
    },
    json: () => {
      if (!text) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    },
  };
}

/** Reads a nested property path from an untyped JSON value without trusting its shape. */
export function pick(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function pickString(value: unknown, ...path: string[]): string | undefined {
  const found = pick(value, ...path);
  return typeof found === 'string' ? found : undefined;
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
