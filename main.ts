/**
 * The cdktf app (cdktf.json: `npx tsx main.ts`): one stack per definition in cdktf.out/ — every
 * .json/.yaml/.yml definition named by LAMBDA_ROLES_DEFINITIONS (files or directories searched like
 * `lambda-roles check` does, separated by the platform path delimiter, ":" on Linux), or, when it names
 * none, the shipped examples (the repository's own demo). The examples are never added to a user's stacks.
 */
import { delimiter } from 'node:path';
import { App } from './modules/cdk/core';
import { loadIamReference } from './modules/checks/iam-data';
import { buildStack, type BuildStackOptions } from './stacks/build-stack';
import { describeStack } from './stacks/describe';
import { DefinitionFilesError, loadDefinitions, NoDefinitionFilesError } from './stacks/load-definition';
import { DefinitionError } from './stacks/validate-definition';
import { EXAMPLES } from './stacks/examples';
import type { StackDefinition } from './stacks/definition';

export const DEFINITIONS_ENV_VAR = 'LAMBDA_ROLES_DEFINITIONS';

/** The definitions named in LAMBDA_ROLES_DEFINITIONS, in the order named; the examples when it names none. */
export function collectDefinitions(env: NodeJS.ProcessEnv = process.env): StackDefinition[] {
  const paths = (env[DEFINITIONS_ENV_VAR] ?? '')
    .split(delimiter)
    .map((s) => s.trim())
    .filter(Boolean);
  const defs = paths.length ? paths.flatMap((p) => loadDefinitions(p)) : [...EXAMPLES];
  const seen = new Set<string>();
  for (const d of defs) {
    if (seen.has(d.name))
      throw new DefinitionError([
        {
          stack: d.name,
          field: 'name',
          message: `two definitions named in ${DEFINITIONS_ENV_VAR} are named ${JSON.stringify(d.name)} (stack names must be unique in one app). Fix: rename one`,
        },
      ]);
    seen.add(d.name);
  }
  return defs;
}

/** Builds every definition into `app` (one stack each). */
export function buildApp(app: App, defs: readonly StackDefinition[], options?: BuildStackOptions): App {
  for (const def of defs) buildStack(app, def, options);
  return app;
}

/** The summary of every stack, as the README's main command prints it. */
export function describeAll(defs: readonly StackDefinition[]): string {
  return defs.map((d) => describeStack(d)).join('\n\n');
}

export { describeStack };

/** The app: loads the IAM reference the policy checks read (they run synchronously at synth), then synthesizes every definition. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await loadIamReference();
  const defs = collectDefinitions(env);
  // Information, not an error: stdout (cdktf-cli shows an app's stderr as [ERROR] lines).
  if (!(env[DEFINITIONS_ENV_VAR] ?? '').trim())
    process.stdout.write(`${DEFINITIONS_ENV_VAR} names no definitions: synthesizing the shipped examples.\n`);
  process.stdout.write(`${describeAll(defs)}\n\n`);
  buildApp(new App(), defs).synth();
}

if (require.main === module) {
  main().catch((err: unknown) => {
    // A definition problem is the user's to fix: its message names file, field, value and fix; no stack trace.
    const known = err instanceof DefinitionError || err instanceof DefinitionFilesError || err instanceof NoDefinitionFilesError;
    process.stderr.write(`${err instanceof Error ? (known ? err.message : (err.stack ?? err.message)) : String(err)}\n`);
    process.exitCode = 1;
  });
}
