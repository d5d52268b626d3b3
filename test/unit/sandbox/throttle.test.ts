import { ARM_LIMITS, Throttle } from '../../../src/sandbox/throttle';

describe('Throttle (ARM token buckets)', () => {
  const sub = '11111111-1111-1111-1111-111111111111';

  it("has Azure's limits: 250 reads refilled at 25/s, 200 writes refilled at 10/s", () => {
    let now = 0;
    const throttle = new Throttle(ARM_LIMITS, () => now);
    for (let i = 0; i < 250; i += 1) expect(throttle.take(sub, 'reads').allowed).toBe(true);
    expect(throttle.take(sub, 'reads')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    for (let i = 0; i < 200; i += 1) expect(throttle.take(sub, 'writes').allowed).toBe(true);
    expect(throttle.take(sub, 'writes')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 1000;
    const reads = Array.from({ length: 26 }, () => throttle.take(sub, 'reads').allowed);
    expect(reads.filter(Boolean)).toHaveLength(25);
    const writes = Array.from({ length: 11 }, () => throttle.take(sub, 'writes').allowed);
    expect(writes.filter(Boolean)).toHaveLength(10);
  });

  it('reports the remaining tokens and a Retry-After that covers the wait', () => {
    let now = 0;
    const throttle = new Throttle(
      { reads: { capacity: 2, refillPerSecond: 0.25 }, writes: ARM_LIMITS.writes },
      () => now,
    );
    expect(throttle.take(sub, 'reads')).toEqual({ allowed: true, remaining: 1 });
    expect(throttle.take(sub, 'reads')).toEqual({ allowed: true, remaining: 0 });
    expect(throttle.take(sub, 'reads')).toEqual({ allowed: false, retryAfterSeconds: 4 });
    now = 4000;
    expect(throttle.take(sub, 'reads').allowed).toBe(true);
  });

  it('keeps one bucket per subscription (ids compare ignoring case)', () => {
    const throttle = new Throttle(
      { reads: { capacity: 1, refillPerSecond: 1 }, writes: ARM_LIMITS.writes },
      () => 0,
    );
    expect(throttle.take('AAA', 'reads').allowed).toBe(true);
    expect(throttle.take('aaa', 'reads').allowed).toBe(false);
    expect(throttle.take('bbb', 'reads').allowed).toBe(true);
  });

  it('classifies GET/HEAD as reads and everything else as writes', () => {
    expect(Throttle.kindOf('GET')).toBe('reads');
    expect(Throttle.kindOf('HEAD')).toBe('reads');
    expect(Throttle.kindOf('POST')).toBe('writes');
    expect(Throttle.kindOf('DELETE')).toBe('writes');
  });
});
