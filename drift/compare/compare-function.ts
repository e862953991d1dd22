/**
 * Why this exists: compares a Lambda function's execution role and invoke permissions with state. Live
 * permissions are read back into aws_lambda_permission attributes (normalize/lambda-permission.ts) and
 * compared per (qualifier, Sid), attribute by attribute, like a plan would. Differences are shown at the
 * statement paths Lambda writes (`Policy.Statement[sid=X].Condition.ArnLike.AWS:SourceArn`).
 */
import type { Difference, ExpectedFunction, InvokePermission, LiveFunction, PendingFinding } from '../model';
import { permissionsFromResourcePolicy, samePrincipal } from '../normalize/lambda-permission';
import { parseFunctionArn } from '../../shared/aws/arn';
import { INVOKE_STATEMENT_PATHS } from '../../shared/aws/invoke-permission';
import { makeFinding, type FindingOrigin } from './finding';

export function compareFunction(expected: ExpectedFunction, live: LiveFunction | 'missing', origin: FindingOrigin): PendingFinding[] {
  const lookup = { service: 'lambda', resourceName: expected.name, region: expected.region } as const;
  const fnAddress = expected.address ?? expected.permissions[0]?.address ?? null;
  const fnResource = {
    type: 'aws_lambda_function',
    name: expected.name,
    arn: expected.arn ?? (live === 'missing' ? null : live.arn),
    address: fnAddress,
  };
  const common = { functionName: expected.name, region: expected.region };
  if (live === 'missing') {
    return [
      makeFinding({
        lookup,
        origin,
        resource: fnResource,
        differences: [{ path: 'FunctionName', expected: expected.name, actual: null, type: 'REMOVE' }],
        severity: { code: 'FUNCTION_DELETED' },
        remediation: { ...common, address: expected.address ?? fnAddress, functionOwned: expected.address !== undefined },
      }),
    ];
  }
  const out: PendingFinding[] = [];
  if (expected.roleArn && expected.roleArn !== live.roleArn) {
    out.push(
      makeFinding({
        lookup,
        origin,
        resource: fnResource,
        differences: [{ path: 'Role', expected: expected.roleArn, actual: live.roleArn, type: 'NOT_EQUAL' }],
        severity: { code: 'FUNCTION_ROLE_CHANGED' },
        remediation: { ...common, address: expected.address, expectedRoleArn: expected.roleArn },
      }),
    );
  }
  const functionAccount = parseFunctionArn(live.arn)?.account ?? parseFunctionArn(expected.arn ?? '')?.account;
  const liveByQualifier = new Map<string, Map<string, InvokePermission>>();
  for (const [qualifier, policy] of Object.entries(live.policies)) {
    liveByQualifier.set(
      qualifier,
      permissionsFromResourcePolicy(
        policy,
        `live function ${expected.region}/${expected.name}${qualifier ? `:${qualifier}` : ''} resource policy`,
      ),
    );
  }
  const matched = new Set<string>();
  for (const { address, permission: e, statementIdPrefix } of expected.permissions) {
    const qualifier = e.qualifier ?? '';
    // A qualifier the live side did not read cannot be judged: the live reader reports that as a ReadError.
    if (!liveByQualifier.has(qualifier)) continue;
    const a = liveByQualifier.get(qualifier)!.get(e.statementId);
    const resource = { type: 'aws_lambda_permission', name: permissionName(expected.name, e), arn: live.arn, address };
    const remediation = { ...common, address, statementId: e.statementId, qualifier: e.qualifier, statementIdPrefix };
    const path = `Policy.Statement[sid=${e.statementId}]`;
    if (!a) {
      out.push(
        makeFinding({
          lookup,
          origin,
          resource,
          differences: [{ path, expected: e, actual: null, type: 'REMOVE' }],
          severity: { code: 'INVOKE_PERMISSION_REMOVED' },
          remediation,
          item: { statementId: e.statementId },
        }),
      );
      continue;
    }
    matched.add(`${qualifier}/${e.statementId}`);
    const diffs = diffPermission(path, e, a);
    if (diffs.length)
      out.push(
        makeFinding({
          lookup,
          origin,
          resource,
          differences: diffs,
          severity: { code: 'INVOKE_PERMISSION_CHANGED', expected: e, actual: a, functionAccount },
          remediation,
          item: { statementId: e.statementId },
        }),
      );
  }
  for (const [qualifier, statements] of [...liveByQualifier.entries()].sort(([x], [y]) => (x < y ? -1 : 1))) {
    for (const [sid, a] of [...statements.entries()].sort(([x], [y]) => (x < y ? -1 : 1))) {
      if (matched.has(`${qualifier}/${sid}`)) continue;
      out.push(
        makeFinding({
          lookup,
          origin,
          // Nothing in state manages a console-added statement: the function's address is where to adopt it.
          resource: { type: 'aws_lambda_permission', name: permissionName(expected.name, a), arn: live.arn, address: fnAddress },
          differences: [{ path: `Policy.Statement[sid=${sid}]`, expected: null, actual: a, type: 'ADD' }],
          severity: { code: 'INVOKE_PERMISSION_ADDED', permission: a, functionAccount },
          remediation: { ...common, address: fnAddress, statementId: sid, qualifier: a.qualifier },
          item: { statementId: sid },
        }),
      );
    }
  }
  return out;
}

function permissionName(functionName: string, p: InvokePermission): string {
  return `${functionName}${p.qualifier ? `:${p.qualifier}` : ''}/${p.statementId}`;
}

function diffPermission(base: string, e: InvokePermission, a: InvokePermission): Difference[] {
  const out: Difference[] = [];
  for (const [field, path] of Object.entries(INVOKE_STATEMENT_PATHS) as [keyof typeof INVOKE_STATEMENT_PATHS, string][]) {
    const ev = e[field];
    const av = a[field];
    const same =
      field === 'principal'
        ? samePrincipal(ev ?? '', av ?? '')
        : field === 'action'
          ? (ev ?? '').toLowerCase() === (av ?? '').toLowerCase()
          : (ev ?? '') === (av ?? '');
    if (same) continue;
    out.push({ path: `${base}.${path}`, expected: ev ?? null, actual: av ?? null, type: !ev ? 'ADD' : !av ? 'REMOVE' : 'NOT_EQUAL' });
  }
  return out;
}
