import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { stringify as toYaml } from 'yaml';
import { DEFINITIONS_ENV_VAR, buildApp, collectDefinitions, describeAll } from '../../main';
import { EXAMPLES } from '../../stacks/examples';
import { DefinitionFilesError, definitionFilesIn, NoDefinitionFilesError, noDefinitionFilesMessage } from '../../stacks/load-definition';
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

  it('takes only the definitions LAMBDA_ROLES_DEFINITIONS names (sub-folders searched as check does), never adding the examples', () => {
    const defsDir = mkdtempSync(join(dir, 'defs-'));
    writeFileSync(join(defsDir, 'billing.yaml'), toYaml(extra));
    mkdirSync(join(defsDir, 'team-b'));
    writeFileSync(join(defsDir, 'team-b', 'orders.json'), JSON.stringify({ ...extra, name: 'team-orders' }));
    mkdirSync(join(defsDir, '.cache'));
    writeFileSync(join(defsDir, '.cache', 'old.json'), JSON.stringify({ ...extra, name: 'stale' }));
    const single = join(dir, 'search.json');
    writeFileSync(single, JSON.stringify({ ...extra, name: 'search' }));
    const names = collectDefinitions({ [DEFINITIONS_ENV_VAR]: `${defsDir}:${single}` }).map((d) => d.name);
    expect(names).toEqual(['billing', 'team-orders', 'search']);
    // The same files check finds, in the same order.
    expect(definitionFilesIn(defsDir)).toEqual([join(defsDir, 'billing.yaml'), join(defsDir, 'team-b', 'orders.json')]);
  });

  it('refuses two definitions with the same stack name, naming the variable', () => {
    const a = join(dir, 'dup-a.json');
    const b = join(dir, 'dup-b.json');
    writeFileSync(a, JSON.stringify(extra));
    writeFileSync(b, JSON.stringify(extra));
    expect(() => collectDefinitions({ [DEFINITIONS_ENV_VAR]: `${a}:${b}` })).toThrow(
      `stack "billing", field name: two definitions named in ${DEFINITIONS_ENV_VAR} are named "billing"`,
    );
  });

  it('a directory without definitions, or a missing path, is the error check gives for it', () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    expect(() => collectDefinitions({ [DEFINITIONS_ENV_VAR]: empty })).toThrow(NoDefinitionFilesError);
    expect(() => collectDefinitions({ [DEFINITIONS_ENV_VAR]: empty })).toThrow(noDefinitionFilesMessage(empty));
    const missing = join(dir, 'nope.yaml');
    expect(() => collectDefinitions({ [DEFINITIONS_ENV_VAR]: missing })).toThrow(`${missing}, field (file): does not exist`);
  });

  it('every bad file is named at once (one DefinitionFilesError), not only the first', () => {
    const defsDir = mkdtempSync(join(dir, 'bad-'));
    writeFileSync(join(defsDir, 'a.json'), JSON.stringify({ ...extra, account: '123' }));
    writeFileSync(join(defsDir, 'b.json'), JSON.stringify({ ...extra, name: 'b', region: 'nowhere' }));
    let err: unknown;
    try {
      collectDefinitions({ [DEFINITIONS_ENV_VAR]: defsDir });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DefinitionFilesError);
    expect((err as Error).message).toMatch(/a\.json, stack "billing", field account: "123"[\s\S]*b\.json, stack "b", field region/);
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

  it('as the cdktf app, a bad definition exits 1 with the message naming file, field and fix, and no stack trace', () => {
    const root = join(__dirname, '..', '..');
    const bad = join(dir, 'app-bad.json');
    writeFileSync(bad, JSON.stringify({ ...extra, account: '123' }));
    const env = { ...process.env, CDKTF_OUTDIR: join(dir, 'bad-out'), [DEFINITIONS_ENV_VAR]: bad };
    const run = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['main.ts'], { cwd: root, env, encoding: 'utf8', timeout: 90_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${bad}, stack "billing", field account: "123" is not an AWS account id`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(dir, 'bad-out', 'stacks'))).toBe(false);
  });

  it('describes every stack', () => {
    const text = describeAll(EXAMPLES);
    for (const d of EXAMPLES) expect(text).toContain(`stack ${d.name} (account 000000000000, us-east-1)`);
  });
});
