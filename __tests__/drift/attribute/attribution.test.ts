/**
 * CloudTrail attribution against the local endpoint (real SDK over HTTP, the endpoint's CloudTrail
 * records what each identity did): console vs deploy identity, Lambda's versioned event names, the
 * newest event wins, and LookupEvents stays within AWS's 2 requests/s under the real quota.
 */
import { AttachRolePolicyCommand, UpdateRoleDescriptionCommand } from '@aws-sdk/client-iam';
import { AddPermissionCommand } from '@aws-sdk/client-lambda';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { startLocalAws, type LocalAws } from '../../../local-aws';
import { defaultServiceModules } from '../../../local-aws/core/registry';
import { AwsError } from '../../../local-aws/types';
import { AwsClients } from '../../../drift/aws/clients';
import { EventLookup } from '../../../drift/attribute/cloudtrail-events';
import { attributeFindings } from '../../../drift/attribute/attribute';
import type { Attribution, AttributionQuery, PendingFinding } from '../../../drift/model';
import { compareRole } from '../../../drift/compare/compare-role';
import { iamAs, lambdaAs, seedFunction, seedRole, startEndpoint } from '../fixtures/seed';
import { expectedRole, liveRole } from '../fixtures/builders';

const CONSOLE_ARN = 'arn:aws:sts::000000000000:assumed-role/Admin/console-user';
const DEPLOY_ARN = 'arn:aws:iam::000000000000:root';
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const XRAY = 'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess';
const RATE_ROLES = Array.from({ length: 8 }, (_, i) => `rate-${i}`);

let aws: LocalAws;

function pending(code: PendingFinding['code'], q: AttributionQuery): PendingFinding {
  return {
    code,
    severity: 'high',
    reason: 'test',
    resource: { type: 'aws_iam_role', name: q.resourceName, arn: null, address: null },
    source: 'test',
    account: null,
    region: q.region,
    fingerprint: `${code} ${q.resourceName}`,
    differences: [],
    remediation: 'terraform apply',
    attributionQuery: q,
  };
}

const iamQuery = (resourceName: string, eventNames: string[]): AttributionQuery => ({
  eventSource: 'iam.amazonaws.com',
  eventNames,
  resourceName,
  region: 'us-east-1',
});

beforeAll(async () => {
  aws = await startEndpoint({ quotas: 'aws-defaults' });
  const iam = iamAs(aws);
  const consoleIam = iamAs(aws, 'console');
  for (const name of ['edited-in-console', 'edited-by-deploy', 'two-attachments', ...RATE_ROLES]) await seedRole(iam, { name });
  await seedFunction(aws, 'orders', 'edited-in-console', false);

  await consoleIam.send(new AttachRolePolicyCommand({ RoleName: 'edited-in-console', PolicyArn: BASIC }));
  // Same role edited twice: first in the console, then by the deploy identity; the newest must win.
  await consoleIam.send(new UpdateRoleDescriptionCommand({ RoleName: 'edited-by-deploy', Description: 'console' }));
  await new Promise((r) => setTimeout(r, 20));
  await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'edited-by-deploy', Description: 'pipeline' }));
  await lambdaAs(aws, 'console').send(
    new AddPermissionCommand({
      FunctionName: 'orders',
      StatementId: 'manual',
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
    }),
  );
  for (const name of RATE_ROLES) await consoleIam.send(new UpdateRoleDescriptionCommand({ RoleName: name, Description: 'x' }));
  // Alice (the console user) attaches AdministratorAccess; later CI (the deploy identity) attaches another policy.
  await consoleIam.send(new AttachRolePolicyCommand({ RoleName: 'two-attachments', PolicyArn: ADMIN }));
  await new Promise((r) => setTimeout(r, 20));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'two-attachments', PolicyArn: XRAY }));
}, 60_000);

afterAll(async () => {
  await aws.close();
});

test('attribution picks the console event, labels the deploy identity, and matches Lambda versioned names', async () => {
  const clients = new AwsClients();
  try {
    const lookup = new EventLookup({ clientFor: (r) => clients.cloudTrail(r), since: new Date(Date.now() - 3_600_000) });
    const { findings, warnings } = await attributeFindings(
      [
        pending('MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', iamQuery('edited-in-console', ['AttachRolePolicy'])),
        pending('DESCRIPTION_CHANGED', iamQuery('edited-by-deploy', ['UpdateRoleDescription', 'UpdateRole'])),
        pending('INVOKE_PERMISSION_ADDED', {
          eventSource: 'lambda.amazonaws.com',
          eventNames: ['AddPermission'],
          resourceName: 'orders',
          region: 'us-east-1',
        }),
        pending('TAGS_CHANGED', iamQuery('edited-in-console', ['TagRole', 'UntagRole'])),
      ],
      { lookup, deployIdentity: DEPLOY_ARN },
    );
    expect(warnings).toEqual([]);
    const [attached, described, permission, tags] = findings.map((f) => f.attribution);

    expect(attached).toMatchObject({ actor: CONSOLE_ARN, eventName: 'AttachRolePolicy', viaConsole: true, byDeployIdentity: false });
    expect(attached!.summary).toBe(`manual console edit by ${CONSOLE_ARN} at ${attached!.eventTime}`);

    expect(described).toMatchObject({ actor: DEPLOY_ARN, eventName: 'UpdateRoleDescription', viaConsole: false, byDeployIdentity: true });
    expect(described!.summary).toBe(`by the deploy identity ${DEPLOY_ARN} at ${described!.eventTime} (a Terraform run or pipeline)`);

    expect(permission).toMatchObject({ actor: CONSOLE_ARN, eventName: expect.stringMatching(/^AddPermission20150331/), viaConsole: true });
    // No TagRole event exists for that role: the finding stays, unattributed, and says CloudTrail was read.
    expect(tags).toBeNull();
    expect(findings.map((f) => f.attributionStatus)).toEqual(['attributed', 'attributed', 'attributed', 'no-matching-event']);
    // One lookup per distinct (region, resource): edited-in-console was asked for twice.
    expect(clients.counter.snapshot()['cloudtrail:LookupEvents']).toBe(3);
  } finally {
    clients.destroy();
  }
});

test('each attachment finding is attributed to the event that attached that policy, not the newest on the role', async () => {
  const clients = new AwsClients();
  try {
    const lookup = new EventLookup({ clientFor: (r) => clients.cloudTrail(r), since: new Date(Date.now() - 3_600_000) });
    const pendingFindings = compareRole(
      expectedRole({ name: 'two-attachments', managedPolicies: {}, inlinePolicies: {} }),
      liveRole({ name: 'two-attachments', attachedPolicyArns: [ADMIN, XRAY, BASIC], inlinePolicies: {} }),
      { functionsUsingRole: [], customerPolicyDocuments: new Map(), iamRegion: 'us-east-1', origin: { source: 'test', account: null } },
    ).filter((f) => f.code === 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM');
    const { findings } = await attributeFindings(pendingFindings, { lookup, deployIdentity: DEPLOY_ARN });
    const byArn: Record<string, Attribution | null> = Object.fromEntries(findings.map((f) => [f.resource.arn ?? '', f.attribution]));
    expect(byArn[ADMIN]).toMatchObject({ actor: CONSOLE_ARN, eventName: 'AttachRolePolicy', viaConsole: true, byDeployIdentity: false });
    expect(byArn[XRAY]).toMatchObject({ actor: DEPLOY_ARN, eventName: 'AttachRolePolicy', byDeployIdentity: true });
    // No event attached BASIC to this role in the window: unattributed, not the nearest AttachRolePolicy.
    expect(byArn[BASIC]).toBeNull();
  } finally {
    clients.destroy();
  }
});

test('without a deploy identity, a non-console change is labelled CLI/SDK', async () => {
  const clients = new AwsClients();
  try {
    const lookup = new EventLookup({ clientFor: (r) => clients.cloudTrail(r), since: new Date(Date.now() - 3_600_000) });
    const { findings } = await attributeFindings(
      [pending('DESCRIPTION_CHANGED', iamQuery('edited-by-deploy', ['UpdateRoleDescription']))],
      { lookup },
    );
    expect(findings[0].attribution).toMatchObject({ actor: DEPLOY_ARN, viaConsole: false, byDeployIdentity: false });
    expect(findings[0].attribution!.summary).toMatch(/^changed outside Terraform via CLI\/SDK by arn:aws:iam::000000000000:root at /);
  } finally {
    clients.destroy();
  }
});

test("LookupEvents stays at ≤ 2 requests/s under quotas: 'aws-defaults' without throttling errors", async () => {
  const clients = new AwsClients({ maxAttempts: 1 }); // a throttled request would fail, not hide in a retry
  const sentAt: number[] = [];
  clients.cloudTrail('us-east-1').middlewareStack.add(
    (next) => async (args) => {
      sentAt.push(Date.now());
      return next(args);
    },
    { step: 'finalizeRequest' },
  );
  const before = aws.callCounts()['cloudtrail:LookupEvents'] ?? 0;
  try {
    const lookup = new EventLookup({ clientFor: (r) => clients.cloudTrail(r), since: new Date(Date.now() - 3_600_000) });
    const { findings, warnings } = await attributeFindings(
      RATE_ROLES.map((name) => pending('DESCRIPTION_CHANGED', iamQuery(name, ['UpdateRoleDescription']))),
      { lookup },
    );
    expect(warnings).toEqual([]);
    expect(findings.every((f) => f.attribution?.viaConsole)).toBe(true);
    expect(sentAt).toHaveLength(RATE_ROLES.length);
    expect((aws.callCounts()['cloudtrail:LookupEvents'] ?? 0) - before).toBe(RATE_ROLES.length);
    // The endpoint's own 2/s bucket refused none of them (maxAttempts 1: a throttle would be a warning), and
    // the requests were spread at 2/s: N requests span at least (N - 1) × 500 ms, less one interval for the
    // jitter between a token's grant and the request leaving (a loaded CI machine bunches two of them).
    expect(sentAt[sentAt.length - 1] - sentAt[0]).toBeGreaterThanOrEqual((RATE_ROLES.length - 2) * 500);
  } finally {
    clients.destroy();
  }
}, 30_000);

test('a CloudTrail failure leaves the findings, says the lookup failed (never "unattributed"), and returns one warning per lookup', async () => {
  // The endpoint's CloudTrail refuses this reader (as a drift job without cloudtrail:LookupEvents would be).
  const modules = defaultServiceModules().map((m) =>
    m.signingName !== 'cloudtrail'
      ? m
      : {
          ...m,
          handle: () => {
            throw new AwsError('AccessDeniedException', 'User is not authorized to perform: cloudtrail:LookupEvents', 400);
          },
        },
  );
  const denied = await startLocalAws({ port: 0, modules });
  const client = new CloudTrailClient({
    endpoint: denied.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  try {
    const lookup = new EventLookup({ clientFor: () => client, since: new Date(Date.now() - 3_600_000) });
    const { findings, warnings } = await attributeFindings(
      [
        pending('DESCRIPTION_CHANGED', iamQuery('edited-by-deploy', ['UpdateRoleDescription'])),
        pending('TAGS_CHANGED', iamQuery('edited-by-deploy', ['TagRole'])),
      ],
      { lookup },
    );
    expect(findings.map((f) => [f.code, f.attribution, f.attributionStatus])).toEqual([
      ['DESCRIPTION_CHANGED', null, 'lookup-failed'],
      ['TAGS_CHANGED', null, 'lookup-failed'],
    ]);
    expect(warnings).toEqual([
      {
        code: 'ATTRIBUTION_LOOKUP_FAILED',
        resource: 'CloudTrail us-east-1 edited-by-deploy',
        message: expect.stringMatching(/LookupEvents failed: AccessDeniedException: User is not authorized/),
      },
    ]);
  } finally {
    client.destroy();
    await denied.close();
  }
});
