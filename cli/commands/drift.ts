/**
 * `lambda-roles drift`: compare live AWS with Terraform state and attribute changes via CloudTrail.
 * Flags are parsed with zod at the edge; runDriftJob (drift/job.ts) checks the inputs, runs the check and
 * writes the reports.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import type { CliIo } from '../io';
import { parseFlags } from '../errors';
import { colorFor } from '../color';
import { runDriftJob } from '../../drift/job';
import {
  REPORT_FORMATS,
  exitCodeFor,
  parseDefinitionSpec,
  parseReportSpec,
  type ReportFormat,
  type ReportTarget,
} from '../../drift/report';
import { DEFAULT_SINCE, sinceSchema } from '../../drift/attribute/since';
import { inertLine } from '../../drift/report/inert';
import { DEFAULT_MAX_AGE, DEFAULT_OVERLAP, type IncrementalOptions } from '../../drift/incremental/plan';

/** `a, b or c`, for messages that list the choices. */
const oneOf = (xs: readonly string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}` : xs.join(''));

const optionsSchema = z
  .object({
    stack: z.array(z.string().min(1, 'a stack name cannot be empty')).default([]),
    state: z.array(z.string().min(1, 'a state file path cannot be empty')).default([]),
    outdir: z.string().min(1, 'an outdir cannot be empty').optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'expected an AWS region such as us-east-1')
      .optional(),
    profile: z.string().min(1).optional(),
    since: sinceSchema.default(DEFAULT_SINCE),
    format: z
      .array(z.enum(REPORT_FORMATS as [ReportFormat, ...ReportFormat[]], { message: `expected ${oneOf(REPORT_FORMATS)}` }))
      .max(1, 'give --format once; for several reports use --report FORMAT=PATH (repeatable)')
      .default([]),
    output: z
      .array(z.string().min(1, 'a report path cannot be empty'))
      .max(1, 'give --output once; for several reports use --report FORMAT=PATH (repeatable)')
      .default([]),
    report: z.array(z.string()).default([]),
    sourceRoot: z.string().min(1, 'a source root cannot be empty').optional(),
    definition: z.array(z.string()).default([]),
    failOn: z.enum(['critical', 'high', 'medium', 'low'], { message: 'expected critical, high, medium or low' }).default('low'),
    config: z.string().min(1, 'a config path cannot be empty').optional(),
    target: z.array(z.string().min(1, 'a target name cannot be empty')).default([]),
    ignoreFile: z.string().min(1, 'an ignore file path cannot be empty').optional(),
    writeIgnore: z.string().min(1, 'a path cannot be empty').optional(),
    deployIdentity: z
      .string()
      .regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:\S+$/, 'expected an IAM or STS ARN, e.g. arn:aws:iam::123456789012:role/deploy')
      .optional(),
    // Not a number at all ("abc" coerces to NaN): say what is expected, not zod's "received nan".
    concurrency: z.coerce
      .number({ invalid_type_error: 'expected a whole number from 1 to 32' })
      .int('expected a whole number')
      .min(1, 'expected at least 1')
      .max(32, 'at most 32 (the IAM and Lambda quotas are shared)')
      .default(4),
    // Durations are checked by the library (drift/aws/deadline.ts), which names the flag.
    timeout: z.string().min(1, 'a duration cannot be empty').optional(),
    requestTimeout: z.string().min(1, 'a duration cannot be empty').optional(),
    connectTimeout: z.string().min(1, 'a duration cannot be empty').optional(),
    skipAliasReads: z.boolean().default(false),
    incremental: z.boolean().default(false),
    checkpoint: z.string().min(1, 'a checkpoint path cannot be empty').optional(),
    overlap: sinceSchema.optional(),
    maxAge: sinceSchema.optional(),
  })
  .superRefine((o, ctx) => {
    // --incremental needs its --checkpoint; the incremental settings mean nothing without --incremental.
    if (o.incremental && !o.checkpoint) {
      ctx.addIssue({
        code: 'custom',
        path: ['incremental'],
        message: 'needs --checkpoint FILE, where the run keeps what it read for the next run',
      });
    }
    for (const key of ['checkpoint', 'overlap', 'maxAge'] as const) {
      if (!o.incremental && o[key] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'only with --incremental; add --incremental --checkpoint FILE, or drop it' });
      }
    }
  });
export type DriftCliOptions = z.infer<typeof optionsSchema>;

const collect = (value: string, previous: string[] = []) => [...previous, value];

const HELP_AFTER = `
Examples:
  $ lambda-roles drift --stack orders-api
  $ lambda-roles drift --state prod/terraform.tfstate --state shared/terraform.tfstate --since 30d
  $ lambda-roles drift --stack orders-api --format json --output drift.json \\
      --deploy-identity arn:aws:iam::123456789012:role/terraform-deploy
  $ lambda-roles drift --stack orders-api --report json=drift.json --report markdown=drift.md --fail-on high
  $ lambda-roles drift --state infra/terraform.tfstate --source-root . \
      --report sarif=drift.sarif --report junit=drift.xml --report html=drift.html
  $ lambda-roles drift --config lambda-roles.drift.yaml --report json=drift.json      # every account, one report
  $ lambda-roles drift --config lambda-roles.drift.yaml --target prod --report json=prod.json
  $ lambda-roles drift --stack orders-api --write-ignore .lambda-roles-ignore.yaml  # a starting file to fill in
  $ lambda-roles drift --stack orders-api --incremental --checkpoint drift-checkpoint.json   # hourly: re-read what changed
  $ lambda-roles drift --stack orders-api --skip-alias-reads   # fewer calls; alias permissions not verified (a warning says so)

Exit codes:
  0  in sync: every expected resource was read and matches (or all drift is below --fail-on)
  2  drift found at or above --fail-on (default low: any finding)
  1  error: bad input, or a resource could not be read (never reported as in sync);
     every report file then holds an error report, never an older one

The endpoint follows the AWS SDK conventions (AWS_ENDPOINT_URL, AWS_PROFILE, AWS_REGION).`;

/** Parses raw commander options into typed ones; a bad flag becomes one UserError line each. */
export function parseDriftOptions(raw: Record<string, unknown>): DriftCliOptions {
  return parseFlags(optionsSchema, raw);
}

/** 0 in sync, 1 when anything could not be read, else 2 when drift was found (one rule, in drift/report). */
export { exitCodeFor };

function progressPrinter(io: CliIo): { line: (m: string) => void; done: () => void } {
  if (io.stderr.isTTY) {
    let shown = false;
    return {
      line: (m) => {
        io.stderr.write(`\r\x1b[2K… ${m}`);
        shown = true;
      },
      done: () => {
        if (shown) io.stderr.write('\r\x1b[2K');
      },
    };
  }
  return { line: (m) => io.stderr.write(`drift: ${m}\n`), done: () => undefined };
}

/** The report targets the flags ask for: --format/--output (one report), --report FORMAT=PATH (any number). */
export function reportTargets(o: Pick<DriftCliOptions, 'format' | 'output' | 'report'>): ReportTarget[] {
  const single: ReportTarget[] =
    o.format.length || o.output.length || !o.report.length
      ? [{ format: o.format[0] ?? 'text', ...(o.output[0] ? { path: o.output[0], flag: `--output ${o.output[0]}` } : {}) }]
      : [];
  return [...single, ...o.report.map(parseReportSpec)];
}

/** The library's incremental options from the parsed flags (the schema already checked how they combine). */
function incrementalOptions(o: DriftCliOptions): IncrementalOptions | undefined {
  if (!o.incremental || !o.checkpoint) return undefined;
  return {
    checkpoint: o.checkpoint,
    ...(o.overlap !== undefined ? { overlap: o.overlap } : {}),
    ...(o.maxAge !== undefined ? { maxAge: o.maxAge } : {}),
  };
}

export async function driftCommand(raw: Record<string, unknown>, io: CliIo): Promise<void> {
  const o = parseDriftOptions(raw);
  const incremental = incrementalOptions(o);
  const progress = progressPrinter(io);
  let result;
  try {
    result = await runDriftJob({
      stacks: o.stack,
      stateFiles: o.state,
      outDir: o.outdir,
      region: o.region,
      profile: o.profile,
      since: o.since,
      deployIdentity: o.deployIdentity,
      concurrency: o.concurrency,
      timeout: o.timeout,
      requestTimeout: o.requestTimeout,
      connectTimeout: o.connectTimeout,
      failOn: o.failOn,
      reports: reportTargets(o),
      sourceRoot: o.sourceRoot,
      definitions: Object.fromEntries(o.definition.map(parseDefinitionSpec)),
      config: o.config,
      targets: o.target,
      ignoreFile: o.ignoreFile,
      writeIgnore: o.writeIgnore,
      ...(o.skipAliasReads ? { skipAliasReads: true } : {}),
      ...(incremental ? { incremental } : {}),
      color: colorFor(io.stdout),
      onProgress: progress.line,
    });
  } finally {
    progress.done();
  }
  // A warning can quote AWS (an error message): one inert line each, like the text report.
  for (const w of result.warnings) io.stderr.write(`warning: ${inertLine(`${w.target ? `[${w.target}] ` : ''}${w.message}`)}\n`);
  if (result.stdout !== undefined) io.stdout.write(result.stdout);
  io.exitCode = result.exitCode;
}

export function register(program: Command, io: CliIo): void {
  program
    .command('drift')
    .description('Compare live IAM roles, policies and Lambda permissions with Terraform state; attribute changes via CloudTrail.')
    .option('--stack <name>', 'a synthesized CDKTF stack whose state to pull (repeatable)', collect)
    .option('--state <file>', 'a Terraform state file to read (repeatable)', collect)
    .option('--outdir <dir>', 'where the stacks were synthesized (default: cdktf.out)')
    .option('--region <region>', 'region for Lambda functions whose state names none (default: AWS_REGION)')
    .option('--profile <name>', 'AWS profile to read with (default: AWS_PROFILE)')
    .option('--since <window>', 'CloudTrail look-back window: 30m, 12h, 7d, 2w (max 90d)', DEFAULT_SINCE)
    .option('--format <format>', `report format: ${REPORT_FORMATS.join(' | ')} (default: text)`, collect)
    .option('--output <file>', 'write that report to a file (atomically) instead of stdout', collect)
    .option('--report <format=path>', 'also write a report in FORMAT to PATH (repeatable), e.g. --report json=drift.json', collect)
    .option('--source-root <dir>', 'repository root: SARIF paths are relative to it, .tf files are found under it (default: .)')
    .option('--definition <stack=file>', "a stack's definition file, where its SARIF results point (repeatable)", collect)
    .option('--fail-on <severity>', 'lowest severity that fails the run with exit 2: critical | high | medium | low', 'low')
    .option('--deploy-identity <arn>', 'ARN Terraform/CI deploys with; its changes are labelled as such')
    .option('--config <file>', 'check every target (account) a lambda-roles.drift.yaml lists, into one report')
    .option('--target <name>', 'with --config: check only this target (repeatable)', collect)
    .option('--ignore-file <file>', 'ignore rules (default: .lambda-roles-ignore.yaml when it exists)')
    .option('--write-ignore <file>', 'write a starting ignore file (a new file) from the findings')
    .option('--concurrency <n>', 'parallel API calls', '4')
    .option(
      '--timeout <duration>',
      'stop the whole run after this long (90s, 10m, 1h); what was not read is reported as not checked, exit 1 (default: 30m)',
    )
    .option('--request-timeout <duration>', 'give up on one AWS request attempt after this long; it is retried (default: 15s)')
    .option('--connect-timeout <duration>', 'give up on connecting to AWS after this long (default: 5s)')
    .option(
      '--skip-alias-reads',
      "do not list every function's aliases (about half the calls of a full scan); permissions on aliases state does not declare are then not verified, and the report says so",
    )
    .option('--incremental', 're-read only what CloudTrail says changed since the --checkpoint (a full scan when it cannot tell)')
    .option('--checkpoint <file>', 'with --incremental: where the run keeps what it read for the next run')
    .option('--overlap <window>', `with --incremental: how far before the checkpoint CloudTrail is read again (default ${DEFAULT_OVERLAP})`)
    .option('--max-age <window>', `with --incremental: scan in full when the last full scan is older (default ${DEFAULT_MAX_AGE})`)
    .addHelpText('after', HELP_AFTER)
    .action(async (opts: Record<string, unknown>) => driftCommand(opts, io));
}
