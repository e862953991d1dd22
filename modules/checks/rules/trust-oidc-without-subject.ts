/**
 * LR-IAM-TRUST-OIDC-WITHOUT-SUBJECT (error): a trust policy lets an OIDC identity provider
 * (`Federated: arn:…:oidc-provider/<host>`) assume the role through `sts:AssumeRoleWithWebIdentity`
 * without a condition on the token's subject (`<host>:sub`).
 *
 * Why an error: the provider's audience (`<host>:aud`) is the same for every user of that provider, so a
 * trust that checks only `aud`, or nothing, lets every repository, pipeline or cluster that can get a token
 * from it assume the role (for GitHub Actions: any repository on github.com). LR-IAM-TRUST-WITHOUT-CONDITION
 * only asks for *a* condition; this asks for the one that names who. SAML providers and Cognito identity
 * pools (`cognito-identity.amazonaws.com`) are not judged here.
 */
import type { PolicyCheck } from '../types';
import { coversAction, conditionKeys, isAllow, isUnresolved, principalEntries, NOT_APPLICABLE } from '../statement-helpers';
import { resultFor, type RuleFinding } from './finding';
import { parseArn } from '../../../shared/aws/arn';

export const ID = 'LR-IAM-TRUST-OIDC-WITHOUT-SUBJECT';

/** `arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com` → the host part. */
export function oidcProviderHost(principal: string): string | undefined {
  const arn = parseArn(principal);
  if (arn?.service !== 'iam' || !arn.resource.startsWith('oidc-provider/')) return undefined;
  return arn.resource.slice('oidc-provider/'.length) || undefined;
}

export const trustOidcWithoutSubject: PolicyCheck = {
  id: ID,
  level: 'error',
  description: 'OIDC trust statements must pin the token subject (`<provider>:sub`), not only the audience.',
  check(subject) {
    if (subject.kind !== 'trust-policy') return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const statement of subject.statements) {
      if (!isAllow(statement) || !coversAction(statement, 'sts:AssumeRoleWithWebIdentity')) continue;
      const keys = conditionKeys(statement.conditions);
      for (const { kind, value } of principalEntries(statement.principals)) {
        const host = kind === 'Federated' && !isUnresolved(value) ? oidcProviderHost(value) : undefined;
        if (!host || keys.has(`${host.toLowerCase()}:sub`)) continue;
        findings.push({
          path: subject.path,
          appliesTo: `Principal::Federated:${value}`,
          message:
            `Role '${subject.roleName}' trusts the OIDC provider '${host}' without a condition on '${host}:sub', so every identity that ` +
            `provider issues tokens to can assume it. Add the subject (e.g. StringLike '${host}:sub': 'repo:<org>/<repo>:ref:refs/heads/main'), ` +
            `or suppress with appliesTo 'Principal::Federated:${value}' and a reason.`,
        });
      }
    }
    return resultFor(trustOidcWithoutSubject, findings);
  },
};
