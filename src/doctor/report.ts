import type { CheckResult } from './check-result';

const MARK = { ok: 'ok   ', fail: 'FAIL ', unchecked: 'n/a  ' } as const;

/** The lines the administrator reads, and the exit code: 1 when anything failed (not-checked lines do not fail). */
export function report(results: readonly CheckResult[]): { lines: string[]; exitCode: number } {
  const lines = results.map((r) => `${MARK[r.status]} ${r.check}: ${r.detail}`);
  const failed = results.filter((r) => r.status === 'fail').length;
  const notChecked = results.filter((r) => r.status === 'unchecked').length;
  lines.push(
    failed === 0
      ? `All checks that could be made passed${notChecked ? ` (${notChecked} could not be made from here)` : ''}.`
      : `${failed} check(s) failed.`,
  );
  return { lines, exitCode: failed === 0 ? 0 : 1 };
}
