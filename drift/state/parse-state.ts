/**
 * Why this exists: the expected side of the drift check is whatever Terraform last recorded. We read tfstate
 * v4 JSON into an ExpectedInventory: roles, functions and customer policies, plus the facts later stages
 * need as data (the partition, the accounts each state's own resources belong to).
 */
import type { ExpectedInventory } from '../model';
import { readStateInstances } from './tfstate';
import { checkAttributeTypes } from './attribute-types';
import { collectRoles } from './roles';
import { collectCustomerPolicies, collectFunctions } from './functions';
import { accountsBySource, statePartition } from './inventory-facts';

export interface ParseStateOptions {
  /**
   * Region for permissions that name their function by plain name when the state has no function ARN.
   * An explicit value (--region) wins over the state's own majority.
   * @default - the region most functions in the state use, else AWS_REGION / AWS_DEFAULT_REGION, else us-east-1
   */
  readonly defaultRegion?: string;
}

export function parseTerraformState(json: string, source: string, opts: ParseStateOptions = {}): ExpectedInventory {
  const instances = readStateInstances(json, source);
  checkAttributeTypes(instances, source);
  const { roles, warnings } = collectRoles(instances, source);
  const parts = {
    roles,
    functions: collectFunctions(instances, source, opts.defaultRegion),
    customerPolicies: collectCustomerPolicies(instances, source),
  };
  return {
    ...parts,
    sources: [source],
    partition: statePartition(parts, opts.defaultRegion),
    accountsBySource: accountsBySource(parts),
    warnings,
  };
}
