/**
 * SDK v3 clients for the drift check, built in one place so every read shares the same retry policy,
 * region/profile handling and API-call counter.
 *
 * Why adaptive retry: the drift job runs next to deploys and other readers that share the account's IAM
 * and Lambda quotas. Adaptive mode adds client-side rate limiting on top of backoff, so a throttled run
 * slows down instead of failing.
 *
 * The endpoint is never set here: the SDK reads AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> itself,
 * which is how the tests point these clients at the local endpoint.
 */
import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { STSClient } from '@aws-sdk/client-sts';
import { quotaBucket, quotaName } from './token-bucket';
import { isThrottling } from './sdk-errors';
import { iamRegionFor, partitionForRegion, type Partition } from '../../shared/aws/partition';
import { checkProfile, resolveRegion } from './settings';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_MAX_ATTEMPTS, DEFAULT_REQUEST_TIMEOUT_MS, withAbort } from './deadline';

export interface AwsClientOptions {
  /**
   * Default region for Lambda and CloudTrail when a function gives none.
   * @default - AWS_REGION, else us-east-1
   */
  readonly region?: string;
  /**
   * Named profile from ~/.aws/config and ~/.aws/credentials.
   * @default - AWS_PROFILE, else the default credential chain
   */
  readonly profile?: string;
  /**
   * Attempts per call, the first included (throttling, 5xx and timeouts are retried).
   * @default 6 (DEFAULT_MAX_ATTEMPTS)
   */
  readonly maxAttempts?: number;
  /**
   * Milliseconds to establish a TCP connection before the attempt fails.
   * @default 5000 (DEFAULT_CONNECT_TIMEOUT_MS)
   */
  readonly connectTimeoutMs?: number;
  /**
   * Milliseconds for one attempt, from sending to the last byte of the answer, before it fails (and is retried).
   * @default 15000 (DEFAULT_REQUEST_TIMEOUT_MS; drift/aws/deadline.ts has the arithmetic)
   */
  readonly requestTimeoutMs?: number;
  /**
   * Aborts every call (in flight, waiting to retry or not yet sent) when it fires: the run's deadline.
   * @default - none
   */
  readonly abortSignal?: AbortSignal;
  /**
   * SDK retry mode. 'adaptive' adds a client-side rate limiter that slows the whole client after a
   * throttling error (right for real, rate-based throttling; with random throttling it over-reacts:
   * at 30% injected throttles a 50-request read took ~35 s adaptive vs ~2 s standard).
   * @default 'adaptive'
   */
  readonly retryMode?: 'adaptive' | 'standard';
  /**
   * Lambda requests per second per region and quota (GetPolicy; the other control-plane calls combined),
   * so a run over many functions is paced at AWS's fixed quotas instead of throttled. 0 turns pacing off.
   * @default 15 (LAMBDA_QUOTA_PER_SECOND: the quotas themselves; the burst is kept below the server's instead)
   */
  readonly lambdaRatePerSecond?: number;
  /**
   * The partition (aws, aws-cn, aws-us-gov): IAM is called in its region (us-east-1, cn-north-1, us-gov-west-1).
   * @default - the partition of the default region
   */
  readonly partition?: Partition;
  /**
   * The credentials every client signs with, e.g. a `--config` target's assumed-role session (a provider
   * function is called again by the SDK when its credentials near their expiration).
   * @default - the default credential chain, or `profile`
   */
  readonly credentials?: AwsCredentials;
}

/** Static credentials or a provider of them (the SDK's own type; every client takes the same). */
export type AwsCredentials = NonNullable<IAMClientConfig['credentials']>;

/**
 * AWS Lambda's API quotas per account and region, fixed (not raisable): GetPolicy 15/s, GetFunction 100/s,
 * every other control-plane call (ListFunctions, ListAliases, GetFunctionConfiguration, …) 15/s combined.
 */
export const LAMBDA_QUOTA_PER_SECOND = 15;
const GET_FUNCTION_PER_SECOND = 100;
/**
 * Our burst per Lambda quota. AWS documents none; the local endpoint models a bucket of one second's worth
 * (15). Starting with 10 tokens saves 10/15 s of every full scan, and the 5 tokens between our burst and the
 * server's absorb requests that network jitter makes arrive bunched. A throttle still backs us off.
 */
export const LAMBDA_BURST = 10;

/** The quota a Lambda operation counts against, named per account and region. */
function lambdaQuota(account: string, region: string, operation: string, rate: number): { name: string; ratePerSecond: number } {
  const name = (api: string) => quotaName('lambda', account, region, api);
  if (operation === 'GetPolicy') return { name: name('GetPolicy'), ratePerSecond: rate };
  if (operation === 'GetFunction')
    return { name: name('GetFunction'), ratePerSecond: (rate * GET_FUNCTION_PER_SECOND) / LAMBDA_QUOTA_PER_SECOND };
  return { name: name('control-plane'), ratePerSecond: rate };
}

/**
 * Paces every Lambda request, retries included (they count against the quota as much as first attempts):
 * the middleware sits in the `deserialize` step, below the retry middleware, so it runs once per attempt.
 * A throttling answer tells the quota's bucket to back off.
 */
function withLambdaPacing(client: LambdaClient, region: string, rate: number, account: () => string): LambdaClient {
  if (rate <= 0) return client;
  (client.middlewareStack as { add: (mw: unknown, opts: unknown) => void }).add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      const quota = lambdaQuota(account(), region, (context.commandName ?? '').replace(/Command$/, ''), rate);
      const bucket = quotaBucket(quota.name, { ratePerSecond: quota.ratePerSecond, capacity: LAMBDA_BURST });
      await bucket.take();
      try {
        return await next(args);
      } catch (err) {
        if (isThrottling(err)) bucket.throttled();
        throw err;
      }
    },
    { step: 'deserialize', name: 'lambdaRolesLambdaPacing', priority: 'high' },
  );
  return client;
}

/**
 * Counts wire requests per operation, keyed `service:Operation` (IAM and Lambda both have GetPolicy).
 * Retries are counted too: they are what the quotas see. The middleware sits in the `deserialize` step,
 * below the retry middleware, so it runs once per attempt.
 */
export class ApiCallCounter {
  private readonly counts: Record<string, number> = {};

  record(operation: string): void {
    this.counts[operation] = (this.counts[operation] ?? 0) + 1;
  }

  /** A sorted copy, so reports and logs are stable. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.counts).sort(([a], [b]) => a.localeCompare(b)));
  }

  total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }
}

type AnyClient = IAMClient | LambdaClient | CloudTrailClient | STSClient;

function withCounter<C extends AnyClient>(client: C, service: string, counter: ApiCallCounter): C {
  // The stack is typed per client; the middleware only reads the command name from the context.
  (client.middlewareStack as { add: (mw: unknown, opts: unknown) => void }).add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      counter.record(`${service}:${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`);
      return next(args);
    },
    { step: 'deserialize', name: 'lambdaRolesApiCallCounter', priority: 'low' },
  );
  return client;
}

/** Hands out one client per (service, region), all counting into the same counter. */
export class AwsClients {
  readonly counter = new ApiCallCounter();
  readonly defaultRegion: string;
  /** Where IAM is called: the IAM region of the partition. */
  readonly iamRegion: string;
  private readonly cache = new Map<string, AnyClient>();
  private quotaAccount = '';

  constructor(private readonly options: AwsClientOptions = {}) {
    // Checked here, before any call: a bad --region / AWS_REGION / AWS_DEFAULT_REGION, or a profile the
    // shared files do not define, is a UserError naming it (drift/aws/settings.ts).
    this.defaultRegion = resolveRegion(options.region, process.env, iamRegionFor('aws'));
    if (!options.credentials) checkProfile(options.profile);
    this.iamRegion = iamRegionFor(options.partition ?? partitionForRegion(this.defaultRegion));
  }

  /** The account the credentials are for, once known: the Lambda quotas are paced per account. */
  useQuotasOf(account: string): void {
    this.quotaAccount = account;
  }

  private config(region: string) {
    return {
      region,
      retryMode: this.options.retryMode ?? 'adaptive',
      maxAttempts: this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      // Without these an endpoint that accepts the connection and never answers is waited on forever.
      // throwOnRequestTimeout: the handler otherwise only logs a warning when requestTimeout passes.
      requestHandler: {
        connectionTimeout: this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        requestTimeout: this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
        throwOnRequestTimeout: true,
      },
      ...(this.options.credentials
        ? { credentials: this.options.credentials }
        : this.options.profile
          ? { profile: this.options.profile }
          : {}),
    };
  }

  private get<C extends AnyClient>(key: string, make: () => C): C {
    let client = this.cache.get(key) as C | undefined;
    if (!client) {
      client = withAbort(withCounter(make(), key.split('/')[0], this.counter), this.options.abortSignal);
      this.cache.set(key, client);
    }
    return client;
  }

  iam(): IAMClient {
    return this.get('iam', () => new IAMClient(this.config(this.iamRegion)));
  }

  lambda(region = this.defaultRegion): LambdaClient {
    return this.get(`lambda/${region}`, () =>
      withLambdaPacing(
        new LambdaClient(this.config(region)),
        region,
        this.options.lambdaRatePerSecond ?? LAMBDA_QUOTA_PER_SECOND,
        () => this.quotaAccount,
      ),
    );
  }

  cloudTrail(region: string): CloudTrailClient {
    return this.get(`cloudtrail/${region}`, () => new CloudTrailClient(this.config(region)));
  }

  sts(): STSClient {
    // STS is regional: stay in the default region when it is in the IAM region's partition, else use the IAM region.
    const region = iamRegionFor(partitionForRegion(this.defaultRegion)) === this.iamRegion ? this.defaultRegion : this.iamRegion;
    return this.get('sts', () => new STSClient(this.config(region)));
  }

  /** Closes keep-alive sockets so a CLI run ends promptly. */
  destroy(): void {
    for (const client of this.cache.values()) client.destroy();
    this.cache.clear();
  }
}
