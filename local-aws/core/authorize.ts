/**
 * Why this exists: a job's own permissions are part of what it must get right. Without this step every
 * authenticated caller could do anything, so a read-only role missing one action would pass every test
 * here and fail in the first real account. The step evaluates the caller's identity-based policies (the
 * role's inline and attached managed policies, within its permissions boundary) with
 * @cloud-copilot/iam-simulate, for the action and resource each call needs (the module's `accessOf`), and
 * answers AccessDenied in the service's own error shape, naming the caller, the action and the resource.
 *
 * Who is judged: callers whose principal IAM holds (sessions of a role that exists in IAM). The root is never
 * judged (as on AWS without SCPs); neither are identities IAM has no record of (configured users, the console
 * identity's Admin role, roles assumed without being created), which keeps the tests' identities working.
 * Resource-based policies (trust policies, Lambda function policies) are not evaluated: every request is
 * judged as a same-account request by the caller's own policies.
 *
 * Speed: decisions are cached by the policy set's key, the action, the resource and the values of the
 * context keys the policies mention; the benchmark's thousands of calls cost one simulation per distinct triple.
 */
import { runSimulation, type SimulationIdentityPolicy } from '@cloud-copilot/iam-simulate';
import type { AccessRequest, CallContext, CallerIdentity, PrincipalPolicies } from '../types';
import type { AwsError } from '../types';
import * as errors from './service-errors';

/** Why a request was refused, in the words AWS's messages use. */
type Refusal = 'explicit-deny' | 'boundary' | 'no-allow' | 'unevaluable';
type Decision = { readonly allowed: true } | { readonly allowed: false; readonly why: Refusal; readonly detail?: string };

interface PreparedSet {
  readonly identity: SimulationIdentityPolicy[];
  readonly boundary?: SimulationIdentityPolicy[];
  /** Lower-cased text of every document, to tell which context keys the policies can depend on. */
  readonly text: string;
}

/** Bounds memory for long-lived endpoints (the CLI's `local-aws`); a full cache simply starts over. */
const MAX_ENTRIES = 20_000;

export class Authorizer {
  private readonly prepared = new Map<string, PreparedSet>();
  private readonly decisions = new Map<string, Decision>();

  constructor(private readonly log: (line: string) => void) {}

  /** The refusal for the first request the caller's policies do not allow, or undefined when all are allowed. */
  async check(
    service: string,
    requests: readonly AccessRequest[],
    policies: PrincipalPolicies,
    ctx: CallContext,
  ): Promise<AwsError | undefined> {
    for (const request of requests) {
      const decision = await this.decide(request, policies, ctx);
      if (!decision.allowed) {
        if (decision.detail) this.log(`authorization: ${request.action} on ${request.resource}: ${decision.detail}`);
        return errors.accessDenied(service, deniedMessage(ctx.caller, request, decision.why));
      }
    }
    return undefined;
  }

  private async decide(request: AccessRequest, policies: PrincipalPolicies, ctx: CallContext): Promise<Decision> {
    const set = this.prepare(policies);
    const context = { ...globalContext(ctx, policies), ...(request.context ?? {}) };
    // Only values the documents can test belong in the key: aws:CurrentTime changes every call.
    const relevant = Object.keys(context)
      .filter((k) => set.text.includes(k.toLowerCase()))
      .sort()
      .map((k) => [k, context[k]]);
    const key = JSON.stringify([policies.key, request.action, request.resource, relevant]);
    const hit = this.decisions.get(key);
    if (hit) return hit;

    const result = await runSimulation(
      {
        request: {
          principal: ctx.caller.arn,
          action: request.action,
          resource: { resource: request.resource, accountId: ctx.caller.accountId },
          contextVariables: Object.fromEntries(Object.entries(context).map(([k, v]) => [k, typeof v === 'string' ? v : [...v]])),
        },
        identityPolicies: set.identity,
        ...(set.boundary ? { permissionBoundaryPolicies: set.boundary } : {}),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      },
      {},
    );
    let decision: Decision;
    if (result.resultType === 'error') {
      // Fail closed: a policy the simulator cannot read grants nothing. The reason goes to the log.
      decision = { allowed: false, why: 'unevaluable', detail: result.errors.message };
    } else if (result.overallResult === 'Allowed') {
      decision = { allowed: true };
    } else {
      const analysis = result.resultType === 'single' ? result.result.analysis : result.results[0]?.analysis;
      const why: Refusal =
        analysis?.identityAnalysis?.result === 'ExplicitlyDenied' || result.overallResult === 'ExplicitlyDenied'
          ? 'explicit-deny'
          : analysis?.identityAnalysis?.result === 'Allowed' && analysis.permissionBoundaryAnalysis?.result !== 'Allowed'
            ? 'boundary'
            : 'no-allow';
      decision = { allowed: false, why };
    }
    remember(this.decisions, key, decision);
    return decision;
  }

  private prepare(policies: PrincipalPolicies): PreparedSet {
    const hit = this.prepared.get(policies.key);
    if (hit) return hit;
    const parse = (p: { name: string; document: () => string }) => ({ name: p.name, text: p.document() });
    const identity = policies.identity.map(parse);
    const boundary = policies.boundary ? parse(policies.boundary) : undefined;
    const set: PreparedSet = {
      identity: identity.map((p) => ({ name: p.name, policy: JSON.parse(p.text) as unknown })),
      ...(boundary ? { boundary: [{ name: boundary.name, policy: JSON.parse(boundary.text) as unknown }] } : {}),
      text: [...identity, ...(boundary ? [boundary] : [])]
        .map((p) => p.text)
        .join('\n')
        .toLowerCase(),
    };
    remember(this.prepared, policies.key, set);
    return set;
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(key, value);
}

/** The global condition keys AWS sets on every request of this caller. */
function globalContext(ctx: CallContext, policies: PrincipalPolicies): Record<string, string> {
  const caller = ctx.caller;
  const tags = Object.fromEntries(Object.entries(policies.tags).map(([k, v]) => [`aws:PrincipalTag/${k}`, v]));
  return {
    'aws:PrincipalArn': caller.roleArn ?? caller.arn,
    'aws:PrincipalAccount': caller.accountId,
    'aws:PrincipalType': caller.type === 'AssumedRole' ? 'AssumedRole' : caller.type === 'IAMUser' ? 'User' : 'Account',
    'aws:userid': caller.principalId,
    'aws:RequestedRegion': ctx.region,
    'aws:SourceIp': ctx.sourceIp,
    'aws:SecureTransport': 'false',
    'aws:CurrentTime': ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(ctx.now.getTime() / 1000)),
    'aws:ViaAWSService': 'false',
    ...tags,
  };
}

/**
 * AWS's wording: "User: <caller> is not authorized to perform: <action> on resource: <resource> because no
 * identity-based policy allows the <action> action". The resource is always its ARN (IAM itself sometimes
 * writes "role NAME"); actions without resource-level permissions name none, as on AWS.
 */
export function deniedMessage(caller: CallerIdentity, request: AccessRequest, why: Refusal): string {
  const on = request.resource === '*' ? '' : ` on resource: ${request.resource}`;
  const reason =
    why === 'explicit-deny'
      ? 'with an explicit deny in an identity-based policy'
      : why === 'boundary'
        ? `because no permissions boundary allows the ${request.action} action`
        : why === 'unevaluable'
          ? `because the endpoint could not evaluate the identity-based policies (see its log)`
          : `because no identity-based policy allows the ${request.action} action`;
  return `User: ${caller.arn} is not authorized to perform: ${request.action}${on} ${reason}`;
}
