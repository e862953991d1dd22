/**
 * Why this exists: AWS quotas are per account and region (CloudTrail LookupEvents 2/s, Lambda GetPolicy
 * 15/s, …) and shared with everyone else using the account. A token bucket keeps us under them instead of
 * leaning on throttling errors and retries. Ours rather than a package's: it is 50 lines, FIFO-fair, and
 * tuned to how AWS counts (see capacity below).
 *
 * Capacity defaults to 1 (no burst): with a burst of 2 followed by a steady 2/s, a one-second window
 * could see 3–4 requests, which a strict per-second counter on the server would throttle.
 */
export interface TokenBucketOptions {
  /** Tokens added per second. */
  readonly ratePerSecond: number;
  /**
   * Most tokens held at once (the largest burst).
   * @default 1
   */
  readonly capacity?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  private readonly now: () => number;
  /** Takers wait in FIFO order, so a steady stream never starves anyone. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0)) throw new Error(`ratePerSecond must be > 0, got ${options.ratePerSecond}`);
    this.capacity = options.capacity ?? 1;
    this.now = options.now ?? Date.now;
    this.tokens = this.capacity;
    this.last = this.now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.options.ratePerSecond);
    this.last = t;
  }

  /** Resolves when a token is available and takes it. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      this.refill();
      if (this.tokens < 1) {
        const waitMs = Math.ceil(((1 - this.tokens) / this.options.ratePerSecond) * 1000);
        await new Promise((r) => setTimeout(r, waitMs));
        this.refill();
      }
      this.tokens -= 1;
    });
    this.queue = turn;
    return turn;
  }
}

/**
 * One bucket per quota, shared by every client and lookup in the process: AWS counts per account, region
 * and API, not per client object, so two runs in one process (tests, a long-lived service) must not add up.
 * `quota` names it, e.g. `lambda/us-east-1/GetPolicy` or `cloudtrail/eu-west-1/LookupEvents`.
 */
const QUOTA_BUCKETS = new Map<string, TokenBucket>();

export function quotaBucket(quota: string, ratePerSecond: number): TokenBucket {
  const key = `${quota}@${ratePerSecond}`;
  let bucket = QUOTA_BUCKETS.get(key);
  if (!bucket) {
    bucket = new TokenBucket({ ratePerSecond });
    QUOTA_BUCKETS.set(key, bucket);
  }
  return bucket;
}
