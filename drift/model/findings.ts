/** Findings: what the comparer found (PendingFinding) and what attribution made of it (DriftFinding). Part of the JSON contract. */

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

/** Most dangerous first: the order of SEVERITIES is the order of `--fail-on` thresholds and of reports. */
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

/**
 * Why `attribution` is what it is:
 *   attributed        CloudTrail was read and names who made this change (`attribution` is set);
 *   no-matching-event CloudTrail was read and holds no event naming this change in the window;
 *   lookup-failed     CloudTrail could not be read (denied, throttled until retries gave up, down): nobody
 *                     knows who made the change, and no report calls it "unattributed";
 *   not-looked-up     attribution was not asked for (skipped).
 * Only `attributed` has an `attribution`; the others have null.
 */
export const ATTRIBUTION_STATUSES = ['attributed', 'no-matching-event', 'lookup-failed', 'not-looked-up'] as const;
export type AttributionStatus = (typeof ATTRIBUTION_STATUSES)[number];

/** The part of a finding the comparer knows (everything but attribution). */
export interface ComparedFinding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly reason: string;
  readonly resource: FindingResource;
  readonly differences: readonly Difference[];
  readonly remediation: string;
  /** The state that declares the resource: a state file path or `stack NAME`. */
  readonly source: string;
  /** The account the resource lives in (from its ARN, else the state's), or null when nothing says. */
  readonly account: string | null;
  /** The function's region for Lambda; the partition's IAM region for IAM. */
  readonly region: string;
  /**
   * The same drift on the same thing gives the same fingerprint on every run (code, account, resource and
   * the item inside it; never values that change with time), so CI can track one alert, not one per run.
   */
  readonly fingerprint: string;
  /** The `--config` target it was found in. @default - a single-target run */
  readonly target?: string;
}

/**
 * Where a finding's resource is declared, so code scanning (SARIF) can show it in the repository. The
 * report stage's locate step (drift/report/locate.ts) finds it; it is a best effort, never a guess of a line.
 */
export interface SourceLocation {
  /** Relative to the source root (`--source-root`, default the current directory), with forward slashes. */
  readonly path: string;
  /** 1-based line where the resource appears; 1 when the file is known but the resource's line is not. */
  readonly line: number;
  /**
   * definition: the stack's definition file; synthesized: the stack's cdk.tf.json; terraform: the .tf file
   * that declares the resource (or its module call); state: the state file (nothing better was found).
   */
  readonly kind: 'definition' | 'synthesized' | 'terraform' | 'state';
}

export interface DriftFinding extends ComparedFinding {
  readonly attribution: Attribution | null;
  readonly attributionStatus: AttributionStatus;
  /** Where the resource is declared. @default - not located (a report built without the locate step) */
  readonly location?: SourceLocation;
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

/** A finding as the comparer produces it, before attribution. */
export interface PendingFinding extends ComparedFinding {
  readonly attributionQuery: AttributionQuery;
}
