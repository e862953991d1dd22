/**
 * Issue acceptance: one stack that emits every resource type the modules produce deploys against the
 * local endpoint, and changing the definition then re-applying updates trust, boundary, tags,
 * attachments (added and removed) and an invoke permission, each time ending with an empty plan.
 */
import { GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withLocalAws } from '../helpers/local-aws';
import { deployExamples, type Deployment } from '../helpers/deploy';
import { objectContaining, parsePolicy } from '../helpers/synth';
import type { StackDefinition } from '../../stacks/definition';
import { awsEndpointEnv, runTerraform } from '../../shared/terraform/run';

jest.setTimeout(600_000);

const CODE = join(__dirname, '..', '..', 'stacks', 'examples', 'functions', 'image-processor');
const BOUNDARY_V1 = 'arn:aws:iam::aws:policy/PowerUserAccess';
const BOUNDARY_V2 = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

/** Version 1: role + inline + customer policy + managed attachments (exclusive) + function + permissions. */
const v1: StackDefinition = {
  name: 'all-types',
  region: 'us-east-1',
  account: '000000000000',
  defaults: { permissionsBoundary: BOUNDARY_V1, tags: { team: 'platform' } },
  functions: [
    {
      name: 'all-types-fn',
      exclusiveAttachments: true,
      features: { eventSources: ['sqs'] },
      statements: [{ sid: 'ReadConfig', actions: ['ssm:GetParameter'], resources: ['arn:aws:ssm:us-east-1:000000000000:parameter/app/*'] }],
      customerPolicies: [
        { name: 'all-types-kms', statements: [{ actions: ['kms:Decrypt'], resources: ['arn:aws:kms:us-east-1:000000000000:key/abc'] }] },
      ],
      invokers: [
        { kind: 'sns', name: 'alerts', sourceArn: 'arn:aws:sns:us-east-1:000000000000:alerts' },
        { kind: 'account', name: 'partner', principal: '111111111111' },
      ],
      code: { path: CODE, runtime: 'nodejs20.x', handler: 'index.handler' },
    },
  ],
};

/** Version 2: trust adds edgelambda, boundary and tags change, SQS policy → X-Ray, SNS topic changes. */
const v2: StackDefinition = {
  ...v1,
  defaults: { permissionsBoundary: BOUNDARY_V2, tags: { team: 'payments', tier: 'gold' } },
  functions: [
    {
      ...v1.functions[0],
      role: { edge: true },
      features: { tracing: true },
      invokers: [
        { kind: 'sns', name: 'alerts', sourceArn: 'arn:aws:sns:us-east-1:000000000000:alerts-v2' },
        { kind: 'account', name: 'partner', principal: '111111111111' },
      ],
    },
  ],
};

const aws = withLocalAws();
let deployment: Deployment;

async function expectEmptyPlan(): Promise<void> {
  const result = await runTerraform(['plan', '-detailed-exitcode', '-input=false', '-no-color', '-lock=false'], {
    cwd: deployment.stackDir('all-types'),
    env: awsEndpointEnv(aws.endpoint()),
    timeoutMs: 180_000,
  });
  if (result.code !== 0) throw new Error(`plan exit ${result.code}:\n${result.stdout}\n${result.stderr}`);
}

function resourceTypesIn(stackDir: string): string[] {
  const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as { resource: Record<string, unknown> };
  return Object.keys(json.resource).sort();
}

beforeAll(async () => {
  deployment = await deployExamples(aws.endpoint(), [v1]);
});
afterAll(() => deployment?.cleanup());

describe('a stack with every resource type, updated through its definition', () => {
  it('emits all seven resource types and deploys with an empty follow-up plan', async () => {
    expect(resourceTypesIn(deployment.stackDir('all-types'))).toEqual([
      'aws_iam_policy',
      'aws_iam_role',
      'aws_iam_role_policy',
      'aws_iam_role_policy_attachment',
      'aws_iam_role_policy_attachments_exclusive',
      'aws_lambda_function',
      'aws_lambda_permission',
    ]);
    await expectEmptyPlan();
  });

  it('re-applies trust, boundary, tags, attachment and permission changes, then plans empty', async () => {
    await deployment.redeploy([v2]);
    await expectEmptyPlan();

    const iam = new IAMClient(aws.clientConfig());
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'all-types-fn-exec' }))).Role!;
    const trust = parsePolicy(decodeURIComponent(role.AssumeRolePolicyDocument!));
    expect(JSON.stringify(trust)).toContain('edgelambda.amazonaws.com');
    expect(role.PermissionsBoundary?.PermissionsBoundaryArn).toBe(BOUNDARY_V2);
    expect(Object.fromEntries(role.Tags!.map((t) => [t.Key, t.Value]))).toEqual(objectContaining({ team: 'payments', tier: 'gold' }));

    const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'all-types-fn-exec' }))).AttachedPolicies!.map(
      (p) => p.PolicyArn,
    );
    expect(attached).toContain('arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess');
    expect(attached).not.toContain('arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole');
    expect(attached).toContain('arn:aws:iam::000000000000:policy/all-types-kms');
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'all-types-fn-exec' }))).PolicyNames).toHaveLength(1);

    const lambda = new LambdaClient(aws.clientConfig());
    const policy = parsePolicy((await lambda.send(new GetPolicyCommand({ FunctionName: 'all-types-fn' }))).Policy!);
    const sources = policy.Statement.map((s) => s.Condition?.ArnLike?.['AWS:SourceArn']).filter(Boolean);
    expect(sources).toEqual(['arn:aws:sns:us-east-1:000000000000:alerts-v2']);
    expect(policy.Statement).toHaveLength(2);
  });
});
