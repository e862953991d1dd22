/**
 * LR-IAM-WILDCARD-ACTION (error): an identity policy allows every action (`*`) or every action of a service
 * (`s3:*`, or a wildcard in the service part such as `*:Get*`).
 *
 * Why an error: these grants silently grow whenever AWS ships new actions (including destructive and
 * permission-changing ones), and a Lambda function almost never needs them. Narrower patterns such as
 * `s3:Get*` are a warning (LR-IAM-PARTIAL-WILDCARD-ACTION) instead.
 */
import type { PolicyCheck } from '../types';
import { isAllow, isUnresolved, NOT_APPLICABLE } from '../statement-helpers';
import { resultFor, type RuleFinding } from './finding';

export const ID = 'LR-IAM-WILDCARD-ACTION';

/** True for `*`, `svc:*` and any pattern with a wildcard in the service prefix. */
export function isServiceWideWildcard(action: string): boolean {
  if (action === '*') return true;
  const colon = action.indexOf(':');
  if (colon < 0) return false;
  return action.slice(colon + 1) === '*' || /[*?]/.test(action.slice(0, colon));
}

export const wildcardAction: PolicyCheck = {
  id: ID,
  level: 'error',
  description: 'Identity policies must not allow `*` or service-wide `svc:*` actions.',
  check(subject) {
    if (subject.kind !== 'identity-policy') return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const statement of subject.statements) {
      if (!isAllow(statement)) continue; // a wildcard Deny only narrows access; NotAction is LR-IAM-ALLOW-WITH-NOT's
      for (const action of statement.actions ?? []) {
        if (isUnresolved(action) || !isServiceWideWildcard(action)) continue;
        findings.push({
          path: subject.path,
          appliesTo: `Action::${action}`,
          message:
            `Policy '${subject.policyName}' allows the action '${action}', which grants every ${action === '*' ? 'action of every service' : 'action of the service'} ` +
            `now and in future. List the actions the function calls (e.g. 's3:GetObject'), or suppress with appliesTo 'Action::${action}' and a reason.`,
        });
      }
    }
    return resultFor(wildcardAction, findings);
  },
};
