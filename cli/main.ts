/**
 * The CLI entry: it only registers commands. Each command lives in cli/commands/<name>.ts, exports
 * `register(program, io)`, validates its options with zod at the edge and calls a library function.
 * Commands never call process.exit: they set `io.exitCode`, and bin/lambda-roles.js exits with it.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode } from './exit-codes';
import { formatError } from './errors';
import { registerCommands } from './commands';
import type { CliIo } from './io';
import { toolInfo } from '../shared/version';

export type { CliIo } from './io';

export function buildProgram(io: CliIo): Command {
  const program = new Command('lambda-roles')
    .description('Govern the IAM side of AWS Lambda: generate roles and invoke permissions, detect drift.')
    .version(toolInfo().version, '-V, --version', "print lambda-roles' version (from its package.json)")
    .option('--debug', 'print stack traces for errors')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError('(add --help for usage)');
  registerCommands(program, io);
  return program;
}

export async function main(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, exitCode: ExitCode.OK },
): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return io.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0; usage errors were already printed.
      return err.exitCode === 0 ? ExitCode.OK : ExitCode.ERROR;
    }
    io.stderr.write(formatError(err, argv.includes('--debug')) + '\n');
    return ExitCode.ERROR;
  }
}
