/**
 * The one Terraform runner: the drift check's `state pull`, the demo, the benchmark and the tests all run
 * the real terraform binary through it.
 * Always with the project's Terraform environment (offline mirror, no checkpoint), always with a
 * timeout: the AWS provider retries some errors for minutes, and a hung child must never hang CI.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { terraformEnv } from './env';

export interface TerraformRunOptions {
  readonly cwd: string;
  /** Extra environment (e.g. AWS_ENDPOINT_URL and credentials); merged over process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** @default 180000 (3 minutes) */
  readonly timeoutMs?: number;
  /** Called with each output line, for progress feedback. @default - silent */
  readonly onLine?: (line: string) => void;
  /**
   * Stops terraform (SIGKILL) when it aborts, e.g. a run's deadline; the result says so in stderr and
   * `aborted`. @default - only the timeout stops it
   */
  readonly signal?: AbortSignal;
}

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** True when `signal` stopped it. @default false */
  readonly aborted?: boolean;
}

export class TerraformError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: TerraformResult,
    cwd: string,
  ) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-25).join('\n');
    super(`terraform ${args.join(' ')} failed in ${cwd} (exit ${result.code}):\n${tail}`);
    this.name = 'TerraformError';
  }
}

/** Runs terraform and resolves with its exit code and output; never rejects on a non-zero exit. */
export function runTerraform(args: readonly string[], opts: TerraformRunOptions): Promise<TerraformResult> {
  const env = terraformEnv({ ...process.env, ...opts.env });
  return new Promise((resolvePromise, reject) => {
    const child = spawn('terraform', [...args], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // One partial-line buffer per stream, so a line is never spliced from stdout and stderr halves.
    const pending = { out: '', err: '' };
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 180_000);
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      child.kill('SIGKILL');
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    const onData = (chunk: Buffer, sink: 'out' | 'err') => {
      const text = chunk.toString();
      if (sink === 'out') stdout += text;
      else stderr += text;
      if (opts.onLine) {
        const lines = (pending[sink] + text).split('\n');
        pending[sink] = lines.pop() ?? '';
        lines.filter((l) => l.trim()).forEach(opts.onLine);
      }
    };
    child.stdout.on('data', (c: Buffer) => onData(c, 'out'));
    child.stderr.on('data', (c: Buffer) => onData(c, 'err'));
    child.on('error', (err) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(new Error(`could not run terraform (${err.message}); is it installed and on PATH?`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (aborted) stderr += `\n(terraform ${args[0]} stopped: its caller's deadline passed)`;
      else if (signal === 'SIGKILL') stderr += `\n(terraform ${args[0]} killed after ${opts.timeoutMs ?? 180_000} ms)`;
      resolvePromise({ code: code ?? 1, stdout, stderr, ...(aborted ? { aborted } : {}) });
    });
  });
}

/** Runs terraform and throws TerraformError unless the exit code is one of `okCodes`. */
export async function terraform(
  args: readonly string[],
  opts: TerraformRunOptions,
  okCodes: readonly number[] = [0],
): Promise<TerraformResult> {
  const result = await runTerraform(args, opts);
  if (!okCodes.includes(result.code)) throw new TerraformError(args, result, opts.cwd);
  return result;
}

/** `terraform init` unless the directory is already initialised. */
export async function ensureInit(opts: TerraformRunOptions): Promise<void> {
  if (existsSync(join(opts.cwd, '.terraform'))) return;
  await terraform(['init', '-input=false', '-no-color'], opts);
}

/**
 * `terraform init` (once) and `apply -auto-approve` in each directory, one after another: stacks may
 * depend on each other's resources, and the provider's own parallelism already fills two cores.
 */
export async function applyDirs(
  dirs: readonly string[],
  env: NodeJS.ProcessEnv,
  onApplied?: (dir: string, seconds: number) => void,
): Promise<void> {
  for (const cwd of dirs) {
    const start = Date.now();
    await ensureInit({ cwd, env, timeoutMs: 120_000 });
    await terraform(['apply', '-auto-approve', '-input=false', '-no-color'], { cwd, env, timeoutMs: 300_000 });
    onApplied?.(cwd, (Date.now() - start) / 1000);
  }
}

/** Environment that points Terraform's AWS provider and the SDK at an endpoint with given keys. */
export function awsEndpointEnv(endpoint: string, accessKeyId = 'test', secretAccessKey = 'test', region = 'us-east-1'): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_SESSION_TOKEN: '',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_PROFILE: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
