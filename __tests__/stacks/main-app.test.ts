import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { stringify as toYaml } from 'yaml';
import { DEFINITIONS_ENV_VAR, buildApp, collectDefinitions, describeAll } from '../../main';
import { EXAMPLES } from '../../stacks/examples';
import { quietChecks } from '../helpers/synth';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambda-roles-main-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const extra = { name: 'billing', region: 'us-east-1', account: '000000000000', functions: [{ name: 'invoice', existing: 'invoice' }] };

describe('main.ts app', () => {
  it('collects the examples when LAMBDA_ROLES_DEFINITIONS is unset', () => {
    expect(collectDefinitions({}).map((d) => d.name)).toEqual(EXAMPLES.map((d) => d.name));
  });

  it('adds the definitions of every file or directory in LAMBDA_ROLES_DEFINITIONS', () => {
    const defsDir = mkdtempSync(join(dir, 'defs-'));
    writeFileSync(join(defsDir, 'billing.yaml'), toYaml(extra));
    const single = join(dir, 'search.json');
    writeFileSync(single, JSON.stringify({ ...extra, name: 'search' }));
    const names = collectDefinitions({ [DEFINITIONS_ENV_VAR]: `${defsDir}:${single}` }).map((d) => d.name);
    expect(names).toEqual([...EXAMPLES.map((d) => d.name), 'billing', 'search']);
  });

  it('refuses two definitions with the same stack name, naming the variable', () => {
    const file = join(dir, 'dup.json');
    writeFileSync(file, JSON.stringify({ ...extra, name: EXAMPLES[0].name }));
    expect(() => collectDefinitions({ [DEFINITIONS_ENV_VAR]: file })).toThrow(
      `${DEFINITIONS_ENV_VAR}: two definitions are named "${EXAMPLES[0].name}"`,
    );
  });

  it('synthesizes one stack directory per definition', () => {
    const outdir = join(dir, 'out');
    const defs = [...EXAMPLES, extra];
    buildApp(new App({ outdir }), defs, { stateDir: dir, policyChecks: quietChecks }).synth();
    for (const d of defs) expect(existsSync(join(outdir, 'stacks', d.name, 'cdk.tf.json'))).toBe(true);
  });

  it('runs as the cdktf app (outside jest): loads the IAM reference itself, then synthesizes every stack', () => {
    const root = join(__dirname, '..', '..');
    const outdir = join(dir, 'app-out');
    const env = { ...process.env, CDKTF_OUTDIR: outdir, [DEFINITIONS_ENV_VAR]: '' };
    const run = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['main.ts'], { cwd: root, env, encoding: 'utf8', timeout: 90_000 });
    expect(run.stderr).not.toMatch(/LR-CHECK-FAILED|not loaded/);
    expect(run.status).toBe(0);
    for (const d of EXAMPLES) expect(existsSync(join(outdir, 'stacks', d.name, 'cdk.tf.json'))).toBe(true);
  });

  it('describes every stack', () => {
    const text = describeAll(EXAMPLES);
    for (const d of EXAMPLES) expect(text).toContain(`stack ${d.name} (account 000000000000, us-east-1)`);
  });
});
