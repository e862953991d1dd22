/**
 * Why this exists: formats that describe each finding code apart from its findings (SARIF's rules, which
 * GitHub shows as the alert's help) need one text per code: what it means and what to do about it. One home
 * for those texts; a finding's own `reason` and `remediation` stay specific to that finding.
 */
import type { FindingCode } from '../model';

export interface FindingRule {
  /** One sentence: what changed. */
  readonly short: string;
  /** Why it matters. */
  readonly full: string;
  /** What to do. */
  readonly help: string;
}

const APPLY_REVERTS =
  'Find who made it (the attribution), then run terraform apply to restore the declaration, or adopt the change in code.';

export const FINDING_RULES: Readonly<Record<FindingCode, FindingRule>> = {
  MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM: {
    short: 'A managed policy is attached to the role outside Terraform.',
    full: 'The role holds a managed policy that no Terraform resource declares; it grants permissions nobody reviewed, and terraform apply does not detach it unless the attachments are declared exclusive.',
    help: 'Detach the policy (aws iam detach-role-policy), or declare it with aws_iam_role_policy_attachment if it is wanted; the finding gives the import block.',
  },
  MANAGED_POLICY_DETACHED: {
    short: 'A declared managed policy is no longer attached to the role.',
    full: 'The function may fail where it needs the permissions the policy granted.',
    help: APPLY_REVERTS,
  },
  INLINE_POLICY_ADDED: {
    short: 'An inline policy was added to the role outside Terraform.',
    full: 'The role holds an inline policy that no Terraform resource declares; it grants permissions nobody reviewed.',
    help: 'Delete the inline policy (aws iam delete-role-policy), or declare it with aws_iam_role_policy if it is wanted.',
  },
  INLINE_POLICY_CHANGED: {
    short: "A declared inline policy's document was changed outside Terraform.",
    full: 'The policy now grants something other than what the code declares; the differences show what was added or removed.',
    help: APPLY_REVERTS,
  },
  INLINE_POLICY_REMOVED: {
    short: 'A declared inline policy was deleted outside Terraform.',
    full: 'The function may fail where it needs the permissions the policy granted.',
    help: APPLY_REVERTS,
  },
  TRUST_POLICY_CHANGED: {
    short: "The role's trust policy was changed outside Terraform.",
    full: 'The trust policy decides who may assume the role; a widened trust lets a new principal act with the role.',
    help: APPLY_REVERTS,
  },
  PERMISSIONS_BOUNDARY_CHANGED: {
    short: "The role's permissions boundary was changed outside Terraform.",
    full: 'The boundary caps what the role may do; another boundary changes that cap.',
    help: APPLY_REVERTS,
  },
  PERMISSIONS_BOUNDARY_REMOVED: {
    short: "The role's permissions boundary was removed outside Terraform.",
    full: 'Without its boundary the role may use everything its policies grant.',
    help: APPLY_REVERTS,
  },
  MAX_SESSION_DURATION_CHANGED: {
    short: "The role's maximum session duration was changed outside Terraform.",
    full: 'Sessions of the role may last longer (or shorter) than declared.',
    help: APPLY_REVERTS,
  },
  DESCRIPTION_CHANGED: {
    short: "The role's description was changed outside Terraform.",
    full: 'Harmless in itself, but it shows the role was edited by hand.',
    help: APPLY_REVERTS,
  },
  TAGS_CHANGED: {
    short: "The role's tags were changed outside Terraform.",
    full: 'Tags may drive cost allocation and attribute-based access control (aws:ResourceTag conditions).',
    help: APPLY_REVERTS,
  },
  ROLE_DELETED: {
    short: 'A declared role no longer exists.',
    full: 'Every function that uses the role fails to run.',
    help: 'Run terraform apply to recreate it, after finding who deleted it (the attribution).',
  },
  ROLE_RECREATED: {
    short: 'The role was deleted and created again under the same name.',
    full: 'Its unique id changed: trust policies and resource policies that named the old role by id no longer match, and the new role may hold other policies.',
    help: 'Run terraform apply -replace on the role to rebuild it from the declaration, after finding who recreated it.',
  },
  FUNCTION_ROLE_CHANGED: {
    short: "The function's execution role was changed outside Terraform.",
    full: 'The function now runs with another role and so with other permissions.',
    help: APPLY_REVERTS,
  },
  FUNCTION_DELETED: {
    short: 'A declared function no longer exists.',
    full: 'Whatever invokes the function fails.',
    help: 'Run terraform apply to recreate it, after finding who deleted it (the attribution).',
  },
  INVOKE_PERMISSION_ADDED: {
    short: "A statement was added to the function's resource policy outside Terraform.",
    full: 'A principal nobody reviewed may now invoke the function; open to * or another account without conditions, anyone may.',
    help: 'Remove the statement (aws lambda remove-permission), or declare it with aws_lambda_permission if it is wanted.',
  },
  INVOKE_PERMISSION_CHANGED: {
    short: "A declared statement of the function's resource policy was changed outside Terraform.",
    full: 'Another principal or source may now invoke the function; the differences show what changed.',
    help: APPLY_REVERTS,
  },
  INVOKE_PERMISSION_REMOVED: {
    short: "A declared statement was removed from the function's resource policy.",
    full: 'The service that used it can no longer invoke the function.',
    help: APPLY_REVERTS,
  },
  CUSTOMER_POLICY_CHANGED: {
    short: "A customer managed policy's default version was changed outside Terraform.",
    full: 'Every role the policy is attached to now has other permissions than declared.',
    help: APPLY_REVERTS,
  },
  CUSTOMER_POLICY_DELETED: {
    short: 'A declared customer managed policy no longer exists.',
    full: 'The roles it was attached to lost its permissions.',
    help: 'Run terraform apply to recreate it, after finding who deleted it (the attribution).',
  },
};

/** `MANAGED_POLICY_DETACHED` → `ManagedPolicyDetached` (SARIF's rule `name`). */
export function ruleName(code: string): string {
  return code
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
