/**
 * One line of `npm run doctor`: a check that passed, failed (the deployment is wrong and the line says how), or
 * could not be made from here (the line says why and how to check it by hand). Details never hold secrets.
 */
export type CheckStatus = 'ok' | 'fail' | 'unchecked';

export interface CheckResult {
  readonly check: string;
  readonly status: CheckStatus;
  readonly detail: string;
}

export const ok = (check: string, detail: string): CheckResult => ({ check, status: 'ok', detail });
export const fail = (check: string, detail: string): CheckResult => ({ check, status: 'fail', detail });
export const unchecked = (check: string, detail: string): CheckResult => ({
  check,
  status: 'unchecked',
  detail,
});

/**
 * ARM's (or the token service's) HTTP status and message of a failed call, without request or response: a
 * RestError or botbuilder error carries `statusCode`, the bot's own AzureError `status`.
 */
export function httpFailure(error: unknown): { status: number | undefined; message: string } {
  const e = error as { statusCode?: unknown; status?: unknown; message?: unknown };
  const status = typeof e.statusCode === 'number' ? e.statusCode : e.status;
  return {
    status: typeof status === 'number' ? status : undefined,
    message: typeof e.message === 'string' ? e.message : String(error),
  };
}
