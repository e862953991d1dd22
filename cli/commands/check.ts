/**
 * `lambda-roles check`: validates definition files (schema, cross-field rules) and runs the synth-time
 * policy checks without writing Terraform. Exit 1 when anything is an error. The work is
 * checkDefinitionPaths() in stacks/check-definitions.ts.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import type { CliIo } from '../io';
import { parseFlags, UserError } from '../errors';
import { ExitCode } from '../exit-codes';
import type { CheckSummary } from '../../stacks/check-definitions';

const optionsSchema = z.object({
  format: z.enum(['text', 'json'], { message: 'expected text or json' }).default('text'),
  examples: z.boolean().default(false),
});

const HELP_AFTER = `
Examples:
  $ lambda-roles check defs/                       # every .json/.yaml/.yml in defs/
  $ lambda-roles check defs/payments.yaml --format json
  $ lambda-roles check --examples                  # the shipped example stacks

Exit codes: 0 no errors (warnings allowed), 1 a definition or policy check error.
Suppress a policy finding in the function's definition:
  suppressions: [{ id: LR-IAM-WILDCARD-RESOURCE, appliesTo: ['Resource::*'], reason: '…why…' }]`;

/*
 * The generator and the policy data are heavy and no other command needs them, so they load when `check` runs:
 * a require at run time, not an import(), because bin/ runs TypeScript through tsx's CommonJS hook.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const load = {
  definitions: () => require('../../stacks/check-definitions') as typeof import('../../stacks/check-definitions'),
  iamData: () => require('../../modules/checks/iam-data') as typeof import('../../modules/checks/iam-data'),
  examples: () => require('../../stacks/examples') as typeof import('../../stacks/examples'),
  checks: () => require('../../modules/checks/run-checks') as typeof import('../../modules/checks/run-checks'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

export function renderCheckSummary(summary: CheckSummary): string {
  const { formatFinding, formatSuppressed } = load.checks();
  const lines: string[] = [];
  for (const r of summary.results) {
    const where = `${r.file ? `${r.file} ` : ''}(stack ${r.stack})`;
    const failed = r.definitionErrors.length > 0 || (r.checks?.errors.length ?? 0) > 0;
    lines.push(`${failed ? 'FAIL' : 'ok  '} ${where}`);
    for (const e of r.definitionErrors) lines.push(`     [error] ${e}`);
    if (r.checks) {
      for (const f of [...r.checks.errors, ...r.checks.warnings]) lines.push(`     ${formatFinding(f)}`);
      for (const s of r.checks.suppressed) lines.push(`     ${formatSuppressed(s)}`);
    }
  }
  lines.push(
    `checked ${summary.results.length} stack(s): ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.suppressed} suppressed`,
  );
  return lines.join('\n') + '\n';
}

export function register(program: Command, io: CliIo): void {
  program
    .command('check')
    .description('Validate stack definitions and run the policy checks, without writing Terraform.')
    .argument('[paths...]', 'definition files or directories of them (.json, .yaml, .yml)')
    .option('--format <format>', 'text or json', 'text')
    .option('--examples', 'check the shipped example definitions')
    .addHelpText('after', HELP_AFTER)
    .action(async (paths: string[], raw: Record<string, unknown>) => {
      const options = parseFlags(optionsSchema, raw);
      if (paths.length === 0 && !options.examples)
        throw new UserError('no definitions given: pass definition files or directories, or --examples');
      const { checkDefinition, checkDefinitionPaths, summarize } = load.definitions();
      const { loadIamReference } = load.iamData();
      const { EXAMPLES } = load.examples();
      await loadIamReference();
      const fromFiles = checkDefinitionPaths(paths);
      const summary = options.examples ? summarize([...fromFiles.results, ...EXAMPLES.map((d) => checkDefinition(d))]) : fromFiles;
      io.stdout.write(options.format === 'json' ? JSON.stringify(summary, null, 2) + '\n' : renderCheckSummary(summary));
      if (summary.errors > 0) io.exitCode = ExitCode.ERROR;
    });
}
