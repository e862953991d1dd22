/**
 * Why this exists: every finding is built the same way (severity with its reason, remediation text, the
 * CloudTrail query attribution will run), so the per-resource comparers only state what differs.
 */
import { createHash } from 'node:crypto';
import type { AttributionItem, AttributionQuery, Difference, FindingCode, FindingResource, PendingFinding } from '../model';
import { rateFinding, type SeverityInput } from '../severity/severity';
import { remediationFor, type RemediationInput } from './remediation';

/** CloudTrail event names behind each code (Lambda names match by prefix: AddPermission20150331v2). */
const EVENT_NAMES: Record<FindingCode, readonly string[]> = {
  MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM: ['AttachRolePolicy'],
  MANAGED_POLICY_DETACHED: ['DetachRolePolicy'],
  INLINE_POLICY_ADDED: ['PutRolePolicy'],
  INLINE_POLICY_CHANGED: ['PutRolePolicy'],
  INLINE_POLICY_REMOVED: ['DeleteRolePolicy'],
  TRUST_POLICY_CHANGED: ['UpdateAssumeRolePolicy'],
  PERMISSIONS_BOUNDARY_CHANGED: ['PutRolePermissionsBoundary'],
  PERMISSIONS_BOUNDARY_REMOVED: ['DeleteRolePermissionsBoundary'],
  MAX_SESSION_DURATION_CHANGED: ['UpdateRole'],
  DESCRIPTION_CHANGED: ['UpdateRoleDescription', 'UpdateRole'],
  TAGS_CHANGED: ['TagRole', 'UntagRole'],
  ROLE_DELETED: ['DeleteRole'],
  ROLE_RECREATED: ['CreateRole', 'DeleteRole'],
  FUNCTION_ROLE_CHANGED: ['UpdateFunctionConfiguration'],
  FUNCTION_DELETED: ['DeleteFunction'],
  INVOKE_PERMISSION_ADDED: ['AddPermission'],
  INVOKE_PERMISSION_CHANGED: ['AddPermission', 'RemovePermission'],
  INVOKE_PERMISSION_REMOVED: ['RemovePermission'],
  CUSTOMER_POLICY_CHANGED: ['CreatePolicyVersion', 'SetDefaultPolicyVersion'],
  CUSTOMER_POLICY_DELETED: ['DeletePolicy'],
};

/** Where a finding's resource is declared and lives. */
export interface FindingOrigin {
  /** The state that declares it. */
  readonly source: string;
  /** Its account, when an ARN or the state says. */
  readonly account: string | null;
}

export interface FindingParts {
  readonly origin: FindingOrigin;
  readonly resource: FindingResource;
  readonly differences: readonly Difference[];
  readonly severity: SeverityInput;
  readonly remediation: Omit<RemediationInput, 'code'>;
  /** Where attribution looks: IAM, the role name or policy ARN in the partition's IAM region; Lambda, the function name in its region. */
  readonly lookup: { readonly service: 'iam' | 'lambda'; readonly resourceName: string; readonly region: string };
  /** The policy, statement or tags within the resource: attribution then only takes events that name it. @default - the resource's events */
  readonly item?: AttributionItem;
}

export function makeFinding(parts: FindingParts): PendingFinding {
  const code = parts.severity.code;
  const { severity, reason } = rateFinding(parts.severity);
  const attributionQuery: AttributionQuery = {
    eventSource: parts.lookup.service === 'iam' ? 'iam.amazonaws.com' : 'lambda.amazonaws.com',
    eventNames: EVENT_NAMES[code],
    resourceName: parts.lookup.resourceName,
    region: parts.lookup.region,
    ...(parts.item ? { item: parts.item } : {}),
  };
  return {
    code,
    severity,
    reason,
    resource: parts.resource,
    differences: parts.differences,
    remediation: remediationFor({ code, ...parts.remediation }),
    source: parts.origin.source,
    account: parts.origin.account,
    region: parts.lookup.region,
    fingerprint: fingerprintOf(code, parts),
    attributionQuery,
  };
}

/**
 * Stable across runs: what drifted (code), where (account, region) and on what (resource type and name,
 * which already name the policy, statement or tag set inside a role or function). Never values, times or
 * Terraform addresses (a refactor that moves a module is not new drift).
 */
function fingerprintOf(code: string, parts: FindingParts): string {
  const key = [code, parts.origin.account ?? '', parts.lookup.region, parts.resource.type, parts.resource.name].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/** The resource type an address declares: `module.a.aws_iam_policy_attachment.x[0]` → aws_iam_policy_attachment. */
export function typeOfAddress(address: string): string {
  const parts = address.replace(/\[[^\]]*\]/g, '').split('.');
  return parts.length >= 2 ? parts[parts.length - 2] : address;
}
