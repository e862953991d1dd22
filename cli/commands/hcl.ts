/**
 * `lambda-roles hcl <definition> --out DIR`: a plain Terraform module (versions.tf, variables.tf, main.tf,
 * outputs.tf, code/) from a definition file, for repositories without cdktf. The work is writeHclModule()
 * in stacks/hcl; this file parses flags.
 */
import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { CliIo } from '../io';
import { parseFlags } from '../errors';

const optionsSchema = z.object({
  out: z
    .string({ required_error: 'is required: name the directory to write the module into' })
    .min(1, 'is required: name the directory to write the module into'),
});

const HELP_AFTER = `
Examples:
  $ lambda-roles hcl stacks/orders.yaml --out infra/orders
  $ cd infra/orders && terraform init && terraform plan

The module holds a provider "aws" block (var.region) and no backend: add the backend your repository uses.`;

// Loaded when the command runs (the generator is heavy): a require, since bin/ runs TypeScript through tsx's CommonJS hook.
/* eslint-disable @typescript-eslint/no-require-imports */
const load = {
  module: () => require('../../stacks/hcl/module') as typeof import('../../stacks/hcl/module'),
  definitions: () => require('../../stacks/load-definition') as typeof import('../../stacks/load-definition'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

export function register(program: Command, io: CliIo): void {
  program
    .command('hcl')
    .description('Write a plain Terraform module (HCL) from a stack definition, for repositories without cdktf.')
    .argument('<definition>', 'a definition file (.json, .yaml, .yml)')
    .option('--out <dir>', 'the directory to write versions.tf, variables.tf, main.tf, outputs.tf and code/ into')
    .addHelpText('after', HELP_AFTER)
    .action(async (file: string, raw: Record<string, unknown>) => {
      const options = parseFlags(optionsSchema, raw);
      const def = load.definitions().loadDefinition(file);
      const module = await load.module().writeHclModule(def, resolve(options.out), { baseDir: dirname(resolve(file)) });
      const names = [...Object.keys(module.files), ...Object.keys(module.archives)];
      io.stderr.write(`wrote ${options.out}: ${names.join(', ')}\n`);
    });
}
