/**
 * Why this exists: a run's inputs are checked once, here, before anything is read or called, and every
 * problem is a UserError naming the input as the CLI flag that sets it, the value and the fix. The CLI only
 * parses flags; the library owns these checks, so a programmatic caller gets the same errors.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../shared/errors';
import { isValidStackName, stackDirectory } from './state/read-state';

export interface StateInputs {
  /** CDKTF stack names. @default - none */
  readonly stacks?: readonly string[];
  /** tfstate files. @default - none */
  readonly stateFiles?: readonly string[];
  /** Where the stacks were synthesized. @default "cdktf.out" */
  readonly outDir?: string;
}

export interface CheckedStateInputs {
  readonly stacks: string[];
  readonly stateFiles: string[];
  readonly outDir: string;
}

/**
 * Dedupes (the same stack, or the same file under another spelling, is read once: twice would duplicate its
 * findings) and checks that there is at least one state, that each file is a file and each stack was synthesized.
 */
export function checkStateInputs(inputs: StateInputs): CheckedStateInputs {
  const stacks = [...new Set(inputs.stacks ?? [])];
  const stateFiles = [...new Map((inputs.stateFiles ?? []).map((f) => [resolve(f), f])).values()];
  const outDir = inputs.outDir ?? 'cdktf.out';
  if (stacks.length + stateFiles.length === 0) {
    throw new UserError(
      'no Terraform state given: pass --stack NAME (a synthesized CDKTF stack) or --state FILE (a terraform.tfstate), or both',
    );
  }
  for (const file of stateFiles) {
    if (!existsSync(file))
      throw new UserError(`--state ${file}: file not found; pass the path of a Terraform state file (terraform.tfstate)`);
    if (!statSync(file).isFile())
      throw new UserError(`--state ${file}: not a file; pass the path of a Terraform state file (terraform.tfstate)`);
  }
  for (const name of stacks) {
    if (!isValidStackName(name)) {
      throw new UserError(
        `--stack ${JSON.stringify(name)}: not a valid cdktf stack name. Use the name you gave the stack (letters, digits, . _ -).`,
      );
    }
    const dir = stackDirectory(name, outDir);
    if (!existsSync(dir)) {
      throw new UserError(
        `--stack ${name}: no synthesized stack at ${dir}; run \`npm run synth\` first, or pass --outdir to where it was synthesized`,
      );
    }
  }
  return { stacks, stateFiles, outDir };
}
