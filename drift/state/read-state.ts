/**
 * Why this exists: reads the states a run names (tfstate files, and synthesized cdktf stacks through
 * `terraform state pull`) into one ExpectedInventory. The inputs were checked before (drift/inputs.ts);
 * what can only be found by reading (an unreadable file, a stack without state, an empty state) is a
 * UserError here.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ExpectedInventory } from '../model';
import { UserError } from '../../shared/errors';
import { NotUtf8Error, readUtf8File } from '../../shared/text-file';
import { runTerraform } from '../../shared/terraform/run';
import { parseTerraformState, type ParseStateOptions } from './parse-state';
import { mergeInventories } from './merge';

export { parseTerraformState, type ParseStateOptions } from './parse-state';
export { mergeInventories } from './merge';

export function readStateFile(path: string, opts: ParseStateOptions = {}): ExpectedInventory {
  let text: string;
  try {
    text = readUtf8File(path);
  } catch (err) {
    if (err instanceof NotUtf8Error) throw new UserError(`state file ${err.message}`);
    throw new UserError(
      `state file ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). ` +
        'Pass the path of a tfstate file, e.g. one written by `terraform state pull > state.json`.',
    );
  }
  try {
    return parseTerraformState(text, path, opts);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
}

export interface PullStackStateOptions extends ParseStateOptions {
  /** The cdktf output directory. @default "cdktf.out" in the current directory */
  readonly outDir?: string;
  /** Base environment for Terraform (the project's Terraform environment is applied on top). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Stops terraform when it aborts (the run's deadline); its reason's message says why. @default - the 3-minute cap only */
  readonly signal?: AbortSignal;
}

/** The directory `cdktf synth` writes a stack to. */
export function stackDirectory(stackName: string, outDir = 'cdktf.out'): string {
  return join(resolve(outDir), 'stacks', stackName);
}

/** A name cdktf accepts for a stack, so it is also a safe directory name. */
export function isValidStackName(stackName: string): boolean {
  return /^[A-Za-z0-9._-]+$/.test(stackName) && !stackName.startsWith('.');
}

export async function pullStackState(stackName: string, opts: PullStackStateOptions = {}): Promise<ExpectedInventory> {
  if (!isValidStackName(stackName)) {
    throw new UserError(
      `stack name ${JSON.stringify(stackName)}: not a valid cdktf stack name. Use the name you gave the stack (letters, digits, . _ -).`,
    );
  }
  const dir = stackDirectory(stackName, opts.outDir);
  if (!existsSync(dir)) {
    throw new UserError(
      `stack ${stackName}: ${dir} does not exist. Run \`cdktf synth\` (npm run synth) first, or pass the right --outdir.`,
    );
  }
  const run = async (args: string[]) => {
    // A timeout, because a hung terraform (a lock wait, a slow backend) must not hang the drift check.
    const result = await runTerraform(args, {
      cwd: dir,
      env: opts.env ?? process.env,
      timeoutMs: 180_000,
      ...(opts.signal ? { signal: opts.signal } : {}),
    }).catch((err: Error) => {
      throw new UserError(`stack ${stackName}: ${err.message}`);
    });
    if (result.aborted) {
      const why = opts.signal?.reason instanceof Error ? opts.signal.reason.message : 'it was cancelled';
      throw new UserError(
        `stack ${stackName}: \`terraform ${args.join(' ')}\` in ${dir} was stopped: ${why} before the state was read. ` +
          'Raise --timeout, or find what holds terraform there (a state lock, a slow or unreachable backend).',
      );
    }
    if (result.code !== 0) {
      throw new UserError(
        `stack ${stackName}: \`terraform ${args.join(' ')}\` failed in ${dir}: ${(result.stderr || result.stdout).trim()}`,
      );
    }
    return result.stdout;
  };
  if (!existsSync(join(dir, '.terraform'))) await run(['init', '-input=false', '-no-color']);
  const json = await run(['state', 'pull']);
  if (json.trim() === '') {
    throw new UserError(
      `stack ${stackName}: Terraform has no state for it in ${dir}. Deploy it first (\`cdktf deploy ${stackName}\`), or point at the backend that holds its state.`,
    );
  }
  return parseTerraformState(json, `stack ${stackName}`, opts);
}

export interface ReadExpectedOptions {
  /** CDKTF stack names, pulled in `<outDir>/stacks/<name>`. @default - none */
  readonly stacks?: readonly string[];
  /** tfstate files. @default - none */
  readonly stateFiles?: readonly string[];
  /** @default "cdktf.out" */
  readonly outDir?: string;
  /** See ParseStateOptions.defaultRegion. @default - the state's own majority region */
  readonly region?: string;
  /** Stops every `terraform state pull` when it aborts (the run's deadline). @default - none */
  readonly signal?: AbortSignal;
}

/** Reads every state into one inventory. Each must declare something the check reads. */
export async function readExpected(options: ReadExpectedOptions): Promise<ExpectedInventory> {
  // --region is also the region of functions that state names only by plain name.
  const parse = { defaultRegion: options.region };
  const parts = await Promise.all([
    ...(options.stacks ?? []).map((name) =>
      pullStackState(name, {
        ...parse,
        ...(options.outDir ? { outDir: options.outDir } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    ),
    ...(options.stateFiles ?? []).map((file) => Promise.resolve(readStateFile(file, parse))),
  ]);
  for (const part of parts) {
    // An empty state would otherwise read as "in sync, 0 roles 0 functions": exit 0 for the wrong file.
    if (part.roles.length + part.functions.length + part.customerPolicies.length === 0) {
      throw new UserError(
        `${part.sources.join(', ')}: no IAM roles, policies or Lambda permissions in this state; wrong file, workspace or backend key?`,
      );
    }
  }
  return parts.length === 1 ? parts[0] : mergeInventories(parts);
}
