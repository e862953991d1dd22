/**
 * `lambda-roles local-aws`: runs the local AWS endpoint (IAM, STS, Lambda, CloudTrail) in the foreground
 * until SIGINT/SIGTERM. Options are validated with zod at the edge; the work is startLocalAws().
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { CliIo } from '../io';
import { parseFlags, UserError } from '../errors';
import type { LocalAws } from '../../local-aws';
import { DEFAULT_CREDENTIALS, DEFAULT_PORT, DEFAULT_REGION } from '../../local-aws/core/identities';

// The endpoint loads when the command runs (every service module and the policy simulator), not for `drift`:
// a require at run time, not an import(), because bin/ runs TypeScript through tsx's CommonJS hook.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadEndpoint = () => require('../../local-aws') as typeof import('../../local-aws');

const percent = z.coerce
  .number({ invalid_type_error: 'expected a number from 0 to 100' })
  .min(0, 'expected 0 to 100')
  .max(100, 'expected 0 to 100')
  .default(0);

const optionsSchema = z.object({
  port: z.coerce
    .number({ invalid_type_error: 'expected a port number' })
    .int('expected a whole number')
    .min(0, 'expected 0 (any free port) to 65535')
    .max(65535, 'expected 0 (any free port) to 65535')
    .default(DEFAULT_PORT),
  stateFile: z.string().min(1, 'a state file path cannot be empty').optional(),
  latency: z.coerce.number({ invalid_type_error: 'expected milliseconds' }).min(0, 'expected milliseconds, 0 or more').default(0),
  quotas: z.enum(['aws-defaults', 'none'], { message: 'expected aws-defaults or none' }).default('none'),
  throttlePercent: percent,
  errorPercent: percent,
  resetPercent: percent,
  seed: z.coerce.number({ invalid_type_error: 'expected a whole number' }).int('expected a whole number').default(1),
});
export type LocalAwsCliOptions = z.infer<typeof optionsSchema>;

const HELP_AFTER = `
Examples:
  $ lambda-roles local-aws
  $ lambda-roles local-aws --port 4567 --state-file .lambda-roles/local-aws.json
  $ lambda-roles local-aws --quotas aws-defaults --latency 30 --throttle-percent 5 --error-percent 1

Identities (LocalStack conventions, account 000000000000, region us-east-1):
  test/test        root of 000000000000, the deploy identity
  console/console  assumed-role/Admin/console-user, recorded as a console session in CloudTrail
  other/other      root of a second account, 111111111111

Admin routes (unsigned, loopback only): GET /_localaws/health, GET /_localaws/calls,
POST /_localaws/calls/reset, GET|POST /_localaws/controls, GET /_localaws/snapshot,
POST /_localaws/restore, POST /_localaws/reset. They answer Host 127.0.0.1:<port> or
localhost:<port> only, refuse requests with an Origin header, and POSTs need content-type application/json.`;

/** Parses raw commander options; a bad flag becomes one line each, naming the flag, the value and the fix. */
export function parseLocalAwsOptions(raw: Record<string, unknown>): LocalAwsCliOptions {
  const o = parseFlags(optionsSchema, raw);
  const faultSum = o.throttlePercent + o.errorPercent + o.resetPercent;
  if (faultSum > 100) {
    throw new UserError(`--throttle-percent + --error-percent + --reset-percent = ${faultSum}: keep the sum at or below 100`);
  }
  if (o.stateFile && !existsSync(dirname(resolve(o.stateFile)))) {
    throw new UserError(
      `--state-file ${o.stateFile}: directory ${dirname(resolve(o.stateFile))} does not exist; create it or choose another path`,
    );
  }
  return o;
}

/** The lines a user needs to point tools at the endpoint. */
export function envExports(endpoint: string): string {
  const { accessKeyId, secretAccessKey } = DEFAULT_CREDENTIALS.admin;
  return `export AWS_ENDPOINT_URL=${endpoint} AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey} AWS_REGION=${DEFAULT_REGION}`;
}

/** Starts the endpoint, prints how to use it, and closes it when `stop` resolves. */
export async function runLocalAws(o: LocalAwsCliOptions, io: CliIo, stop: Promise<unknown>): Promise<void> {
  let aws: LocalAws;
  try {
    aws = await loadEndpoint().startLocalAws({
      port: o.port,
      stateFile: o.stateFile,
      latencyMs: o.latency,
      quotas: o.quotas,
      faults: { throttlePercent: o.throttlePercent, serverErrorPercent: o.errorPercent, resetPercent: o.resetPercent, seed: o.seed },
      log: (line) => io.stderr.write(line + '\n'),
    });
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  io.stdout.write(`local AWS endpoint (iam, sts, lambda, cloudtrail, logs) listening on ${aws.endpoint}\n`);
  io.stdout.write(`${envExports(aws.endpoint)}\n`);
  if (o.stateFile) io.stdout.write(`state file: ${o.stateFile}\n`);
  io.stdout.write('press Ctrl-C to stop\n');
  await stop;
  await aws.close();
  io.stdout.write('local AWS endpoint stopped\n');
}

function untilSignal(): Promise<string> {
  return new Promise((resolvePromise) => {
    const on = (signal: string) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolvePromise(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export function register(program: Command, io: CliIo): void {
  program
    .command('local-aws')
    .description('Run a local AWS endpoint (IAM, STS, Lambda, CloudTrail) for Terraform and the SDK, on 127.0.0.1.')
    .option('--port <n>', `TCP port on 127.0.0.1 (0 = any free port)`, String(DEFAULT_PORT))
    .option('--state-file <file>', 'JSON file: loaded at start when present, saved after changes and on exit')
    .option('--latency <ms>', 'latency added to every call', '0')
    .option(
      '--quotas <preset>',
      'rate limits: aws-defaults (Lambda GetPolicy 15/s, GetFunction 100/s, others 15/s; CloudTrail LookupEvents 2/s) or none',
      'none',
    )
    .option('--throttle-percent <p>', "percent of calls answered with the service's throttling error", '0')
    .option('--error-percent <p>', 'percent of calls answered with a 500 internal error', '0')
    .option('--reset-percent <p>', 'percent of calls whose connection is reset', '0')
    .option('--seed <n>', 'seed of the fault dice (same seed, same faults)', '1')
    .addHelpText('after', HELP_AFTER)
    .action(async (raw: Record<string, unknown>) => {
      await runLocalAws(parseLocalAwsOptions(raw), io, untilSignal());
    });
}
