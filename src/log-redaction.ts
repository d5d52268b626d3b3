import { isCredentialKey, REDACTED, redactText } from './secret-patterns';

/** Deeper than any log field the bot writes; past it the value is replaced, not walked. */
const MAX_DEPTH = 12;

/**
 * A copy of a log line's fields with every credential censored, at any depth: a field named like a credential
 * (`password`, `dbPassword`, `token`, `authorization`, … — see secret-patterns.ts) loses its value, and every
 * string (error messages and stacks included) has tokens and connection-string passwords cut out. Activities
 * (`activity.value.action.data.*`), dialog state and Azure errors are all covered without listing their paths.
 */
export function redactLogFields(value: unknown): unknown {
  return redact(value, 0, new WeakSet());
}

function redact(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  const source = value instanceof Error ? errorFields(value) : (value as Record<string, unknown>);
  // A censored error keeps its class (pino's serializer names the type after the constructor).
  const copy: Record<string, unknown> =
    value instanceof Error
      ? (Object.create(Object.getPrototypeOf(value) as object) as Record<string, unknown>)
      : {};
  for (const [key, child] of Object.entries(source)) {
    copy[key] =
      isCredentialKey(key) && child !== '' && typeof child !== 'boolean'
        ? REDACTED
        : redact(child, depth + 1, seen);
  }
  return copy;
}

/** What pino's error serializer would keep (type, message, stack, own fields such as code or statusCode). */
function errorFields(error: Error): Record<string, unknown> {
  const fields: Record<string, unknown> = { type: error.name, message: error.message, stack: error.stack };
  for (const [key, child] of Object.entries(error)) {
    // Azure's RestError carries the whole request and response (headers included); their summary is enough.
    if (key === 'request' || key === 'response') continue;
    fields[key] = child;
  }
  if (error.cause !== undefined) fields['cause'] = error.cause;
  return fields;
}
