/**
 * Why this exists: Lambda keeps invoke permissions as statements of one resource policy, while Terraform
 * keeps them as `aws_lambda_permission` attributes. We read each live statement back into those
 * attributes the way the provider's permission reader does (principal from Principal.AWS, else
 * Principal.Service, else the string; the known condition keys; the qualifier from the Resource ARN), so
 * the comparer works attribute by attribute, like `terraform plan` would.
 */
import type { InvokePermission } from '../model';
import { parsePolicyText } from './url-decode';
import { findKeyIgnoringCase, firstText } from './lists';
import { isAccountId, parseArn, parseFunctionArn } from '../../shared/aws/arn';

/** Statements of a Lambda resource policy (`GetPolicy` → `Policy`), keyed by Sid, as InvokePermissions. */
export function permissionsFromResourcePolicy(policy: string | null, what: string): Map<string, InvokePermission> {
  const out = new Map<string, InvokePermission>();
  if (!policy) return out;
  const doc = parsePolicyText(policy, what) as { Statement?: unknown } | undefined;
  const statements = doc?.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  for (const s of statements as Record<string, unknown>[]) {
    if (s && typeof s.Sid === 'string') out.set(s.Sid, permissionFromStatement(s));
  }
  return out;
}

export function permissionFromStatement(s: Record<string, unknown>): InvokePermission {
  const condition = (s.Condition ?? {}) as Record<string, Record<string, unknown>>;
  const value = (op: string, key: string): string | undefined => {
    const opName = findKeyIgnoringCase(condition, op);
    const block = opName ? condition[opName] : undefined;
    const keyName = block ? findKeyIgnoringCase(block, key) : undefined;
    const v = keyName ? block![keyName] : undefined;
    return firstText(v);
  };
  const resource = firstText(s.Resource) ?? '';
  const qualifier = parseFunctionArn(resource)?.qualifier;
  const fields: Record<string, string | undefined> = {
    qualifier,
    sourceArn: value('ArnLike', 'AWS:SourceArn'),
    sourceAccount: value('StringEquals', 'AWS:SourceAccount'),
    principalOrgId: value('StringEquals', 'aws:PrincipalOrgID'),
    eventSourceToken: value('StringEquals', 'lambda:EventSourceToken'),
    functionUrlAuthType: value('StringEquals', 'lambda:FunctionUrlAuthType'),
    // As the provider reads it (invoked_via_function_url): true when the Bool condition says true.
    invokedViaFunctionUrl: value('Bool', 'lambda:InvokedViaFunctionUrl')?.toLowerCase() === 'true' ? 'true' : undefined,
  };
  return {
    statementId: String(s.Sid),
    action: firstText(s.Action) ?? '',
    principal: principalOf(s.Principal),
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== '')),
  };
}

function principalOf(p: unknown): string {
  if (typeof p === 'string') return p;
  if (p && typeof p === 'object') {
    const map = p as Record<string, unknown>;
    const v = map.AWS ?? map.Service ?? Object.values(map)[0];
    return firstText(v) ?? '';
  }
  return '';
}

/**
 * Two principal spellings name the same principal: an account id and its root ARN (Lambda stores the ARN
 * even when AddPermission was given the id); service principals compare case-insensitively.
 */
export function samePrincipal(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  if (isAccountId(expected) && isRootOf(actual, expected)) return true;
  if (isAccountId(actual) && isRootOf(expected, actual)) return true;
  return expected.toLowerCase() === actual.toLowerCase() && expected.endsWith('.amazonaws.com');
}

/** `arn:<any partition>:iam::ACCOUNT:root`. */
function isRootOf(arn: string, account: string): boolean {
  const a = parseArn(arn);
  return !!a && a.service === 'iam' && a.accountId === account && a.resource === 'root';
}
