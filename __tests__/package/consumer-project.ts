/**
 * The package test's fixture: build and pack this repository, install the tarball into a fresh project
 * under the OS temp dir with only the documented peers, run commands there, and find other Node versions
 * (the `node` npm package, through npx's cache).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../../shared/terraform/env';

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion; never throws on a non-zero exit (the test asserts the status). */
export function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 600_000): RunResult {
  const r = spawnSync(cmd, [...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** Like run(), but a non-zero exit throws with the command's output (for setup steps, not for assertions). */
export function runOk(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): RunResult {
  const r = run(cmd, args, cwd, env);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`.slice(0, 8000));
  return r;
}

/** Wall time of each step, printed at the end of the run (the numbers the README and report quote). */
export const timings: { step: string; seconds: number }[] = [];
export function timed<T>(step: string, fn: () => T): T {
  const start = Date.now();
  const result = fn();
  timings.push({ step, seconds: (Date.now() - start) / 1000 });
  return result;
}

export interface PackResult {
  readonly tarball: string;
  readonly bytes: number;
  readonly unpackedBytes: number;
  readonly files: readonly string[];
}

/** `npm run build`, then `npm pack` (scripts off: prepack would build a second time) into a temp folder. */
export function buildAndPack(): PackResult {
  timed('npm run build (tsc: JS, .d.ts, source maps)', () => runOk('npm', ['run', '-s', 'build'], PROJECT_ROOT));
  const dest = mkdtempSync(join(tmpdir(), 'lambda-roles-pack-'));
  const out = timed('npm pack', () => runOk('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], PROJECT_ROOT));
  const [info] = JSON.parse(out.stdout) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  return { tarball: join(dest, info.filename), bytes: info.size, unpackedBytes: info.unpackedSize, files: info.files.map((f) => f.path) };
}

/** The repo's own pins of the peers (its devDependencies): what a consumer installs beside the tarball. */
export function peerInstallSpecs(): string[] {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    peerDependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  return Object.keys(pkg.peerDependencies).map((name) => `${name}@${pkg.devDependencies[name]}`);
}

/** Kilobytes on disk under `dir` (du -sk), optionally leaving out some top-level entries of node_modules. */
export function diskKb(dir: string, exclude: readonly string[] = []): number {
  const r = runOk('du', ['-sk', ...exclude.map((e) => `--exclude=${e}`), dir], dir);
  return Number(r.stdout.split(/\s/)[0]);
}

/** A fresh project under the OS temp dir with the tarball and the peers installed (npm's cache first). */
export function createConsumer(tarball: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-roles-consumer-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
  const quiet = ['--no-audit', '--no-fund', '--prefer-offline'];
  timed('npm install <tarball> + the three peers', () => runOk('npm', ['install', ...quiet, tarball, ...peerInstallSpecs()], dir));
  return dir;
}

/** Each file under `dir` with its size and mtime: compared before and after, it shows nothing was written. */
export function fileListing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(`${relative(dir, full)} ${statSync(full).size} ${statSync(full).mtimeMs}`);
    }
  };
  walk(dir);
  return out.sort();
}

/** Writes `files` (relative path → text) under `dir`. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/**
 * The node binary of a major version: this process's own when it matches, else the `node` npm package
 * through npx (downloaded once into npx's cache, then reused offline).
 */
export function nodeBinary(major: number): string {
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;
  const r = runOk('npx', ['--yes', '--prefer-offline', '-p', `node@${major}`, 'node', '-e', 'console.log(process.execPath)'], tmpdir());
  return r.stdout.trim().split('\n').pop()!;
}

/** Starts `lambda-roles local-aws --port 0` from the installed package and resolves with its endpoint. */
export function startInstalledEndpoint(consumerDir: string): Promise<{ endpoint: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(consumerDir, 'node_modules', '.bin', 'lambda-roles'), 'local-aws', '--port', '0'], {
    cwd: consumerDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`local-aws did not print its endpoint:\n${out}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /AWS_ENDPOINT_URL=(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ endpoint: match[1], child });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`local-aws exited ${code}:\n${out}`)));
  });
}
