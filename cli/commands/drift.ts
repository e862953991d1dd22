/**
 * `lambda-roles drift`: compare live AWS with Terraform state and attribute changes via CloudTrail.
 * Flags are parsed with zod at the edge; runDrift (drift/run-drift.ts) checks its inputs and does the work;
 * drift/report checks the report path and writes it.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import type { CliIo } from '../io';
import { parseFlags } from '../errors';
import { colorFor } from '../color';
import { runDrift } from '../../drift/run-drift';
import { REPORT_WRITERS, checkReportPath, exitCodeFor, writeReport } from '../../drift/report';
import { DEFAULT_SINCE, sinceSchema } from '../../drift/attribute/since';

const optionsSchema = z.object({
  stack: z.array(z.string().min(1, 'a stack name cannot be empty')).default([]),
  state: z.array(z.string().min(1, 'a state file path cannot be empty')).default([]),
  outdir: z.string().default('cdktf.out'),
  region: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'expected an AWS region such as us-east-1')
    .optional(),
  profile: z.string().min(1).optional(),
  since: sinceSchema.default(DEFAULT_SINCE),
  format: z.enum(['text', 'json', 'markdown'], { message: 'expected text, json or markdown' }).default('text'),
  output: z.string().min(1).optional(),
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
});
export type DriftCliOptions = z.infer<typeof optionsSchema>;

const collect = (value: string, previous: string[] = []) => [...previous, value];

const HELP_AFTER = `
Examples:
  $ lambda-roles drift --stack orders-api
  $ lambda-roles drift --state prod/terraform.tfstate --state shared/terraform.tfstate --since 30d
  $ lambda-roles drift --stack orders-api --format json --output drift.json \\
      --deploy-identity arn:aws:iam::123456789012:role/terraform-deploy

Exit codes:
  0  in sync: every expected resource was read and matches
  2  drift found
  1  error: bad input, or a resource could not be read (never reported as in sync)

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

export async function driftCommand(raw: Record<string, unknown>, io: CliIo): Promise<void> {
  const o = parseDriftOptions(raw);
  // The report path is checked before anything is read (runDrift checks the state inputs first thing).
  if (o.output) checkReportPath(o.output);
  const progress = progressPrinter(io);
  let result;
  try {
    result = await runDrift({
      stacks: o.stack,
      stateFiles: o.state,
      outDir: o.outdir,
      region: o.region,
      profile: o.profile,
      since: o.since,
      deployIdentity: o.deployIdentity,
      concurrency: o.concurrency,
      onProgress: progress.line,
    });
  } finally {
    progress.done();
  }
  for (const w of result.warnings) io.stderr.write(`warning: ${w.message}\n`);

  const color = !o.output && colorFor(io.stdout);
  const text = REPORT_WRITERS[o.format].render(result.report, { color });
  if (o.output) writeReport(o.output, text);
  else io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  io.exitCode = exitCodeFor(result.report);
}

export function register(program: Command, io: CliIo): void {
  program
    .command('drift')
    .description('Compare live IAM roles, policies and Lambda permissions with Terraform state; attribute changes via CloudTrail.')
    .option('--stack <name>', 'a synthesized CDKTF stack whose state to pull (repeatable)', collect)
    .option('--state <file>', 'a Terraform state file to read (repeatable)', collect)
    .option('--outdir <dir>', 'where the stacks were synthesized', 'cdktf.out')
    .option('--region <region>', 'region for Lambda functions whose state names none (default: AWS_REGION)')
    .option('--profile <name>', 'AWS profile to read with (default: AWS_PROFILE)')
    .option('--since <window>', 'CloudTrail look-back window: 30m, 12h, 7d, 2w (max 90d)', DEFAULT_SINCE)
    .option('--format <format>', 'text | json | markdown', 'text')
    .option('--output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--deploy-identity <arn>', 'ARN Terraform/CI deploys with; its changes are labelled as such')
    .option('--concurrency <n>', 'parallel API calls', '4')
    .addHelpText('after', HELP_AFTER)
    .action(async (opts: Record<string, unknown>) => driftCommand(opts, io));
}
