import { TerraformVariable } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { ExecutionRole, INLINE_POLICY_NAME, type ExecutionRoleProps } from '../../modules/execution-role';
import { synthConstructs, onlyResource, parsePolicy, resourcesOf } from '../helpers/synth';

const base: ExecutionRoleProps = { roleName: 'fn-exec', region: 'us-east-1', account: '111122223333' };
const synthRole = (props: Partial<ExecutionRoleProps> = {}) =>
  synthConstructs((scope) => new ExecutionRole(scope, 'role', { ...base, ...props }));
const trustOf = (json: ReturnType<typeof synthRole>['json']) =>
  parsePolicy(onlyResource(json, 'aws_iam_role').assume_role_policy as string);
const attachedArns = (json: ReturnType<typeof synthRole>['json']) =>
  Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment'))
    .map((a) => a.policy_arn as string)
    .sort();
const build = (props: Partial<ExecutionRoleProps>) => () => synthRole(props);

describe('ExecutionRole: trust policy', () => {
  it('trusts lambda.amazonaws.com with aws:SourceAccount = the account by default', () => {
    expect(trustOf(synthRole().json)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'lambda.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
        },
      ],
    });
  });

  it('also trusts edgelambda.amazonaws.com when edge is on', () => {
    expect(trustOf(synthRole({ edge: true }).json).Statement[0].Principal).toEqual({
      Service: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'],
    });
  });

  it('drops the SourceAccount condition only on an explicit opt-out with a reason', () => {
    const statement = trustOf(
      synthRole({ confusedDeputyProtection: { enabled: false, reason: 'role shared with a legacy deployer' } }).json,
    ).Statement[0];
    expect(statement.Condition).toBeUndefined();
  });

  it('rejects an opt-out without a reason', () => {
    expect(build({ confusedDeputyProtection: { enabled: false, reason: ' ' } })).toThrow(/confusedDeputyProtection.*reason/);
  });

  it('has no SourceAccount condition when the account is unknown', () => {
    expect(trustOf(synthRole({ account: undefined }).json).Statement[0].Condition).toBeUndefined();
  });
});

describe('ExecutionRole: role properties', () => {
  it('writes name, path, description, maxSessionDuration, boundary and tags', () => {
    const { synth } = synthRole({
      path: '/lambda/',
      description: 'runs fn',
      maxSessionDuration: 7200,
      permissionsBoundary: 'arn:aws:iam::111122223333:policy/boundary',
      tags: { team: 'a' },
    });
    expect(synth).toHaveResourceWithProperties(IamRole, {
      name: 'fn-exec',
      path: '/lambda/',
      description: 'runs fn',
      max_session_duration: 7200,
      permissions_boundary: 'arn:aws:iam::111122223333:policy/boundary',
      tags: { team: 'a' },
    });
  });

  it('defaults path to "/" and maxSessionDuration to 3600', () => {
    expect(synthRole().synth).toHaveResourceWithProperties(IamRole, { path: '/', max_session_duration: 3600 });
  });
});

describe('ExecutionRole: validation names the rule, the value and the fix', () => {
  it.each([
    ['roleName', { roleName: 'has space' }, /roleName: "has space" is not a valid IAM role name.*Fix:/],
    ['roleName length', { roleName: 'x'.repeat(65) }, /roleName: "x{65}" is not a valid IAM role name/],
    ['path', { path: 'lambda' }, /path: "lambda" is not a valid IAM path.*Fix: write it like/],
    ['description', { description: 'd'.repeat(1001) }, /description: .* at most 1000/],
    ['maxSessionDuration low', { maxSessionDuration: 3599 }, /maxSessionDuration: 3599 is out of range.*3600.*43200/],
    ['maxSessionDuration high', { maxSessionDuration: 43201 }, /maxSessionDuration: 43201 is out of range/],
    ['permissionsBoundary', { permissionsBoundary: 'boundary' }, /permissionsBoundary: "boundary" is not an IAM policy ARN/],
    ['managedPolicies', { managedPolicies: ['LambdaBasic'] }, /managedPolicies: "LambdaBasic" is neither a Lambda managed policy/],
  ] as const)('%s', (_field, props, message) => {
    expect(build(props as Partial<ExecutionRoleProps>)).toThrow(message);
  });

  it('skips unresolved tokens', () => {
    expect(() =>
      synthConstructs((scope) => {
        const name = new TerraformVariable(scope, 'name', { type: 'string' });
        const seconds = new TerraformVariable(scope, 'seconds', { type: 'number' });
        new ExecutionRole(scope, 'role', { ...base, roleName: name.stringValue, maxSessionDuration: seconds.numberValue });
      }),
    ).not.toThrow();
  });
});

describe('ExecutionRole: attachments implied by features', () => {
  it('attaches AWSLambdaBasicExecutionRole by default and nothing else', () => {
    expect(attachedArns(synthRole().json)).toEqual(['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
  });

  it('omits basic logging when opted out', () => {
    expect(attachedArns(synthRole({ basicLogging: false }).json)).toEqual([]);
  });

  it('VPC → VPCAccess (Basic kept), tracing → X-Ray, insights → Insights, event sources → their policies', () => {
    const arns = attachedArns(
      synthRole({ features: { vpc: true, tracing: true, insights: true, eventSources: ['sqs', 'kinesis', 'dynamodb', 'msk'] } }).json,
    );
    expect(arns).toEqual(
      [
        'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
        'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess',
        'arn:aws:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy',
        'arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole',
        'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole',
        'arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole',
        'arn:aws:iam::aws:policy/service-role/AWSLambdaMSKExecutionRole',
      ].sort(),
    );
  });

  it('builds managed ARNs in the region partition (cn-north-1 → aws-cn)', () => {
    expect(attachedArns(synthRole({ region: 'cn-north-1', features: { tracing: true } }).json)).toEqual(
      ['arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', 'arn:aws-cn:iam::aws:policy/AWSXRayDaemonWriteAccess'].sort(),
    );
  });

  it('attaches catalogue names and arbitrary ARNs once each', () => {
    const arns = attachedArns(
      synthRole({
        managedPolicies: ['AWSLambdaENIManagementAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'AWSLambdaBasicExecutionRole'],
      }).json,
    );
    expect(arns).toEqual(
      [
        'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        'arn:aws:iam::aws:policy/service-role/AWSLambdaENIManagementAccess',
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
      ].sort(),
    );
  });
});

describe('ExecutionRole: inline statements', () => {
  it('renders typed statements into one aws_iam_role_policy with a stable name', () => {
    const { synth, json } = synthRole({ statements: [{ sid: 'Read', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] });
    expect(synth).toHaveResourceWithProperties(IamRolePolicy, { name: INLINE_POLICY_NAME });
    expect(JSON.parse(onlyResource(json, 'aws_iam_role_policy').policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
    });
  });

  it('creates no inline policy without statements', () => {
    expect(synthRole().synth).not.toHaveResource(IamRolePolicy);
  });
});

describe('ExecutionRole: Checkable', () => {
  it('describes its trust policy, inline policy and attachments as check subjects, with its suppressions', () => {
    let role!: ExecutionRole;
    synthConstructs((scope) => {
      role = new ExecutionRole(scope, 'role', {
        ...base,
        statements: [{ actions: ['s3:GetObject'], resources: ['*'] }],
        suppressions: [{ id: 'LR-IAM-WILDCARD-RESOURCE', reason: 'listing is account-wide by design' }],
      });
    });
    expect(role.checkSubjects().map((s) => s.kind)).toEqual(['trust-policy', 'identity-policy', 'managed-policy-attachment']);
    expect(role.checkSuppressions).toEqual([{ id: 'LR-IAM-WILDCARD-RESOURCE', reason: 'listing is account-wide by design' }]);
  });

  it('synthesizes one attachment resource per policy', () => {
    expect(synthRole({ features: { tracing: true } }).synth).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: 'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess',
    });
  });
});
