/**
 * Checks definition files without synthesizing Terraform: schema and cross-field validation, then the
 * synth-time policy checks, per stack. This is what `lambda-roles check` runs in a pre-merge CI job, so
 * a bad definition fails in seconds with every problem listed, instead of at `cdktf synth`.
 */
import { App } from 'cdktf';
import { collectCheckEntries, runChecks, type ChecksReport } from '../modules/checks/run-checks';
import { buildStack } from './build-stack';
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { DEFINITION_EXTENSIONS, loadDefinition } from './load-definition';
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

/** Checks one definition; never throws for a bad definition (the problems are in the result). */
export function checkDefinition(def: StackDefinition, file?: string): StackCheckResult {
  try {
    // An App is only a construct tree here: nothing is written unless synth() is called.
    const stack = buildStack(new App({ skipValidation: true }), def, { policyChecks: { log: () => undefined } });
    return { file, stack: def.name, definitionErrors: [], checks: runChecks(collectCheckEntries(stack)) };
  } catch (err) {
    if (err instanceof DefinitionError) return { file, stack: def.name ?? '(unnamed)', definitionErrors: err.message.split('\n') };
    throw err;
  }
}

/** Loads every path (a definition file or a directory of them) and checks each stack. */
export function checkDefinitionPaths(paths: readonly string[]): CheckSummary {
  const results: StackCheckResult[] = [];
  for (const file of paths.flatMap(definitionFilesIn)) {
    let def: StackDefinition;
    try {
      def = loadDefinition(file);
    } catch (err) {
      if (!(err instanceof DefinitionError)) throw err;
      results.push({ file, stack: '(not loaded)', definitionErrors: err.message.split('\n') });
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

/** The definition files a path names: the file itself, or a directory's .json/.yaml/.yml files, sorted. */
function definitionFilesIn(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) return [path]; // a missing file is reported by loadDefinition, with the fix
  return readdirSync(path)
    .filter((f) => (DEFINITION_EXTENSIONS as readonly string[]).includes(extname(f).toLowerCase()))
    .sort()
    .map((f) => join(path, f));
}
