/**
 * The CloudWatch Logs module through the real SDK v3 client (JSON 1.1 over HTTP, signed for `logs`): log
 * groups with their settings as DescribeLogGroups reports them, retention, KMS keys, tags in both API
 * families, paging, the service's error shapes, CloudTrail records, and state that is per account and
 * region and survives snapshot/restore.
 */
import {
  AssociateKmsKeyCommand,
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DisassociateKmsKeyCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutRetentionPolicyCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagLogGroupCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { withLocalAws } from '../../../helpers/local-aws';
import { rejectionOf } from '../../support';

const aws = withLocalAws();
let logs: CloudWatchLogsClient;
const clients: { destroy(): void }[] = [];

const ACCOUNT = '000000000000';
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const arnOf = (name: string) => `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${name}`;

function client(creds: 'admin' | 'other' = 'admin', region = 'us-east-1'): CloudWatchLogsClient {
  const c = new CloudWatchLogsClient(aws.clientConfig(creds, region));
  clients.push(c);
  return c;
}

async function describe1(name: string) {
  const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  return out.logGroups?.find((g) => g.logGroupName === name);
}

beforeAll(() => {
  logs = client();
});
beforeEach(() => aws.instance().reset());
afterAll(() => clients.forEach((c) => c.destroy()));

describe('log groups', () => {
  test('CreateLogGroup stores class, key and tags; DescribeLogGroups reports arn with :*, logGroupArn without, creationTime and zero counters', async () => {
    const before = Date.now();
    await logs.send(
      new CreateLogGroupCommand({
        logGroupName: '/aws/lambda/orders',
        kmsKeyId: KEY,
        logGroupClass: 'INFREQUENT_ACCESS',
        tags: { team: 'orders' },
      }),
    );
    const group = await describe1('/aws/lambda/orders');
    expect(group).toEqual({
      logGroupName: '/aws/lambda/orders',
      creationTime: expect.any(Number) as unknown,
      metricFilterCount: 0,
      arn: `${arnOf('/aws/lambda/orders')}:*`,
      logGroupArn: arnOf('/aws/lambda/orders'),
      storedBytes: 0,
      kmsKeyId: KEY,
      logGroupClass: 'INFREQUENT_ACCESS',
    });
    expect(group!.creationTime).toBeGreaterThanOrEqual(before - 1000);
    expect((await logs.send(new ListTagsForResourceCommand({ resourceArn: arnOf('/aws/lambda/orders') }))).tags).toEqual({
      team: 'orders',
    });
  });

  test('a group created without class or key is STANDARD with no kmsKeyId and no retentionInDays', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'plain' }));
    const group = await describe1('plain');
    expect(group?.logGroupClass).toBe('STANDARD');
    expect(group).not.toHaveProperty('kmsKeyId');
    expect(group).not.toHaveProperty('retentionInDays');
  });

  test('creating an existing group is ResourceAlreadyExistsException; deleting a missing one ResourceNotFoundException (both 400)', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'dup' }));
    expect(await rejectionOf(logs.send(new CreateLogGroupCommand({ logGroupName: 'dup' })))).toMatchObject({
      name: 'ResourceAlreadyExistsException',
      message: 'The specified log group already exists',
      $metadata: { httpStatusCode: 400 },
    });
    await logs.send(new DeleteLogGroupCommand({ logGroupName: 'dup' }));
    expect(await rejectionOf(logs.send(new DeleteLogGroupCommand({ logGroupName: 'dup' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  test('names outside [.-_/#A-Za-z0-9], over 512 characters or starting with aws/ are InvalidParameterException naming the value', async () => {
    for (const name of ['has space', 'x'.repeat(513), 'aws/reserved']) {
      const err = await rejectionOf(logs.send(new CreateLogGroupCommand({ logGroupName: name })));
      expect(err).toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
      expect(err.message).toContain(name.slice(0, 20));
    }
  });

  test('a KMS key must be a key ARN in the group region; an alias, a bare id or another region is refused', async () => {
    for (const kmsKeyId of ['alias/logs', '1234abcd-12ab-34cd-56ef-1234567890ab', KEY.replace('us-east-1', 'eu-west-1')]) {
      const err = await rejectionOf(logs.send(new CreateLogGroupCommand({ logGroupName: 'keyed', kmsKeyId })));
      expect(err.name).toBe('InvalidParameterException');
      expect(err.message).toContain(kmsKeyId);
    }
    expect(await describe1('keyed')).toBeUndefined();
  });

  test('logGroupClass outside STANDARD and INFREQUENT_ACCESS is InvalidParameterException listing the values', async () => {
    const err = await rejectionOf(logs.send(new CreateLogGroupCommand({ logGroupName: 'c', logGroupClass: 'DELIVERY' })));
    expect(err.name).toBe('InvalidParameterException');
    expect(err.message).toContain('STANDARD, INFREQUENT_ACCESS');
  });
});

describe('retention and keys', () => {
  test('PutRetentionPolicy takes only the listed periods; DeleteRetentionPolicy clears it', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'r' }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: 'r', retentionInDays: 400 }));
    expect((await describe1('r'))?.retentionInDays).toBe(400);
    for (const retentionInDays of [2, 0, 10000]) {
      const err = await rejectionOf(logs.send(new PutRetentionPolicyCommand({ logGroupName: 'r', retentionInDays })));
      expect(err.name).toBe('InvalidParameterException');
      expect(err.message).toContain(`Value '${retentionInDays}' at 'retentionInDays'`);
    }
    expect((await describe1('r'))?.retentionInDays).toBe(400);
    await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: 'r' }));
    expect(await describe1('r')).not.toHaveProperty('retentionInDays');
    expect(await rejectionOf(logs.send(new PutRetentionPolicyCommand({ logGroupName: 'missing', retentionInDays: 1 })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  test('AssociateKmsKey sets the key and DisassociateKmsKey removes it; a group can also be named by resourceIdentifier', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'k' }));
    await logs.send(new AssociateKmsKeyCommand({ logGroupName: 'k', kmsKeyId: KEY }));
    expect((await describe1('k'))?.kmsKeyId).toBe(KEY);
    await logs.send(new DisassociateKmsKeyCommand({ resourceIdentifier: arnOf('k') }));
    expect(await describe1('k')).not.toHaveProperty('kmsKeyId');
    expect((await rejectionOf(logs.send(new AssociateKmsKeyCommand({ logGroupName: 'k', kmsKeyId: 'alias/x' })))).name).toBe(
      'InvalidParameterException',
    );
  });
});

describe('tags', () => {
  test('TagResource/UntagResource/ListTagsForResource by the ARN without :*, and the older *LogGroup calls by name, change the same tags', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: 't', tags: { a: '1' } }));
    await logs.send(new TagResourceCommand({ resourceArn: arnOf('t'), tags: { b: '2' } }));
    await logs.send(new TagLogGroupCommand({ logGroupName: 't', tags: { c: '3' } }));
    expect((await logs.send(new ListTagsLogGroupCommand({ logGroupName: 't' }))).tags).toEqual({ a: '1', b: '2', c: '3' });
    await logs.send(new UntagLogGroupCommand({ logGroupName: 't', tags: ['a'] }));
    await logs.send(new UntagResourceCommand({ resourceArn: arnOf('t'), tagKeys: ['c'] }));
    expect((await logs.send(new ListTagsForResourceCommand({ resourceArn: arnOf('t') }))).tags).toEqual({ b: '2' });
  });

  test('the ARN with :* is refused with the ARN to use; an unknown group is ResourceNotFoundException; aws: keys are reserved', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: 't2' }));
    const star = await rejectionOf(logs.send(new ListTagsForResourceCommand({ resourceArn: `${arnOf('t2')}:*` })));
    expect(star.name).toBe('InvalidParameterException');
    expect(star.message).toContain(`without it (logGroupArn in DescribeLogGroups): ${arnOf('t2')}.`);
    expect((await rejectionOf(logs.send(new ListTagsForResourceCommand({ resourceArn: arnOf('nope') })))).name).toBe(
      'ResourceNotFoundException',
    );
    const reserved = await rejectionOf(logs.send(new TagResourceCommand({ resourceArn: arnOf('t2'), tags: { 'aws:owner': 'x' } })));
    expect(reserved).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining("'aws:owner'") as unknown });
  });

  test('at most 50 tags: the 51st is refused and nothing is added', async () => {
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'many', tags: fifty }));
    const err = await rejectionOf(logs.send(new TagResourceCommand({ resourceArn: arnOf('many'), tags: { extra: 'v' } })));
    expect(err.message).toContain('at most 50 tags; this request would leave 51');
    expect(Object.keys((await logs.send(new ListTagsLogGroupCommand({ logGroupName: 'many' }))).tags ?? {})).toHaveLength(50);
  });
});

describe('DescribeLogGroups', () => {
  beforeEach(async () => {
    for (const name of ['/aws/lambda/a', '/aws/lambda/b', '/aws/lambda/c', '/app/Orders', '/app/orders-archive']) {
      await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    }
  });

  test('pages by limit in name order with a nextToken, and the last page has none', async () => {
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const out = await logs.send(new DescribeLogGroupsCommand({ limit: 2, nextToken }));
      names.push(...(out.logGroups ?? []).map((g) => g.logGroupName!));
      nextToken = out.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(names).toEqual(['/app/Orders', '/app/orders-archive', '/aws/lambda/a', '/aws/lambda/b', '/aws/lambda/c']);
  });

  test('a prefix filters by name start; a pattern is a case-sensitive substring; both at once is refused', async () => {
    const byPrefix = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    expect(byPrefix.logGroups?.map((g) => g.logGroupName)).toEqual(['/aws/lambda/a', '/aws/lambda/b', '/aws/lambda/c']);
    const byPattern = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'orders' }));
    expect(byPattern.logGroups?.map((g) => g.logGroupName)).toEqual(['/app/orders-archive']);
    const both = await rejectionOf(logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/a', logGroupNamePattern: 'a' })));
    expect(both).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('mutually exclusive') as unknown });
  });

  test('limit above 50 is refused; a token is bound to the filters it was issued for', async () => {
    expect((await rejectionOf(logs.send(new DescribeLogGroupsCommand({ limit: 51 })))).message).toContain("Value '51' at 'limit'");
    const first = await logs.send(new DescribeLogGroupsCommand({ limit: 1, logGroupNamePrefix: '/aws/' }));
    expect(first.nextToken).toBeDefined();
    const reused = await rejectionOf(logs.send(new DescribeLogGroupsCommand({ limit: 1, nextToken: first.nextToken })));
    expect(reused).toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('nextToken is invalid') as unknown,
    });
  });
});

describe('recording and state', () => {
  test('mutating calls are CloudTrail events of logs.amazonaws.com with the request and the log group; reads are not recorded', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'audited', tags: { a: '1' } }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: 'audited', retentionInDays: 7 }));
    await logs.send(new DescribeLogGroupsCommand({}));
    const events = aws
      .instance()
      .cloudTrailEvents()
      .filter((e) => e.eventSource === 'logs.amazonaws.com');
    expect(events.map((e) => e.eventName)).toEqual(['CreateLogGroup', 'PutRetentionPolicy']);
    expect(events[0]).toMatchObject({
      requestParameters: { logGroupName: 'audited', tags: { a: '1' } },
      responseElements: null,
      awsRegion: 'us-east-1',
      readOnly: false,
    });
    const cloudtrail = new CloudTrailClient(aws.clientConfig());
    clients.push(cloudtrail);
    const found = await cloudtrail.send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'audited' }] }),
    );
    expect(found.Events?.map((e) => e.EventName)).toEqual(['PutRetentionPolicy', 'CreateLogGroup']);
    expect(found.Events?.[0].Resources).toEqual([{ ResourceType: 'AWS::Logs::LogGroup', ResourceName: 'audited' }]);
  });

  test('log groups are per account and region; snapshot/restore brings them back and reset empties them', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'mine' }));
    expect((await client('admin', 'eu-west-1').send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
    expect((await client('other').send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
    await client('other').send(new CreateLogGroupCommand({ logGroupName: 'mine' }));
    const snapshot = aws.instance().snapshot();
    aws.instance().reset();
    expect(await describe1('mine')).toBeUndefined();
    aws.instance().restore(snapshot);
    expect((await describe1('mine'))?.logGroupArn).toBe(arnOf('mine'));
    expect((await client('other').send(new DescribeLogGroupsCommand({}))).logGroups?.[0].logGroupArn).toBe(
      'arn:aws:logs:us-east-1:111111111111:log-group:mine',
    );
  });
});
