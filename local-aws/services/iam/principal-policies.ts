/**
 * Why this exists: the endpoint's authorization step evaluates what the caller's principal holds in IAM.
 * For an assumed-role session that is the role's inline policies, the managed policies attached to it (their
 * default versions, AWS managed ones included) and its permissions boundary. The endpoint has no IAM users,
 * so a configured user identity is not held here; neither is the root, nor a role IAM has no record of
 * (tests may assume a role without creating it, and the console identity's Admin role is not in IAM): for
 * those this returns undefined and the core lets the call through, as before authorization existed.
 */
import type { CallerIdentity, HeldPolicy, PrincipalPolicies } from '../../types';
import { getOwn } from '../../core/own';
import { findPolicy } from './views';
import type { AccountIam, IamState } from './state';

export function principalPolicies(state: IamState, caller: CallerIdentity): PrincipalPolicies | undefined {
  if (caller.type !== 'AssumedRole' || !caller.roleArn) return undefined;
  const acct = getOwn(state.accounts, caller.accountId);
  const roleName = caller.roleArn.slice(caller.roleArn.lastIndexOf('/') + 1);
  const role = getOwn(acct?.roles, roleName.toLowerCase());
  if (!acct || !role) return undefined;

  const identity: HeldPolicy[] = [];
  const keyParts: unknown[] = [role.arn];
  for (const [name, doc] of Object.entries(role.inlinePolicies)) {
    identity.push({ name: `inline:${name}`, document: () => doc });
    keyParts.push(['inline', name, doc]);
  }
  for (const arn of role.attachedPolicyArns) {
    const held = managed(acct, arn);
    if (!held) continue; // deleted since it was attached: it grants nothing
    identity.push(held.policy);
    keyParts.push(['managed', held.version]);
  }
  const boundary = role.permissionsBoundaryArn ? managed(acct, role.permissionsBoundaryArn) : undefined;
  if (role.permissionsBoundaryArn) keyParts.push(['boundary', boundary?.version ?? `${role.permissionsBoundaryArn}@missing`]);
  const tags = Object.fromEntries(role.tags.map((t) => [t.Key, t.Value]));
  keyParts.push(['tags', tags]);
  return {
    key: JSON.stringify(keyParts),
    identity,
    // A boundary that no longer exists allows nothing (AWS refuses to delete one in use; be strict anyway).
    ...(role.permissionsBoundaryArn
      ? { boundary: boundary?.policy ?? { name: role.permissionsBoundaryArn, document: () => ALLOWS_NOTHING } }
      : {}),
    tags,
  };
}

const ALLOWS_NOTHING = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'none:none', Resource: '*' }] });

/**
 * A managed policy's default version, named by its ARN; `version` identifies its content (a policy deleted
 * and created again under the same ARN has a new id, and its v1 is another document).
 */
function managed(acct: AccountIam, arn: string): { policy: HeldPolicy; version: string } | undefined {
  const view = findPolicy(acct, arn);
  const version = view?.versions.find((v) => v.versionId === view.defaultVersionId);
  if (!view || !version) return undefined;
  return { policy: { name: arn, document: () => version.document() }, version: `${arn}@${view.policyId}@${version.versionId}` };
}
