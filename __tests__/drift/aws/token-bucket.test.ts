/** The token bucket that paces calls under AWS quotas. */
import { TokenBucket } from '../../../drift/aws/token-bucket';

describe('TokenBucket', () => {
  test('spaces takes at 1/rate with no burst beyond capacity', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 20 });
    const times: number[] = [];
    const start = Date.now();
    await Promise.all(Array.from({ length: 5 }, () => bucket.take().then(() => times.push(Date.now() - start))));
    // First immediately, then one every 50 ms.
    expect(times[4]).toBeGreaterThanOrEqual(195);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(45);
  });
});

describe('TokenBucket: burst and backoff (fake clock)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  /** Starts `count` takes at once and records, per take, the fake time it was granted at. */
  function takeAll(bucket: TokenBucket, count: number): number[] {
    const granted: number[] = [];
    const start = Date.now();
    for (let i = 0; i < count; i++) void bucket.take().then(() => granted.push(Date.now() - start));
    return granted;
  }

  test('a full bucket grants `capacity` requests at once, then one per 1/rate', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 15, capacity: 10 });
    const granted = takeAll(bucket, 25);
    await jest.advanceTimersByTimeAsync(0);
    expect(granted).toHaveLength(10);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(granted).toHaveLength(25);
    expect(granted.slice(0, 10).every((t) => t === 0)).toBe(true);
    // 15 more at 15/s: the last one after a second, none early.
    for (let i = 10; i < 25; i++) expect(granted[i]).toBeGreaterThanOrEqual(((i - 9) / 15) * 1000 - 1);
    expect(granted[24]).toBeLessThanOrEqual(1000 + 20);
  });

  test('throttled() empties the bucket and halves the rate, which then grows back to the quota', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, capacity: 5 });
    const first = takeAll(bucket, 5);
    await jest.advanceTimersByTimeAsync(0);
    expect(first).toHaveLength(5);
    bucket.throttled();
    expect(bucket.currentRate).toBe(5);
    expect(bucket.throttles).toBe(1);
    const next = takeAll(bucket, 1);
    // At the quota the next token would come after 100 ms; backed off to 5/s it takes about 200 ms.
    await jest.advanceTimersByTimeAsync(150);
    expect(next).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(100);
    expect(next).toHaveLength(1);
    // Recovery: a fifth of the quota per second, so back at 10/s within 2.5 s of the throttle.
    await jest.advanceTimersByTimeAsync(2_500);
    await bucket.take();
    expect(bucket.currentRate).toBe(10);
  });

  test('repeated throttles never slow the rate below an eighth of the quota', () => {
    const bucket = new TokenBucket({ ratePerSecond: 16 });
    for (let i = 0; i < 10; i++) bucket.throttled();
    expect(bucket.currentRate).toBe(2);
  });

  test('capacity below one token is refused', () => {
    expect(() => new TokenBucket({ ratePerSecond: 1, capacity: 0.5 })).toThrow('capacity must be ≥ 1, got 0.5');
  });
});
