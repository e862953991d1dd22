/** What the core does around a service module: unexpected errors become a logged 500 in the module's protocol. */
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { startLocalAws, type LocalAws } from '../../../local-aws';
import { stsService } from '../../../local-aws/services/sts';
import { cloudTrailService } from '../../../local-aws/services/cloudtrail';
import { AwsError, type ServiceModule } from '../../../local-aws/types';
import { rejectionOf } from '../support';

const lines: string[] = [];
let aws: LocalAws;
let mode: 'bug' | 'aws-error' | 'ok' = 'ok';

/** STS with a switchable failure, to see what the core makes of each kind. */
const flakySts: ServiceModule<Record<string, never>> = {
  ...stsService,
  handle(operation, req, ctx, state, services) {
    if (mode === 'bug') throw new TypeError('cannot read properties of undefined');
    if (mode === 'aws-error') throw new AwsError('ValidationError', 'bad input in field X');
    return stsService.handle(operation, req, ctx, state, services);
  },
};

beforeAll(async () => {
  aws = await startLocalAws({ port: 0, modules: [flakySts, cloudTrailService], log: (l) => lines.push(l) });
});
afterAll(() => aws.close());
const sts = () =>
  new STSClient({
    endpoint: aws.endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

test('a module bug answers 500 InternalFailure in the Query protocol and logs the stack', async () => {
  mode = 'bug';
  await expect(sts().send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
    name: 'InternalFailure',
    $metadata: { httpStatusCode: 500 },
  });
  expect(lines.join('\n')).toMatch(/500 sts:GetCallerIdentity internal error: TypeError: cannot read properties of undefined\n\s+at /);
});

test("a module's AwsError is rendered by the module with its code, message and status", async () => {
  mode = 'aws-error';
  await expect(sts().send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
    name: 'ValidationError',
    message: 'bad input in field X',
    $metadata: { httpStatusCode: 400 },
  });
});

test('every answer carries a request id header the SDK reads', async () => {
  mode = 'ok';
  const ok = await sts().send(new GetCallerIdentityCommand({}));
  expect(ok.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  mode = 'aws-error';
  const err = await rejectionOf(sts().send(new GetCallerIdentityCommand({})));
  expect(err.$metadata?.requestId).toMatch(/^[0-9a-f-]{36}$/);
});

test('a mounted subset of modules is all the endpoint serves', async () => {
  const res = await fetch(`${aws.endpoint}/_localaws/health`);
  expect(res.status).toBe(200);
  expect(aws.snapshot().services).toEqual({ sts: {}, cloudtrail: { nextSeq: 1, events: {} } });
  const iam = new IAMClient({
    endpoint: aws.endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await expect(iam.send(new ListRolesCommand({}))).rejects.toMatchObject({
    name: 'InvalidAction',
    message: 'This endpoint serves sts, cloudtrail; it does not serve "iam".',
    $metadata: { httpStatusCode: 400 },
  });
  iam.destroy();
  const lambda = new LambdaClient({
    endpoint: aws.endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await expect(lambda.send(new ListFunctionsCommand({}))).rejects.toMatchObject({
    name: 'UnknownOperationException',
    message: 'This endpoint serves sts, cloudtrail; it does not serve "lambda".',
    $metadata: { httpStatusCode: 400 },
  });
  lambda.destroy();
  expect(aws.callCounts()).not.toHaveProperty('iam:ListRoles');
});
