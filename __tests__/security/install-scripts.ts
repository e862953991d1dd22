/**
 * Why this exists: the registry's audit endpoint is unreachable from our machines, so the supply-chain check
 * we can run offline is structural: which packages would run code at install time. This reads the lockfile
 * (what `npm ci` installs), walks the runtime tree the way Node resolves it (nested node_modules first,
 * then each parent's), and names every package with an install script, with the chain that pulls it in.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LockPackage {
  readonly version?: string;
  readonly dev?: boolean;
  readonly optional?: boolean;
  readonly hasInstallScript?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { optional?: boolean }>>;
}

export interface Lockfile {
  readonly lockfileVersion: number;
  readonly packages: Readonly<Record<string, LockPackage>>;
}

export interface AllowEntry {
  readonly package: string;
  readonly scope: 'runtime' | 'dev';
  readonly reason: string;
}

/** `node_modules/a/node_modules/@s/b` → `@s/b`. */
export const nameOf = (path: string): string => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

/** Where `name` required from the package at `from` resolves in the lockfile (Node's lookup), or undefined. */
export function resolveIn(lock: Lockfile, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!dir) return undefined;
    const up = dir.lastIndexOf('/node_modules/');
    dir = up < 0 ? '' : dir.slice(0, up);
  }
}

/**
 * Every package path the root's runtime dependencies pull in (dependencies, optional and peer dependencies,
 * transitively), each with the chain of names from the root; optional ones not in the lockfile are skipped.
 */
export function runtimeTree(lock: Lockfile): Map<string, string[]> {
  const root = lock.packages[''];
  const seen = new Map<string, string[]>();
  const queue: { from: string; name: string; chain: string[]; optional: boolean }[] = [];
  const push = (from: string, pkg: LockPackage, chain: string[]) => {
    const optionalPeers = pkg.peerDependenciesMeta ?? {};
    for (const name of Object.keys(pkg.dependencies ?? {})) queue.push({ from, name, chain, optional: false });
    for (const name of Object.keys(pkg.optionalDependencies ?? {})) queue.push({ from, name, chain, optional: true });
    for (const name of Object.keys(pkg.peerDependencies ?? {}))
      queue.push({ from, name, chain, optional: optionalPeers[name]?.optional === true });
  };
  push('', root, []);
  while (queue.length) {
    const { from, name, chain, optional } = queue.shift()!;
    const path = resolveIn(lock, from, name);
    if (!path) {
      if (optional) continue;
      throw new Error(`package-lock.json: ${[...chain, name].join(' > ')} is not in the lockfile; run npm install and commit the lockfile`);
    }
    if (seen.has(path)) continue;
    seen.set(path, [...chain, name]);
    push(path, lock.packages[path], [...chain, name]);
  }
  return seen;
}

/** Lockfile paths (all, or those in `only`) whose package has an install script. */
export function withInstallScripts(lock: Lockfile, only?: ReadonlySet<string>): string[] {
  return Object.entries(lock.packages)
    .filter(([path, p]) => path !== '' && p.hasInstallScript && (!only || only.has(path)))
    .map(([path]) => path)
    .sort();
}

/** An installed package.json's lifecycle scripts npm runs at install (or the node-gyp build a binding.gyp implies). */
export function installedInstallScripts(packageDir: string): string[] {
  const manifest = join(packageDir, 'package.json');
  if (!existsSync(manifest)) return [];
  const scripts = (JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  const found = ['preinstall', 'install', 'postinstall'].filter((s) => scripts[s]);
  if (!scripts.install && !scripts.preinstall && existsSync(join(packageDir, 'binding.gyp'))) found.push('binding.gyp (node-gyp rebuild)');
  return found;
}

/** Problems with the allow-list itself: missing or placeholder reasons, duplicates, unknown scopes. */
export function allowListProblems(entries: readonly AllowEntry[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    const at = `allowed[${i}] (${JSON.stringify(e.package)})`;
    if (typeof e.package !== 'string' || !e.package) problems.push(`${at}: package must be a package name`);
    if (e.scope !== 'runtime' && e.scope !== 'dev') problems.push(`${at}: scope must be "runtime" or "dev"`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < 20 || /\bTODO\b/i.test(e.reason))
      problems.push(`${at}: reason must say what the script does and why the package is needed (20 characters or more, no TODO)`);
    if (seen.has(e.package)) problems.push(`${at}: listed twice`);
    seen.add(e.package);
  });
  return problems;
}
