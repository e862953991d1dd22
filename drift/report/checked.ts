/**
 * Why this exists: the report carries counts, but a per-resource format (JUnit: one testcase per checked
 * role and function) must also show what passed. This lists every role, function and customer policy the
 * states declare, with every address that declares a part of it, so a finding (which names one address)
 * finds the resource it belongs to.
 */
import type { CheckedResource, ExpectedInventory } from '../model';

export function checkedResources(expected: ExpectedInventory): CheckedResource[] {
  const roles: CheckedResource[] = expected.roles.map((r) => ({
    type: 'aws_iam_role',
    name: r.name,
    arn: r.arn ?? null,
    address: r.owned ? r.address : null,
    addresses: unique([r.address, ...Object.values(r.managedPolicies), ...Object.values(r.inlinePolicies).map((p) => p.address)]),
    source: r.source,
  }));
  const functions: CheckedResource[] = expected.functions.map((f) => ({
    type: 'aws_lambda_function',
    name: f.name,
    arn: f.arn ?? null,
    address: f.address ?? null,
    addresses: unique([...(f.address ? [f.address] : []), ...f.permissions.map((p) => p.address)]),
    source: f.source,
    region: f.region,
  }));
  const policies: CheckedResource[] = expected.customerPolicies.map((p) => ({
    type: 'aws_iam_policy',
    name: p.name,
    arn: p.arn,
    address: p.address,
    addresses: [p.address],
    source: p.source,
  }));
  return [...roles, ...functions, ...policies];
}

const unique = (xs: readonly string[]) => [...new Set(xs)];
