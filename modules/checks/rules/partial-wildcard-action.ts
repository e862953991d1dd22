/**
 * LR-IAM-PARTIAL-WILDCARD-ACTION (warning): an identity policy allows an action pattern such as `s3:Get*`.
 *
 * Why only a warning: a prefix pattern is bounded by its service and verb and is a common, readable way to
 * grant read access, but it still widens when AWS adds matching actions (`s3:Get*` includes
 * `s3:GetObjectAcl`, `s3:GetBucketPolicy`…), so it should be a conscious choice.
 */
import type { PolicyCheck } from '../types';
import { isAllow, isUnresolved, NOT_APPLICABLE } from '../statement-helpers';
import { resultFor, type RuleFinding } from './finding';
import { isServiceWideWildcard } from './wildcard-action';

export const ID = 'LR-IAM-PARTIAL-WILDCARD-ACTION';

export const partialWildcardAction: PolicyCheck = {
  id: ID,
  level: 'warning',
  description: 'Identity policies should list actions instead of patterns such as `s3:Get*`.',
  check(subject) {
    if (subject.kind !== 'identity-policy') return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const statement of subject.statements) {
      if (!isAllow(statement)) continue;
      for (const action of statement.actions ?? []) {
        if (isUnresolved(action) || !/[*?]/.test(action) || isServiceWideWildcard(action)) continue;
        findings.push({
          path: subject.path,
          appliesTo: `Action::${action}`,
          message:
            `Policy '${subject.policyName}' allows the action pattern '${action}', which also grants actions AWS adds later. ` +
            `List the actions the function needs, or suppress with appliesTo 'Action::${action}' and a reason.`,
        });
      }
    }
    return resultFor(partialWildcardAction, findings);
  },
};
