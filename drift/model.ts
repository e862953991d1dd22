/**
 * The shapes that flow through the drift pipeline, which runs one way (drift/run-drift.ts joins the stages):
 *   read state → ExpectedInventory        (drift/state/)
 *   read live  → LiveInventory            (drift/live/, a repository layer over the AWS SDK)
 *   compare    → PendingFinding[]         (drift/compare/)
 *   attribute  → DriftFinding[]           (drift/attribute/, CloudTrail)
 *   report     → DriftReport (JSON contract) and its renderings (drift/report/)
 * Below every stage: drift/normalize (comparable forms), drift/severity (how dangerous), drift/aws (the
 * AWS client layer) and shared/. A stage imports only this file and those; never another stage.
 */
import type { Partition } from '../shared/aws/partition';
import type { InvokePermissionFields } from '../shared/aws/invoke-permission';

export type { Partition };

// ---------------------------------------------------------------- expected side (Terraform state)

/** Where a value came from in Terraform: the resource address, e.g. `aws_iam_role.api_role`. */
export type TfAddress = string;

export interface ExpectedRole {
  readonly name: string;
  readonly address: TfAddress;
  /**
   * Terraform owns the role: state holds its aws_iam_role (and with it the trust policy). Only an owned
   * role's attributes and extra policies are compared; for a role state merely attaches to, only the
   * declared attachments and inline policies are.
   */
  readonly owned: boolean;
  readonly arn?: string;
  /** The RoleId Terraform saw (unique_id); a different live RoleId means the role was recreated. */
  readonly roleId?: string;
  readonly path?: string;
  /** Parsed JSON of assume_role_policy. */
  readonly trustPolicy?: unknown;
  readonly description?: string;
  readonly maxSessionDuration?: number;
  readonly permissionsBoundary?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Managed policy ARN → the address that declares it (attachment, exclusive, or the role itself). */
  readonly managedPolicies: Readonly<Record<string, TfAddress>>;
  /** Inline policy name → { address, parsed document }. */
  readonly inlinePolicies: Readonly<Record<string, { readonly address: TfAddress; readonly document: unknown }>>;
  /** True when state declares exclusive ownership of attachments (apply will detach extras). */
  readonly exclusiveAttachments: boolean;
  /** True when state declares exclusive ownership of inline policies. */
  readonly exclusiveInlinePolicies: boolean;
  /** Which state (file path or stack name) this came from. */
  readonly source: string;
}

/** One aws_lambda_permission as Terraform recorded it, or a statement Lambda holds read back into those fields. */
export type InvokePermission = InvokePermissionFields;

export interface ExpectedFunction {
  readonly name: string;
  readonly region: string;
  /** Address of aws_lambda_function, when Terraform owns the function. */
  readonly address?: TfAddress;
  readonly arn?: string;
  /** Expected execution role ARN, when Terraform owns the function. */
  readonly roleArn?: string;
  /** Declared permissions with their addresses. */
  readonly permissions: readonly { readonly address: TfAddress; readonly permission: InvokePermission }[];
  readonly source: string;
}

export interface ExpectedCustomerPolicy {
  readonly arn: string;
  readonly name: string;
  readonly address: TfAddress;
  readonly document: unknown;
  readonly source: string;
}

export interface ExpectedInventory {
  readonly roles: readonly ExpectedRole[];
  readonly functions: readonly ExpectedFunction[];
  readonly customerPolicies: readonly ExpectedCustomerPolicy[];
  /** The states (file paths or stack names) this inventory was read from. */
  readonly sources: readonly string[];
  /**
   * The partition these states live in: the most frequent one in their ARNs, else the partition of the
   * default region. It decides where IAM is called and where its CloudTrail events are.
   */
  readonly partition: Partition;
  /**
   * Per source, the accounts its own resources' ARNs name (sorted). Empty for a state that names its
   * resources only by plain name: its account cannot be checked.
   */
  readonly accountsBySource: Readonly<Record<string, readonly string[]>>;
  /** What these states leave unverified (inline-argument style, unknown documents), one line each. @default - none */
  readonly warnings?: readonly string[];
}

// ---------------------------------------------------------------- live side (AWS, raw-ish)

export interface LiveRole {
  readonly name: string;
  readonly arn: string;
  readonly roleId: string;
  readonly path: string;
  readonly createDate?: string;
  /** As IAM returns it: URL-encoded JSON. */
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  readonly maxSessionDuration?: number;
  readonly permissionsBoundaryArn?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly attachedPolicyArns: readonly string[];
  /** Inline policy name → URL-encoded JSON document. */
  readonly inlinePolicies: Readonly<Record<string, string>>;
}

export interface LiveFunction {
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  readonly roleArn: string;
  /** Qualifier ('' = unqualified) → Lambda GetPolicy `Policy` JSON string, or null when it has none. */
  readonly policies: Readonly<Record<string, string | null>>;
}

export interface LiveCustomerPolicy {
  readonly arn: string;
  readonly defaultVersionId: string;
  /** URL-encoded JSON document of the default version. */
  readonly document: string;
}

/** A resource that could not be read. Its presence forbids an "in sync" verdict. */
export interface ReadError {
  readonly resource: string;
  readonly message: string;
}

export interface LiveInventory {
  /** Role name → live role, or 'missing' when IAM answered NoSuchEntity. */
  readonly roles: ReadonlyMap<string, LiveRole | 'missing'>;
  /** `${region}/${name}` → live function, or 'missing'. */
  readonly functions: ReadonlyMap<string, LiveFunction | 'missing'>;
  readonly customerPolicies: ReadonlyMap<string, LiveCustomerPolicy | 'missing'>;
  readonly errors: readonly ReadError[];
  /** API calls made, by operation (for the benchmark and the run summary). */
  readonly apiCalls: Readonly<Record<string, number>>;
}

// ---------------------------------------------------------------- findings and report (JSON contract v1)

export const FINDING_CODES = [
  'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM',
  'MANAGED_POLICY_DETACHED',
  'INLINE_POLICY_ADDED',
  'INLINE_POLICY_CHANGED',
  'INLINE_POLICY_REMOVED',
  'TRUST_POLICY_CHANGED',
  'PERMISSIONS_BOUNDARY_CHANGED',
  'PERMISSIONS_BOUNDARY_REMOVED',
  'MAX_SESSION_DURATION_CHANGED',
  'DESCRIPTION_CHANGED',
  'TAGS_CHANGED',
  'ROLE_DELETED',
  'ROLE_RECREATED',
  'FUNCTION_ROLE_CHANGED',
  'FUNCTION_DELETED',
  'INVOKE_PERMISSION_ADDED',
  'INVOKE_PERMISSION_CHANGED',
  'INVOKE_PERMISSION_REMOVED',
  'CUSTOMER_POLICY_CHANGED',
  'CUSTOMER_POLICY_DELETED',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export interface Difference {
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly type: 'ADD' | 'REMOVE' | 'NOT_EQUAL';
}

export interface FindingResource {
  readonly type: string; // e.g. aws_iam_role, aws_lambda_permission
  readonly name: string;
  readonly arn: string | null;
  readonly address: string | null;
}

export interface Attribution {
  readonly actor: string;
  readonly eventName: string;
  readonly eventTime: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly viaConsole: boolean;
  /** The configured deploy identity made this change (it is then a Terraform run, or a CI job). */
  readonly byDeployIdentity?: boolean;
  /** One line: "manual console edit by … at …" | "changed outside Terraform via CLI/SDK by …" | … */
  readonly summary?: string;
}

export interface DriftFinding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly reason: string;
  readonly resource: FindingResource;
  readonly differences: readonly Difference[];
  readonly attribution: Attribution | null;
  readonly remediation: string;
}

/**
 * The one thing inside a resource a finding is about. An event counts only when its requestParameters name
 * this item: the newest AttachRolePolicy on a role is not the one behind every attachment on it.
 */
export interface AttributionItem {
  /** AttachRolePolicy/DetachRolePolicy `policyArn`. */
  readonly policyArn?: string;
  /** PutRolePolicy/DeleteRolePolicy `policyName`. */
  readonly policyName?: string;
  /** AddPermission/RemovePermission `statementId`. */
  readonly statementId?: string;
  /** TagRole `tags[].key` / UntagRole `tagKeys`: an event touching any of them matches. */
  readonly tagKeys?: readonly string[];
}

/** What attribution needs to find the CloudTrail events behind a finding (not part of the JSON contract). */
export interface AttributionQuery {
  readonly eventSource: 'iam.amazonaws.com' | 'lambda.amazonaws.com';
  /** Event names to match; Lambda names match by prefix (AddPermission matches AddPermission20150331v2). */
  readonly eventNames: readonly string[];
  /** CloudTrail ResourceName to look up (role name, function name, policy ARN). */
  readonly resourceName: string;
  /** Region to query: the partition's IAM region for IAM, the function's region for Lambda. */
  readonly region: string;
  /** The item within the resource; when set, only events whose requestParameters name it match. @default - any event of the resource */
  readonly item?: AttributionItem;
}

/**
 * Separates a remediation's prose from a trailing code block (an HCL import block), so renderers can show
 * the block as code. The comparer writes it; the report renderers read it.
 */
export const REMEDIATION_CODE_SEPARATOR = '\n\n';

/** A finding as the comparer produces it, before attribution fills `attribution`. */
export interface PendingFinding extends Omit<DriftFinding, 'attribution'> {
  readonly attributionQuery: AttributionQuery;
}

export interface DriftReport {
  readonly schemaVersion: 1;
  readonly summary: {
    readonly inSync: boolean;
    readonly roles: number;
    readonly functions: number;
    readonly findings: number;
    readonly bySeverity: Readonly<Record<Severity, number>>;
    readonly errors: number;
  };
  readonly findings: readonly DriftFinding[];
  readonly errors: readonly ReadError[];
}
