/**
 * Compares the shape of a JSON value with a real Azure payload: same keys and value types, recursively, ignoring
 * values. Keys the real payload has must be present; extra keys are allowed unless `exact` (Azure adds fields
 * across api-versions). A null in the reference matches anything. An array's elements are each compared with the
 * reference's first element.
 */
export interface ShapeOptions {
  exact?: boolean;
}

type Kind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'undefined';

function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'object' || t === 'string' || t === 'number' || t === 'boolean' ? t : 'undefined';
}

export function shapeDiff(
  expected: unknown,
  actual: unknown,
  options: ShapeOptions = {},
  path = '$',
): string[] {
  const want = kindOf(expected);
  const got = kindOf(actual);
  if (want === 'null') return [];
  if (want !== got) return [`${path}: expected ${want}, got ${got}`];
  if (want === 'array') {
    const e = expected as unknown[];
    const a = actual as unknown[];
    if (e.length === 0) return [];
    if (a.length === 0) return [`${path}: expected a non-empty array`];
    return a.flatMap((item, i) => shapeDiff(e[0], item, options, `${path}[${i}]`));
  }
  if (want !== 'object') return [];
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const diffs = Object.keys(e).flatMap((key) =>
    key in a ? shapeDiff(e[key], a[key], options, `${path}.${key}`) : [`${path}.${key}: missing`],
  );
  if (options.exact) {
    for (const key of Object.keys(a)) if (!(key in e)) diffs.push(`${path}.${key}: unexpected`);
  }
  return diffs;
}
