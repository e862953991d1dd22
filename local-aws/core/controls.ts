/**
 * Why this exists: the drift check and the benchmark must behave under AWS's real rate limits and under
 * flaky networks. Quotas are token buckets per API (AWS publishes per-second request rates); faults are
 * random but seeded, so a failing run can be replayed.
 */

/** One token bucket. `operation` absent = every other operation of the service, sharing one bucket. */
export interface QuotaRule {
  /** SigV4 signing name: iam, sts, lambda, cloudtrail. */
  readonly service: string;
  /** @default - all operations of the service that no other rule names, combined */
  readonly operation?: string;
  readonly perSecond: number;
  /** @default - equal to perSecond */
  readonly burst?: number;
}
export interface QuotaConfig {
  readonly rules: readonly QuotaRule[];
}
export type QuotaSetting = 'aws-defaults' | 'none' | QuotaConfig;

export interface FaultConfig {
  /** Percent of calls answered with the service's throttling error. @default 0 */
  readonly throttlePercent?: number;
  /** Percent of calls answered with a 500 InternalFailure / ServiceException. @default 0 */
  readonly serverErrorPercent?: number;
  /** Percent of calls whose connection is destroyed without an answer. @default 0 */
  readonly resetPercent?: number;
  /** Seed of the fault dice. @default 1 */
  readonly seed?: number;
}

/** AWS's published, non-adjustable control-plane rates (IAM and STS publish none). */
export const AWS_DEFAULT_QUOTAS: QuotaConfig = {
  rules: [
    { service: 'lambda', operation: 'GetPolicy', perSecond: 15 },
    { service: 'lambda', operation: 'GetFunction', perSecond: 100 },
    { service: 'lambda', perSecond: 15 },
    { service: 'cloudtrail', operation: 'LookupEvents', perSecond: 2 },
  ],
};

export function resolveQuotas(setting: QuotaSetting | undefined): QuotaConfig {
  if (setting === undefined || setting === 'none') return { rules: [] };
  if (setting === 'aws-defaults') return AWS_DEFAULT_QUOTAS;
  for (const [i, r] of setting.rules.entries()) {
    if (!(r.perSecond > 0)) {
      throw new Error(`quotas.rules[${i}].perSecond: ${r.perSecond} must be a positive number of requests per second.`);
    }
  }
  return setting;
}

interface Bucket {
  tokens: number;
  last: number;
}

export class QuotaLimiter {
  private buckets = new Map<string, Bucket>();

  constructor(private config: QuotaConfig) {}

  configure(config: QuotaConfig): void {
    this.config = config;
    this.buckets.clear();
  }

  /**
   * Takes a token for the call; false when the call must be throttled. AWS meters per account and region,
   * so `scope` (e.g. "000000000000:us-east-1") gives each its own buckets.
   */
  take(service: string, operation: string, scope: string, nowMs: number): boolean {
    const rule =
      this.config.rules.find((r) => r.service === service && r.operation === operation) ??
      this.config.rules.find((r) => r.service === service && r.operation === undefined);
    if (!rule) return true;
    const key = `${scope}:${rule.service}:${rule.operation ?? '*'}`;
    const capacity = rule.burst ?? rule.perSecond;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, last: nowMs };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((nowMs - bucket.last) / 1000) * rule.perSecond);
    bucket.last = nowMs;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

export type FaultKind = 'throttle' | 'server-error' | 'reset';

/** mulberry32: tiny, fast, good enough to spread faults; seeded so runs replay. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function validateFaults(f: FaultConfig): FaultConfig {
  for (const key of ['throttlePercent', 'serverErrorPercent', 'resetPercent'] as const) {
    const v = f[key];
    if (v !== undefined && !(v >= 0 && v <= 100)) {
      throw new Error(`faults.${key}: ${v} is not a percentage. Use a number from 0 to 100.`);
    }
  }
  const total = (f.throttlePercent ?? 0) + (f.serverErrorPercent ?? 0) + (f.resetPercent ?? 0);
  if (total > 100) throw new Error(`faults: the percentages add up to ${total}; keep their sum at or below 100.`);
  return f;
}

export class FaultDice {
  private random: () => number;

  constructor(private config: FaultConfig) {
    this.random = seededRandom(config.seed ?? 1);
  }

  configure(config: FaultConfig): void {
    this.config = validateFaults(config);
    this.random = seededRandom(config.seed ?? 1);
  }

  /** One roll per call: which fault (if any) this call suffers. */
  roll(): FaultKind | undefined {
    const { throttlePercent = 0, serverErrorPercent = 0, resetPercent = 0 } = this.config;
    if (throttlePercent + serverErrorPercent + resetPercent === 0) return undefined;
    const r = this.random() * 100;
    if (r < throttlePercent) return 'throttle';
    if (r < throttlePercent + serverErrorPercent) return 'server-error';
    if (r < throttlePercent + serverErrorPercent + resetPercent) return 'reset';
    return undefined;
  }
}
