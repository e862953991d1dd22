/**
 * LR-IAM-TRUST-ANY-PRINCIPAL (error): a trust policy allows `Principal: "*"` or `{ "AWS": "*" }`, i.e.
 * every AWS identity in every account, unless a condition pins the caller to an organization, account or
 * ARN (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalAccount`, `aws:PrincipalArn`).
 *
 * Why an error: anyone with an AWS account could assume the role and act as the function.
 */
import type { PolicyCheck } from '../types';
import { conditionKeys, isAllow, principalEntries, NOT_APPLICABLE } from '../statement-helpers';
import { resultFor, type RuleFinding } from './finding';

export const ID = 'LR-IAM-TRUST-ANY-PRINCIPAL';

const CALLER_PINNING_KEYS = ['aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount', 'aws:principalarn'];

export const trustAnyPrincipal: PolicyCheck = {
  id: ID,
  level: 'error',
  description: 'Trust policies must not let any AWS principal (`*`) assume the role without pinning the caller.',
  check(subject) {
    if (subject.kind !== 'trust-policy') return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const statement of subject.statements) {
      if (!isAllow(statement)) continue;
      const everyone = principalEntries(statement.principals).some((p) => p.kind === 'AWS' && p.value === '*');
      if (!everyone) continue;
      const keys = conditionKeys(statement.conditions);
      if (CALLER_PINNING_KEYS.some((k) => keys.has(k))) continue;
      findings.push({
        path: subject.path,
        appliesTo: 'Principal::AWS:*',
        message:
          `Role '${subject.roleName}' trusts every AWS principal ('*'), so any AWS account could assume it. ` +
          `Name the trusted account or role ARNs, or add a condition on aws:PrincipalOrgID / aws:PrincipalAccount / aws:PrincipalArn.`,
      });
    }
    return resultFor(trustAnyPrincipal, findings);
  },
};
