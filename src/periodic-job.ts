/**
 * A background job run now and then every interval, never overlapping itself: a run asked for while one is going
 * joins it. Used by the watcher (Azure → store) and the guided flow's sweep of waiting flows. `stop` ends the
 * schedule and waits for a run in progress, so nothing touches the store after it is closed.
 */
export class PeriodicJob<T> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T> | undefined;
  /** Bumped by start/stop, so a tick of an earlier schedule never reschedules itself. */
  private generation = 0;

  constructor(private readonly job: () => Promise<T>) {}

  run(): Promise<T> {
    this.running ??= this.job().finally(() => (this.running = undefined));
    return this.running;
  }

  start(intervalMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    const generation = ++this.generation;
    const tick = async () => {
      if (generation !== this.generation) return;
      await this.run().catch(() => undefined);
      if (generation === this.generation) this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
