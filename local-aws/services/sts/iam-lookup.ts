/**
 * Why this exists: STS reads the IAM module's state for a role's id and MaxSessionDuration. It reads the
 * shape structurally (accounts → roles by lower-cased name) instead of importing the IAM module's types,
 * so STS keeps working, leniently, whatever state the IAM module holds.
 */
import type { ServiceRegistry } from '../../types';
import { getOwn } from '../../core/own';
import { recordRoleUse } from '../iam/roles';

export interface RoleFacts {
  readonly roleId: string;
  readonly maxSessionDuration: number;
}

export function findIamRole(services: ServiceRegistry, accountId: string, roleName: string): RoleFacts | undefined {
  let state: any;
  try {
    state = services.stateOf<any>('iam');
  } catch {
    return undefined;
  }
  const role = getOwn<any>(getOwn<any>(state?.accounts, accountId)?.roles, roleName.toLowerCase());
  if (!role || typeof role.roleId !== 'string') return undefined;
  return { roleId: role.roleId, maxSessionDuration: typeof role.maxSessionDuration === 'number' ? role.maxSessionDuration : 3600 };
}

/**
 * IAM's RoleLastUsed (date and region) follows issued credentials. Only an account IAM already holds is
 * touched: assuming a role that IAM does not know must not create an account in IAM's state.
 */
export function recordIamRoleUse(services: ServiceRegistry, accountId: string, roleName: string, region: string, when: Date): void {
  let state: any;
  try {
    state = services.stateOf<any>('iam');
  } catch {
    return;
  }
  const account = getOwn<any>(state?.accounts, accountId);
  if (account && typeof account.roles === 'object' && account.roles !== null) recordRoleUse(account, roleName, region, when);
}
