/**
 * `check` on invokers whose source ARN is too loose (issue 9, defect 8) or missing: a wildcard account or
 * resource fails with LR-LAMBDA-INVOKE-LOOSE-SOURCE unless sourceAccount pins the account or a suppression
 * gives the reason; a truncated ARN is a definition error; a missing source names its field.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { captureIo } from '../helpers/cli-io';
import { planInvokePermission } from '../../modules/invokers';

const dir = mkdtempSync(join(tmpdir(), 'lr-invoke-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `check` on a definition whose one function has `invoker` (and `suppressions`). */
async function check(name: string, invoker: Record<string, unknown>, suppressions?: unknown[]) {
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      name,
      region: 'us-east-1',
      account: '123456789012',
      functions: [{ name: 'api', existing: 'api', invokers: [invoker], ...(suppressions ? { suppressions } : {}) }],
    }),
  );
  const io = captureIo();
  const code = await main(['node', 'lambda-roles', 'check', file], io);
  return { code, out: io.out() };
}

const api = (sourceArn: string, extra: Record<string, unknown> = {}) => ({ kind: 'api-gateway', name: 'public', sourceArn, ...extra });

test('any API of any account fails with the rule, the value and the fix (exit 1)', async () => {
  const r = await check('any-account', api('arn:aws:execute-api:us-east-1:*:*'));
  expect(r.code).toBe(1);
  expect(r.out).toContain('LR-LAMBDA-INVOKE-LOOSE-SOURCE');
  expect(r.out).toContain("sourceArn 'arn:aws:execute-api:us-east-1:*:*' admits any account");
  expect(r.out).toContain('set sourceAccount to pin the account');
});

test('the same ARN with sourceAccount passes', async () => {
  const r = await check('pinned', api('arn:aws:execute-api:us-east-1:*:*', { sourceAccount: '123456789012' }));
  expect(r.out).not.toContain('LR-LAMBDA-INVOKE-LOOSE-SOURCE');
  expect(r.code).toBe(0);
});

test('a suppression with a reason is the explicit opt-out', async () => {
  const r = await check('opt-out', api('arn:aws:execute-api:us-east-1:*:*'), [
    {
      id: 'LR-LAMBDA-INVOKE-LOOSE-SOURCE',
      appliesTo: ['SourceArn::arn:aws:execute-api:us-east-1:*:*'],
      reason: 'the shared API gateway account rotates; the function authorizes each caller itself',
    },
  ]);
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/0 error\(s\), 0 warning\(s\), 1 suppressed/);
  expect(r.out).toContain('LR-LAMBDA-INVOKE-LOOSE-SOURCE');
  expect(r.out).not.toContain('LR-SUPPRESSION-UNUSED');
});

test.each([
  ['api-gateway', 'arn:aws:execute-api:us-east-1', /is truncated: an ARN has six parts/],
  ['s3', 'arn:aws:s3:::', /is truncated: it names no resource/],
  ['sns', 'arn:aws:sns:us-east-1::alerts', /is truncated: it names no account/],
])('a truncated %s source ARN (%s) is a definition error naming the field, the value and the fix', async (kind, sourceArn, problem) => {
  const r = await check(`truncated-${kind}`, { kind, name: 'src', sourceArn });
  expect(r.code).toBe(1);
  expect(r.out).toContain(`field functions[0].invokers[0].sourceArn: invoker "src" (${kind}): ${JSON.stringify(sourceArn)} is truncated`);
  expect(r.out).toMatch(problem);
  expect(r.out).toMatch(/Fix: write the full ARN, e\.g\. arn:aws:/);
  const plan = planInvokePermission({ kind, name: 'src', sourceArn } as never, { partition: 'aws', account: '123456789012' });
  expect(plan.ok).toBe(false);
});

test('a missing source ARN names the field, not "undefined"', async () => {
  const r = await check('missing', { kind: 'sns', name: 'topic' });
  expect(r.code).toBe(1);
  expect(r.out).toContain('invoker "topic" (sns): sourceArn is missing: the service principal sns.amazonaws.com needs a source ARN');
  expect(r.out).not.toContain('undefined');
});
