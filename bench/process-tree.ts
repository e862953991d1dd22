/**
 * Runs a command as a child process and measures what it costs: wall time, and the peak resident memory of
 * its whole process tree (terraform's provider plugin is a separate process; its memory counts too).
 *
 * Why sampling /proc rather than `/usr/bin/time -v`: time reports the largest single process, not the sum of
 * a tree. We sum VmRSS over the tree every 25 ms; a peak shorter than that can be missed, so the figure is a
 * slight underestimate for both tools alike. Linux only (the benchmark machine is Linux).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface MeasuredRun {
  readonly code: number;
  readonly seconds: number;
  readonly peakRssMiB: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stderr lines with the second (since start) each arrived: progress lines time the run's phases. */
  readonly stderrLines: readonly { readonly at: number; readonly line: string }[];
}

export interface MeasureOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** @default 1800000 (30 minutes) */
  readonly timeoutMs?: number;
  /** Sampling interval. @default 25 */
  readonly sampleMs?: number;
}

function children(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ')) if (c.trim()) out.push(Number(c));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The summed RSS of pid and all its descendants, in KiB. */
export function treeRssKiB(pid: number): number {
  let total = 0;
  const stack = [pid];
  const seen = new Set<number>();
  while (stack.length) {
    const p = stack.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    total += rssKiB(p);
    stack.push(...children(p));
  }
  return total;
}

export function runMeasured(command: string, args: readonly string[], options: MeasureOptions): Promise<MeasuredRun> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - start) / 1e9;
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let peak = 0;
    const sample = () => {
      if (child.pid) peak = Math.max(peak, treeRssKiB(child.pid));
    };
    const sampler = setInterval(sample, options.sampleMs ?? 25);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 1_800_000);
    let stdout = '';
    let stderr = '';
    let partial = '';
    const stderrLines: { at: number; line: string }[] = [];
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      const text = c.toString();
      stderr += text;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) stderrLines.push({ at: elapsed(), line });
    });
    child.on('error', (err) => {
      clearInterval(sampler);
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      const seconds = elapsed();
      clearInterval(sampler);
      clearTimeout(timer);
      resolve({ code: code ?? 1, seconds, peakRssMiB: peak / 1024, stdout, stderr, stderrLines });
    });
  });
}
