/**
 * `lambda-roles check`: validates definition files (schema, cross-field rules) and runs the synth-time
 * policy checks without writing Terraform; it judges Terraform JSON (cdk.tf.json, *.tf.json) and the JSON of
 * a plan or state (`terraform show -json`) the same way. Exit 1 when anything is an error. The work is
 * checkInputs() in stacks/check-inputs.ts; SARIF is stacks/check-sarif.ts.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import type { CliIo } from '../io';
import { parseFlags, UserError } from '../errors';
import { ExitCode } from '../exit-codes';
import type { InputsCheckSummary } from '../../stacks/check-inputs';

const optionsSchema = z
  .object({
    format: z.enum(['text', 'json', 'sarif'], { message: 'expected text, json or sarif' }).default('text'),
    examples: z.boolean().default(false),
    suppressions: z.string().min(1, 'expected the path of a suppressions file (YAML or JSON)').optional(),
    sourceRoot: z.string().min(1, 'expected the repository root').optional(),
  })
  .refine((o) => o.sourceRoot === undefined || o.format === 'sarif', {
    message: 'only SARIF has file locations; add --format sarif or drop --source-root',
    path: ['sourceRoot'],
  });

const HELP_AFTER = `
Examples:
  $ lambda-roles check defs/                       # every .json/.yaml/.yml in defs/
  $ lambda-roles check defs/payments.yaml --format json
  $ lambda-roles check --examples                  # the shipped example stacks
  $ lambda-roles check cdktf.out/stacks/orders/cdk.tf.json
  $ terraform plan -out plan.out && terraform show -json plan.out > plan.json
  $ lambda-roles check plan.json --suppressions lambda-roles.suppressions.yaml --format sarif > check.sarif

Inputs: stack definitions (.json/.yaml/.yml), Terraform JSON (*.tf.json, cdk.tf.json) and the JSON of a
plan or state (terraform show -json), told apart by name and content.
Exit codes: 0 no errors (warnings allowed), 1 a definition, input or policy check error.
Suppress a policy finding in the function's definition:
  suppressions: [{ id: LR-IAM-WILDCARD-RESOURCE, appliesTo: ['Resource::*'], reason: '…why…' }]
or, for Terraform inputs, in a --suppressions file, by address (a module, a resource, an instance):
  suppressions: [{ resource: module.orders, id: LR-IAM-WILDCARD-RESOURCE, appliesTo: ['Resource::*'], reason: '…why…' }]`;

/*
 * The generator and the policy data are heavy and no other command needs them, so they load when `check` runs:
 * a require at run time, not an import(), because bin/ runs TypeScript through tsx's CommonJS hook.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const load = {
  definitions: () => require('../../stacks/check-definitions') as typeof import('../../stacks/check-definitions'),
  inputs: () => require('../../stacks/check-inputs') as typeof import('../../stacks/check-inputs'),
  sarif: () => require('../../stacks/check-sarif') as typeof import('../../stacks/check-sarif'),
  iamData: () => require('../../modules/checks/iam-data') as typeof import('../../modules/checks/iam-data'),
  examples: () => require('../../stacks/examples') as typeof import('../../stacks/examples'),
  checks: () => require('../../modules/checks/run-checks') as typeof import('../../modules/checks/run-checks'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

export function renderCheckSummary(summary: InputsCheckSummary): string {
  const { formatFinding, formatSuppressed } = load.checks();
  const lines: string[] = [];
  for (const r of summary.results) {
    // A definition names its stack; a Terraform input its kind, and the stack cdk.tf.json records.
    const what = r.kind === 'definition' ? `(stack ${r.stack})` : r.stack.startsWith('(') ? r.stack : `(${r.kind}, stack ${r.stack})`;
    const where = `${r.file ? `${r.file} ` : ''}${what}`;
    const failed = r.definitionErrors.length > 0 || (r.checks?.errors.length ?? 0) > 0;
    lines.push(`${failed ? 'FAIL' : 'ok  '} ${where}`);
    for (const e of r.definitionErrors) lines.push(`     [error] ${e}`);
    if (r.checks) {
      for (const f of [...r.checks.errors, ...r.checks.warnings]) lines.push(`     ${formatFinding(f)}`);
      for (const s of r.checks.suppressed) lines.push(`     ${formatSuppressed(s)}`);
      for (const n of r.checks.notChecked ?? []) lines.push(`     [not checked] ${n.path}: ${n.what}`);
    }
  }
  const notChecked = summary.results.reduce((n, r) => n + (r.checks?.notChecked?.length ?? 0), 0);
  lines.push(
    `checked ${summary.results.length} stack(s): ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.suppressed} suppressed` +
      (notChecked ? `, ${notChecked} not checked` : ''),
  );
  return lines.join('\n') + '\n';
}

export function register(program: Command, io: CliIo): void {
  program
    .command('check')
    .description('Validate stack definitions and run the policy checks, without writing Terraform; or check Terraform JSON and plan JSON.')
    .argument('[paths...]', 'definition files or directories of them (.json, .yaml, .yml), *.tf.json, or plan/state JSON')
    .option('--format <format>', 'text, json or sarif (GitHub code scanning)', 'text')
    .option('--examples', 'check the shipped example definitions')
    .option('--suppressions <file>', 'suppressions for Terraform inputs, by resource address (YAML or JSON)')
    .option('--source-root <dir>', 'with --format sarif: the repository root locations are relative to (default: the current directory)')
    .addHelpText('after', HELP_AFTER)
    .action(async (paths: string[], raw: Record<string, unknown>) => {
      const options = parseFlags(optionsSchema, raw);
      if (paths.length === 0 && !options.examples)
        throw new UserError('no definitions given: pass definition files or directories, or --examples');
      const { checkDefinition, summarize } = load.definitions();
      const { loadIamReference } = load.iamData();
      const { EXAMPLES } = load.examples();
      await loadIamReference();
      const fromFiles = load.inputs().checkInputs(paths, { suppressionsFile: options.suppressions });
      const summary = options.examples
        ? (summarize([
            ...fromFiles.results,
            ...EXAMPLES.map((d) => ({ ...checkDefinition(d), kind: 'definition' as const })),
          ]) as InputsCheckSummary)
        : fromFiles;
      const render = {
        text: () => renderCheckSummary(summary),
        json: () => JSON.stringify(summary, null, 2) + '\n',
        sarif: () => load.sarif().renderCheckSarif(summary, { sourceRoot: options.sourceRoot }),
      };
      io.stdout.write(render[options.format]());
      if (summary.errors > 0) io.exitCode = ExitCode.ERROR;
    });
}
