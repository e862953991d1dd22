/**
 * Why this exists: a drift job that waits forever on an endpoint that never answers is a control that never
 * reports. Three limits bound every run, all configurable:
 *
 *  - a connect timeout and a per-request timeout on every SDK request (each attempt; the SDK retries a
 *    timeout like any transient error);
 *  - an overall deadline for the run (`--timeout`): when it passes, every request in flight, waiting to be
 *    retried or not yet sent is aborted, and what was not read is reported as not checked (exit 1).
 *
 * The default arithmetic (worstCaseCallMs): an endpoint that accepts the connection and never answers
 * costs one call 6 attempts × 15 s plus the SDK's backoff between them (full jitter, at most 0.2 + 0.4 +
 * 0.8 + 1.6 + 3.2 s), so at most 96.2 s. The first call of a run is STS GetCallerIdentity, whose failure
 * ends the run (exit 1): such an endpoint ends a run with the defaults in under two minutes. The 30-minute
 * deadline bounds everything else (a partial hang, a very slow account); raise it for very large accounts.
 */
import { UserError } from '../../shared/errors';
import { setMaxListeners } from 'node:events';

/** @default 6 attempts per call, the first included (the SDK's retries of throttling, 5xx and timeouts). */
export const DEFAULT_MAX_ATTEMPTS = 6;
/** A TCP connection not established within this is a failed attempt. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
/** An attempt (connect to the last byte of the answer) not done within this fails (and is retried). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
/** The whole run, state read to report. */
export const DEFAULT_RUN_TIMEOUT_MS = 30 * 60_000;

/** The SDK's retry backoff for a transient error: full jitter under 100 ms × 2^retry, capped at 20 s. */
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 20_000;

/** The longest one SDK call can take against an endpoint that never answers: every attempt times out. */
export function worstCaseCallMs(limits: { maxAttempts: number; requestTimeoutMs: number }): number {
  let backoff = 0;
  for (let retry = 1; retry < limits.maxAttempts; retry++) backoff += Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
  return limits.maxAttempts * limits.requestTimeoutMs + backoff;
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** "90s" → 90000, "5m", "1h", "1500ms"; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)(ms|s|m|h)$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

/** Milliseconds as the shortest exact duration: 90000 → "90s", 1800000 → "30m". */
export function formatDuration(ms: number): string {
  for (const unit of ['h', 'm', 's'] as const) if (ms >= UNIT_MS[unit] && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  return `${ms}ms`;
}

export interface DurationRule {
  /** How the value is set on the command line, for the message: `--timeout`. */
  readonly flag: string;
  readonly minMs: number;
  readonly maxMs: number;
  readonly example: string;
}

export const DURATION_RULES = {
  timeout: { flag: '--timeout', minMs: 1_000, maxMs: 24 * 3_600_000, example: '90s, 10m or 1h' },
  requestTimeout: { flag: '--request-timeout', minMs: 100, maxMs: 10 * 60_000, example: '15s' },
  connectTimeout: { flag: '--connect-timeout', minMs: 100, maxMs: 5 * 60_000, example: '5s' },
} as const satisfies Record<string, DurationRule>;

/**
 * A duration given as text ("90s") or milliseconds, checked against its rule; undefined stays undefined.
 * A bad value is one UserError naming the flag, the value and what is accepted.
 */
export function checkDuration(value: string | number | undefined, rule: DurationRule): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? value : parseDuration(value);
  const shown = typeof value === 'number' ? String(value) : JSON.stringify(value);
  if (ms === undefined || !Number.isFinite(ms))
    throw new UserError(`${rule.flag} ${shown}: expected a duration: a whole number and a unit ms|s|m|h, e.g. ${rule.example}`);
  if (ms < rule.minMs || ms > rule.maxMs)
    throw new UserError(
      `${rule.flag} ${shown}: must be from ${formatDuration(rule.minMs)} to ${formatDuration(rule.maxMs)}, e.g. ${rule.example}`,
    );
  return ms;
}

/** The error every aborted request rejects with once the run's deadline has passed. */
export class DeadlineExceededError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the run's deadline (--timeout ${formatDuration(timeoutMs)}) passed`);
    this.name = 'DeadlineExceeded';
  }
}

/** True for a request that was aborted because the run's deadline passed. */
export function isDeadlineExceeded(err: unknown): err is DeadlineExceededError {
  return err instanceof DeadlineExceededError || (err as { name?: string } | null)?.name === 'DeadlineExceeded';
}

/**
 * The run's deadline: an AbortSignal that fires when `timeoutMs` has passed. Its timer does not keep the
 * process alive, and dispose() clears it when the run ends first.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly timeoutMs: number) {
    // Every call in flight or waiting for its quota listens to this one signal: more than Node's default of 10
    // at once is expected (a limiter per Lambda quota beside IAM's), not a leak worth a warning on stderr.
    setMaxListeners(0, this.controller.signal);
    this.timer = setTimeout(() => this.controller.abort(new DeadlineExceededError(timeoutMs)), timeoutMs);
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get expired(): boolean {
    return this.controller.signal.aborted;
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

type Next = (args: unknown) => Promise<unknown>;
interface MiddlewareStackLike {
  add: (mw: (next: Next) => Next, opts: { step: string; name: string; priority?: string }) => void;
}

/**
 * Makes `signal` abort every call of `client`: the whole call (credentials, pacing waits, attempts and the
 * backoff between them) is raced against the signal, so the caller gets DeadlineExceeded at once; and each
 * attempt checks the signal before it is sent, so a call that was waiting to retry sends nothing more.
 * The socket of an attempt in flight is closed by AwsClients.destroy() at the end of the run.
 */
export function withAbort<C extends { middlewareStack: unknown }>(client: C, signal: AbortSignal | undefined): C {
  if (!signal) return client;
  const stack = client.middlewareStack as MiddlewareStackLike;
  const reason = () => (signal.reason instanceof Error ? signal.reason : new DeadlineExceededError(0));
  stack.add(
    (next) => (args) => {
      if (signal.aborted) return Promise.reject(reason());
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(reason());
        signal.addEventListener('abort', onAbort, { once: true });
        next(args)
          .then(resolve, reject)
          .finally(() => signal.removeEventListener('abort', onAbort));
      });
    },
    { step: 'initialize', name: 'lambdaRolesDeadline', priority: 'high' },
  );
  stack.add(
    (next) => (args) => (signal.aborted ? Promise.reject(reason()) : next(args)),
    // Below the retry middleware: once per attempt.
    { step: 'deserialize', name: 'lambdaRolesDeadlinePerAttempt', priority: 'high' },
  );
  return client;
}

export interface RunLimitOptions {
  /** The whole run: '90s', '10m', '1h', or milliseconds. @default '30m' (DEFAULT_RUN_TIMEOUT_MS) */
  readonly timeout?: string | number;
  /** One attempt of one AWS request. @default '15s' (DEFAULT_REQUEST_TIMEOUT_MS) */
  readonly requestTimeout?: string | number;
  /** Establishing one TCP connection. @default '5s' (DEFAULT_CONNECT_TIMEOUT_MS) */
  readonly connectTimeout?: string | number;
}

export interface RunLimits {
  readonly deadline: Deadline;
  /** For AwsClients: the timeouts and the deadline's abort signal. */
  readonly clientOptions: { readonly abortSignal: AbortSignal; readonly requestTimeoutMs: number; readonly connectTimeoutMs: number };
}

/**
 * Checks a run's limits (a bad value is a UserError naming its flag) and starts its deadline. The caller
 * disposes the deadline when the run ends.
 */
export function startRunLimits(options: RunLimitOptions): RunLimits {
  const timeoutMs = checkDuration(options.timeout, DURATION_RULES.timeout) ?? DEFAULT_RUN_TIMEOUT_MS;
  const requestTimeoutMs = checkDuration(options.requestTimeout, DURATION_RULES.requestTimeout) ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const connectTimeoutMs = checkDuration(options.connectTimeout, DURATION_RULES.connectTimeout) ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const deadline = new Deadline(timeoutMs);
  return { deadline, clientOptions: { abortSignal: deadline.signal, requestTimeoutMs, connectTimeoutMs } };
}
