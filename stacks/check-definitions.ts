/**
 * Checks definition files without synthesizing Terraform: schema and cross-field validation, then the
 * synth-time policy checks, per stack. This is what `lambda-roles check` runs in a pre-merge CI job, so
 * a bad definition fails in seconds with every problem listed, instead of at `cdktf synth`.
 */
import { App } from '../modules/cdk/core';
import { LambdaRolesChecks } from '../modules/checks/aspect';
import type { ChecksReport } from '../modules/checks/runner';
import { assertIamReferenceLoaded } from '../modules/checks/iam-data';
import { buildStack } from './build-stack';
import { definitionFilesIn, loadDefinition, noDefinitionFilesMessage } from './load-definition';
import { DefinitionError } from './validate-definition';
import type { StackDefinition } from './definition';

export interface StackCheckResult {
  /** The file the definition came from, when it came from one. */
  readonly file?: string;
  readonly stack: string;
  /** Definition problems (each names stack, function and field); none when the definition is valid. */
  readonly definitionErrors: readonly string[];
  /** Policy check results; undefined when the definition itself is invalid. */
  readonly checks?: ChecksReport;
}

export interface CheckSummary {
  readonly results: readonly StackCheckResult[];
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
}

/**
 * Checks one definition; never throws for a bad definition (the problems are in the result).
 * Throws when the IAM reference is not loaded: `await loadIamReference()` (modules) first.
 */
export function checkDefinition(def: StackDefinition, file?: string): StackCheckResult {
  assertIamReferenceLoaded();
  try {
    // An App is only a construct tree here: nothing is written unless synth() is called.
    const stack = buildStack(new App({ skipValidation: true }), def, { policyChecks: { log: () => undefined } });
    // The same judgement as synth (the Aspect's), without synthesizing.
    return { file, stack: def.name, definitionErrors: [], checks: LambdaRolesChecks.reportFor(stack) };
  } catch (err) {
    if (err instanceof DefinitionError) return { file, stack: def.name ?? '(unnamed)', definitionErrors: err.message.split('\n') };
    throw err;
  }
}

/** Loads every path (a definition file or a directory of them) and checks each stack (after `await loadIamReference()`). */
export function checkDefinitionPaths(paths: readonly string[]): CheckSummary {
  assertIamReferenceLoaded();
  const results: StackCheckResult[] = [];
  const files: string[] = [];
  for (const path of paths) {
    const found = definitionFilesIn(path);
    // A pre-merge gate that checked nothing must not pass.
    if (found.length === 0)
      results.push({
        file: path,
        stack: '(none)',
        definitionErrors: [noDefinitionFilesMessage(path)],
      });
    files.push(...found);
  }
  for (const file of files) {
    let def: StackDefinition;
    try {
      def = loadDefinition(file);
    } catch (err) {
      if (!(err instanceof DefinitionError)) throw err;
      // A file that parsed but broke a rule still names its stack; one that did not parse cannot.
      const stack = err.problems.find((p) => p.stack)?.stack ?? '(not loaded)';
      results.push({ file, stack, definitionErrors: err.message.split('\n') });
      continue;
    }
    results.push(checkDefinition(def, file));
  }
  return summarize(results);
}

export function summarize(results: readonly StackCheckResult[]): CheckSummary {
  const sum = (f: (r: StackCheckResult) => number) => results.reduce((n, r) => n + f(r), 0);
  return {
    results,
    errors: sum((r) => r.definitionErrors.length + (r.checks?.errors.length ?? 0)),
    warnings: sum((r) => r.checks?.warnings.length ?? 0),
    suppressed: sum((r) => r.checks?.suppressed.length ?? 0),
  };
}

// One loader for check and synth (stacks/load-definition.ts): the same files below a directory, the same errors.
export { definitionFilesIn } from './load-definition';
