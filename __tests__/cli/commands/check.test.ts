import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { main } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';
import { validateSarif } from '../../helpers/sarif-validator';
import type { CheckSummary } from '../../../stacks/check-definitions';
import type { InputsCheckSummary } from '../../../stacks/check-inputs';
import { buildStack } from '../../../stacks/build-stack';
import { EXAMPLES } from '../../../stacks/examples';
import type { StackDefinition } from '../../../stacks/definition';
import type { TreeChecksReport } from '../../../modules/checks/aspect';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(['node', 'lambda-roles', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

function defsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lr-check-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const GOOD = `name: good-stack
region: us-east-1
account: "000000000000"
functions:
  - name: worker
    existing: worker
    statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket/*"] }]
`;

describe('lambda-roles check', () => {
  it('passes the shipped examples with exit 0', async () => {
    const r = await run('check', '--examples');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/checked 3 stack\(s\): 0 error\(s\)/);
  });

  it('reports every bad file of a directory, each error naming file, stack, function and field, and exits 1', async () => {
    const dir = defsDir({
      'a-good.yaml': GOOD,
      'b-bad.yaml': GOOD.replace('good-stack', 'bad-stack').replace(
        'existing: worker',
        'existing: worker\n    role: { maxSessionDuration: 60 }',
      ),
      'c-wild.json': JSON.stringify({
        name: 'wild',
        region: 'us-east-1',
        account: '000000000000',
        functions: [{ name: 'w', existing: 'w', statements: [{ actions: ['iam:PassRole'], resources: ['*'] }] }],
      }),
    });
    const r = await run('check', dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^ok {3}.*a-good\.yaml \(stack good-stack\)/m);
    expect(r.out).toContain('b-bad.yaml, stack "bad-stack", function "worker", field functions[0].role.maxSessionDuration: 60');
    expect(r.out).toMatch(/FAIL .*c-wild\.json \(stack wild\)\n.*LR-IAM-PASSROLE-WILDCARD/);
  });

  it('a suppression with a reason turns an error into a listed suppression', async () => {
    const dir = defsDir({
      'wild.yaml': `${GOOD.replace('arn:aws:s3:::bucket/*', '*')}    suppressions: [{ id: LR-IAM-WILDCARD-RESOURCE, appliesTo: ["Resource::*"], reason: "reads objects of every tenant bucket, OPS-1" }]\n`,
    });
    const r = await run('check', dir, '--format', 'json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out) as CheckSummary;
    expect(summary.errors).toBe(0);
    expect(summary.results[0].checks?.suppressed[0].reason).toBe('reads objects of every tenant bucket, OPS-1');
  });

  it('no paths and no --examples is one clear error', async () => {
    const r = await run('check');
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: no definitions given: pass definition files or directories, or --examples\n');
  });

  it('a bad --format names the flag, the value and the choices', async () => {
    const r = await run('check', '--examples', '--format', 'xml');
    expect(r.code).toBe(1);
    expect(r.err).toContain('--format "xml": expected text, json or sarif');
  });
});

describe('lambda-roles check: what a directory holds', () => {
  it('an empty directory fails: a gate that checked nothing must not pass', async () => {
    const dir = defsDir({});
    const r = await run('check', dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${dir}: no definition files (.json, .yaml, .yml) in this directory or below it`);
  });

  it('finds definitions in subfolders, and names the stack of a file that parsed but broke a rule', async () => {
    const dir = defsDir({});
    mkdirSync(join(dir, 'team-a'));
    writeFileSync(
      join(dir, 'team-a', 'svc.yaml'),
      GOOD.replace('existing: worker', 'existing: worker\n    role: { maxSessionDuration: 60 }'),
    );
    const r = await run('check', dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL .*team-a\/svc\.yaml \(stack good-stack\)/);
  });
});

/** A stack with an error, a warning, a suppressed finding and an unused suppression, next to the shipped examples. */
const MIXED: StackDefinition = {
  name: 'mixed-findings',
  region: 'us-east-1',
  account: '000000000000',
  functions: [
    {
      name: 'sync',
      existing: 'sync',
      statements: [
        { actions: ['s3:*'], resources: ['arn:aws:s3:::acme-sync/*'] },
        { actions: ['dynamodb:Get*'], resources: ['arn:aws:dynamodb:us-east-1:000000000000:table/t'] },
      ],
      suppressions: [
        { id: 'LR-IAM-WILDCARD-ACTION', appliesTo: ['Action::s3:*'], reason: 'the sync tool mirrors every bucket API call' },
        { id: 'LR-IAM-PASSROLE-WILDCARD', reason: 'no longer passes roles, kept by mistake' },
      ],
    },
    {
      name: 'open',
      existing: 'open',
      invokers: [{ kind: 'eventbridge', name: 'any', noSource: { reason: 'rules are made by the platform team' } }],
    },
    { name: 'bad', existing: 'bad', managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
  ],
};

/** Synthesizes definitions with app.synth() (the Aspect runs); returns each stack's report and cdk.tf.json path. */
function synthesize(defs: readonly StackDefinition[]): { reports: Map<string, TreeChecksReport>; files: Map<string, string> } {
  const outdir = mkdtempSync(join(tmpdir(), 'lr-check-synth-'));
  const app = new App({ outdir, skipValidation: false });
  const reports = new Map<string, TreeChecksReport>();
  for (const def of defs)
    buildStack(app, def, { stateDir: outdir, policyChecks: { log: () => undefined, onReport: (r) => reports.set(def.name, r) } });
  try {
    app.synth();
  } catch {
    // An error finding fails synth after the report: MIXED is written again below with validation off, to be checked.
  }
  const files = new Map(defs.map((d) => [d.name, join(outdir, 'stacks', d.name, 'cdk.tf.json')]));
  if (defs.some((d) => !reports.get(d.name) || reports.get(d.name)!.errors.length)) {
    const again = new App({ outdir, skipValidation: true });
    for (const def of defs) buildStack(again, def, { stateDir: outdir, policyChecks: { log: () => undefined } });
    again.synth();
  }
  return { reports, files };
}

describe('lambda-roles check: Terraform JSON', () => {
  it('judges a synthesized cdk.tf.json exactly as synth judged the stack (findings, suppressions, unused ones)', async () => {
    const { reports, files } = synthesize([...EXAMPLES, MIXED]);
    const r = await run('check', ...files.values(), '--format', 'json');
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.out) as InputsCheckSummary;
    expect(summary.results.map((x) => [x.kind, x.stack])).toEqual([...files.keys()].map((name) => ['terraform', name]));
    for (const result of summary.results) {
      const synth = reports.get(result.stack)!;
      expect({ stack: result.stack, findings: result.checks?.findings, suppressed: result.checks?.suppressed }).toEqual({
        stack: result.stack,
        findings: synth.findings,
        suppressed: synth.suppressed,
      });
    }
    // Not vacuous: the mixed stack has each kind of outcome.
    const mixed = reports.get('mixed-findings')!;
    expect(mixed.errors.map((f) => f.checkId)).toEqual(['LR-IAM-ADMIN-MANAGED-POLICY']);
    expect(mixed.warnings.map((f) => f.checkId).sort()).toEqual(['LR-IAM-PARTIAL-WILDCARD-ACTION', 'LR-SUPPRESSION-UNUSED']);
    expect(mixed.suppressed.map((s) => s.finding.checkId).sort()).toEqual(['LR-IAM-WILDCARD-ACTION', 'LR-LAMBDA-INVOKE-WITHOUT-SOURCE']);
  });

  it("a whole cdktf outdir: each stack's cdk.tf.json is judged, cdktf's manifest.json is not taken for a definition", async () => {
    const { files } = synthesize(EXAMPLES);
    const outdir = join([...files.values()][0], '..', '..', '..');
    expect(readFileSync(join(outdir, 'manifest.json'), 'utf8')).toContain('"stacks"');
    const r = await run('check', outdir, '--format', 'json');
    const summary = JSON.parse(r.out) as InputsCheckSummary;
    expect(summary.results.map((x) => [x.kind, x.stack]).sort()).toEqual(EXAMPLES.map((d) => ['terraform', d.name]).sort());
    expect(r.code).toBe(0);
  });

  it('a Terraform file that is not JSON is one error naming the file and the fix, without quoting it', async () => {
    const dir = defsDir({ 'main.tf.json': '{ "resource": SECRETVALUE }' });
    const r = await run('check', join(dir, 'main.tf.json'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /FAIL .*main\.tf\.json \(terraform\)\n {5}\[error\] .*main\.tf\.json: is not valid JSON: Unexpected token .*\. Fix: pass the file terraform or cdktf wrote\n/,
    );
    expect(r.out).not.toContain('SECRETVALUE');
  });

  it('--source-root without --format sarif, and a bad suppressions file, are one error each naming the flag or file and line', async () => {
    const noSarif = await run('check', '--examples', '--source-root', '.');
    expect(noSarif.code).toBe(1);
    expect(noSarif.err).toBe('error: --source-root ".": only SARIF has file locations; add --format sarif or drop --source-root\n');
    const dir = defsDir({ 's.yaml': 'suppressions:\n  - resource: aws_iam_policy.p\n    id: LR-IAM-WILDCARD-ACTION\n    reasn: typo\n' });
    const bad = await run('check', '--examples', '--suppressions', join(dir, 's.yaml'));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`${join(dir, 's.yaml')}:2: suppressions[0].reason:`);
    expect(bad.err).toContain(`${join(dir, 's.yaml')}:4: suppressions[0].reasn: unknown field`);
    expect(bad.out).toBe('');
  });

  it('--format sarif: valid for the official validator (SARIF and GitHub rules), one result per finding at its file and line', async () => {
    const { files } = synthesize([MIXED]);
    const root = mkdtempSync(join(tmpdir(), 'lr-check-sarif-'));
    const tfJson = join(root, 'cdk.tf.json');
    writeFileSync(tfJson, readFileSync(files.get('mixed-findings')!));
    const defs = defsDir({ 'bad.yaml': GOOD.replace('good-stack', 'bad-stack').replace('"s3:GetObject"', '"s3:*"') });
    const definition = join(root, 'bad.yaml');
    writeFileSync(definition, readFileSync(join(defs, 'bad.yaml')));
    const r = await run('check', tfJson, definition, join(root, 'missing.yaml'), '--format', 'sarif', '--source-root', root);
    expect(r.code).toBe(1);
    const out = join(root, 'check.sarif');
    writeFileSync(out, r.out);
    const validation = validateSarif([out]);
    expect(validation.scanned).toBe(1);
    expect(validation.issues).toEqual([]);

    const sarif = JSON.parse(r.out) as {
      runs: {
        results: {
          ruleId: string;
          level: string;
          suppressions?: { justification: string }[];
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    const results = sarif.runs[0].results.map((x) => ({
      rule: x.ruleId,
      level: x.level,
      at: `${x.locations[0].physicalLocation.artifactLocation.uri}:${x.locations[0].physicalLocation.region.startLine}`,
      suppressed: x.suppressions?.[0].justification,
    }));
    const lineOf = (file: string, text: string) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes(text)) + 1;
    const tf = JSON.parse(readFileSync(tfJson, 'utf8')) as { resource: Record<string, Record<string, unknown>> };
    const adminAttachment = Object.keys(tf.resource.aws_iam_role_policy_attachment).find((k) => k.includes('AdministratorAccess'))!;
    expect(results).toEqual(
      expect.arrayContaining([
        {
          rule: 'LR-IAM-ADMIN-MANAGED-POLICY',
          level: 'error',
          at: `cdk.tf.json:${lineOf(tfJson, `"${adminAttachment}": {`)}`,
          suppressed: undefined,
        },
        {
          rule: 'LR-IAM-WILDCARD-ACTION',
          level: 'error',
          at: expect.stringMatching(/^cdk\.tf\.json:\d+$/) as unknown,
          suppressed: 'the sync tool mirrors every bucket API call',
        },
        { rule: 'LR-IAM-WILDCARD-ACTION', level: 'error', at: `bad.yaml:${lineOf(definition, 'name: worker')}`, suppressed: undefined },
        { rule: 'LR-INPUT-ERROR', level: 'error', at: 'missing.yaml:1', suppressed: undefined },
      ]),
    );
    expect(results.filter((x) => !x.suppressed && x.level === 'error')).toHaveLength(3);
  });
});
