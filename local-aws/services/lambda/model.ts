/**
 * The Lambda module's state and the lookups every operation shares. State is keyed by account, then
 * region, because Lambda is regional: the same name in two regions is two functions. Everything here is
 * plain JSON (snapshot/restore serializes it); zip bytes are never kept, only their size and hash, as
 * the real service only ever reports those back.
 */
import { AwsError, type CallContext } from '../../types';
import { ensureOwn, getOwn } from '../../core/own';
import { partitionForRegion } from '../../../shared/aws/partition';
import type { MappingFields, SourceKind } from './esm-sources';

/** A configuration in Lambda's wire shape (FunctionConfiguration), as GetFunctionConfiguration answers it. */
export interface FunctionConfiguration {
  readonly FunctionName: string;
  readonly FunctionArn: string;
  readonly Runtime?: string;
  readonly Role: string;
  readonly Handler?: string;
  readonly CodeSize: number;
  readonly Description: string;
  readonly Timeout: number;
  readonly MemorySize: number;
  readonly LastModified: string;
  readonly CodeSha256: string;
  readonly Version: string;
  readonly Environment?: { readonly Variables: Record<string, string> };
  readonly TracingConfig: { readonly Mode: string };
  readonly VpcConfig?: VpcConfigResponse;
  readonly DeadLetterConfig?: { readonly TargetArn: string };
  readonly KMSKeyArn?: string;
  readonly Layers?: readonly { readonly Arn: string; readonly CodeSize: number }[];
  readonly RevisionId: string;
  readonly State: 'Active';
  readonly LastUpdateStatus: 'Successful';
  readonly PackageType: 'Zip' | 'Image';
  readonly Architectures: readonly string[];
  readonly EphemeralStorage: { readonly Size: number };
  readonly SnapStart: { readonly ApplyOn: string; readonly OptimizationStatus: string };
  readonly LoggingConfig: LoggingConfig;
  /** Image functions: the entry point, command and working directory that override the image's. */
  readonly ImageConfigResponse?: { readonly ImageConfig: Readonly<Record<string, unknown>> };
  /** EFS access points mounted into the function. */
  readonly FileSystemConfigs?: readonly { readonly Arn: string; readonly LocalMountPath: string }[];
}

export interface VpcConfigResponse {
  readonly SubnetIds: readonly string[];
  readonly SecurityGroupIds: readonly string[];
  readonly VpcId: string;
  readonly Ipv6AllowedForDualStack: boolean;
}

export interface LoggingConfig {
  readonly LogFormat: string;
  readonly LogGroup: string;
  readonly ApplicationLogLevel?: string;
  readonly SystemLogLevel?: string;
}

/** A resource-based policy statement exactly as Lambda writes it into GetPolicy's JSON string. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: string | { readonly Service: string } | { readonly AWS: string };
  readonly Action: string;
  readonly Resource: string;
  readonly Condition?: Record<string, Record<string, string>>;
}

/** An alias as GetAlias answers it. RoutingConfig is absent without weights, as on AWS (the provider diffs on it). */
export interface AliasConfiguration {
  readonly AliasArn: string;
  readonly Name: string;
  readonly FunctionVersion: string;
  readonly Description: string;
  readonly RoutingConfig?: { readonly AdditionalVersionWeights: Record<string, number> };
  readonly RevisionId: string;
}

export interface StoredFunction {
  /** `$LATEST`: the only configuration updates change. */
  latest: FunctionConfiguration;
  /** Published versions, oldest first; immutable snapshots of `$LATEST` at publish time. */
  versions: FunctionConfiguration[];
  /** The number the next PublishVersion gets; numbers are never reused, even after a version is deleted. */
  nextVersion: number;
  /** Policy statements per qualifier; '' is the unqualified (function-level) policy. */
  policies: Record<string, PolicyStatement[]>;
  tags: Record<string, string>;
  /** Aliases by name. Optional so snapshots written before aliases existed still load. */
  aliases?: Record<string, AliasConfiguration>;
  /** PutFunctionConcurrency's value; absent means unreserved. */
  reservedConcurrency?: number;
  /** Image functions: the image URI each CodeSha256 (image digest) came from, for GetFunction's Code. */
  images?: Record<string, string>;
  /** Asynchronous invocation settings per qualifier (`$LATEST`, a version or an alias). */
  eventInvokeConfigs?: Record<string, EventInvokeConfig>;
  /** Function URLs per qualifier ('' is the unqualified function, else an alias name). */
  urlConfigs?: Record<string, FunctionUrlConfig>;
  /** Provisioned concurrency per qualifier (a version or an alias). */
  provisionedConcurrency?: Record<string, { requested: number; lastModified: string }>;
}

/** PutFunctionEventInvokeConfig's settings as stored; LastModified in epoch seconds, as the API reports it. */
export interface EventInvokeConfig {
  LastModified: number;
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  OnSuccess?: string;
  OnFailure?: string;
}

/** A function URL as GetFunctionUrlConfig answers it (FunctionArn and LastModifiedTime are added on read). */
export interface FunctionUrlConfig {
  FunctionUrl: string;
  AuthType: string;
  Cors?: Record<string, unknown>;
  InvokeMode: string;
  CreationTime: string;
  LastModifiedTime: string;
}

/** An event source mapping; the optional members of its wire shape live in `fields`. */
export interface StoredMapping {
  readonly kind: SourceKind;
  /** What GetEventSourceMapping answers, minus UUID, State and the ARN (derived). */
  fields: MappingFields;
  enabled: boolean;
  tags: Record<string, string>;
}

export interface RegionState {
  functions: Record<string, StoredFunction>;
  /** Event source mappings by UUID; optional so snapshots written before mappings existed still load. */
  eventSourceMappings?: Record<string, StoredMapping>;
}

export interface LambdaState {
  /** accountId → region → functions. */
  accounts: Record<string, Record<string, RegionState>>;
}

export function initialLambdaState(): LambdaState {
  return { accounts: {} };
}

/** The caller's region slice, created on first use. */
export function regionOf(state: LambdaState, ctx: CallContext): RegionState {
  const account = ensureOwn(state.accounts, ctx.caller.accountId, () => ({}));
  return ensureOwn(account, ctx.region, () => ({ functions: {} }));
}

export function functionArn(ctx: CallContext, name: string, qualifier?: string): string {
  const base = `arn:${partitionForRegion(ctx.region)}:lambda:${ctx.region}:${ctx.caller.accountId}:function:${name}`;
  return qualifier ? `${base}:${qualifier}` : base;
}

/** Lambda's timestamp format: millisecond precision and a `+0000` offset, not ISO `Z`. */
export function lambdaTimestamp(d: Date): string {
  return d.toISOString().replace('Z', '+0000');
}

export const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
const QUALIFIER_PATTERN = /^(\$LATEST|[a-zA-Z0-9_-]{1,128})$/;
const ARN_PATTERN = /^arn:(aws[a-zA-Z-]*):lambda:([a-z]{2}(?:-gov)?-[a-z]+-\d):(\d{12}):function:([^:]+)(?::([^:]+))?$/;
const PARTIAL_ARN_PATTERN = /^(\d{12}):function:([^:]+)(?::([^:]+))?$/;

export interface FunctionRef {
  readonly name: string;
  /** Qualifier carried in the name/ARN itself (`my-fn:1`, `…:function:my-fn:prod`). */
  readonly qualifier?: string;
  readonly account?: string;
  readonly region?: string;
}

/** Parses the `FunctionName` forms Lambda accepts: name, name:qualifier, partial ARN, full ARN. */
export function parseFunctionRef(ref: string, field = 'FunctionName'): FunctionRef {
  let parsed: FunctionRef;
  const arn = ARN_PATTERN.exec(ref);
  const partial = PARTIAL_ARN_PATTERN.exec(ref);
  if (arn) parsed = { region: arn[2], account: arn[3], name: arn[4], qualifier: arn[5] };
  else if (partial) parsed = { account: partial[1], name: partial[2], qualifier: partial[3] };
  else {
    const [name, qualifier, ...rest] = ref.split(':');
    if (rest.length) throw invalidRef(ref, field);
    parsed = { name, qualifier };
  }
  if (!NAME_PATTERN.test(parsed.name)) throw invalidRef(ref, field);
  if (parsed.qualifier !== undefined && !QUALIFIER_PATTERN.test(parsed.qualifier)) throw invalidRef(ref, field);
  return parsed;
}

function invalidRef(ref: string, field: string): AwsError {
  return new AwsError(
    'InvalidParameterValueException',
    `1 validation error detected: Value '${ref}' at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: ` +
      'Member must be a function name (1-64 of [a-zA-Z0-9-_]), optionally with :qualifier, or a function ARN ' +
      '(arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]) or partial ARN (<account>:function:<name>).',
    400,
  );
}

/**
 * Resolves a reference to a stored function plus the effective qualifier. A qualifier in the name and a
 * different `Qualifier` parameter is an error on AWS too, and so is an ARN of another region (with AWS's
 * words). Another account's ARN is denied: that would need a resource-policy evaluation we do not do.
 */
export function resolveFunction(
  state: LambdaState,
  ctx: CallContext,
  ref: string,
  queryQualifier?: string | null,
): { fn: StoredFunction; name: string; qualifier?: string } {
  const parsed = parseFunctionRef(ref);
  const qq = queryQualifier ?? undefined;
  if (qq !== undefined && parsed.qualifier !== undefined && qq !== parsed.qualifier) {
    throw new AwsError(
      'InvalidParameterValueException',
      'The derived qualifier from the function name does not match the specified qualifier.',
      400,
    );
  }
  const qualifier = qq ?? parsed.qualifier;
  if (parsed.region && parsed.region !== ctx.region) {
    throw new AwsError(
      'ResourceNotFoundException',
      `Functions from '${parsed.region}' are not reachable in this region ('${ctx.region}')`,
      404,
    );
  }
  if (parsed.account && parsed.account !== ctx.caller.accountId) {
    // AWS would evaluate the function's resource policy here; we do not, so cross-account access is denied.
    throw new AwsError(
      'AccessDeniedException',
      `User: ${ctx.caller.arn} is not authorized to access ${ref} because no resource-based policy allows it ` +
        '(this endpoint does not evaluate cross-account resource policies; call with credentials of the owning account).',
      403,
    );
  }
  const fn = getOwn(regionOf(state, ctx).functions, parsed.name);
  if (!fn) {
    throw new AwsError('ResourceNotFoundException', `Function not found: ${functionArn(ctx, parsed.name, qualifier)}`, 404);
  }
  return { fn, name: parsed.name, qualifier };
}

/**
 * The configuration a qualifier names: `$LATEST` (or none), a published version number, or an alias. Through
 * an alias, AWS answers with the target version's configuration under the alias-qualified ARN.
 */
export function configurationAt(fn: StoredFunction, ctx: CallContext, qualifier?: string): FunctionConfiguration {
  if (qualifier === undefined || qualifier === '$LATEST') {
    return qualifier ? { ...fn.latest, FunctionArn: `${fn.latest.FunctionArn}:$LATEST` } : fn.latest;
  }
  const alias = getOwn(fn.aliases, qualifier);
  if (alias) {
    const target = configurationAt(fn, ctx, alias.FunctionVersion);
    return { ...target, FunctionArn: alias.AliasArn };
  }
  const version = fn.versions.find((v) => v.Version === qualifier);
  if (!version) {
    throw new AwsError('ResourceNotFoundException', `Function not found: ${functionArn(ctx, fn.latest.FunctionName, qualifier)}`, 404);
  }
  return version;
}
