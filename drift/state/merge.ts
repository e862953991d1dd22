/**
 * Why this exists: several states (stacks, state files) form one expected inventory, because a role can be
 * owned by one stack and attached to by another. The state that owns a resource supplies its attributes.
 */
import type { ExpectedCustomerPolicy, ExpectedFunction, ExpectedInventory, ExpectedRole } from '../model';
import { arnPartition } from './inventory-facts';

export function mergeInventories(parts: ExpectedInventory[]): ExpectedInventory {
  const roles = new Map<string, ExpectedRole>();
  for (const r of parts.flatMap((p) => p.roles)) {
    const seen = roles.get(r.name);
    roles.set(r.name, seen ? mergeRole(seen, r) : r);
  }
  const functions = new Map<string, ExpectedFunction>();
  for (const f of parts.flatMap((p) => p.functions)) {
    const key = `${f.region}/${f.name}`;
    const seen = functions.get(key);
    functions.set(key, seen ? mergeFunction(seen, f) : f);
  }
  const policies = new Map<string, ExpectedCustomerPolicy>();
  for (const p of parts.flatMap((x) => x.customerPolicies)) if (!policies.has(p.arn)) policies.set(p.arn, p);
  return {
    roles: [...roles.values()],
    functions: [...functions.values()],
    customerPolicies: [...policies.values()],
    sources: [...new Set(parts.flatMap((p) => p.sources))],
    partition:
      arnPartition({ roles: [...roles.values()], functions: [...functions.values()], customerPolicies: [...policies.values()] }) ??
      parts[0].partition,
    accountsBySource: Object.assign({}, ...parts.map((p) => p.accountsBySource)) as Record<string, readonly string[]>,
    warnings: [...new Set(parts.flatMap((p) => p.warnings ?? []))],
  };
}

/** The state that owns the role supplies its attributes; policies and exclusivity are the union of both. */
function mergeRole(a: ExpectedRole, b: ExpectedRole): ExpectedRole {
  const [owner, other] = b.owned && !a.owned ? [b, a] : [a, b];
  return {
    ...owner,
    managedPolicies: { ...other.managedPolicies, ...owner.managedPolicies },
    inlinePolicies: { ...other.inlinePolicies, ...owner.inlinePolicies },
    exclusiveAttachments: a.exclusiveAttachments || b.exclusiveAttachments,
    exclusiveInlinePolicies: a.exclusiveInlinePolicies || b.exclusiveInlinePolicies,
    ...optional('exclusiveAttachmentsAddress', owner.exclusiveAttachmentsAddress ?? other.exclusiveAttachmentsAddress),
    ...optional('exclusiveInlinePoliciesAddress', owner.exclusiveInlinePoliciesAddress ?? other.exclusiveInlinePoliciesAddress),
  };
}

/** `{ key: value }`, or nothing when the value is undefined (the model's optional fields are absent, never undefined). */
function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function mergeFunction(a: ExpectedFunction, b: ExpectedFunction): ExpectedFunction {
  const [owner, other] = b.address && !a.address ? [b, a] : [a, b];
  // The same permission from two inputs (a stack and its own state file) is one permission: the key Lambda
  // itself enforces is (qualifier, statement id); the owner's copy wins.
  const permissions = new Map<string, ExpectedFunction['permissions'][number]>();
  for (const p of [...owner.permissions, ...other.permissions]) {
    const key = `${p.permission.qualifier ?? ''}/${p.permission.statementId}`;
    if (!permissions.has(key)) permissions.set(key, p);
  }
  return { ...owner, permissions: [...permissions.values()] };
}
