import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';
import type { CheckSummary } from '../../../stacks/check-definitions';

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
    expect(r.err).toContain('--format "xml": expected text or json');
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
