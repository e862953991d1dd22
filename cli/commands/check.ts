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
import { checkDefinition, checkDefinitionPaths, summarize, type CheckSummary } from '../../stacks/check-definitions';
import { loadIamReference } from '../../modules/checks/iam-data';
import { formatFinding, formatSuppressed } from '../../modules/checks/run-checks';
import { EXAMPLES } from '../../stacks/examples';

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

export function renderCheckSummary(summary: CheckSummary): string {
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
      await loadIamReference();
      const fromFiles = checkDefinitionPaths(paths);
      const summary = options.examples ? summarize([...fromFiles.results, ...EXAMPLES.map((d) => checkDefinition(d))]) : fromFiles;
      io.stdout.write(options.format === 'json' ? JSON.stringify(summary, null, 2) + '\n' : renderCheckSummary(summary));
      if (summary.errors > 0) io.exitCode = ExitCode.ERROR;
    });
}
