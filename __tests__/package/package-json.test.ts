/**
 * The package's manifest and entry points, checked on every `npm test` without building: peers and runtime
 * dependencies, the exports map against the sources it is compiled from, the README's line-by-line
 * dependency table, and the bin choosing dist/ when installed and the sources in a checkout.
 * `npm run test:consumer` proves the built and packed result.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { PROJECT_ROOT } from '../../shared/terraform/env';
import { packageRoot, toolInfo } from '../../shared/version';
import { captureIo } from '../helpers/cli-io';

interface Manifest {
  version: string;
  engines: Record<string, string>;
  bin: Record<string, string>;
  files: string[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
  main: string;
  types: string;
}
const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as Manifest;
// ^0.24 and ^25 are CDK Terrain (cdktn, @cdktn/provider-aws) installed under these names (docs/cdk-terrain.md).
const PEERS = { '@cdktf/provider-aws': '^20.1.0 || ^21.0.0 || ^25.0.0', cdktf: '^0.21.0 || ^0.24.0', constructs: '^10.4.2' };

describe('package.json', () => {
  it('cdktf, constructs and @cdktf/provider-aws are peers, pinned for the tests as dev dependencies, and never runtime dependencies', () => {
    expect(pkg.peerDependencies).toEqual(PEERS);
    for (const name of Object.keys(PEERS)) {
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(pkg.devDependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
    }
    // The pins sit inside the peer ranges (same major; provider 20.x).
    expect(pkg.devDependencies['@cdktf/provider-aws']).toMatch(/^20\./);
    expect(pkg.devDependencies.cdktf).toMatch(/^0\.21\./);
    expect(pkg.devDependencies.constructs).toMatch(/^10\./);
  });

  it('tsx is a development dependency only, and engines say Node >= 20', () => {
    expect(pkg.dependencies.tsx).toBeUndefined();
    expect(pkg.devDependencies.tsx).toBeDefined();
    expect(pkg.engines).toEqual({ node: '>=20' });
  });

  it('ships dist, bin, hcl and the changelog (README, LICENSE and package.json come with every package)', () => {
    expect(pkg.files).toEqual(['dist', 'bin', 'hcl', 'CHANGELOG.md']);
    for (const f of ['LICENSE', 'CHANGELOG.md', 'README.md', 'hcl']) expect(existsSync(join(PROJECT_ROOT, f))).toBe(true);
    expect(readFileSync(join(PROJECT_ROOT, 'LICENSE'), 'utf8')).toMatch(
      /^\s*Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/,
    );
  });

  it('every export has types first and is compiled from a source index; typesVersions serves the same subpaths for moduleResolution node', () => {
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== './package.json');
    for (const subpath of subpaths) {
      const target = pkg.exports[subpath] as { types: string; default: string };
      expect(Object.keys(target)).toEqual(['types', 'default']); // "types" must come first to be used
      const stem = /^\.\/dist\/(.+)\/index\.js$/.exec(target.default)?.[1];
      expect(stem).toBeDefined();
      expect(target.types).toBe(`./dist/${stem}/index.d.ts`);
      expect(existsSync(join(PROJECT_ROOT, stem!, 'index.ts'))).toBe(true);
      if (subpath !== '.') expect(pkg.typesVersions['*']?.[subpath.slice(2)]).toEqual([`dist/${stem}/index.d.ts`]);
    }
    expect(Object.keys(pkg.typesVersions['*'] ?? {}).map((k) => `./${k}`)).toEqual(subpaths.filter((s) => s !== '.'));
    expect([pkg.main, pkg.types]).toEqual([
      (pkg.exports['.'] as { default: string }).default.slice(2),
      (pkg.exports['.'] as { types: string }).types.slice(2),
    ]);
  });

  it('the README justifies every runtime dependency, one table row each, and names no other', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = /### Runtime dependencies\n([\s\S]*?)\n#/.exec(readme)?.[1] ?? '';
    const rows = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(Object.keys(pkg.dependencies).sort());
  });
});

describe('lambda-roles --version', () => {
  it('prints the version from package.json', async () => {
    const io = captureIo();
    expect(await main(['node', 'lambda-roles', '--version'], io)).toBe(0);
    expect(io.out()).toBe(`${pkg.version}\n`);
    expect(toolInfo().version).toBe(pkg.version);
    expect(packageRoot()).toBe(PROJECT_ROOT);
  });
});

describe('bin/lambda-roles.js', () => {
  const node = (script: string, args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });

  it('in this checkout, runs the TypeScript sources (never a stale dist/)', () => {
    const r = node(join(PROJECT_ROOT, 'bin', 'lambda-roles.js'), ['--version']);
    expect([r.status, r.stdout.trim()]).toEqual([0, pkg.version]);
  });

  /** An installed layout: bin/ and dist/ only, as the tarball has them. */
  function installedCopy(withDist: boolean): string {
    const root = mkdtempSync(join(tmpdir(), 'lr-installed-'));
    mkdirSync(join(root, 'bin'));
    copyFileSync(join(PROJECT_ROOT, 'bin', 'lambda-roles.js'), join(root, 'bin', 'lambda-roles.js'));
    if (withDist) {
      mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
      mkdirSync(join(root, 'dist', 'shared'), { recursive: true });
      writeFileSync(join(root, 'dist', 'shared', 'quiet-node-warnings.js'), '');
      writeFileSync(
        join(root, 'dist', 'cli', 'main.js'),
        `exports.main = async () => { console.log('ran dist/cli/main.js'); return 3; };\n`,
      );
    }
    return join(root, 'bin', 'lambda-roles.js');
  }

  it('installed (no .ts next to it), runs dist/cli/main.js and exits with its code', () => {
    const r = node(installedCopy(true), ['--version']);
    expect([r.status, r.stdout]).toEqual([3, 'ran dist/cli/main.js\n']);
  });

  it('installed without dist/ (an unbuilt copy), says so in one line and exits 1', () => {
    const r = node(installedCopy(false), []);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/dist\/cli\/main\.js is missing; this copy of the package was not built \(npm run build\)\.\n$/);
  });
});
