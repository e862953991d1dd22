/**
 * Deploys the benchmark stack to the endpoint with the real terraform and provider, in parts applied in
 * parallel, and joins the parts' states into one state per measured size.
 *
 * Why parts: the AWS provider holds one process-wide lock around each zip-file aws_lambda_function create,
 * including its 5 s wait for the function to become Active, so one apply creates about one function per 5 s
 * whatever -parallelism says (measured: 20 functions in 113 s). Separate terraform processes do not share the
 * lock. The endpoint runs without latency or quotas while deploying: the deploy is set-up, not measured.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInit, terraform } from '../shared/terraform/run';
import { createLimiter, mapLimited } from '../drift/aws/limiter';
import { mergeStates, writeStack } from './stack';

export interface DeployOptions {
  readonly workDir: string;
  readonly zipPath: string;
  readonly env: NodeJS.ProcessEnv;
  /** Terraform processes at once. */
  readonly parallelParts: number;
  /** Functions per part. */
  readonly partSize: number;
  readonly progress: (line: string) => void;
}

export interface Part {
  readonly from: number;
  readonly to: number;
  readonly dir: string;
}

/** Applies functions [from, to) as parts; returns them (already-applied parts are skipped). */
export async function deployRange(from: number, to: number, options: DeployOptions): Promise<Part[]> {
  const parts: Part[] = [];
  for (let start = from; start < to; start += options.partSize) {
    const end = Math.min(to, start + options.partSize);
    parts.push({ from: start, to: end, dir: join(options.workDir, 'parts', `${start}-${end}`) });
  }
  let done = 0;
  const began = Date.now();
  await mapLimited(parts, createLimiter(options.parallelParts), async (part) => {
    if (existsSync(join(part.dir, 'terraform.tfstate'))) return;
    writeStack(part.dir, part.from, part.to, options.zipPath);
    await ensureInit({ cwd: part.dir, env: options.env, timeoutMs: 120_000 });
    const run = { cwd: part.dir, env: options.env, timeoutMs: 3_600_000 };
    await terraform(['apply', '-auto-approve', '-input=false', '-no-color', '-parallelism=20'], run);
    // The state one apply leaves still records each role's policy lists and each function's tags and layers
    // as they were before the separate attachments and reads: a refresh-only apply settles it, as any later
    // apply would, so the measured state is the steady state a team has (and plan then says "No changes").
    await terraform(['apply', '-refresh-only', '-auto-approve', '-input=false', '-no-color', '-parallelism=20'], run);
    done++;
    options.progress(
      `applied part ${part.from}-${part.to - 1} (${done}/${parts.length} parts, ${((Date.now() - began) / 1000).toFixed(0)} s)`,
    );
  });
  return parts;
}

/**
 * The whole stack of functions [0, n): its configuration, and as its state the parts' states joined.
 * Returns the directory, initialised, ready for `terraform plan`; its terraform.tfstate is what the drift
 * check reads.
 */
export async function wholeStack(n: number, parts: readonly Part[], options: DeployOptions): Promise<string> {
  const dir = join(options.workDir, `whole-${n}`);
  writeStack(dir, 0, n, options.zipPath);
  const mine = parts.filter((p) => p.to <= n);
  mergeStates(
    mine.map((p) => join(p.dir, 'terraform.tfstate')),
    join(dir, 'terraform.tfstate'),
  );
  await ensureInit({ cwd: dir, env: options.env, timeoutMs: 120_000 });
  return dir;
}
