/**
 * What the endpoint's authorization step judges for CloudWatch Logs calls: each operation names an action
 * and a resource that IAM's model (iam-simulate, from the Service Authorization Reference) accepts, and a
 * session of a role IAM holds gets exactly what its policy grants, refused in Logs' own error shape.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { LOGS_OPERATIONS, logsService } from '../../../../local-aws/services/logs';
import type { AccessRequest, CallContext, WireRequest } from '../../../../local-aws/types';
import { withLocalAws } from '../../../helpers/local-aws';
import { rejectionOf } from '../../support';

const ACCOUNT = '000000000000';
const GROUP_ARN = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/orders`;
const ctx = {
  caller: {
    accessKeyId: 'ASIA',
    accountId: ACCOUNT,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/job/s`,
    principalId: 'AROA:s',
    type: 'AssumedRole',
    console: false,
  },
  region: 'us-east-1',
  requestId: 'r',
  sourceIp: '127.0.0.1',
  userAgent: 'test',
  now: new Date(),
} satisfies CallContext;

const request = (operation: string): WireRequest => ({
  method: 'POST',
  rawPath: '/',
  query: new URLSearchParams(),
  headers: { 'x-amz-target': `Logs_20140328.${operation}` },
  body: Buffer.from(
    JSON.stringify(
      ['TagResource', 'UntagResource', 'ListTagsForResource'].includes(operation)
        ? { resourceArn: GROUP_ARN }
        : { logGroupName: '/aws/lambda/orders' },
    ),
  ),
});

async function decide(req: AccessRequest, policy: object): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: ctx.caller.arn,
        action: req.action,
        resource: { resource: req.resource, accountId: ACCOUNT },
        contextVariables: {},
      },
      identityPolicies: [{ name: 'p', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  return result.resultType === 'error' ? `error: ${result.errors.message}` : result.overallResult;
}

test.each(LOGS_OPERATIONS)('logs %s: a valid action and resource, allowed by "*" and refused without a grant', async (operation) => {
  const requests = logsService.accessOf!(operation, request(operation), ctx, logsService.initialState());
  expect(requests).toHaveLength(1);
  expect(requests[0].action).toBe(`logs:${operation}`);
  expect(requests[0].resource).toBe(operation === 'DescribeLogGroups' ? '*' : GROUP_ARN);
  expect(await decide(requests[0], { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })).toBe(
    'Allowed',
  );
  expect(await decide(requests[0], { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] })).toBe(
    'ImplicitlyDenied',
  );
});

test('a request too malformed to name a log group needs no permission (the handler answers its validation error)', () => {
  const req = { ...request('CreateLogGroup'), body: Buffer.from('not json') };
  expect(logsService.accessOf!('CreateLogGroup', req, ctx, logsService.initialState())).toEqual([]);
});

describe('a role session', () => {
  const aws = withLocalAws();

  test('may create and configure the one log group its policy names; another is AccessDeniedException 400 naming action and resource', async () => {
    const iam = new IAMClient(aws.clientConfig());
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
    };
    await iam.send(new CreateRoleCommand({ RoleName: 'log-admin', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:PutRetentionPolicy'], Resource: GROUP_ARN },
        { Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: '*' },
      ],
    };
    await iam.send(new PutRolePolicyCommand({ RoleName: 'log-admin', PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
    const sts = new STSClient(aws.clientConfig());
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/log-admin`, RoleSessionName: 'job' }),
    );
    const logs = new CloudWatchLogsClient(
      aws.clientConfig({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! }),
    );
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/orders' }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/aws/lambda/orders', retentionInDays: 7 }));
    expect((await logs.send(new DescribeLogGroupsCommand({}))).logGroups?.map((g) => g.logGroupName)).toEqual(['/aws/lambda/orders']);
    const err = await rejectionOf(logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/other' })));
    [iam, sts, logs].forEach((client) => client.destroy());
    expect(err).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    expect(err.message).toBe(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/log-admin/job is not authorized to perform: logs:CreateLogGroup on resource: ` +
        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/other because no identity-based policy allows the logs:CreateLogGroup action`,
    );
  });
});
