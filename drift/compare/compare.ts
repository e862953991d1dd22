import type { ExpectedInventory, LiveInventory, PendingFinding } from '../model';

export function compareInventories(expected: ExpectedInventory, live: LiveInventory, opts?: { deployIdentityArn?: string }): PendingFinding[] {
  throw new Error(`compareInventories: not implemented yet (${expected.roles.length}, ${live.roles.size}, ${opts?.deployIdentityArn})`);
}
