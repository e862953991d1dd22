/**
 * CloudTrail over HTTP with the real SDK: the records the core writes for mutating IAM/STS calls, and
 * LookupEvents' filters, time range, pagination and errors as AWS defines them.
 */
import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { IAMClient, CreateRoleCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { withLocalAws } from '../../../helpers/local-aws';
import type { CloudTrailRecord } from '../../../../local-aws';
import { parseJson, stringMatching } from '../../support';

let clock = Date.parse('2026-03-01T10:00:00.000Z');
const aws = withLocalAws({ now: () => new Date(clock) });
const trail = (who: 'admin' | 'console' | 'other' = 'admin', region = 'us-east-1') => new CloudTrailClient(aws.clientConfig(who, region));
const lookup = (input: LookupEventsCommandInput, who: 'admin' | 'console' | 'other' = 'admin') =>
  trail(who).send(new LookupEventsCommand(input));

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const T0 = Date.parse('2026-03-01T10:00:00Z');

beforeAll(async () => {
  // Seven mutating calls, one minute apart: roles r0..r4 by the deploy identity, a console tag edit, an AssumeRole.
  const iam = new IAMClient(aws.clientConfig('admin'));
  for (let i = 0; i < 5; i++) {
    clock = T0 + i * 60_000;
    await iam.send(new CreateRoleCommand({ RoleName: `r${i}`, AssumeRolePolicyDocument: TRUST }));
  }
  clock = T0 + 5 * 60_000;
  await new IAMClient(aws.clientConfig('console')).send(new TagRoleCommand({ RoleName: 'r1', Tags: [{ Key: 'owner', Value: 'alice' }] }));
  clock = T0 + 6 * 60_000;
  await new STSClient(aws.clientConfig('admin')).send(
    new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/r0', RoleSessionName: 'ci' }),
  );
});

describe('records', () => {
  test('a console edit is recorded as an AssumedRole console session with userAgent "AWS Internal"', () => {
    const record = aws
      .instance()
      .cloudTrailEvents()
      .find((e) => e.eventName === 'TagRole')!;
    expect(record).toMatchObject({
      eventVersion: '1.09',
      eventTime: '2026-03-01T10:05:00Z',
      eventSource: 'iam.amazonaws.com',
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      userAgent: 'AWS Internal',
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '000000000000',
      eventCategory: 'Management',
      sessionCredentialFromConsole: 'true',
      userIdentity: {
        type: 'AssumedRole',
        principalId: stringMatching(/^AROA[A-Z2-7]{17}:console-user$/),
        arn: 'arn:aws:sts::000000000000:assumed-role/Admin/console-user',
        accountId: '000000000000',
        accessKeyId: 'console',
        sessionContext: {
          sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::000000000000:role/Admin', userName: 'Admin', accountId: '000000000000' },
          attributes: { mfaAuthenticated: 'true', creationDate: stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) },
        },
      },
    });
    expect(record.eventID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('a deploy-identity call is a Root event with the SDK user agent and no console marker', () => {
    const record = aws
      .instance()
      .cloudTrailEvents()
      .find((e) => e.eventName === 'CreateRole')!;
    expect(record.userIdentity).toEqual({
      type: 'Root',
      principalId: '000000000000',
      arn: 'arn:aws:iam::000000000000:root',
      accountId: '000000000000',
      accessKeyId: 'test',
    });
    expect(record.userAgent).toMatch(/aws-sdk-js/);
    expect(record).not.toHaveProperty('sessionCredentialFromConsole');
    expect(record.requestParameters).toMatchObject({ roleName: 'r0' });
  });

  test('cloudTrailEvents() lists every recorded event oldest first', () => {
    expect(
      aws
        .instance()
        .cloudTrailEvents()
        .map((e) => e.eventName),
    ).toEqual(['CreateRole', 'CreateRole', 'CreateRole', 'CreateRole', 'CreateRole', 'TagRole', 'AssumeRole']);
  });
});

describe('LookupEvents', () => {
  test('without filters returns all events newest first, with the record as CloudTrailEvent', async () => {
    const out = await lookup({});
    expect(out.Events?.map((e) => e.EventName)).toEqual([
      'AssumeRole',
      'TagRole',
      'CreateRole',
      'CreateRole',
      'CreateRole',
      'CreateRole',
      'CreateRole',
    ]);
    const tag = out.Events![1];
    expect(tag).toMatchObject({ EventSource: 'iam.amazonaws.com', Username: 'console-user', AccessKeyId: 'console', ReadOnly: 'false' });
    expect(tag.EventTime).toEqual(new Date('2026-03-01T10:05:00Z'));
    expect(tag.Resources).toEqual([{ ResourceType: 'AWS::IAM::Role', ResourceName: 'r1' }]);
    expect(JSON.parse(tag.CloudTrailEvent!)).toMatchObject({ eventID: tag.EventId, eventName: 'TagRole' });
    expect(out.NextToken).toBeUndefined();
  });

  test.each([
    ['EventName', 'TagRole', ['TagRole']],
    ['Username', 'console-user', ['TagRole']],
    ['Username', 'root', ['AssumeRole', 'CreateRole', 'CreateRole', 'CreateRole', 'CreateRole', 'CreateRole']],
    ['ResourceName', 'r1', ['TagRole', 'CreateRole']],
    ['ResourceType', 'AWS::IAM::Role', ['AssumeRole', 'TagRole', 'CreateRole', 'CreateRole', 'CreateRole', 'CreateRole', 'CreateRole']],
    ['EventSource', 'sts.amazonaws.com', ['AssumeRole']],
    ['AccessKeyId', 'console', ['TagRole']],
    ['ReadOnly', 'true', ['AssumeRole']],
  ] as const)('filters by %s = %s', async (key, value, names) => {
    const out = await lookup({ LookupAttributes: [{ AttributeKey: key, AttributeValue: value }] });
    expect(out.Events?.map((e) => e.EventName)).toEqual(names);
  });

  test('filters by EventId finds exactly that event', async () => {
    const id = aws.instance().cloudTrailEvents()[2].eventID;
    const out = await lookup({ LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: id }] });
    expect(out.Events?.map((e) => e.EventId)).toEqual([id]);
  });

  test('StartTime/EndTime keep only events inside the range (inclusive)', async () => {
    const out = await lookup({ StartTime: new Date(T0 + 60_000), EndTime: new Date(T0 + 3 * 60_000) });
    expect(out.Events?.map((e) => parseJson<CloudTrailRecord>(e.CloudTrailEvent).requestParameters?.roleName)).toEqual(['r3', 'r2', 'r1']);
  });

  test('pages with MaxResults and NextToken: newest first, no event twice, none left out', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    do {
      const page = await lookup({ MaxResults: 3, NextToken: token });
      sizes.push(page.Events!.length);
      seen.push(...page.Events!.map((e) => e.EventId!));
      token = page.NextToken;
    } while (token);
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(
      aws
        .instance()
        .cloudTrailEvents()
        .map((e) => e.eventID)
        .reverse(),
    );
  });

  test('events are per account and region: another account and another region see none', async () => {
    expect((await lookup({}, 'other')).Events).toEqual([]);
    expect((await trail('admin', 'eu-west-1').send(new LookupEventsCommand({}))).Events).toEqual([]);
  });

  test.each([
    [
      'two lookup attributes',
      'InvalidLookupAttributesException',
      {
        LookupAttributes: [
          { AttributeKey: 'EventName', AttributeValue: 'TagRole' },
          { AttributeKey: 'Username', AttributeValue: 'root' },
        ],
      },
    ],
    [
      'an unknown attribute key',
      'InvalidLookupAttributesException',
      { LookupAttributes: [{ AttributeKey: 'Colour' as never, AttributeValue: 'red' }] },
    ],
    ['StartTime after EndTime', 'InvalidTimeRangeException', { StartTime: new Date(T0 + 60_000), EndTime: new Date(T0) }],
    ['MaxResults 51', 'InvalidMaxResultsException', { MaxResults: 51 }],
    ['MaxResults 0', 'InvalidMaxResultsException', { MaxResults: 0 }],
    ['a made-up NextToken', 'InvalidNextTokenException', { NextToken: 'bm9wZQ==' }],
  ] as const)('%s is %s (400)', async (_what, name, input) => {
    await expect(lookup(input as LookupEventsCommandInput)).rejects.toMatchObject({ name, $metadata: { httpStatusCode: 400 } });
  });

  test('a NextToken reused with different filters is InvalidNextTokenException', async () => {
    const first = await lookup({ MaxResults: 2 });
    await expect(
      lookup({ MaxResults: 2, NextToken: first.NextToken, LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'root' }] }),
    ).rejects.toMatchObject({
      name: 'InvalidNextTokenException',
    });
  });
});
