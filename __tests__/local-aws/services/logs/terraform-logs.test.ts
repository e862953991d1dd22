/**
 * aws_cloudwatch_log_group through the real Terraform provider 5.100.0: created with retention, a KMS key,
 * tags and a log class (and one by name_prefix in the infrequent-access class), read back with an empty
 * plan, updated in place (retention, key and tags changed, then key and retention removed), and destroyed
 * without leaving a log group. The provider's calls are the ones the endpoint serves; the test names them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch-logs';
import { withLocalAws } from '../../../helpers/local-aws';
import { createTerraformWorkdir, type TerraformWorkdir } from '../../../helpers/terraform-workdir';

const aws = withLocalAws();
let wd: TerraformWorkdir;
let logs: CloudWatchLogsClient;

const KEY_A = 'arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_B = 'arn:aws:kms:us-east-1:000000000000:key/9999abcd-12ab-34cd-56ef-1234567890ab';
const NAME = '/aws/lambda/tf-logs-fn';
const GROUP_ARN = `arn:aws:logs:us-east-1:000000000000:log-group:${NAME}`;

function vars(retention: number, kmsKeyId: string | null, team: string): string[] {
  wd.writeFile('terraform.tfvars.json', JSON.stringify({ retention_in_days: retention, kms_key_id: kmsKeyId, team }));
  return [];
}

async function groups() {
  return (await logs.send(new DescribeLogGroupsCommand({}))).logGroups ?? [];
}

/** The function's group; DescribeLogGroups lists by name, so it comes before /tf/archive-…. */
async function fnGroup() {
  const [first] = await groups();
  expect(first.logGroupName).toBe(NAME);
  return first;
}

beforeAll(async () => {
  wd = createTerraformWorkdir({
    endpoint: aws.endpoint(),
    hcl: readFileSync(join(__dirname, 'hcl', 'log-group.tf'), 'utf8'),
    providerExtra: { skip_metadata_api_check: true },
    prefix: 'tf-logs-',
  });
  logs = new CloudWatchLogsClient(aws.clientConfig());
  await wd.init();
}, 120_000);

afterAll(() => {
  logs?.destroy();
  wd?.cleanup();
});

test('apply creates both log groups as configured, the plan is empty, updates in place (set, change, remove) plan empty, destroy removes them', async () => {
  await wd.apply(vars(30, KEY_A, 'a'));
  const [fn, archive] = await groups();
  expect(fn).toMatchObject({
    logGroupName: NAME,
    retentionInDays: 30,
    kmsKeyId: KEY_A,
    logGroupClass: 'STANDARD',
    arn: `${GROUP_ARN}:*`,
    logGroupArn: GROUP_ARN,
  });
  expect(archive).toMatchObject({
    logGroupClass: 'INFREQUENT_ACCESS',
    logGroupName: expect.stringMatching(/^\/tf\/archive-\d+$/) as unknown,
  });
  expect(archive.retentionInDays).toBeUndefined();
  expect((await logs.send(new ListTagsForResourceCommand({ resourceArn: GROUP_ARN }))).tags).toEqual({ team: 'a' });
  expect((await wd.outputs()).arn).toBe(GROUP_ARN);
  await wd.expectEmptyPlan(vars(30, KEY_A, 'a'));

  await wd.apply(vars(90, KEY_B, 'b'));
  expect(await fnGroup()).toMatchObject({ retentionInDays: 90, kmsKeyId: KEY_B });
  expect((await logs.send(new ListTagsForResourceCommand({ resourceArn: GROUP_ARN }))).tags).toEqual({ team: 'b' });
  await wd.expectEmptyPlan(vars(90, KEY_B, 'b'));

  // retention_in_days 0 and no key: the provider removes both (DeleteRetentionPolicy, DisassociateKmsKey).
  await wd.apply(vars(0, null, 'b'));
  const cleared = await fnGroup();
  expect(cleared.retentionInDays).toBeUndefined();
  expect(cleared.kmsKeyId).toBeUndefined();
  await wd.expectEmptyPlan(vars(0, null, 'b'));

  await wd.destroy(vars(0, null, 'b'));
  expect(await groups()).toEqual([]);
  expect(aws.instance().snapshot().services.logs).toEqual({ accounts: { '000000000000': { 'us-east-1': { logGroups: {} } } } });

  // What provider 5.100.0 called for all of this: every one is served (none answered an error).
  const calls = Object.keys(aws.instance().callCounts()).filter((c) => c.startsWith('logs:'));
  expect(calls.sort()).toEqual(
    [
      'logs:AssociateKmsKey',
      'logs:CreateLogGroup',
      'logs:DeleteLogGroup',
      'logs:DeleteRetentionPolicy',
      'logs:DescribeLogGroups',
      'logs:DisassociateKmsKey',
      'logs:ListTagsForResource',
      'logs:PutRetentionPolicy',
      'logs:TagResource',
    ].sort(),
  );
}, 540_000);
