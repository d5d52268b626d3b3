import { PeriodicJob } from '../../src/periodic-job';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a periodic background job', () => {
  it('joins a run in progress instead of starting a second one', async () => {
    let runs = 0;
    const job = new PeriodicJob(async () => {
      runs++;
      await wait(30);
      return runs;
    });
    const [a, b] = await Promise.all([job.run(), job.run()]);
    expect([a, b, runs]).toEqual([1, 1, 1]);
    expect(await job.run()).toBe(2);
  });

  it('runs at once, then every interval, survives a failing run, and stops for good (also after a restart)', async () => {
    let runs = 0;
    const job = new PeriodicJob(async () => {
      runs++;
      if (runs === 2) throw new Error('one bad run');
    });
    job.start(20);
    await wait(110);
    expect(runs).toBeGreaterThanOrEqual(3);
    job.start(20); // a second start replaces the first schedule instead of doubling it
    await job.stop();
    const stoppedAt = runs;
    await wait(80);
    expect(runs).toBe(stoppedAt);
  });
});
