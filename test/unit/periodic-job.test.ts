import { PeriodicJob } from '../../src/periodic-job';

/** The schedule runs on jest's fake clock: the test moves time, so a slow machine changes nothing. */
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('a periodic background job', () => {
  it('joins a run in progress instead of starting a second one', async () => {
    let runs = 0;
    let finish!: () => void;
    const job = new PeriodicJob(async () => {
      runs++;
      await new Promise<void>((resolve) => (finish = resolve));
      return runs;
    });
    const both = Promise.all([job.run(), job.run()]);
    finish();
    const [a, b] = await both;
    expect([a, b, runs]).toEqual([1, 1, 1]);
    const third = job.run();
    finish();
    expect(await third).toBe(2);
  });

  it('runs at once, then every interval, survives a failing run, and stops for good (also after a restart)', async () => {
    let runs = 0;
    const job = new PeriodicJob(async () => {
      runs++;
      if (runs === 2) throw new Error('one bad run');
    });
    job.start(20);
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    await jest.advanceTimersByTimeAsync(20);
    expect(runs).toBe(2); // the bad run
    await jest.advanceTimersByTimeAsync(20);
    expect(runs).toBe(3); // and on
    job.start(20); // a second start replaces the first schedule instead of doubling it
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toBe(4);
    await jest.advanceTimersByTimeAsync(20);
    expect(runs).toBe(5);
    await job.stop();
    await jest.advanceTimersByTimeAsync(200);
    expect(runs).toBe(5);
    expect(jest.getTimerCount()).toBe(0);
  });
});
