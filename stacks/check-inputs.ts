/**
 * What `lambda-roles check` runs: every path (a file, or a directory walked as for definitions) is a stack
 * definition, a Terraform JSON configuration (*.tf.json, cdk.tf.json) or the JSON of a plan or state, told
 * apart by name and content (check-terraform.ts checkFileKind); each is checked and reported in the order
 * given. Definitions go through checkDefinitionPaths unchanged.
 */
import { assertIamReferenceLoaded } from '../modules/checks/iam-data';
import { runChecks } from '../modules/checks/runner';
import type { ChecksReport } from '../modules/checks/runner';
import type { NotChecked } from '../modules/checks/terraform/resource-subjects';
import type { DeclaredSuppression } from '../modules/checks/types';
import { checkDefinitionPaths, definitionFilesIn, summarize, type CheckSummary, type StackCheckResult } from './check-definitions';
import {
  checkFileKind,
  checkTerraformFile,
  loadSuppressionsFile,
  unreachedSuppressions,
  type CheckFileKind,
  type TerraformCheckResult,
} from './check-terraform';

/** One checked input: a definition's result, or a Terraform file's, or the suppressions file's own. */
export interface InputCheckResult extends StackCheckResult {
  /** @default 'definition' */
  readonly kind: CheckFileKind | 'suppressions';
  /** With the policies that could not be judged (Terraform inputs, and definitions checked through the Aspect). */
  readonly checks?: ChecksReport & { readonly notChecked?: readonly NotChecked[] };
  /** Terraform inputs: each checked resource (address, the path findings name, type), for locating findings. */
  readonly resources?: TerraformCheckResult['resources'];
}

export interface InputsCheckSummary extends CheckSummary {
  readonly results: readonly InputCheckResult[];
}

export interface CheckInputsOptions {
  /** A suppressions file for the Terraform inputs (see loadSuppressionsFile). @default - none */
  readonly suppressionsFile?: string;
}

/** Checks every path (after `await loadIamReference()`). Throws a UserError only for a bad suppressions file. */
export function checkInputs(paths: readonly string[], options: CheckInputsOptions = {}): InputsCheckSummary {
  assertIamReferenceLoaded();
  const suppressions: DeclaredSuppression[] = options.suppressionsFile ? loadSuppressionsFile(options.suppressionsFile) : [];
  const results: InputCheckResult[] = [];
  const terraform: TerraformCheckResult[] = [];
  for (const path of paths) {
    const files = definitionFilesIn(path);
    // An empty directory (or a missing path) gets the definition loader's message: a gate that checked nothing fails.
    if (files.length === 0) results.push(...checkDefinitionPaths([path]).results.map(asDefinition));
    for (const file of files) {
      const kind = checkFileKind(file);
      if (kind === 'definition') {
        results.push(...checkDefinitionPaths([file]).results.map(asDefinition));
        continue;
      }
      const r = checkTerraformFile(file, kind, { suppressions });
      terraform.push(r);
      results.push({
        file: r.file,
        stack: r.stack,
        kind: r.kind,
        definitionErrors: r.inputErrors,
        checks: r.checks,
        resources: r.resources,
      });
    }
  }
  const unreached = unreachedSuppressions(suppressions, terraform);
  if (unreached.length && options.suppressionsFile) {
    results.push({
      file: options.suppressionsFile,
      stack: '(suppressions)',
      kind: 'suppressions',
      definitionErrors: [],
      // No input has a resource in their scope: the runner reports each as unused (or reasonless) where written.
      checks: { ...runChecks([], undefined, { declared: unreached }), notChecked: [] },
    });
  }
  return summarize(results) as InputsCheckSummary;
}

const asDefinition = (r: StackCheckResult): InputCheckResult => ({ ...r, kind: 'definition' });
