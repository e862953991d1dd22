/**
 * Why this exists: a drift report is triaged by severity, so every finding gets one, with a reason a
 * reviewer can check. The scale: critical = a privilege-escalation path appeared (admin-like policy, trust
 * opened to a new principal, boundary removed, function invocable by anyone or another account without
 * conditions); high = other added power; medium = removals and changes that narrow or are unclear;
 * low = metadata (description, tags, session duration).
 */
import type { FindingCode, InvokePermission, Severity } from '../model';
import { SEVERITIES } from '../model';
import type { NormalizedPolicy } from '../normalize/policy-document';
import { normalizePolicyDocument } from '../normalize/policy-document';
import { iamResourceName, principalAccount } from '../../shared/aws/arn';
import { INVOKE_SOURCE_CONDITIONS } from '../../shared/aws/invoke-permission';
import { adminLikeManagedPolicy, awsManagedPolicyDocument } from '../../shared/aws/managed-policy-documents';
import { adminLikeGrant, allowedPrincipals, classifyPolicyChange, writeActions } from './policy-power';

export interface Rated {
  readonly severity: Severity;
  readonly reason: string;
}

/** What severity needs to know about a finding; codes without extra facts are rated by code alone. */
export type SeverityInput =
  | { readonly code: 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM'; readonly policyArn: string; readonly document?: NormalizedPolicy }
  | { readonly code: 'INLINE_POLICY_ADDED'; readonly document: NormalizedPolicy }
  | {
      readonly code: 'INLINE_POLICY_CHANGED' | 'CUSTOMER_POLICY_CHANGED';
      readonly expected: NormalizedPolicy;
      readonly actual: NormalizedPolicy;
    }
  | { readonly code: 'TRUST_POLICY_CHANGED'; readonly expected: NormalizedPolicy; readonly actual: NormalizedPolicy }
  | { readonly code: 'INVOKE_PERMISSION_ADDED'; readonly permission: InvokePermission; readonly functionAccount?: string }
  | {
      readonly code: 'INVOKE_PERMISSION_CHANGED';
      readonly expected: InvokePermission;
      readonly actual: InvokePermission;
      readonly functionAccount?: string;
    }
  | {
      readonly code: Exclude<
        FindingCode,
        | 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM'
        | 'INLINE_POLICY_ADDED'
        | 'INLINE_POLICY_CHANGED'
        | 'CUSTOMER_POLICY_CHANGED'
        | 'TRUST_POLICY_CHANGED'
        | 'INVOKE_PERMISSION_ADDED'
        | 'INVOKE_PERMISSION_CHANGED'
      >;
    };

const BY_CODE: Record<string, Rated> = {
  MANAGED_POLICY_DETACHED: {
    severity: 'medium',
    reason: 'a declared managed policy was detached: the role lost permissions it should have',
  },
  INLINE_POLICY_REMOVED: { severity: 'medium', reason: 'a declared inline policy was deleted: the role lost permissions it should have' },
  PERMISSIONS_BOUNDARY_REMOVED: {
    severity: 'critical',
    reason: 'the permissions boundary was removed: the role is no longer capped (privilege escalation)',
  },
  PERMISSIONS_BOUNDARY_CHANGED: {
    severity: 'high',
    reason: 'the permissions boundary was changed: the cap on the role is not the declared one',
  },
  MAX_SESSION_DURATION_CHANGED: { severity: 'low', reason: 'session duration is metadata; it does not change what the role may do' },
  DESCRIPTION_CHANGED: { severity: 'low', reason: 'the description is metadata' },
  TAGS_CHANGED: { severity: 'low', reason: 'tags are metadata (unless tag-based access control reads them)' },
  ROLE_DELETED: { severity: 'medium', reason: 'the role is gone: functions using it fail, but no permission was added' },
  ROLE_RECREATED: {
    severity: 'high',
    reason:
      'the role was deleted and recreated with the same name: its contents were not set by Terraform, and trust policies that named the old role no longer match it',
  },
  FUNCTION_ROLE_CHANGED: {
    severity: 'high',
    reason: 'the function runs as a different role than declared: its permissions are whatever that role allows',
  },
  FUNCTION_DELETED: { severity: 'medium', reason: 'the function is gone (removal; nothing gained access)' },
  INVOKE_PERMISSION_REMOVED: { severity: 'medium', reason: 'a declared invoke permission was removed: a caller lost access' },
  CUSTOMER_POLICY_DELETED: { severity: 'medium', reason: 'a declared customer managed policy was deleted: roles lost its permissions' },
};

export function rateFinding(input: SeverityInput): Rated {
  switch (input.code) {
    case 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM':
      return rateAttachment(input.policyArn, input.document);
    case 'INLINE_POLICY_ADDED':
      return rateAddedDocument(input.document, 'an inline policy added outside Terraform');
    case 'INLINE_POLICY_CHANGED':
    case 'CUSTOMER_POLICY_CHANGED':
      return rateChangedDocument(input.expected, input.actual);
    case 'TRUST_POLICY_CHANGED':
      return rateTrust(input.expected, input.actual);
    case 'INVOKE_PERMISSION_ADDED':
      return ratePermission(input.permission, input.functionAccount, 'added');
    case 'INVOKE_PERMISSION_CHANGED':
      return ratePermissionChange(input.expected, input.actual, input.functionAccount);
    default:
      return BY_CODE[input.code];
  }
}

function rateAttachment(arn: string, document: NormalizedPolicy | undefined): Rated {
  const name = iamResourceName(arn) ?? arn;
  const admin = adminLikeManagedPolicy(arn);
  if (admin) {
    return { severity: 'critical', reason: `${name} is admin-like: attaching it outside Terraform is privilege escalation` };
  }
  const known = awsManagedPolicyDocument(arn);
  const doc = document ?? (known ? normalizePolicyDocument(known, arn) : undefined);
  if (!doc)
    return {
      severity: 'high',
      reason: `${arn} was attached outside Terraform and its document is unknown here: treated as added permissions`,
    };
  return rateAddedDocument(doc, `${name}, attached outside Terraform,`);
}

function rateAddedDocument(doc: NormalizedPolicy, what: string): Rated {
  const admin = adminLikeGrant(doc);
  if (admin) return { severity: 'critical', reason: `${what} ${admin}` };
  const writes = writeActions(doc);
  if (writes.length) return { severity: 'high', reason: `${what} grants write actions (${shortList(writes)})` };
  return { severity: 'medium', reason: `${what} grants read-only actions` };
}

function rateChangedDocument(expected: NormalizedPolicy, actual: NormalizedPolicy): Rated {
  const admin = adminLikeGrant(actual);
  if (admin && !adminLikeGrant(expected)) return { severity: 'critical', reason: `the changed document now ${admin}` };
  const change = classifyPolicyChange(expected, actual);
  if (change.kind === 'widened') return { severity: 'high', reason: `the changed document ${change.detail}` };
  if (change.kind === 'narrowed') return { severity: 'medium', reason: 'the changed document grants less than declared' };
  return { severity: 'medium', reason: `the document ${change.detail}` };
}

function rateTrust(expected: NormalizedPolicy, actual: NormalizedPolicy): Rated {
  const before = allowedPrincipals(expected);
  const added = [...allowedPrincipals(actual)].filter((p) => !before.has(p)).sort();
  if (added.length) {
    const accounts = added.map((p) => principalAccount(p.slice(p.indexOf(':') + 1))).filter((a): a is string => !!a);
    const who = accounts.length ? `${shortList(added)} (account ${[...new Set(accounts)].join(', ')})` : shortList(added);
    return { severity: 'critical', reason: `the trust policy now lets ${who} assume the role` };
  }
  const change = classifyPolicyChange(expected, actual);
  if (change.kind === 'widened') return { severity: 'high', reason: `the trust policy ${change.detail}` };
  return { severity: 'medium', reason: 'the trust policy changed without admitting a new principal' };
}

function ratePermission(p: InvokePermission, functionAccount: string | undefined, verb: 'added' | 'changed'): Rated {
  const conditioned = INVOKE_SOURCE_CONDITIONS.some((k) => !!p[k]);
  if (p.principal === '*' && !conditioned) {
    const url = p.functionUrlAuthType === 'NONE' ? ' through a public function URL (auth NONE)' : '';
    return {
      severity: 'critical',
      reason: `invoke permission ${verb} for principal * without conditions: anyone can invoke the function${url}`,
    };
  }
  const account = principalAccount(p.principal);
  if (account && functionAccount && account !== functionAccount && !conditioned) {
    return { severity: 'critical', reason: `invoke permission ${verb} for another account (${account}) without conditions` };
  }
  const how = conditioned ? 'with conditions' : 'without source conditions';
  return { severity: 'high', reason: `invoke permission ${verb} for ${p.principal} ${how}` };
}

function ratePermissionChange(expected: InvokePermission, actual: InvokePermission, functionAccount: string | undefined): Rated {
  const rated = ratePermission(actual, functionAccount, 'changed');
  if (rated.severity === 'critical') return rated;
  if (expected.principal !== actual.principal) {
    return { severity: 'high', reason: `invoke permission now names principal ${actual.principal} instead of ${expected.principal}` };
  }
  const dropped = INVOKE_SOURCE_CONDITIONS.filter((k) => expected[k] && !actual[k]);
  if (dropped.length) return { severity: 'high', reason: `invoke permission lost its ${dropped.join(', ')} condition` };
  // ArnLike matches wildcards: a SourceArn that gained one admits callers the declared one did not.
  const wildcard = /[*?]/;
  if (actual.sourceArn && wildcard.test(actual.sourceArn) && !wildcard.test(expected.sourceArn ?? '')) {
    return { severity: 'high', reason: `invoke permission's SourceArn was widened to the pattern ${actual.sourceArn}` };
  }
  return { severity: 'medium', reason: 'invoke permission changed without widening its principal or dropping conditions' };
}

function shortList(items: readonly string[], max = 4): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Sort key: critical first. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}
