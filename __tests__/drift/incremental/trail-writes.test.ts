/**
 * lookupWrites against the local endpoint's real CloudTrail records: which roles, functions and customer
 * policies the write events since a time name, reads never paged through, pagination past 50 events, and the
 * page limit that makes a run scan in full instead.
 */
import {
  AttachRolePolicyCommand,
  CreatePolicyVersionCommand,
  GetRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import { AddPermissionCommand, LambdaClient, TagResourceCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { LocalAws } from '../../../local-aws';
import { functionNameOf, lookupWrites, TooManyEvents } from '../../../drift/incremental/trail-writes';
import { iamAs, lambdaAs, seedFunction, seedPolicy, seedRole, startEndpoint, credentials } from '../fixtures/seed';

let aws: LocalAws;
let iam: IAMClient;
let lambda: LambdaClient;
let policyArn: string;
let start: Date;

const cloudTrail = (region: string) =>
  new CloudTrailClient({ endpoint: aws.endpoint, region, credentials: credentials('admin'), maxAttempts: 1 });

beforeAll(async () => {
  aws = await startEndpoint();
  iam = iamAs(aws, 'admin');
  policyArn = await seedPolicy(iam, 'tables');
  for (const name of ['role-a', 'role-b', 'Role-C', 'role-untouched']) await seedRole(iam, { name });
  for (const [fn, role] of [
    ['fn-a', 'role-a'],
    ['fn-b', 'role-b'],
    ['fn-untouched', 'role-untouched'],
  ])
    await seedFunction(aws, fn, role, false);
  await new Promise((r) => setTimeout(r, 1_100)); // event times have whole seconds: the seeding stays before `start`
  start = new Date();
  iam = iamAs(aws, 'console');
  lambda = lambdaAs(aws, 'console');
}, 60_000);

afterAll(async () => {
  iam.destroy();
  lambda.destroy();
  await aws.close();
});

test('the write events since a time name the roles, functions and policies they touched; reads and older writes do not count', async () => {
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'role-a', PolicyArn: policyArn }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'Role-C',
      PolicyName: 'p',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
    }),
  );
  await iam.send(new TagRoleCommand({ RoleName: 'role-b', Tags: [{ Key: 'k', Value: 'v' }] }));
  await iam.send(new GetRoleCommand({ RoleName: 'role-untouched' })); // a read: never recorded as a write
  await iam.send(
    new CreatePolicyVersionCommand({
      PolicyArn: policyArn,
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
      SetAsDefault: true,
    }),
  );
  const fnB = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn-b', Description: 'console' }));
  await lambda.send(
    new AddPermissionCommand({ FunctionName: 'fn-a', StatementId: 's', Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com' }),
  );
  await lambda.send(new TagResourceCommand({ Resource: fnB.FunctionArn, Tags: { k: 'v' } }));

  const touched = await lookupWrites({
    clientFor: cloudTrail,
    iamRegion: 'us-east-1',
    account: '000000000000',
    regions: ['us-east-1'],
    since: start,
    until: new Date(),
  });
  expect([...touched.roles].sort()).toEqual(['role-a', 'role-b', 'role-c']);
  expect([...touched.functions].sort()).toEqual(['us-east-1/fn-a', 'us-east-1/fn-b']);
  expect([...touched.policyArns]).toEqual([policyArn]);
  expect(touched.events).toBe(7);
  expect(touched.pages).toBe(1);

  // The same query from before the seeding sees the seeding too: the time bound is what kept it out.
  const all = await lookupWrites({
    clientFor: cloudTrail,
    iamRegion: 'us-east-1',
    account: '000000000000',
    regions: [],
    since: new Date(0),
    until: new Date(),
  });
  expect(all.roles.has('role-untouched')).toBe(true);
  expect(all.functions.has('us-east-1/fn-untouched')).toBe(true);
});

test('more than a page of events is read page by page; past the page limit the lookup gives up', async () => {
  const from = new Date();
  for (let i = 0; i < 55; i++) await iam.send(new TagRoleCommand({ RoleName: 'role-b', Tags: [{ Key: 'k', Value: `v${i}` }] }));
  const touched = await lookupWrites({
    clientFor: cloudTrail,
    iamRegion: 'us-east-1',
    account: '000000000000',
    regions: ['us-east-1'],
    since: from,
    until: new Date(),
  });
  expect(touched.events).toBeGreaterThanOrEqual(55);
  expect(touched.pages).toBe(2);
  await expect(
    lookupWrites({
      clientFor: cloudTrail,
      iamRegion: 'us-east-1',
      account: '000000000000',
      regions: ['us-east-1'],
      since: from,
      until: new Date(),
      maxPages: 1,
    }),
  ).rejects.toBeInstanceOf(TooManyEvents);
});

test('a Lambda function is named by its name whatever form the request used', () => {
  expect(functionNameOf('fn')).toBe('fn');
  expect(functionNameOf('fn:prod')).toBe('fn');
  expect(functionNameOf('123456789012:function:fn')).toBe('fn');
  expect(functionNameOf('arn:aws:lambda:us-east-1:123456789012:function:fn')).toBe('fn');
  expect(functionNameOf('arn:aws:lambda:us-east-1:123456789012:function:fn:7')).toBe('fn');
});
