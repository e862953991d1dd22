/**
 * LR-IAM-TRUST-WITHOUT-CONDITION (warning): a trust policy lets a principal assume the role
 * (`sts:AssumeRole`, `…WithWebIdentity`, `…WithSAML`, or a pattern covering them) with no Condition.
 *
 * Why: without `sts:ExternalId`, `aws:SourceArn`/`aws:SourceAccount`, OIDC `sub`/`aud` or similar, any
 * identity behind the principal can assume the role (the confused-deputy problem for services, "any
 * repository" for OIDC providers).
 * Not flagged: the Lambda service principals (`lambda.amazonaws.com`, `edgelambda.amazonaws.com`). Lambda
 * assumes an execution role only for a function whose creator could `iam:PassRole` it, which already
 * limits who can use the role, so the standard execution-role trust needs no condition.
 */
import type { PolicyCheck } from '../types';
import type { PolicyStatement } from '../../policy-types';
import { coversAction, hasConditions, isAllow, isUnresolved, principalEntries, NOT_APPLICABLE } from '../statement-helpers';
import { resultFor, type RuleFinding } from './finding';

export const ID = 'LR-IAM-TRUST-WITHOUT-CONDITION';

const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'];
/** `lambda.amazonaws.com` and `edgelambda.amazonaws.com`, also with the China `.cn` suffix. */
const LAMBDA_SERVICE_PRINCIPAL = /^(edge)?lambda\.amazonaws\.com(\.cn)?$/i;

/** The statement lets its principal assume the role: by action, pattern (`sts:*`) or NotAction. `sts:TagSession` alone does not. */
export function grantsAssumeRole(statement: PolicyStatement): boolean {
  return ASSUME_ACTIONS.some((assume) => coversAction(statement, assume));
}

export const trustWithoutCondition: PolicyCheck = {
  id: ID,
  level: 'warning',
  description: 'Trust statements should constrain who assumes the role with a Condition (Lambda service principals excepted).',
  check(subject) {
    if (subject.kind !== 'trust-policy') return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const statement of subject.statements) {
      if (!isAllow(statement) || hasConditions(statement.conditions) || !grantsAssumeRole(statement)) continue;
      for (const { kind, value } of principalEntries(statement.principals)) {
        if (isUnresolved(value) || (kind === 'Service' && LAMBDA_SERVICE_PRINCIPAL.test(value))) continue;
        findings.push({
          path: subject.path,
          appliesTo: `Principal::${kind}:${value}`,
          message:
            `Role '${subject.roleName}' can be assumed by ${kind} principal '${value}' without any Condition. ` +
            `Add one (e.g. aws:SourceArn/aws:SourceAccount for a service, sts:ExternalId for another account, 'sub'/'aud' for OIDC), ` +
            `or suppress with appliesTo 'Principal::${kind}:${value}' and a reason.`,
        });
      }
    }
    return resultFor(trustWithoutCondition, findings);
  },
};
