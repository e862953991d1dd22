/**
 * LR-IAM-PASSROLE-WILDCARD (error): an identity policy allows `iam:PassRole` (directly or through a pattern
 * such as `iam:*` or `*`) on every role: `Resource: "*"` or a role ARN ending in `role/*`.
 *
 * Why an error: passing any role lets the function hand a more privileged role to a service it can
 * configure (another Lambda function, an EC2 instance…) and so escalate its own privileges. A condition
 * such as `iam:PassedToService` narrows the target service but not the roles, so it is still flagged.
 */
import type { PolicyCheck } from '../types';
import { coversAction, isAllow, isUnresolved, NOT_APPLICABLE } from '../statement-helpers';
import { resultFor, type RuleFinding } from './finding';
import { parseArn } from '../../../shared/aws/arn';

export const ID = 'LR-IAM-PASSROLE-WILDCARD';

/** `*`, or a role ARN whose name part is only `*` (in any partition or account). */
function isEveryRole(resource: string): boolean {
  if (resource === '*') return true;
  const arn = parseArn(resource);
  return arn?.service === 'iam' && arn.region === '' && arn.resource === 'role/*';
}

export const passRoleWildcard: PolicyCheck = {
  id: ID,
  level: 'error',
  description: '`iam:PassRole` must name the roles it may pass, never `*`.',
  check(subject) {
    if (subject.kind !== 'identity-policy') return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const statement of subject.statements) {
      if (!isAllow(statement)) continue;
      // Also through NotAction: `NotAction: s3:*` allows iam:PassRole.
      if (!coversAction(statement, 'iam:PassRole')) continue;
      for (const resource of statement.resources ?? []) {
        if (isUnresolved(resource) || !isEveryRole(resource)) continue;
        findings.push({
          path: subject.path,
          appliesTo: `Resource::${resource}`,
          message:
            `Policy '${subject.policyName}' allows iam:PassRole on '${resource}', so the function could pass any role ` +
            `(including more privileged ones) to a service. Name the role ARNs it passes, or suppress with a reason.`,
        });
      }
    }
    return resultFor(passRoleWildcard, findings);
  },
};
