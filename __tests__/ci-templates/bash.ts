/**
 * Runs a script file with bash and waits without blocking: the local endpoint the script's commands call runs
 * in the test's own process, so a synchronous spawn would stop it from answering (a deadlock).
 */
import { spawn } from 'node:child_process';

export interface BashRun {
  readonly exitCode: number;
  /** Standard output and error, interleaved as they arrived. */
  readonly log: string;
}

export function runBash(
  script: string,
  o: { readonly cwd: string; readonly env: Readonly<Record<string, string>>; readonly args?: readonly string[] },
): Promise<BashRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', ...(o.args ?? []), script], {
      cwd: o.cwd,
      env: o.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? 1, log });
    });
  });
}
