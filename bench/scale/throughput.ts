import { percentile } from '../stats';

export interface Target {
  name: string;
  url: string;
}

/** Requests answered per second by `target` during `seconds`, with `concurrency` requests always in flight. */
async function round(
  target: Target,
  seconds: number,
  concurrency: number,
  request: (url: string) => Promise<number>,
): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let answered = 0;
  let failed = 0;
  const worker = async () => {
    while (performance.now() < until) {
      if ((await request(target.url)) === 200) answered++;
      else failed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failed > 0) throw new Error(`${target.name}: ${failed} requests were not answered 200`);
  return answered / ((performance.now() - started) / 1000);
}

/**
 * Two bots measured side by side on the same machine in the same run, rounds alternating (a, b, a, b, …), so
 * a slower or busier stretch of the run hits both alike. Returns each one's rounds (requests per second).
 */
export async function alternatingRounds(
  a: Target,
  b: Target,
  options: { rounds: number; seconds: number; concurrency: number },
  request: (url: string) => Promise<number>,
): Promise<Record<string, number[]>> {
  const rates: Record<string, number[]> = { [a.name]: [], [b.name]: [] };
  // One short warm-up each (JIT, keep-alive sockets, token caches), not counted.
  await round(a, 1, options.concurrency, request);
  await round(b, 1, options.concurrency, request);
  for (let i = 0; i < options.rounds; i++) {
    for (const target of i % 2 === 0 ? [a, b] : [b, a]) {
      rates[target.name]!.push(await round(target, options.seconds, options.concurrency, request));
    }
  }
  return rates;
}

export const median = (samples: readonly number[]) => percentile(samples, 50);
