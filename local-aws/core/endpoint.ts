/**
 * Why this exists: the request pipeline, independent of HTTP plumbing, so each step is in one readable
 * place: authenticate → operation → count → quota → fault → latency → authorize → handle → CloudTrail → persist.
 */
import { randomUUID } from 'node:crypto';
import { AwsError, type CallContext, type ServiceModule, type ServiceRegistry, type WireRequest, type WireResponse } from '../types';
import { DEFAULT_REGION, Identities, type IdentityConfig, type KeyRecord, type SessionSnapshot } from './identities';
import { malformedAuthorization, parseAuthorization } from './sigv4';
import { authenticate } from './authenticate';
import { guessService, wireProtocolOf } from './routing';
import * as errors from './service-errors';
import { FaultDice, QuotaLimiter, resolveQuotas, validateFaults, type FaultConfig, type QuotaSetting } from './controls';
import { Authorizer } from './authorize';
import { recordAudit, type CloudTrailRecord, type CloudTrailState } from '../services/cloudtrail/record';

export interface Controls {
  readonly latencyMs: number;
  readonly quotas: QuotaSetting;
  readonly faults: FaultConfig;
}

/** All state of the endpoint as JSON: service states, minted STS sessions (CloudTrail lives in services.cloudtrail). */
export interface LocalAwsSnapshot {
  readonly format: 'lambda-roles/local-aws@1';
  readonly services: Record<string, unknown>;
  readonly sessions: SessionSnapshot;
}

/** What the pipeline decided; `reset` asks the HTTP layer to destroy the socket. */
export type Outcome = { kind: 'response'; response: WireResponse; mutated: boolean } | { kind: 'reset' };

export interface EndpointOptions {
  readonly modules: readonly ServiceModule[];
  readonly identities: readonly IdentityConfig[];
  readonly controls: Controls;
  readonly now: () => Date;
  readonly log: (line: string) => void;
}

export class Endpoint {
  readonly identities: Identities;
  private readonly modules = new Map<string, ServiceModule>();
  private states: Record<string, unknown> = {};
  private counts = new Map<string, number>();
  private controls: Controls;
  private readonly quotas: QuotaLimiter;
  private readonly faults: FaultDice;
  private readonly authorizer: Authorizer;

  constructor(private readonly opts: EndpointOptions) {
    for (const m of opts.modules) this.modules.set(m.signingName, m);
    this.identities = new Identities(opts.identities, opts.now);
    this.controls = opts.controls;
    this.quotas = new QuotaLimiter(resolveQuotas(opts.controls.quotas));
    this.faults = new FaultDice(validateFaults(opts.controls.faults));
    this.authorizer = new Authorizer(opts.log);
    this.reset();
  }

  // ---- state ----------------------------------------------------------------------------------------

  reset(): void {
    this.states = Object.fromEntries([...this.modules.values()].map((m) => [m.signingName, m.initialState()]));
    this.identities.restoreSessions([]);
    this.quotas.configure(resolveQuotas(this.controls.quotas));
  }

  snapshot(): LocalAwsSnapshot {
    return { format: 'lambda-roles/local-aws@1', services: structuredClone(this.states), sessions: this.identities.snapshotSessions() };
  }

  restore(s: LocalAwsSnapshot): void {
    if (!s || s.format !== 'lambda-roles/local-aws@1' || typeof s.services !== 'object' || !Array.isArray(s.sessions)) {
      throw new Error(
        `snapshot.format: expected "lambda-roles/local-aws@1" with "services" and "sessions"; got ${JSON.stringify((s as Partial<LocalAwsSnapshot> | null | undefined)?.format)}. ` +
          'Pass a value produced by snapshot() or GET /_localaws/snapshot.',
      );
    }
    const services = structuredClone(s.services);
    // A snapshot from an endpoint with fewer modules still restores: the missing ones start empty.
    for (const m of this.modules.values()) services[m.signingName] ??= m.initialState();
    // Everything that can throw runs before anything is assigned: a refused snapshot leaves the state as it was.
    const sessions = this.identities.prepareSessions(s.sessions);
    this.states = services;
    this.identities.useSessions(sessions);
  }

  cloudTrailEvents(): CloudTrailRecord[] {
    const state = this.states['cloudtrail'] as CloudTrailState | undefined;
    if (!state) return [];
    return Object.values(state.events)
      .flat()
      .sort((a, b) => a.seq - b.seq)
      .map((e) => structuredClone(e.record));
  }

  callCounts(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  resetCallCounts(): void {
    this.counts.clear();
  }

  getControls(): Controls {
    return structuredClone(this.controls);
  }

  setControls(c: Partial<Controls>): void {
    const next: Controls = { ...this.controls, ...c };
    if (!(Number.isFinite(next.latencyMs) && next.latencyMs >= 0)) {
      throw new Error(`latencyMs: ${next.latencyMs} is not a non-negative number of milliseconds.`);
    }
    const quotas = resolveQuotas(next.quotas);
    validateFaults(next.faults);
    this.controls = next;
    if (c.quotas !== undefined) this.quotas.configure(quotas);
    if (c.faults !== undefined) this.faults.configure(next.faults);
  }

  // ---- pipeline -------------------------------------------------------------------------------------

  private registry(): ServiceRegistry {
    return { stateOf: <T>(name: string) => this.states[name] as T, identities: this.identities };
  }

  /**
   * Refuses a request before the pipeline runs (e.g. a body over the size limit), in the protocol of the
   * service it is for, as far as headers and path tell (the body is not available).
   */
  refuse(req: WireRequest, err: AwsError): WireResponse {
    const requestId = randomUUID();
    const auth = parseAuthorization(req.headers['authorization']);
    const service = auth && this.modules.has(auth.service) ? auth.service : guessService(req);
    const module = this.modules.get(service);
    this.opts.log(`${err.status} ${service}:? ${err.code} (refused before dispatch)`);
    if (!module || (auth && !this.modules.has(auth.service))) return this.unmounted(req, auth?.service ?? service, !!auth, requestId);
    return withRequestId(this.render(module, service, err, requestId), requestId);
  }

  async dispatch(req: WireRequest, rawQuery: string, sourceIp: string): Promise<Outcome> {
    const requestId = randomUUID();
    const started = Date.now();
    const auth = parseAuthorization(req.headers['authorization']);
    const service = auth && this.modules.has(auth.service) ? auth.service : guessService(req);
    const module = this.modules.get(service);
    if (!module || (auth && !this.modules.has(auth.service))) {
      const requested = auth?.service ?? service;
      this.opts.log(`400 ${requested}:? not mounted ${Date.now() - started}ms`);
      return { kind: 'response', mutated: false, response: this.unmounted(req, requested, !!auth, requestId) };
    }
    const fail = (err: AwsError, op = '?'): Outcome => {
      this.opts.log(`${err.status} ${service}:${op} ${err.code} ${Date.now() - started}ms`);
      return { kind: 'response', mutated: false, response: withRequestId(this.render(module, service, err, requestId), requestId) };
    };

    let key: KeyRecord;
    let region: string;
    if (!auth) {
      // A header that is there but unreadable is an incomplete signature, not a missing one (as AWS answers).
      const malformed = malformedAuthorization(req.headers['authorization']);
      if (malformed || !servedUnsigned(module, req)) {
        return fail(malformed ? errors.incompleteSignature(service, malformed) : errors.missingAuthentication(service));
      }
      key = anonymousKey(this.opts.now());
      region = DEFAULT_REGION;
    } else {
      const verdict = authenticate(req, rawQuery, auth, service, this.identities, this.opts.now());
      if ('error' in verdict) return fail(verdict.error);
      key = verdict.key;
      region = auth.region;
    }

    let operation: string;
    try {
      operation = module.operationOf(req);
    } catch (err) {
      if (err instanceof AwsError) return fail(err);
      this.opts.log(`500 ${service}:? operationOf failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return fail(errors.internalFailure(service));
    }
    const counter = `${service}:${operation}`;
    this.counts.set(counter, (this.counts.get(counter) ?? 0) + 1);

    const scope = `${key.identity.accountId}:${region}`;
    if (!this.quotas.take(service, operation, scope, Date.now())) return fail(errors.throttled(service), operation);
    const fault = this.faults.roll();
    if (fault === 'reset') {
      this.opts.log(`RESET ${counter}`);
      return { kind: 'reset' };
    }
    if (fault === 'throttle') return fail(errors.throttled(service), operation);
    if (fault === 'server-error') return fail(errors.internalFailure(service), operation);
    if (this.controls.latencyMs > 0) await new Promise((r) => setTimeout(r, this.controls.latencyMs));

    const ctx: CallContext = {
      caller: key.identity,
      region,
      requestId,
      sourceIp,
      userAgent: req.headers['user-agent'] ?? req.headers['x-amz-user-agent'] ?? '',
      now: this.opts.now(),
    };
    try {
      const denied = await this.authorize(module, service, operation, req, ctx);
      if (denied) return fail(denied, operation);
      const result = await module.handle(operation, req, ctx, this.states[service], this.registry());
      const cloudTrail = this.states['cloudtrail'] as CloudTrailState | undefined;
      if (result.audit && cloudTrail) recordAudit(cloudTrail, service, result.audit, ctx, key.createdAt);
      this.opts.log(`${result.response.status} ${counter} ${Date.now() - started}ms ${key.identity.arn}`);
      return { kind: 'response', mutated: result.audit !== undefined, response: withRequestId(result.response, requestId) };
    } catch (err) {
      if (err instanceof AwsError) return fail(err, operation);
      this.opts.log(`500 ${counter} internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return fail(errors.internalFailure(service), operation);
    }
  }

  /**
   * The authorization step (core/authorize.ts): the caller's identity-based policies, held by the module that
   * provides `policiesOf` (IAM), judged against what the call needs (`accessOf`). Undefined: go ahead.
   */
  private async authorize(module: ServiceModule, service: string, operation: string, req: WireRequest, ctx: CallContext) {
    if (ctx.caller.type === 'Root' || !module.accessOf) return undefined;
    const holder = [...this.modules.values()].find((m) => m.policiesOf !== undefined);
    const policies = holder?.policiesOf?.(this.states[holder.signingName], ctx.caller);
    if (!policies) return undefined;
    const requests = module.accessOf(operation, req, ctx, this.states[service]);
    return requests.length ? this.authorizer.check(service, requests, policies, ctx) : undefined;
  }

  /**
   * The answer for a service no module serves: a service we know answers in its own protocol (an IAM call
   * gets Query XML); another (CloudWatch Logs, KMS…) in the protocol the request was sent in, so its client
   * can read the message.
   */
  private unmounted(req: WireRequest, requested: string, signed: boolean, requestId: string): WireResponse {
    const mounted = [...this.modules.keys()];
    const message = errors.unmountedMessage(mounted, requested, signed);
    if (errors.isKnownService(requested)) return errors.unmountedService(requested, message, requestId);
    return errors.unmountedService(requested, message, requestId, wireProtocolOf(req), req.headers['content-type']);
  }

  private render(module: ServiceModule, service: string, err: AwsError, requestId: string): WireResponse {
    const response = module.renderError(err, { requestId });
    if (service !== 'lambda' || err.code !== 'TooManyRequestsException') return response;
    return addLambdaThrottleDetails(response);
  }
}

/** An unsigned request the module serves without credentials (its `anonymousOperations`). */
function servedUnsigned(module: ServiceModule, req: WireRequest): boolean {
  if (!module.anonymousOperations?.length) return false;
  try {
    return module.anonymousOperations.includes(module.operationOf(req));
  } catch {
    return false;
  }
}

/** Who makes an unsigned call: nobody the endpoint knows, in no account. */
function anonymousKey(now: Date): KeyRecord {
  return {
    identity: { accessKeyId: '', accountId: '', arn: 'anonymous', principalId: 'anonymous', type: 'Anonymous', console: false },
    secretAccessKey: '',
    createdAt: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** Every AWS answer carries its request id; add it when a module did not. */
function withRequestId(res: WireResponse, requestId: string): WireResponse {
  const headers = { ...(res.headers ?? {}) };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'x-amzn-requestid')) headers['x-amzn-RequestId'] = requestId;
  return { ...res, headers };
}

/**
 * Lambda's control-plane throttle says why (`Reason`) and when to retry (`Retry-After` header, the SDK's
 * `retryAfterSeconds`). The Lambda module renders the generic error; the core adds what only it knows.
 */
function addLambdaThrottleDetails(res: WireResponse): WireResponse {
  let body: Record<string, unknown> = {};
  try {
    body = res.body ? (JSON.parse(res.body.toString()) as Record<string, unknown>) : {};
  } catch {
    return { ...res, headers: { ...res.headers, 'Retry-After': '1' } };
  }
  return {
    ...res,
    headers: { ...res.headers, 'Retry-After': '1', 'content-type': 'application/json' },
    body: JSON.stringify({ Type: 'User', message: 'Rate exceeded', ...body, Reason: 'CallerRateLimitExceeded' }),
  };
}
