import { retry, RetryCancellation, RetryStopped } from '../../../src/retry/retry-policy';

/** Time is jest's fake clock here: every pause is a timer the test moves past (or not) on purpose. */
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

class Busy extends Error {}

/** Work that fails with `Busy` `failures` times, then answers its try number; `tries` counts the calls. */
function flaky(failures: number) {
  const work = async (attempt: number) => {
    work.tries += 1;
    if (attempt <= failures) throw new Busy(`busy ${attempt}`);
    return attempt;
  };
  work.tries = 0;
  return work;
}

const retryBusy = { shouldRetry: (error: unknown) => error instanceof Busy };

it('pauses 100 ms, then 200 ms (no jitter), and answers with the try that worked', async () => {
  const work = flaky(2);
  const result = retry({ attempts: 5, firstDelayMs: 100, jitter: false }, retryBusy, work);
  await jest.advanceTimersByTimeAsync(99);
  expect(work.tries).toBe(1);
  await jest.advanceTimersByTimeAsync(1);
  expect(work.tries).toBe(2);
  await jest.advanceTimersByTimeAsync(199);
  expect(work.tries).toBe(2);
  await jest.advanceTimersByTimeAsync(1);
  await expect(result).resolves.toBe(3);
});

it('jitter spreads each pause over 1–2 times its length, and maxDelayMs caps it', async () => {
  const delays: number[] = [];
  const result = retry(
    { attempts: 4, firstDelayMs: 100, maxDelayMs: 250 },
    { ...retryBusy, onRetry: ({ delayMs }) => delays.push(delayMs) },
    flaky(3),
  );
  await jest.runAllTimersAsync();
  await expect(result).resolves.toBe(4);
  expect(delays).toHaveLength(3);
  expect(delays[0]).toBeGreaterThanOrEqual(100);
  // p-retry rounds (1 + random) × 100 to whole milliseconds, so 200 itself can come out.
  expect(delays[0]).toBeLessThanOrEqual(200);
  expect(delays[1]).toBeGreaterThanOrEqual(200);
  expect(delays[2]).toBe(250);
});

it('gives up after `attempts` tries with the last error', async () => {
  const work = flaky(10);
  const result = retry({ attempts: 3, firstDelayMs: 10 }, retryBusy, work);
  const settled = expect(result).rejects.toThrow('busy 3');
  await jest.runAllTimersAsync();
  await settled;
  expect(work.tries).toBe(3);
});

it('rethrows at once what shouldRetry declines, with no pause', async () => {
  const work = flaky(10);
  await expect(retry({ attempts: 5, firstDelayMs: 10 }, { shouldRetry: () => false }, work)).rejects.toThrow(
    'busy 1',
  );
  expect(work.tries).toBe(1);
  expect(jest.getTimerCount()).toBe(0);
});

it('cancel() during a pause ends it at once: RetryStopped, no further try, no timer left', async () => {
  const cancellation = new RetryCancellation();
  const work = flaky(10);
  let pausing!: () => void;
  const paused = new Promise<void>((resolve) => (pausing = resolve));
  const result = retry(
    { attempts: 5, firstDelayMs: 60_000 },
    { ...retryBusy, onRetry: () => pausing(), signal: cancellation.signal },
    work,
  );
  await paused;
  await jest.advanceTimersByTimeAsync(1_000);
  expect(jest.getTimerCount()).toBe(1); // the pause, 59 s or more still to go
  cancellation.cancel();
  const stopped = await result.catch((error: unknown) => error);
  expect(stopped).toBeInstanceOf(RetryStopped);
  expect((stopped as RetryStopped).lastError).toBeInstanceOf(Busy);
  expect(work.tries).toBe(1);
  expect(jest.getTimerCount()).toBe(0);
});

it('after cancel(), work started later gets a fresh signal and retries normally', async () => {
  const cancellation = new RetryCancellation();
  cancellation.cancel();
  const result = retry(
    { attempts: 3, firstDelayMs: 10 },
    { ...retryBusy, signal: cancellation.signal },
    flaky(1),
  );
  await jest.runAllTimersAsync();
  await expect(result).resolves.toBe(2);
});
