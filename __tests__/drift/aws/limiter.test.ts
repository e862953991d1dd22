/** The concurrency limiter the live reads share. */
import { createLimiter, mapLimited } from '../../../drift/aws/limiter';

describe('createLimiter', () => {
  test('never runs more than the limit at once, and runs everything', async () => {
    const limiter = createLimiter(3);
    let active = 0;
    let peak = 0;
    const done = await mapLimited(
      Array.from({ length: 40 }, (_, i) => i),
      limiter,
      async (i) => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, i % 4));
        active--;
        return i * 2;
      },
    );
    expect(peak).toBe(3);
    expect(done).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
  });

  test('a failing task frees its slot', async () => {
    const limiter = createLimiter(1);
    await expect(limiter(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  test('rejects a limit below 1 with the value', () => {
    expect(() => createLimiter(0)).toThrow('concurrency must be a whole number ≥ 1, got 0');
  });
});
