/**
 * `lambda-roles demo` (what `npm start` runs): deploys the example stacks to the embedded local AWS
 * endpoint, makes console edits, and runs the drift check. The work is runDemo() in demo/run-demo.ts.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import type { CliIo } from '../io';
import { parseFlags } from '../errors';
import { colorFor } from '../color';
import { ExitCode } from '../exit-codes';

const optionsSchema = z.object({
  port: z.coerce
    .number({ invalid_type_error: 'expected a port number' })
    .int()
    .min(0)
    .max(65535, 'expected 0 (any free port) to 65535')
    .optional(),
  keepRunning: z.boolean().default(false),
});

const HELP_AFTER = `
What it does, with no AWS account and no network:
  1. starts the local AWS endpoint on 127.0.0.1 (port 4566, or a free one if taken)
  2. synthesizes the three example stacks and applies them with the real terraform + AWS provider
  3. edits a few roles and permissions as the console identity (console/console)
  4. runs lambda-roles drift and explains its exit code (0 in sync, 2 drift, 1 error)

Examples:
  $ npm start
  $ lambda-roles demo --keep-running      # leave the endpoint up to explore with the AWS SDK/CLI
  $ lambda-roles demo --port 0`;

// A require at run time, not an import(): bin/ runs TypeScript through tsx's CommonJS hook, which serves require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadDemo = () => require('../../demo/run-demo') as typeof import('../../demo/run-demo');

export function register(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('Deploy the examples to the local AWS endpoint, edit them as a console user, and detect the drift.')
    .option('--port <n>', 'endpoint port (0 = any free port)')
    .option('--keep-running', 'keep the endpoint running after the report')
    .addHelpText('after', HELP_AFTER)
    .action(async (raw: Record<string, unknown>) => {
      const options = parseFlags(optionsSchema, raw);
      const color = colorFor(io.stdout);
      // Loaded when the command runs: the demo pulls in the generator and the endpoint, which `drift` never needs.
      const { runDemo } = loadDemo();
      const result = await runDemo({ ...options, color, log: (line) => io.stdout.write(line + '\n') });
      // The demo succeeds when the drift check found the edits it made (exit 2 is the expected outcome).
      const foundEdits = result.driftExitCode === ExitCode.DRIFT && result.report.summary.findings > 0;
      if (!foundEdits) {
        io.stderr.write('demo: the drift check did not report the console edits it made; see the report above\n');
        io.exitCode = ExitCode.ERROR;
      }
    });
}
