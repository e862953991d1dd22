/**
 * DriftJobRole trusting GitLab CI/CD: the trust statement pins the token's audience and subject (one project,
 * one ref) for gitlab.com or a self-managed instance, wildcards need a stated reason, every bad field is one
 * error with the rule, the value and the fix, and the real terraform + provider apply it to the local
 * endpoint with an empty plan afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { DriftJobRole, driftJobStatements, type DriftJobRoleProps, type GitLabOidcPrincipal } from '../../modules/drift-job-role';
import { toPolicyDocument } from '../../modules/policy-types';
import { gitLabTrust } from '../../modules/gitlab-oidc-trust';
import { collectCheckEntries, runChecks } from '../../modules/checks/run-checks';
import { parsePolicy, resourcesOf, synthConstructs, type SynthJson } from '../helpers/synth';
import { withLocalAws } from '../helpers/local-aws';
import { applyDirs, awsEndpointEnv, runTerraform } from '../../shared/terraform/run';

const ACCOUNT = '123456789012';
const gitlab = (over: Partial<GitLabOidcPrincipal> = {}): GitLabOidcPrincipal => ({
  kind: 'gitlab-oidc',
  projectPath: 'platform/lambda-infra',
  ...over,
});
const props = (assumedBy: GitLabOidcPrincipal): DriftJobRoleProps => ({ account: ACCOUNT, regions: ['us-east-1'], assumedBy });

function trustOf(assumedBy: GitLabOidcPrincipal): unknown {
  const { synth } = synthConstructs((s) => new DriftJobRole(s, 'drift', props(assumedBy)));
  const role = Object.values(resourcesOf(JSON.parse(synth) as SynthJson, 'aws_iam_role'))[0] as { assume_role_policy: string };
  return parsePolicy(role.assume_role_policy).Statement;
}

const construct = (assumedBy: GitLabOidcPrincipal) => () => synthConstructs((s) => new DriftJobRole(s, 'd', props(assumedBy)));

describe('DriftJobRole: GitLab OIDC trust (synth)', () => {
  it('gitlab.com: one project, branch main by default, audience = issuer, both pinned with StringEquals', () => {
    expect(trustOf(gitlab())).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.com` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'gitlab.com:aud': 'https://gitlab.com',
            'gitlab.com:sub': 'project_path:platform/lambda-infra:ref_type:branch:ref:main',
          },
        },
      },
    ]);
  });

  it('a self-managed instance (with a path) names its provider and condition keys by the issuer; a tag ref and an audience', () => {
    const issuer = 'https://git.example.com/gitlab';
    expect(trustOf(gitlab({ issuer, ref: { type: 'tag', name: 'v1.2.0' }, audience: 'sts.amazonaws.com' }))).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/git.example.com/gitlab` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'git.example.com/gitlab:aud': 'sts.amazonaws.com',
            'git.example.com/gitlab:sub': 'project_path:platform/lambda-infra:ref_type:tag:ref:v1.2.0',
          },
        },
      },
    ]);
  });

  it('a wildcard project with a stated reason uses StringLike for the subject only', () => {
    const statement = trustOf(gitlab({ projectPath: 'platform/*', allowWildcards: { reason: 'every platform project runs its own job' } }));
    expect(statement).toEqual([
      expect.objectContaining({
        Condition: {
          StringEquals: { 'gitlab.com:aud': 'https://gitlab.com' },
          StringLike: { 'gitlab.com:sub': 'project_path:platform/*:ref_type:branch:ref:main' },
        },
      }),
    ]);
  });

  it('passes every policy check', () => {
    const stack = new TerraformStack(Testing.app(), 'checks');
    new DriftJobRole(stack, 'drift', props(gitlab()));
    expect(runChecks(collectCheckEntries(stack)).findings).toEqual([]);
  });

  it.each<[string, GitLabOidcPrincipal, RegExp]>([
    [
      'a wildcard project without a reason',
      gitlab({ projectPath: 'platform/*' }),
      /^assumedBy\.projectPath: "platform\/\*" contains a wildcard: .*Fix: name one project .*allowWildcards/,
    ],
    [
      'a wildcard ref without a reason',
      gitlab({ ref: { type: 'branch', name: 'release-*' } }),
      /^assumedBy\.ref\.name: "release-\*" contains a wildcard.*Fix:/,
    ],
    [
      'a project without its group',
      gitlab({ projectPath: 'lambda-infra' }),
      /^assumedBy\.projectPath: "lambda-infra" is not a GitLab project path.*Fix: write it/,
    ],
    [
      'an http issuer',
      gitlab({ issuer: 'http://gitlab.example.com' }),
      /^assumedBy\.issuer: "http:\/\/gitlab.example.com" is not the https URL.*Fix: use 'https:\/\/gitlab.com'/,
    ],
    [
      'an issuer with a trailing slash',
      gitlab({ issuer: 'https://gitlab.com/' }),
      /^assumedBy\.issuer: "https:\/\/gitlab.com\/" is not the https URL/,
    ],
    [
      'a ref with a colon',
      gitlab({ ref: { type: 'branch', name: 'a:b' } }),
      /^assumedBy\.ref\.name: "a:b" is not a branch or tag name.*Fix:/,
    ],
    [
      'an unknown ref type',
      gitlab({ ref: { type: 'merge' as 'branch', name: 'main' } }),
      /^assumedBy\.ref\.type: "merge" is not a ref type.*Fix: use 'branch' or 'tag'/,
    ],
    ['a wildcard audience', gitlab({ audience: '*' }), /^assumedBy\.audience: "\*" must be the exact audience.*Fix:/],
    [
      'an empty reason',
      gitlab({ projectPath: 'platform/*', allowWildcards: { reason: '  ' } }),
      /^assumedBy\.allowWildcards\.reason: " {2}" is empty.*Fix: say why/,
    ],
  ])('rejects %s with the field, the value, the rule and the fix', (_name, assumedBy, message) => {
    expect(construct(assumedBy)).toThrow(message);
  });
});

describe('DriftJobRole: GitLab OIDC trust, applied by terraform to the local endpoint', () => {
  jest.setTimeout(300_000);
  const aws = withLocalAws();
  let outDir: string;
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('creates the role with that trust and the read-only policy; a second plan is empty', async () => {
    outDir = mkdtempSync(join(tmpdir(), 'drift-job-gitlab-'));
    const app = new App({ outdir: outDir });
    const stack = new TerraformStack(app, 'drift-job');
    new AwsProvider(stack, 'aws', {
      region: 'us-east-1',
      skipCredentialsValidation: true,
      skipRequestingAccountId: true,
      skipMetadataApiCheck: 'true',
      maxRetries: 2,
    });
    const assumedBy = gitlab({ issuer: 'https://gitlab.example.com', ref: { type: 'branch', name: 'production' } });
    new DriftJobRole(stack, 'drift', { account: '000000000000', regions: ['us-east-1'], assumedBy });
    app.synth();
    const dir = join(outDir, 'stacks', 'drift-job');
    const env = awsEndpointEnv(aws.endpoint());
    await applyDirs([dir], env);

    const iam = new IAMClient(aws.clientConfig());
    const live = await iam.send(new GetRoleCommand({ RoleName: 'lambda-roles-drift' }));
    expect(JSON.parse(decodeURIComponent(live.Role!.AssumeRolePolicyDocument!))).toEqual(
      toPolicyDocument([gitLabTrust(assumedBy, '000000000000', 'aws')]),
    );
    expect(parsePolicy(decodeURIComponent(live.Role!.AssumeRolePolicyDocument!)).Statement[0]).toMatchObject({
      Principal: { Federated: 'arn:aws:iam::000000000000:oidc-provider/gitlab.example.com' },
      Condition: { StringEquals: { 'gitlab.example.com:sub': 'project_path:platform/lambda-infra:ref_type:branch:ref:production' } },
    });
    const read = await iam.send(new GetRolePolicyCommand({ RoleName: 'lambda-roles-drift', PolicyName: 'drift-read-only' }));
    expect(JSON.parse(decodeURIComponent(read.PolicyDocument!))).toEqual(
      toPolicyDocument(driftJobStatements({ account: '000000000000', regions: ['us-east-1'] })),
    );

    const plan = await runTerraform(['plan', '-detailed-exitcode', '-input=false', '-no-color'], { cwd: dir, env, timeoutMs: 120_000 });
    expect({ code: plan.code, stdout: plan.code === 0 ? '' : plan.stdout }).toEqual({ code: 0, stdout: '' });
  });
});
