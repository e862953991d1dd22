/**
 * Contract between the local AWS endpoint's core (server, SigV4, identities, quotas, faults, CloudTrail
 * recording, snapshots) and its service modules (iam, sts, lambda, cloudtrail, logs). The core authenticates a
 * request, finds the service by the SigV4 credential scope, asks the module for the operation name
 * (quotas and counters need it before handling), handles it, and records mutating calls in CloudTrail.
 */

/** Who is calling: resolved from the access key (long-term or an STS session). */
export interface CallerIdentity {
  readonly accessKeyId: string;
  readonly accountId: string;
  /** e.g. arn:aws:iam::000000000000:root, arn:aws:sts::000000000000:assumed-role/Admin/console-user */
  readonly arn: string;
  /** AIDA…/AROA…:session as CloudTrail shows it. */
  readonly principalId: string;
  /** 'Anonymous': an unsigned call AWS serves without credentials (sts:AssumeRoleWithWebIdentity; the token is the credential). */
  readonly type: 'Root' | 'IAMUser' | 'AssumedRole' | 'Anonymous';
  /** Calls by this identity are recorded as console-session events. */
  readonly console: boolean;
  /** For AssumedRole: the role ARN (arn:aws:iam::acct:role/Name) and session name. */
  readonly roleArn?: string;
  readonly sessionName?: string;
}

export interface WireRequest {
  readonly method: string;
  /** Path without the query string, still URL-encoded as received. */
  readonly rawPath: string;
  readonly query: URLSearchParams;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface WireResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export interface CallContext {
  readonly caller: CallerIdentity;
  /** Region from the SigV4 credential scope. */
  readonly region: string;
  readonly requestId: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly now: Date;
}

/** What a mutating call asks the core to write to CloudTrail. Read-only calls return none. */
export interface AuditEntry {
  /** e.g. 'AttachRolePolicy', 'AddPermission20150331v2'. */
  readonly eventName: string;
  readonly requestParameters: Record<string, unknown> | null;
  readonly responseElements?: Record<string, unknown> | null;
  /** CloudTrail `Resources[]` entries. */
  readonly resources?: readonly { readonly ResourceType: string; readonly ResourceName: string }[];
  /** IAM is global: its events are recorded in us-east-1 whatever the scope region says. */
  readonly recordRegion?: string;
}

export interface HandlerResult {
  readonly response: WireResponse;
  readonly audit?: AuditEntry;
}

/** A service error, rendered by the owning service's protocol (Query XML, REST-JSON or JSON 1.1). */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * One permission a call needs, as IAM evaluates it: the action and resource the Service Authorization
 * Reference names for the operation, and the action's own condition keys.
 */
export interface AccessRequest {
  /** e.g. 'iam:GetRole', 'lambda:GetPolicy'. */
  readonly action: string;
  /** The resource ARN, or '*' for actions without resource-level permissions (iam:ListRoles, cloudtrail:LookupEvents). */
  readonly resource: string;
  /** Condition keys of this request (iam:PolicyARN, iam:PassedToService…). @default - none */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

/** A policy document a principal holds, by a name unique within its set. */
export interface HeldPolicy {
  /** e.g. 'inline:drift-read-only', 'arn:aws:iam::aws:policy/ReadOnlyAccess'. */
  readonly name: string;
  /** The document as JSON text, read on demand (AWS managed documents are large). */
  readonly document: () => string;
}

/** The identity-based policies of a principal, as the core's authorization step evaluates them. */
export interface PrincipalPolicies {
  /**
   * Names the policy set's content (inline documents; managed policy ARNs with their default version; the
   * boundary; tags): two calls with the same key are judged by the same policies, so decisions are cached by it.
   */
  readonly key: string;
  readonly identity: readonly HeldPolicy[];
  /** @default - no permissions boundary */
  readonly boundary?: HeldPolicy;
  /** The principal's tags, as `aws:PrincipalTag/<key>`. */
  readonly tags: Readonly<Record<string, string>>;
}

export interface ServiceModule<State = unknown> {
  /** SigV4 signing name: 'iam' | 'sts' | 'lambda' | 'cloudtrail' | 'logs'. */
  readonly signingName: string;
  /** Empty state for a fresh endpoint. Must be JSON-serializable (snapshot/restore uses JSON). */
  initialState(): State;
  /** The operation name (e.g. 'GetRole', 'GetPolicy'), or throws AwsError when the route is unknown. */
  operationOf(req: WireRequest): string;
  handle(
    operation: string,
    req: WireRequest,
    ctx: CallContext,
    state: State,
    services: ServiceRegistry,
  ): Promise<HandlerResult> | HandlerResult;
  /** Renders an error in this service's protocol. */
  renderError(err: AwsError, ctx: { requestId: string }): WireResponse;
  /**
   * Operations AWS serves unsigned, whose request carries its own proof (sts:AssumeRoleWithWebIdentity): an
   * unsigned request for one of these reaches `handle` with an Anonymous caller (no account, region us-east-1).
   * @default - none: every call must be signed
   */
  readonly anonymousOperations?: readonly string[];
  /**
   * What the call needs permission for: the core evaluates the caller's identity-based policies against each
   * entry before `handle` runs. An empty list means the call needs no permission (sts:GetCallerIdentity), and
   * so does input too malformed to name a resource: `handle` then answers with the validation error.
   * @default - the module's calls are not authorized (any authenticated caller may make them)
   */
  accessOf?(operation: string, req: WireRequest, ctx: CallContext, state: State): readonly AccessRequest[];
  /**
   * The identity-based policies the caller holds (the IAM module provides this), or undefined when this
   * module does not hold the caller's principal (the root, or a role or user it has no record of).
   * @default - this module holds no principals
   */
  policiesOf?(state: State, caller: CallerIdentity): PrincipalPolicies | undefined;
}

/** Lets one service consult another (e.g. Lambda checks that the execution role exists; STS mints keys). */
export interface ServiceRegistry {
  /** State slice of another service, by signing name. */
  stateOf<T>(signingName: string): T;
  /** Identity store: STS AssumeRole registers temporary keys here. */
  readonly identities: IdentityStore;
}

export interface IdentityStore {
  lookup(accessKeyId: string): { identity: CallerIdentity; secretAccessKey: string; sessionToken?: string; expires?: string } | undefined;
  /** Registers temporary credentials minted by STS; they work on this endpoint until they expire. */
  addSession(identity: CallerIdentity, secretAccessKey: string, sessionToken: string, expires: Date): void;
  /** Account ids this endpoint knows about. */
  accounts(): string[];
}
