/**
 * sts:AssumeRoleWithWebIdentity over HTTP with the real SDK, unsigned as the SDK sends it: the role's trust
 * policy decides (here the one DriftJobRole writes for GitLab: audience and subject pinned), the token's
 * structure and expiry are checked, and the minted keys work on the endpoint. The SDK's default credential
 * chain (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE) makes the same exchange by itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { gitLabTrust } from '../../../../modules/gitlab-oidc-trust';
import { toPolicyDocument } from '../../../../modules/policy-types';
import { withLocalAws } from '../../../helpers/local-aws';
import { rejectionOf } from '../../support';
import { gitlabIdToken } from '../../../helpers/oidc-token';

const ACCOUNT = '000000000000';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/gitlab-drift`;
const aws = withLocalAws();

const MAIN = 'project_path:platform/lambda-infra:ref_type:branch:ref:main';

const sts = () => new STSClient({ endpoint: aws.endpoint(), region: 'us-east-1', maxAttempts: 1 });
const exchange = (token: string, RoleArn = ROLE_ARN) =>
  sts().send(new AssumeRoleWithWebIdentityCommand({ RoleArn, RoleSessionName: 'gitlab-job', WebIdentityToken: token }));

beforeAll(async () => {
  const trust = gitLabTrust({ kind: 'gitlab-oidc', projectPath: 'platform/lambda-infra' }, ACCOUNT, 'aws');
  await new IAMClient(aws.clientConfig()).send(
    new CreateRoleCommand({ RoleName: 'gitlab-drift', AssumeRolePolicyDocument: JSON.stringify(toPolicyDocument([trust])) }),
  );
});

test('a token for the trusted project and branch gets a session of the role, whose keys work', async () => {
  const out = await exchange(gitlabIdToken({ sub: MAIN }));
  expect(out).toMatchObject({
    SubjectFromWebIdentityToken: MAIN,
    Provider: 'https://gitlab.com',
    Audience: 'https://gitlab.com',
    AssumedRoleUser: { Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/gitlab-drift/gitlab-job` },
  });
  const c = out.Credentials!;
  const me = await new STSClient(
    aws.clientConfig({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }),
  ).send(new GetCallerIdentityCommand({}));
  expect(me.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/gitlab-drift/gitlab-job`);
});

test.each([
  ['another project', { sub: 'project_path:evil/lambda-infra:ref_type:branch:ref:main' }],
  ['another branch', { sub: 'project_path:platform/lambda-infra:ref_type:branch:ref:feature' }],
  ['another audience', { sub: MAIN, aud: 'sts.amazonaws.com' }],
  ['another issuer', { sub: MAIN, iss: 'https://gitlab.example.com' }],
])('a token from %s is AccessDenied (403)', async (_name, claims) => {
  const err = await rejectionOf(exchange(gitlabIdToken(claims)));
  expect(err).toMatchObject({
    name: 'AccessDenied',
    message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    $metadata: { httpStatusCode: 403 },
  });
});

test('a role that does not exist is AccessDenied; an expired or malformed token is refused first', async () => {
  expect((await rejectionOf(exchange(gitlabIdToken({ sub: MAIN }), `arn:aws:iam::${ACCOUNT}:role/nope`))).name).toBe('AccessDenied');
  const expired = await rejectionOf(exchange(gitlabIdToken({ sub: MAIN, exp: Math.floor(Date.now() / 1000) - 10 })));
  expect(expired).toMatchObject({
    name: 'ExpiredTokenException',
    message: expect.stringMatching(/^Token expired: current date\/time \d+ must be before/),
  });
  // The wire code is InvalidIdentityToken, which the SDK names InvalidIdentityTokenException.
  expect((await rejectionOf(exchange('not-a-jwt'))).name).toBe('InvalidIdentityTokenException');
});

test("the SDK's default chain makes the exchange from AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'web-identity-'));
  try {
    writeFileSync(join(dir, 'token'), gitlabIdToken({ sub: MAIN }));
    const script = `const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
      new STSClient({}).send(new GetCallerIdentityCommand({})).then((r) => console.log(r.Arn), (e) => { console.error(e.name, e.message); process.exit(1); });`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_ENDPOINT_URL: aws.endpoint(),
      AWS_REGION: 'us-east-1',
      AWS_ROLE_ARN: ROLE_ARN,
      AWS_ROLE_SESSION_NAME: 'from-the-chain',
      AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'token'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd(), env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
    expect({ code: out.code, stdout: out.stdout, stderr: out.code ? out.stderr : '' }).toEqual({
      code: 0,
      stdout: `arn:aws:sts::${ACCOUNT}:assumed-role/gitlab-drift/from-the-chain\n`,
      stderr: '',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
