/**
 * DriftJobRole: the drift job's own role is least privilege. Beyond the synth checks, one test runs the
 * real drift check (both IAM read strategies, with a finding so CloudTrail is queried) against the local
 * endpoint and proves the role allows exactly the actions the check called: none missing, none spare.
 */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AttachRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { DriftJobRole, DRIFT_JOB_ACTIONS, driftJobStatements } from '../../modules/drift-job-role';
import { collectCheckEntries, runChecks } from '../../modules/checks/run-checks';
import { runDrift } from '../../drift';
import { parsePolicy, resourcesOf, synthConstructs, textContaining, type SynthJson } from '../helpers/synth';
import { withLocalAws } from '../helpers/local-aws';
import { deployExamples, type Deployment } from '../helpers/deploy';
import { stateFiles, useEndpoint } from '../drift/fixtures/e2e-support';
import { Testing, TerraformStack } from 'cdktf';

const OIDC = {
  kind: 'github-oidc' as const,
  providerArn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
  repository: 'acme/platform',
};

describe('DriftJobRole: synth', () => {
  it('trusts only the named GitHub repository through OIDC', () => {
    const { synth } = synthConstructs(
      (s) => new DriftJobRole(s, 'drift', { account: '123456789012', regions: ['us-east-1'], assumedBy: OIDC }),
    );
    const role = Object.values(resourcesOf(JSON.parse(synth) as SynthJson, 'aws_iam_role'))[0] as {
      assume_role_policy: string;
      name: string;
    };
    expect(role.name).toBe('lambda-roles-drift');
    expect(parsePolicy(role.assume_role_policy).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: OIDC.providerArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/platform:*' },
        },
      },
    ]);
  });

  it('scopes reads to this account and region, and S3 to the named state keys', () => {
    const { synth } = synthConstructs(
      (s) =>
        new DriftJobRole(s, 'drift', {
          account: '123456789012',
          regions: ['eu-west-1'],
          assumedBy: OIDC,
          stateBucket: { bucket: 'tf-state', keys: ['lambda/orders.tfstate'] },
        }),
    );
    expect(synth).toHaveResourceWithProperties(IamRole, { description: textContaining('Read-only') });
    const policy = parsePolicy(
      (Object.values(resourcesOf(JSON.parse(synth) as SynthJson, 'aws_iam_role_policy'))[0] as { policy: string }).policy,
    );
    const resourcesBySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s.Resource]));
    expect(resourcesBySid).toEqual({
      ReadRoles: 'arn:aws:iam::123456789012:role/*',
      ReadCustomerPolicies: 'arn:aws:iam::123456789012:policy/*',
      ReadFunctions: 'arn:aws:lambda:eu-west-1:123456789012:function:*',
      ListAndAttribute: '*',
      PullTerraformState: 'arn:aws:s3:::tf-state/lambda/orders.tfstate',
      FindStateWorkspaces: 'arn:aws:s3:::tf-state',
    });
    expect(synth).toHaveResourceWithProperties(IamRolePolicy, { name: 'drift-read-only' });
  });

  it('passes every policy check (Resource "*" only where IAM has no resource-level permission)', () => {
    const stack = new TerraformStack(Testing.app(), 'checks');
    new DriftJobRole(stack, 'drift', {
      account: '123456789012',
      regions: ['us-east-1'],
      assumedBy: OIDC,
      stateBucket: { bucket: 'b', keys: ['k'] },
    });
    const report = runChecks(collectCheckEntries(stack));
    expect(report.findings).toEqual([]);
  });

  it('rejects a bad role name with the rule, the value and the fix', () => {
    expect(() =>
      synthConstructs(
        (s) => new DriftJobRole(s, 'd', { roleName: 'bad name', account: '123456789012', regions: ['us-east-1'], assumedBy: OIDC }),
      ),
    ).toThrow(/roleName.*bad name/);
  });
});

describe('DriftJobRole: exactly the calls the drift check makes', () => {
  jest.setTimeout(600_000);
  const aws = withLocalAws();
  let deployment: Deployment;
  beforeAll(async () => {
    deployment = await deployExamples(aws.endpoint());
  });
  afterAll(() => deployment?.cleanup());

  it('allows every action the check calls in both read strategies, and no other', async () => {
    // A console edit, so attribution queries CloudTrail too.
    const iam = new IAMClient(aws.clientConfig('console'));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'orders-api-exec', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    const saved = { ...process.env };
    useEndpoint(aws.endpoint());
    const called = new Set<string>();
    try {
      for (const bulkThreshold of [0, Number.MAX_SAFE_INTEGER]) {
        const { apiCalls, report } = await runDrift({
          stateFiles: stateFiles(deployment.outDir, deployment.stacks),
          bulkThreshold,
          since: '1h',
        });
        expect(report.summary.errors).toBe(0);
        expect(report.findings.map((f) => f.code)).toEqual(['MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM']);
        Object.keys(apiCalls).forEach((op) => called.add(op));
      }
    } finally {
      process.env = saved;
    }
    // sts:GetCallerIdentity needs no permission; everything else must be granted.
    const needed = [...called].filter((op) => op !== 'sts:GetCallerIdentity').sort();
    const granted = driftJobStatements({ account: '000000000000', regions: ['us-east-1'] })
      .flatMap((s) => s.actions)
      .sort();
    expect(granted).toEqual(needed);
    expect(granted).toEqual(Object.values(DRIFT_JOB_ACTIONS).flat().sort());
  });
});
