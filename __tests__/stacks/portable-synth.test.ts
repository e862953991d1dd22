/**
 * No absolute path of the machine that synthesized is baked into the Terraform: the same project (JSON
 * definitions with code paths relative to the files, a folder zipped at synth and a prebuilt zip) synthesized
 * by the cdktf app in two different directories gives the same files, byte for byte, and neither names the
 * directory it was synthesized in.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DEFINITIONS_ENV_VAR } from '../../main';
import { zipWith } from '../helpers/zip';

const ROOT = join(__dirname, '..', '..');
let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'lambda-roles-portable-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A project as a team keeps it: definitions in defs/ (one in a sub-folder), code beside them. */
function project(dir: string): void {
  mkdirSync(join(dir, 'defs', 'team-b'), { recursive: true });
  cpSync(join(ROOT, 'stacks', 'examples', 'functions', 'queue-consumer'), join(dir, 'defs', 'functions', 'worker'), { recursive: true });
  writeFileSync(join(dir, 'defs', 'team-b', 'prebuilt.zip'), zipWith('index.js', 'exports.handler = async () => 1;\n'));
  const stack = (name: string, code: Record<string, string>) => ({
    $schema: '../docs/stack-definition.schema.json',
    name,
    region: 'us-east-1',
    account: '000000000000',
    functions: [{ name: `${name}-fn`, logging: 'scoped', code: { ...code, runtime: 'nodejs20.x', handler: 'index.handler' } }],
  });
  writeFileSync(join(dir, 'defs', 'folder.json'), JSON.stringify(stack('folder', { path: './functions/worker' })));
  writeFileSync(join(dir, 'defs', 'team-b', 'zip.json'), JSON.stringify(stack('zipped', { zipFile: 'prebuilt.zip' })));
}

/** Runs the cdktf app (main.ts) with `dir` as working directory; returns every output file with its bytes. */
function synthIn(dir: string): Map<string, Buffer> {
  project(dir);
  // The default output folder (cdktf.out in the working directory), as `cdktf synth` uses it.
  const { CDKTF_OUTDIR: _unused, ...env } = process.env;
  const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'main.ts')], {
    cwd: dir,
    env: { ...env, [DEFINITIONS_ENV_VAR]: 'defs' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      // The zip cache is a synth-time cache, not output Terraform reads.
      if (name === '.code-archives') continue;
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(join(dir, 'cdktf.out'), full), readFileSync(full));
    }
  };
  walk(join(dir, 'cdktf.out'));
  return out;
}

describe('synthesized Terraform is the same wherever it was synthesized', () => {
  it('two checkouts in different directories synthesize identical files that name neither directory', () => {
    const first = join(base, 'a', 'project');
    const second = join(base, 'somewhere', 'much', 'deeper', 'project');
    mkdirSync(first, { recursive: true });
    mkdirSync(second, { recursive: true });
    const a = synthIn(first);
    const b = synthIn(second);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect([...a.keys()].filter((f) => f.endsWith('cdk.tf.json')).sort()).toEqual([
      'stacks/folder/cdk.tf.json',
      'stacks/zipped/cdk.tf.json',
    ]);
    for (const [file, bytes] of a) expect({ file, same: bytes.equals(b.get(file)!) }).toEqual({ file, same: true });
    for (const [file, bytes] of [...a, ...b]) {
      const text = bytes.toString('latin1');
      expect({ file, names: [base, tmpdir(), ROOT].filter((p) => text.includes(p)) }).toEqual({ file, names: [] });
    }
    // The state file is found from the stack's folder, where Terraform runs: the project root, as before.
    const backend = (JSON.parse(a.get('stacks/folder/cdk.tf.json')!.toString()) as { terraform: { backend: { local: { path: string } } } })
      .terraform.backend.local.path;
    expect(backend).toBe('../../../terraform.folder.tfstate');
  });
});
