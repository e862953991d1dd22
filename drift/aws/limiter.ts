/**
 * A tiny concurrency limiter: at most `limit` tasks run at once, the rest wait in FIFO order.
 * Why in-house rather than p-limit: 30 lines, CommonJS, and the drift reads need nothing more (no priorities, no timeouts).
 */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(limit: number): Limiter {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`concurrency must be a whole number ≥ 1, got ${limit}`);
  }
  let active = 0;
  const waiting: (() => void)[] = [];

  // A finishing task hands its slot straight to the next waiter (no decrement/increment gap in which a
  // newcomer could slip in and exceed the limit).
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

/** Runs `fn` over `items` through the limiter and keeps the input order in the result. */
export function mapLimited<I, O>(items: readonly I[], limiter: Limiter, fn: (item: I) => Promise<O>): Promise<O[]> {
  return Promise.all(items.map((item) => limiter(() => fn(item))));
}
