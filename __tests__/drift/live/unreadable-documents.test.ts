/**
 * A document read from AWS that is not an IAM policy (the endpoint's state edited through snapshot/restore,
 * since IAM's API refuses such documents) is a ReadError for that one resource: the run goes on, the other
 * resources are compared, the verdict is error (exit 1), and no finding is made of the junk.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import type { LocalAws } from '../../../local-aws';
import { runDrift } from '../../../drift/run-drift';
import { readLive } from '../../../drift/live/read-live';
import { AwsClients } from '../../../drift/aws/clients';
import { parseTerraformState } from '../../../drift/state/read-state';
import type { LiveItem } from '../../../drift/model';
import { documentProblem } from '../../../drift/live/unreadable-documents';
import { ACCOUNT, LAMBDA_TRUST, iamAs, seedPolicy, seedRole, startEndpoint } from '../fixtures/seed';

const INLINE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const POLICY_DOC = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }],
});

let aws: LocalAws;
let policyArn: string;
const dir = mkdtempSync(join(tmpdir(), 'lr-junk-live-'));

const role = (name: string) => ({
  mode: 'managed',
  type: 'aws_iam_role',
  name: name.replace(/-/g, '_'),
  instances: [
    {
      attributes: {
        name,
        arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
        assume_role_policy: LAMBDA_TRUST,
        description: '',
        max_session_duration: 3600,
        tags_all: {},
      },
    },
  ],
});

interface IamSnapshot {
  accounts: Record<
    string,
    {
      roles: Record<string, { assumeRolePolicyDocument: string; inlinePolicies: Record<string, string> }>;
      policies: Record<string, { versions: { document: string }[] }>;
    }
  >;
}

beforeAll(async () => {
  aws = await startEndpoint();
  const iam = iamAs(aws);
  for (const name of ['good-role', 'junk-inline', 'junk-trust']) await seedRole(iam, { name });
  await iam.send(new PutRolePolicyCommand({ RoleName: 'junk-inline', PolicyName: 'p', PolicyDocument: INLINE }));
  policyArn = await seedPolicy(iam, 'junk-policy');
  // IAM's API refuses such documents, so put them straight into the endpoint's state.
  const snapshot = aws.snapshot();
  const account = (snapshot.services.iam as IamSnapshot).accounts[ACCOUNT];
  account.roles['junk-inline'].inlinePolicies.p = '{"foo":[1,2,3]}';
  account.roles['junk-trust'].assumeRolePolicyDocument = '{"Version":"2012-10-17","Statement":5}';
  account.policies[policyArn].versions[0].document = '{"Statement":[{"Effect":"allow","Action":"s3:*"}]}';
  aws.restore(snapshot);
}, 60_000);

afterAll(async () => {
  await aws.close();
  rmSync(dir, { recursive: true, force: true });
});

test('each junk document is a ReadError for its resource; the good role is still compared', async () => {
  const file = join(dir, 'state.tfstate');
  writeFileSync(
    file,
    JSON.stringify({
      version: 4,
      resources: [
        role('good-role'),
        role('junk-inline'),
        role('junk-trust'),
        {
          mode: 'managed',
          type: 'aws_iam_role_policy',
          name: 'p',
          instances: [{ attributes: { role: 'junk-inline', name: 'p', policy: INLINE } }],
        },
        {
          mode: 'managed',
          type: 'aws_iam_policy',
          name: 'junk',
          instances: [{ attributes: { arn: policyArn, name: 'junk-policy', policy: POLICY_DOC } }],
        },
      ],
    }),
  );
  const { report } = await runDrift({ stateFiles: [file], skipAttribution: true });
  expect(report.verdict).toBe('error');
  expect(report.exitCode).toBe(1);
  expect(report.findings).toEqual([]);
  expect(report.errors).toEqual([
    {
      resource: `IAM policy ${policyArn}`,
      kind: 'read-failed',
      message: expect.stringMatching(
        /^AWS returned version v1 that is not an IAM policy document \(Statement\[0\]\.Effect is "allow"/,
      ) as unknown,
    },
    {
      resource: 'IAM role junk-inline',
      kind: 'read-failed',
      message: expect.stringMatching(
        /^AWS returned inline policy "p" that is not an IAM policy document \(unknown top-level element "foo"/,
      ) as unknown,
    },
    {
      resource: 'IAM role junk-trust',
      kind: 'read-failed',
      message: expect.stringMatching(
        /^AWS returned a trust policy \(AssumeRolePolicyDocument\) that is not an IAM policy document \(Statement is number 5/,
      ) as unknown,
    },
  ]);
  expect(report.summary.roles).toBe(3);
});

test('a resource whose document is not a policy is never streamed to the comparer (onItem), only reported', async () => {
  const expected = parseTerraformState(
    JSON.stringify({ version: 4, resources: [role('good-role'), role('junk-inline'), role('junk-trust')] }),
    'state',
  );
  const streamed: LiveItem[] = [];
  const clients = new AwsClients();
  try {
    const live = await readLive(expected, { clients, onItem: (item) => streamed.push(item) });
    expect(streamed.map((i) => (i.kind === 'role' ? i.name : i.kind))).toEqual(['good-role']);
    expect(live.errors.map((e) => e.resource)).toEqual(['IAM role junk-inline', 'IAM role junk-trust']);
  } finally {
    clients.destroy();
  }
});

test.each([
  ['a Lambda resource policy', JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [] }), undefined],
  ['URL-encoded JSON', encodeURIComponent(INLINE), undefined],
  ['no document', '', undefined],
  ['bad URL encoding', '%E0%A4%A', /malformed URL encoding/],
  ['text that is not JSON', '{oops', /not a JSON policy document/],
  ['JSON of another shape', '{"foo":1}', /unknown top-level element "foo"/],
])('documentProblem: %s', (_what, text, problem) => {
  if (problem) expect(documentProblem(text)).toMatch(problem);
  else expect(documentProblem(text)).toBeUndefined();
});
