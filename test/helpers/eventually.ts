import { setTimeout as pause } from 'node:timers/promises';

/**
 * Waits for a positive signal: resolves once `check` holds, looking again every few milliseconds. It has no
 * deadline of its own (that would be a wall-clock budget that a loaded machine can miss); the test's timeout
 * bounds it.
 */
export async function eventually(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await pause(10);
}
