/**
 * `lambda-roles import <dir|file.tf>`: existing Terraform → a stack definition (YAML on stdout, or --out
 * FILE as .yaml/.yml, .json or .ts). The work is importTo() in stacks/import; this file parses flags.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import type { CliIo } from '../io';
import { parseFlags } from '../errors';
import { ExitCode } from '../exit-codes';

const optionsSchema = z.object({
  out: z.string().min(1, 'expected a file name ending in .yaml, .yml, .json or .ts').optional(),
  account: z.string().optional(),
  region: z.string().optional(),
  name: z.string().optional(),
  allowPartial: z.boolean().default(false),
});

const HELP_AFTER = `
Examples:
  $ lambda-roles import infra/lambda/                  # YAML on stdout
  $ lambda-roles import infra/lambda/ --out stacks/orders.yaml --account 123456789012
  $ lambda-roles import main.tf --out orders.ts --allow-partial

Reads the root module and the local modules it calls. Exit codes: 0 imported; 1 a part could not be
translated (listed with file and line on stderr; nothing is written) unless --allow-partial, which writes
the definition with the list as comments (YAML, TypeScript) and still lists it on stderr.`;

// A require at run time (bin/ runs TypeScript through tsx's CommonJS hook): only this command loads the importer.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadImporter = () => require('../../stacks/import/write') as typeof import('../../stacks/import/write');

export function register(program: Command, io: CliIo): void {
  program
    .command('import')
    .description('Write a stack definition that reproduces the Lambda IAM of existing Terraform (HCL).')
    .argument('<path>', 'a directory of .tf files (the root module) or one .tf file')
    .option('--out <file>', 'write the definition here; the extension picks YAML, JSON or TypeScript')
    .option('--account <id>', 'the account id the configuration runs in (default: the one its ARNs name)')
    .option('--region <region>', "the region (default: the aws provider's)")
    .option('--name <stack>', "the stack name (default: the directory's name)")
    .option('--allow-partial', 'write the definition even when parts could not be translated (exit 0)')
    .addHelpText('after', HELP_AFTER)
    .action((path: string, raw: Record<string, unknown>) => {
      const options = parseFlags(optionsSchema, raw);
      const { importTo, findingLine } = loadImporter();
      const { result, text, written } = importTo(path, options);
      for (const f of result.untranslated) io.stderr.write(`not translated: ${findingLine(f)}\n`);
      for (const f of result.notes) io.stderr.write(`note: ${findingLine(f)}\n`);
      if (result.untranslated.length && !options.allowPartial) {
        io.stderr.write(
          `error: ${result.untranslated.length} part(s) could not be translated; nothing was written. Fix: change them, or pass --allow-partial to write the rest\n`,
        );
        io.exitCode = ExitCode.ERROR;
        return;
      }
      if (written) io.stderr.write(`wrote ${options.out} (${result.definition.functions.length} function(s))\n`);
      else if (text) io.stdout.write(text);
    });
}
