/**
 * The cdktf app (cdktf.json: `npx tsx main.ts`): one stack per definition in cdktf.out/ — the shipped
 * examples, plus every .json/.yaml/.yml definition named by LAMBDA_ROLES_DEFINITIONS (files or
 * directories, separated by the platform path delimiter, ":" on Linux).
 */
import { delimiter } from 'node:path';
import { App } from 'cdktf';
import { loadIamReference } from './modules/checks/iam-data';
import { buildStack, type BuildStackOptions } from './stacks/build-stack';
import { describeStack } from './stacks/describe';
import { loadDefinitions } from './stacks/load-definition';
import { EXAMPLES } from './stacks/examples';
import type { StackDefinition } from './stacks/definition';

export const DEFINITIONS_ENV_VAR = 'LAMBDA_ROLES_DEFINITIONS';

/** The examples followed by the definitions named in LAMBDA_ROLES_DEFINITIONS. */
export function collectDefinitions(env: NodeJS.ProcessEnv = process.env): StackDefinition[] {
  const extra = (env[DEFINITIONS_ENV_VAR] ?? '')
    .split(delimiter)
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((p) => loadDefinitions(p));
  const defs = [...EXAMPLES, ...extra];
  const seen = new Set<string>();
  for (const d of defs) {
    if (seen.has(d.name))
      throw new Error(
        `${DEFINITIONS_ENV_VAR}: two definitions are named "${d.name}" (stack names must be unique in one app). Fix: rename one`,
      );
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
  process.stderr.write(`${describeAll(defs)}\n\n`);
  buildApp(new App(), defs).synth();
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
