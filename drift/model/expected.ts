/** The expected side: what Terraform state declares (drift/state/ produces it). */
import type { Partition } from '../../shared/aws/partition';
import type { InvokePermissionFields } from '../../shared/aws/invoke-permission';
import type { ReportWarning } from './report';

export type { Partition };

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
  /** The aws_iam_role_policy_attachments_exclusive that declares exclusive attachments. @default - none */
  readonly exclusiveAttachmentsAddress?: TfAddress;
  /** The aws_iam_role_policies_exclusive that declares exclusive inline policies. @default - none */
  readonly exclusiveInlinePoliciesAddress?: TfAddress;
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
  /**
   * Declared permissions with their addresses. `statementIdPrefix` is set for a permission created with
   * statement_id_prefix: apply then re-creates it under a new generated id, never the one it had.
   */
  readonly permissions: readonly {
    readonly address: TfAddress;
    readonly permission: InvokePermission;
    readonly statementIdPrefix?: string;
  }[];
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
  /** What these states leave unverified (inline-argument style, unknown documents), one per resource. @default - none */
  readonly warnings?: readonly ReportWarning[];
}
