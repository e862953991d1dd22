/**
 * LR-IAM-ALLOW-WITH-NOT (error): an Allow statement uses NotAction, NotResource or NotPrincipal, in an
 * identity or a trust policy.
 *
 * Why an error: these elements allow by exclusion. `Allow NotAction: [iam:*]` grants every other action of
 * every service, including the ones AWS ships next year; `Allow NotResource` grants the actions on every
 * resource but a few; `Allow NotPrincipal` trusts everyone but a few (AWS's own guidance is to use
 * NotPrincipal only with Deny). With Deny they only narrow access and are not flagged.
 * Suppressible one statement element at a time (`NotAction::iam:*,organizations:*`) with a reason, for the
 * rare case where the exclusion is the point (e.g. a break-glass role).
 */
import type { PolicyCheck } from '../types';
import { isAllow, principalEntries, NOT_APPLICABLE } from '../statement-helpers';
import { resultFor, type RuleFinding } from './finding';

export const ID = 'LR-IAM-ALLOW-WITH-NOT';

/** The appliesTo of one element: its values in the order written, so the suppression reads like the policy. */
export function notElementKey(element: 'NotAction' | 'NotResource' | 'NotPrincipal', values: readonly string[]): string {
  return `${element}::${values.join(',')}`;
}

export const allowWithNot: PolicyCheck = {
  id: ID,
  level: 'error',
  description: 'Allow statements must not use NotAction, NotResource or NotPrincipal (they allow by exclusion).',
  check(subject) {
    if (subject.kind !== 'identity-policy' && subject.kind !== 'trust-policy') return NOT_APPLICABLE;
    const owner = subject.kind === 'identity-policy' ? `Policy '${subject.policyName}'` : `The trust policy of role '${subject.roleName}'`;
    const findings: RuleFinding[] = [];
    for (const statement of subject.statements) {
      if (!isAllow(statement)) continue;
      const where = `${owner}${statement.sid ? ` statement '${statement.sid}'` : ''}`;
      const elements = [
        ['NotAction', statement.notActions, 'every action except these, including actions AWS adds later', 'List the actions in actions'],
        ['NotResource', statement.notResources, 'the actions on every resource except these', 'List the resource ARNs in resources'],
        [
          'NotPrincipal',
          statement.notPrincipals && principalEntries(statement.notPrincipals).map((p) => `${p.kind}:${p.value}`),
          'every principal except these',
          'Name the trusted principals, or use NotPrincipal only with Deny',
        ],
      ] as const;
      for (const [element, values, grants, fix] of elements) {
        if (!values) continue;
        const key = notElementKey(element, values);
        findings.push({
          path: subject.path,
          appliesTo: key,
          message: `${where} is an Allow with ${element} [${values.join(', ')}], which grants ${grants}. ${fix}, or suppress with appliesTo '${key}' and a reason.`,
        });
      }
    }
    return resultFor(allowWithNot, findings);
  },
};
