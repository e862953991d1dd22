/**
 * Why this exists: the expected side of the drift check is whatever Terraform last recorded. We read
 * tfstate v4 (from a file or `terraform state pull`) into an ExpectedInventory.
 */
import type { ExpectedInventory } from '../model';

export function parseTerraformState(json: string, source: string): ExpectedInventory {
  throw new Error(`parseTerraformState(${source}): not implemented yet (${json.length} chars)`);
}

export function mergeInventories(parts: ExpectedInventory[]): ExpectedInventory {
  throw new Error(`mergeInventories(${parts.length}): not implemented yet`);
}

export function readStateFile(path: string): ExpectedInventory {
  throw new Error(`readStateFile(${path}): not implemented yet`);
}

export function pullStackState(stackName: string, opts?: { outDir?: string; env?: NodeJS.ProcessEnv }): ExpectedInventory {
  throw new Error(`pullStackState(${stackName}, ${opts?.outDir}): not implemented yet`);
}
