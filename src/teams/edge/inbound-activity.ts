import type { z } from 'zod';
import type { Mode } from '../../config';
import { activitySchema, invokeSchema, invokeValues, isKnownInvoke, messageSchema } from './activity-schema';
import { serviceUrlProblem } from './service-url';

/**
 * The one door to the bot: what /api/messages accepts before botbuilder sees it. Every refusal is a 4xx with a
 * short reason (never a stack, never the input echoed); only a fault of the bot or its dependencies may be a 5xx.
 */
export type Refusal = { ok: false; status: number; body: Record<string, unknown>; reason: string };
export type Inbound = { ok: true; activity: Record<string, unknown> } | Refusal;

/** Only JSON: a form or multipart post can be sent cross-site by any web page without a CORS preflight. */
export function isJsonContentType(header: string | undefined): boolean {
  return (header ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

export const UNSUPPORTED_MEDIA_TYPE: Refusal = refuse(
  415,
  'UnsupportedMediaType',
  'Send the activity as application/json.',
);

export function readActivity(body: string, mode: Mode): Inbound {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return refuse(400, 'BadRequest', 'The body is not valid JSON.');
  }
  const base = check(activitySchema, parsed);
  if (!base.ok) return base;
  const activity = parsed as Record<string, unknown>;
  const url = serviceUrlProblem(String(activity['serviceUrl']), mode);
  if (url) return refuse(400, 'BadRequest', url);

  if (activity['type'] === 'message') return check(messageSchema, parsed);
  if (activity['type'] !== 'invoke') return base;
  const invoke = check(invokeSchema, parsed);
  if (!invoke.ok) return invoke;
  const name = String(activity['name']);
  // An invoke is answered with an invoke response (Teams shows anything else as a failure it cannot explain).
  if (!isKnownInvoke(name)) return refuseInvoke(400, 'NotSupported', 'This bot does not handle this invoke.');
  const value = invokeValues[name].safeParse(activity['value']);
  if (!value.success) return refuseInvoke(400, 'BadRequest', `value${reasonOf(value.error)}`);
  return invoke;
}

function check(schema: z.ZodType, parsed: unknown): Inbound {
  const result = schema.safeParse(parsed);
  if (result.success) return { ok: true, activity: parsed as Record<string, unknown> };
  const reason =
    Array.isArray(parsed) || typeof parsed !== 'object' || parsed === null ? '' : reasonOf(result.error);
  return refuse(
    400,
    'BadRequest',
    reason ? `Not a Teams activity: ${reason.replace(/^\./, '')}` : 'Not a Teams activity.',
  );
}

/** The first problem, as `.path: what was expected` (zod's words, which never quote the input). */
function reasonOf(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return '';
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `${path}: ${issue.message}`;
}

function refuse(status: number, code: string, message: string): Refusal {
  return { ok: false, status, body: { error: { code, message } }, reason: message };
}

function refuseInvoke(status: number, code: string, message: string): Refusal {
  return {
    ok: false,
    status,
    body: { statusCode: status, type: 'application/vnd.microsoft.error', value: { code, message } },
    reason: message,
  };
}
