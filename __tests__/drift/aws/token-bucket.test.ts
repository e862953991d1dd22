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
