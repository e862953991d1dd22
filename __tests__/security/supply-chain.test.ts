/**
 * Supply chain, offline: no package in the dependency tree may run code at install time unless
 * supply-chain/install-scripts.json lists it with a reason, and the runtime tree (what `npm install
 * lambda-roles` installs, peer dependencies included) may hold only entries scoped `runtime`. Read from
 * package-lock.json (what `npm ci` installs) and checked against the installed package.json files too.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../shared/terraform/env';
import {
  allowListProblems,
  installedInstallScripts,
  nameOf,
  runtimeTree,
  withInstallScripts,
  type AllowEntry,
  type Lockfile,
} from './install-scripts';

const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
const allowed = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'supply-chain', 'install-scripts.json'), 'utf8')) as { allowed: AllowEntry[] })
  .allowed;
const allowedNames = (scope?: AllowEntry['scope']) => new Set(allowed.filter((e) => !scope || e.scope === scope).map((e) => e.package));

/** Install-script packages of `paths` not in `names`, each as `name (chain)`. */
function unlisted(paths: readonly string[], names: ReadonlySet<string>, chains?: Map<string, string[]>): string[] {
  return paths.filter((p) => !names.has(nameOf(p))).map((p) => `${nameOf(p)} (${(chains?.get(p) ?? [p]).join(' > ')})`);
}

describe('supply chain: install scripts (supply-chain/install-scripts.json)', () => {
  const runtime = runtimeTree(lock);

  it('the runtime tree is what package.json declares, walked through the lockfile (the SDK clients, cdktf, zod, yaml…)', () => {
    const names = new Set([...runtime.keys()].map(nameOf));
    for (const n of [
      '@aws-sdk/client-iam',
      '@aws-sdk/client-sts',
      '@smithy/node-http-handler',
      'commander',
      'yaml',
      'zod',
      'cdktf',
      'constructs',
    ])
      expect(names).toContain(n);
    // A development-only package is not in it.
    for (const n of ['jest', 'typescript', 'tsx', 'esbuild', 'playwright-core']) expect(names).not.toContain(n);
  });

  it('no package of the runtime tree has an install script other than those allowed for runtime', () => {
    expect(unlisted(withInstallScripts(lock, new Set(runtime.keys())), allowedNames('runtime'), runtime)).toEqual([]);
  });

  it('no package of the whole tree (development included) has an install script that is not listed', () => {
    expect(unlisted(withInstallScripts(lock), allowedNames())).toEqual([]);
  });

  it('the installed runtime packages agree with the lockfile: no lifecycle script or binding.gyp unless allowed', () => {
    const runtimeAllowed = allowedNames('runtime');
    const found = [...runtime.keys()]
      .filter((p) => !runtimeAllowed.has(nameOf(p)))
      .map((p) => [p, installedInstallScripts(join(PROJECT_ROOT, p))] as const)
      .filter(([, scripts]) => scripts.length)
      .map(([p, scripts]) => `${p}: ${scripts.join(', ')}`);
    expect(found).toEqual([]);
  });

  it('every allow-list entry has a real reason and still applies (a package that lost its script is removed from the list)', () => {
    expect(allowListProblems(allowed)).toEqual([]);
    const present = new Set(withInstallScripts(lock).map(nameOf));
    expect(allowed.filter((e) => !present.has(e.package)).map((e) => e.package)).toEqual([]);
    const runtimeNames = new Set([...runtime.keys()].map(nameOf));
    // An entry scoped dev must not be in the runtime tree: a consumer would run it.
    expect(allowed.filter((e) => e.scope === 'dev' && runtimeNames.has(e.package)).map((e) => e.package)).toEqual([]);
  });

  describe('the check can fail', () => {
    const fake: Lockfile = {
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { app: '1' }, devDependencies: {} } as never,
        'node_modules/app': { dependencies: { helper: '1', native: '2' } },
        'node_modules/native': { version: '1.0.0', hasInstallScript: true },
        'node_modules/app/node_modules/native': { version: '2.0.0', hasInstallScript: true },
        'node_modules/helper': { peerDependencies: { peer: '1' } },
        'node_modules/peer': { hasInstallScript: true },
        'node_modules/devtool': { dev: true, hasInstallScript: true },
      },
    };

    it('a runtime package with an install script (nested, or reached as a peer) is named with the chain that pulls it in', () => {
      const tree = runtimeTree(fake);
      expect(unlisted(withInstallScripts(fake, new Set(tree.keys())), new Set(), tree)).toEqual([
        'native (app > native)',
        'peer (app > helper > peer)',
      ]);
      // node_modules/native (version 1) is not what app resolves: app's own nested copy is.
      expect(tree.has('node_modules/native')).toBe(false);
      expect(unlisted(withInstallScripts(fake), new Set(['native', 'peer']))).toEqual(['devtool (node_modules/devtool)']);
    });

    it('a dependency missing from the lockfile is an error naming the chain', () => {
      const broken: Lockfile = {
        lockfileVersion: 3,
        packages: { '': { dependencies: { app: '1' } }, 'node_modules/app': { dependencies: { gone: '1' } } },
      };
      expect(() => runtimeTree(broken)).toThrow('app > gone is not in the lockfile');
    });

    it('an allow-list entry without a reason, with a TODO, with an unknown scope or twice is refused', () => {
      expect(
        allowListProblems([
          { package: 'a', scope: 'dev', reason: '' },
          { package: 'b', scope: 'dev', reason: 'TODO: explain why this is fine later on' },
          { package: 'c', scope: 'prod' as never, reason: 'builds the native addon for the platform' },
          { package: 'c', scope: 'dev', reason: 'builds the native addon for the platform' },
        ]),
      ).toEqual([
        expect.stringContaining('allowed[0] ("a"): reason'),
        expect.stringContaining('allowed[1] ("b"): reason'),
        expect.stringContaining('allowed[2] ("c"): scope'),
        expect.stringContaining('allowed[3] ("c"): listed twice'),
      ]);
    });

    it('an installed package.json with a postinstall, or a binding.gyp, is found', () => {
      const dir = join(PROJECT_ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux');
      expect(installedInstallScripts(dir)).toEqual(['postinstall']);
      const native = mkdtempSync(join(tmpdir(), 'lr-native-'));
      try {
        writeFileSync(join(native, 'package.json'), JSON.stringify({ name: 'native', scripts: { test: 'x' } }));
        writeFileSync(join(native, 'binding.gyp'), '{}');
        expect(installedInstallScripts(native)).toEqual(['binding.gyp (node-gyp rebuild)']);
      } finally {
        rmSync(native, { recursive: true, force: true });
      }
    });
  });
});
