/**
 * `lambda-roles drift`: compare live AWS with Terraform state and attribute changes via CloudTrail.
 * Options are validated with zod at the edge; the work is runDrift() (drift/run-drift.ts).
 */
import { existsSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { CliIo } from '../main';
import { parseFlags, UserError } from '../errors';
import { runDrift } from '../../drift/run-drift';
import { REPORT_WRITERS, exitCodeFor } from '../../drift/report';
import { DEFAULT_SINCE, sinceSchema } from '../../drift/attribute/since';

const optionsSchema = z.object({
  stack: z.array(z.string().min(1, 'a stack name cannot be empty')).default([]),
  state: z.array(z.string().min(1, 'a state file path cannot be empty')).default([]),
  outdir: z.string().default('cdktf.out'),
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'expected an AWS region such as us-east-1').optional(),
  profile: z.string().min(1).optional(),
  since: sinceSchema.default(DEFAULT_SINCE),
  format: z.enum(['text', 'json', 'markdown'], { message: 'expected text, json or markdown' }).default('text'),
  output: z.string().min(1).optional(),
  deployIdentity: z.string().regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:\S+$/, 'expected an IAM or STS ARN, e.g. arn:aws:iam::123456789012:role/deploy').optional(),
  // Not a number at all ("abc" coerces to NaN): say what is expected, not zod's "received nan".
  concurrency: z.coerce.number({ invalid_type_error: 'expected a whole number from 1 to 32' }).int('expected a whole number').min(1, 'expected at least 1').max(32, 'at most 32 (the IAM and Lambda quotas are shared)').default(4),
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

/** Parses raw commander options into validated ones; a bad flag becomes one UserError line each. */
export function parseDriftOptions(raw: Record<string, unknown>): DriftCliOptions {
  const parsed = parseFlags(optionsSchema, raw);
  // `--stack a --stack a` (or one file twice) reads it once: duplicates would duplicate its findings.
  const o = { ...parsed, stack: [...new Set(parsed.stack)], state: [...new Map(parsed.state.map((f) => [resolve(f), f])).values()] };
  if (o.stack.length + o.state.length === 0) {
    throw new UserError('no Terraform state given: pass --stack NAME (a synthesized CDKTF stack) or --state FILE (a terraform.tfstate), or both');
  }
  for (const file of o.state) {
    if (!existsSync(file)) throw new UserError(`--state ${file}: file not found; pass the path of a Terraform state file (terraform.tfstate)`);
    if (!statSync(file).isFile()) throw new UserError(`--state ${file}: not a file; pass the path of a Terraform state file (terraform.tfstate)`);
  }
  for (const name of o.stack) {
    const dir = join(o.outdir, 'stacks', name);
    if (!existsSync(dir)) {
      throw new UserError(`--stack ${name}: no synthesized stack at ${dir}; run \`npm run synth\` first, or pass --outdir to where it was synthesized`);
    }
  }
  if (o.output) {
    const dir = dirname(resolve(o.output));
    if (!existsSync(dir)) throw new UserError(`--output ${o.output}: directory ${dir} does not exist; create it or choose another path`);
  }
  return o;
}

/** Writes via a temp file in the same directory and a rename, so readers never see half a report. */
export function writeFileAtomic(path: string, text: string): void {
  const target = resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, target);
  } catch (err) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw new UserError(`--output ${path}: could not write the report (${(err as Error).message})`);
  }
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
  for (const w of result.warnings) io.stderr.write(`warning: ${w}\n`);

  // no-color.org: NO_COLOR set to any non-empty value turns colour off.
  const color = !o.output && Boolean(io.stdout.isTTY) && !process.env.NO_COLOR;
  const text = REPORT_WRITERS[o.format].render(result.report, { color });
  if (o.output) writeFileAtomic(o.output, text.endsWith('\n') ? text : `${text}\n`);
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
