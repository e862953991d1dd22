/**
 * Why this exists: AWS quotas are per account and region (CloudTrail LookupEvents 2/s, Lambda GetPolicy
 * 15/s, …) and shared with everyone else using the account. A token bucket keeps us under them instead of
 * leaning on throttling errors and retries. Ours rather than a package's: it is small, FIFO-fair, and tuned
 * to how AWS counts.
 *
 * Burst: AWS documents the rates of Lambda's control-plane quotas but no burst. A bucket that starts full
 * lets a run use the quota from its first request instead of ramping up; keeping our burst below the
 * server's leaves that difference as slack for requests that arrive bunched by network jitter.
 *
 * Backoff: a throttling answer means someone else (a deploy, another reader) is spending the same quota.
 * `throttled()` empties the bucket and halves our rate; the rate then grows back to the quota by a fifth of
 * it per second (additive increase, multiplicative decrease, as TCP shares a link).
 */
export interface TokenBucketOptions {
  /** Tokens added per second: the quota. */
  readonly ratePerSecond: number;
  /**
   * Most tokens held at once (the largest burst). The bucket starts full.
   * @default 1
   */
  readonly capacity?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** The lowest rate backoff goes to, as a share of the quota. */
const MIN_RATE_SHARE = 1 / 8;
/** How fast the rate grows back after a throttle: this share of the quota per second. */
const RECOVERY_SHARE_PER_SECOND = 1 / 5;

export class TokenBucket {
  private tokens: number;
  private last: number;
  private rate: number;
  private readonly capacity: number;
  private readonly now: () => number;
  /** Takers wait in FIFO order, so a steady stream never starves anyone. */
  private queue: Promise<void> = Promise.resolve();
  /** Throttling answers seen (for logs and tests). */
  throttles = 0;

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0)) throw new Error(`ratePerSecond must be > 0, got ${options.ratePerSecond}`);
    const capacity = options.capacity ?? 1;
    if (!(capacity >= 1)) throw new Error(`capacity must be ≥ 1, got ${capacity}`);
    this.capacity = capacity;
    this.now = options.now ?? Date.now;
    this.tokens = this.capacity;
    this.rate = options.ratePerSecond;
    this.last = this.now();
  }

  /** The rate tokens are added at now (the quota, or less after a throttle). */
  get currentRate(): number {
    return this.rate;
  }

  private refill(): void {
    const t = this.now();
    const seconds = Math.max(0, t - this.last) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + seconds * this.rate);
    this.rate = Math.min(this.options.ratePerSecond, this.rate + seconds * this.options.ratePerSecond * RECOVERY_SHARE_PER_SECOND);
    this.last = t;
  }

  /** Resolves when a token is available and takes it. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      this.refill();
      while (this.tokens < 1) {
        await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / this.rate) * 1000)));
        this.refill();
      }
      this.tokens -= 1;
    });
    this.queue = turn;
    return turn;
  }

  /** The server throttled a request of ours: back off (see the file comment). */
  throttled(): void {
    this.refill();
    this.throttles += 1;
    this.tokens = Math.min(this.tokens, 0);
    this.rate = Math.max(this.options.ratePerSecond * MIN_RATE_SHARE, this.rate / 2);
  }
}

export interface Quota {
  readonly ratePerSecond: number;
  /** @default 1 */
  readonly capacity?: number;
}

/**
 * CloudTrail LookupEvents: 2 requests per second per account and region. No burst: the one token the local
 * endpoint's bucket (and presumably AWS's) holds beyond ours absorbs jitter. Every lookup in a process
 * (attribution, the incremental run's write events) shares this one quota per region.
 */
export const CLOUDTRAIL_LOOKUP_QUOTA: Quota = { ratePerSecond: 2, capacity: 1 };

/**
 * One bucket per quota, shared by every client and lookup in the process: AWS counts per account, region
 * and API, not per client object, so two runs in one process (tests, a long-lived service) must not add up.
 * `quota` names it (quotaName), e.g. `lambda/111111111111/us-east-1/GetPolicy`.
 */
const QUOTA_BUCKETS = new Map<string, TokenBucket>();

/**
 * A quota's name: AWS counts per account, region and API, so two accounts checked side by side (--config)
 * each get the whole quota. `account` is '' until the run knows it (the same bucket for every unknown one).
 */
export function quotaName(service: string, account: string, region: string, api: string): string {
  return `${service}/${account || '?'}/${region}/${api}`;
}

export function quotaBucket(quota: string, rate: number | Quota): TokenBucket {
  const { ratePerSecond, capacity = 1 } = typeof rate === 'number' ? { ratePerSecond: rate } : rate;
  const key = `${quota}@${ratePerSecond}/${capacity}`;
  let bucket = QUOTA_BUCKETS.get(key);
  if (!bucket) {
    bucket = new TokenBucket({ ratePerSecond, capacity });
    QUOTA_BUCKETS.set(key, bucket);
  }
  return bucket;
}
