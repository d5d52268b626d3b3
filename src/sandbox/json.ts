/** JSON value types and small guards for request bodies: nothing past the HTTP edge is `any`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, key: string): JsonObject | undefined {
  if (!isJsonObject(value)) return undefined;
  const child = value[key];
  return isJsonObject(child) ? child : undefined;
}

export function stringAt(value: unknown, key: string): string | undefined {
  if (!isJsonObject(value)) return undefined;
  const child = value[key];
  return typeof child === 'string' ? child : undefined;
}

export function numberAt(value: unknown, key: string): number | undefined {
  if (!isJsonObject(value)) return undefined;
  const child = value[key];
  if (typeof child === 'number' && Number.isFinite(child)) return child;
  // Data Factory accepts numbers given as strings (and expressions); take a plain integer string as a number.
  if (typeof child === 'string' && /^\s*-?\d+\s*$/.test(child)) return Number(child);
  return undefined;
}

export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}

/** Case-insensitive equality, the way ARM compares names and ids. */
export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
