import { createLogger, type Logger } from '../../src/logger';

type Line = Record<string, unknown> & { msg?: string };

/**
 * A logger whose lines a test can wait for: a log line the code writes at a known moment (a retry about to pause,
 * a decision left for later) is the positive signal to act on, instead of a sleep.
 */
export class LogSignals {
  readonly lines: Line[] = [];
  private waiters: Array<{ msg: string; resolve: (line: Line) => void }> = [];
  readonly logger: Logger = createLogger({
    level: 'debug',
    destination: { write: (text: string) => this.record(JSON.parse(text) as Line) },
  });

  /** Resolves with the first line (already written or to come) whose message is `msg`. */
  next(msg: string): Promise<Line> {
    const seen = this.lines.find((line) => line.msg === msg);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ msg, resolve }));
  }

  count(msg: string): number {
    return this.lines.filter((line) => line.msg === msg).length;
  }

  private record(line: Line): void {
    this.lines.push(line);
    const ready = this.waiters.filter((w) => w.msg === line.msg);
    this.waiters = this.waiters.filter((w) => w.msg !== line.msg);
    for (const waiter of ready) waiter.resolve(line);
  }
}
