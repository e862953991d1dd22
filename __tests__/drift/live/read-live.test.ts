/**
 * The live repository layer against the local endpoint over HTTP with the real SDK v3: both IAM
 * strategies, both Lambda strategies, pagination, adaptive retry under throttling, and read errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalAws } from '../../../local-aws';
import { readLive } from '../../../drift/live/read-live';
import { AwsClients, LAMBDA_BURST, LAMBDA_QUOTA_PER_SECOND } from '../../../drift/aws/clients';
import { quotaBucket, quotaName } from '../../../drift/aws/token-bucket';
import type { LiveInventory, LiveItem } from '../../../drift/model';
import { AddPermissionCommand, CreateAliasCommand, DeleteAliasCommand } from '@aws-sdk/client-lambda';
import { expectedFor, iamAs, iamFailingFor, lambdaAs, seedFunction, seedPolicy, seedRole, startEndpoint } from '../fixtures/seed';

const ROLE_COUNT = 120; // > 100: GetAccountAuthorizationDetails needs two pages
const FUNCTION_COUNT = 55; // > 50: ListFunctions needs two pages
const roleNames = Array.from({ length: ROLE_COUNT }, (_, i) => `role-${String(i).padStart(3, '0')}`);
const fnNames = Array.from({ length: FUNCTION_COUNT }, (_, i) => `fn-${String(i).padStart(2, '0')}`);

let aws: LocalAws;
let policyArn: string;
/** Tests not about Lambda pacing skip it (it is exercised, under the real quotas, in its own test). */
const FAST = { lambdaRatePerSecond: 0 } as const;

/** Maps as plain objects, so toEqual compares contents and reports differences readably. */
const plain = (live: LiveInventory) => ({
  roles: Object.fromEntries(live.roles),
  functions: Object.fromEntries(live.functions),
  customerPolicies: Object.fromEntries(live.customerPolicies),
  errors: live.errors,
});

beforeAll(async () => {
  aws = await startEndpoint();
  const iam = iamAs(aws);
  policyArn = await seedPolicy(iam, 'reader');
  for (const [i, name] of roleNames.entries()) {
    await seedRole(iam, {
      name,
      inline: i % 3,
      managed: i % 2 ? [policyArn, 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'] : [],
      tags: i % 4 ? { team: `t${i}`, env: 'test' } : {},
      description: i % 5 ? `role ${i}` : undefined,
      maxSessionDuration: i % 7 ? undefined : 7200,
    });
  }
  // One role with more inline policies than a ListRolePolicies page holds (100).
  await seedRole(iam, { name: 'many-inline', inline: 105, compact: true });
  for (const [i, name] of fnNames.entries()) await seedFunction(aws, name, roleNames[i], i % 2 === 0);
}, 120_000);

afterAll(async () => {
  await aws.close();
});

describe('live repository', () => {
  const all = [...roleNames, 'many-inline', 'not-there'];
  const fns = [...fnNames.map((name) => ({ name, qualifiers: ['1'] })), { name: 'fn-gone' }];
  const expected = () => expectedFor(all, fns, [policyArn, 'arn:aws:iam::000000000000:policy/deleted']);

  test('per-role and bulk strategies give identical LiveRoles, policies and functions', async () => {
    aws.resetCallCounts();
    const perRole = await readLive(expected(), { ...FAST, bulkThreshold: 10_000 });
    // The client-side counter agrees with what the endpoint served, operation by operation.
    expect(perRole.apiCalls).toEqual(aws.callCounts());
    aws.resetCallCounts();
    const bulk = await readLive(expected(), { ...FAST, bulkThreshold: 10 });
    expect(bulk.apiCalls).toEqual(aws.callCounts());

    expect(perRole.errors).toEqual([]);
    expect(plain(bulk)).toEqual(plain(perRole));
    expect(perRole.roles.size).toBe(ROLE_COUNT + 2);
    expect(perRole.roles.get('not-there')).toBe('missing');
    expect(perRole.functions.get('us-east-1/fn-gone')).toBe('missing');
    expect(perRole.customerPolicies.get('arn:aws:iam::000000000000:policy/deleted')).toBe('missing');

    // The strategies really differ on the wire.
    expect(perRole.apiCalls['iam:GetRole']).toBe(ROLE_COUNT + 2);
    expect(perRole.apiCalls['iam:GetAccountAuthorizationDetails']).toBeUndefined();
    expect(perRole.apiCalls['lambda:GetFunctionConfiguration']).toBe(FUNCTION_COUNT + 1);
    expect(bulk.apiCalls['iam:GetRole']).toBeUndefined();
    expect(bulk.apiCalls['lambda:ListFunctions']).toBe(2);
    expect(bulk.apiCalls['lambda:GetFunctionConfiguration']).toBeUndefined();
  });

  test('pagination: every role, inline policy and function is read across pages', async () => {
    const perRole = await readLive(expected(), { ...FAST, bulkThreshold: 10_000 });
    const bulk = await readLive(expected(), { ...FAST, bulkThreshold: 10 });
    for (const live of [perRole, bulk]) {
      const many = live.roles.get('many-inline');
      expect(many).not.toBe('missing');
      expect(Object.keys((many as Exclude<typeof many, 'missing' | undefined>).inlinePolicies)).toHaveLength(105);
      expect([...live.roles.values()].filter((r) => r !== 'missing')).toHaveLength(ROLE_COUNT + 1);
      expect([...live.functions.values()].filter((f) => f !== 'missing')).toHaveLength(FUNCTION_COUNT);
    }
    expect(perRole.apiCalls['iam:ListRolePolicies']).toBe(ROLE_COUNT + 1 + 1); // many-inline takes two pages
    expect(bulk.apiCalls['iam:GetAccountAuthorizationDetails']).toBeGreaterThanOrEqual(2);

    // Functions: an unpermissioned function has no policy (null), not an error.
    const withPolicy = perRole.functions.get('us-east-1/fn-00');
    const without = perRole.functions.get('us-east-1/fn-01');
    expect(withPolicy).toMatchObject({ roleArn: 'arn:aws:iam::000000000000:role/role-000' });
    expect(
      (JSON.parse((withPolicy as { policies: Record<string, string> }).policies['']) as { Statement: { Sid: string }[] }).Statement[0].Sid,
    ).toBe('apigw');
    expect(
      (JSON.parse((withPolicy as { policies: Record<string, string> }).policies['1']) as { Statement: { Sid: string }[] }).Statement[0].Sid,
    ).toBe('events');
    expect(without).toMatchObject({ policies: { '': null, '1': null } });
  });

  test('published versions and aliases are read too: a permission on a qualifier state does not declare is seen (unless allQualifiers: false)', async () => {
    // fn-02 has version 1 with an 'events' statement, and (below) alias `live` with its own 'partner' statement;
    // state declares no qualifier for it.
    const lambda = lambdaAs(aws);
    await lambda.send(new CreateAliasCommand({ FunctionName: 'fn-02', Name: 'live', FunctionVersion: '1' }));
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'fn-02',
        Qualifier: 'live',
        StatementId: 'partner',
        Action: 'lambda:InvokeFunction',
        Principal: '*',
      }),
    );
    const undeclared = () => expectedFor([], [{ name: 'fn-02' }]);
    try {
      const all = await readLive(undeclared());
      expect(all.functions.get('us-east-1/fn-02')).toMatchObject({
        policies: {
          '': expect.any(String),
          '1': expect.stringContaining('"Sid":"events"'),
          live: expect.stringContaining('"Sid":"partner"'),
        },
      });
      expect(all.apiCalls['lambda:ListVersionsByFunction']).toBe(1);
      expect(all.apiCalls['lambda:ListAliases']).toBe(1);
      const declaredOnly = await readLive(undeclared(), { allQualifiers: false });
      expect(Object.keys((declaredOnly.functions.get('us-east-1/fn-02') as { policies: object }).policies)).toEqual(['']);
      expect(declaredOnly.apiCalls['lambda:ListVersionsByFunction']).toBeUndefined();
      expect(declaredOnly.apiCalls['lambda:ListAliases']).toBeUndefined();
      // readAliases: false keeps the versions but lists no aliases: only an alias state declares is read.
      const noAliases = await readLive(undeclared(), { readAliases: false });
      expect(Object.keys((noAliases.functions.get('us-east-1/fn-02') as { policies: object }).policies).sort()).toEqual(['', '1']);
      expect(noAliases.apiCalls['lambda:ListAliases']).toBeUndefined();
      const declaredAlias = await readLive(expectedFor([], [{ name: 'fn-02', qualifiers: ['live'] }]), { readAliases: false });
      expect(declaredAlias.functions.get('us-east-1/fn-02')).toMatchObject({
        policies: { live: expect.stringContaining('"Sid":"partner"') },
      });
    } finally {
      await lambda.send(new DeleteAliasCommand({ FunctionName: 'fn-02', Name: 'live' }));
    }
  });

  test("Lambda reads are paced under the real quotas (quotas: 'aws-defaults'): no request is throttled", async () => {
    const clean = await readLive(expected(), { ...FAST, bulkThreshold: 10_000 });
    aws.setControls({ quotas: 'aws-defaults' });
    try {
      // maxAttempts 1: a throttled request would surface as a ReadError instead of hiding in a retry.
      const started = Date.now();
      const paced = await readLive(expected(), { bulkThreshold: 10_000, maxAttempts: 1 });
      const elapsed = Date.now() - started;
      expect(paced.errors).toEqual([]);
      // Paced, not lucky: beyond the burst, the control-plane calls took at least their count / 15 per second.
      const controlPlane =
        paced.apiCalls['lambda:GetFunctionConfiguration'] +
        paced.apiCalls['lambda:ListVersionsByFunction'] +
        paced.apiCalls['lambda:ListAliases'];
      expect(elapsed).toBeGreaterThanOrEqual(((controlPlane - LAMBDA_BURST) / LAMBDA_QUOTA_PER_SECOND) * 1000 * 0.95);
      expect(plain(paced)).toEqual(plain(clean));
      expect(paced.apiCalls).toEqual(clean.apiCalls);
    } finally {
      aws.setControls({ quotas: 'none' });
    }
  }, 60_000);

  test('many functions: ListFunctions(FunctionVersion=ALL) lists the published versions, so no ListVersionsByFunction is needed', async () => {
    // fn-02 has version 1 with an 'events' statement that state does not declare.
    const undeclared = () => expectedFor([], [{ name: 'fn-02' }, { name: 'fn-03' }]);
    const listed = await readLive(undeclared(), { ...FAST, bulkThreshold: 0 });
    const each = await readLive(undeclared(), { ...FAST, bulkThreshold: 10_000 });
    expect(listed.errors).toEqual([]);
    expect(listed.functions.get('us-east-1/fn-02')).toMatchObject({ policies: { '1': expect.stringContaining('"Sid":"events"') } });
    expect(plain(listed)).toEqual(plain(each));
    expect(listed.apiCalls['lambda:ListVersionsByFunction']).toBeUndefined();
    expect(listed.apiCalls['lambda:ListFunctions']).toBeGreaterThanOrEqual(2); // 55 functions and their versions: two pages
    expect(each.apiCalls['lambda:ListVersionsByFunction']).toBe(2);
  });

  test('every resource read is streamed once through onItem, the first functions long before the last read, and the stream equals the inventory', async () => {
    for (const bulkThreshold of [0, 10_000]) {
      const items: LiveItem[] = [];
      const clients = new AwsClients(FAST);
      let callsAtFirstFunction = -1;
      const live = await readLive(expected(), {
        clients,
        bulkThreshold,
        onItem: (item) => {
          if (item.kind === 'function' && callsAtFirstFunction < 0) callsAtFirstFunction = clients.counter.total();
          items.push(item);
        },
      });
      clients.destroy();
      expect(callsAtFirstFunction).toBeGreaterThan(0);
      expect(callsAtFirstFunction).toBeLessThan(clients.counter.total() / 2);
      const streamed = {
        roles: Object.fromEntries(items.flatMap((i) => (i.kind === 'role' ? [[i.name, i.live]] : []))),
        functions: Object.fromEntries(items.flatMap((i) => (i.kind === 'function' ? [[i.key, i.live]] : []))),
        customerPolicies: Object.fromEntries(items.flatMap((i) => (i.kind === 'customerPolicy' ? [[i.arn, i.live]] : []))),
      };
      expect(items).toHaveLength(live.roles.size + live.functions.size + live.customerPolicies.size);
      const { errors: _errors, ...inventory } = plain(live);
      expect(streamed).toEqual(inventory);
    }
  });

  test("a throttled Lambda request backs the quota's pacing off, and the read still completes", async () => {
    // The endpoint allows GetPolicy 4/s with no burst, well under the 15/s (burst 10) we pace at.
    aws.setControls({ quotas: { rules: [{ service: 'lambda', operation: 'GetPolicy', perSecond: 4, burst: 1 }] } });
    const bucket = quotaBucket(quotaName('lambda', '', 'us-east-1', 'GetPolicy'), {
      ratePerSecond: LAMBDA_QUOTA_PER_SECOND,
      capacity: LAMBDA_BURST,
    });
    const before = bucket.throttles;
    // The rate right after each throttle: it grows back within seconds, so reading it at the end would race.
    const ratesAfterThrottle: number[] = [];
    const throttled = bucket.throttled.bind(bucket);
    bucket.throttled = () => {
      throttled();
      ratesAfterThrottle.push(bucket.currentRate);
    };
    try {
      const small = () => expectedFor([], fns.slice(0, 12));
      const read = await readLive(small(), { bulkThreshold: 0, maxAttempts: 10 });
      expect(read.errors).toEqual([]);
      expect([...read.functions.values()].filter((f) => f !== 'missing')).toHaveLength(12);
      expect(bucket.throttles).toBeGreaterThan(before);
      expect(Math.min(...ratesAfterThrottle)).toBeLessThan(LAMBDA_QUOTA_PER_SECOND);
    } finally {
      bucket.throttled = throttled;
      aws.setControls({ quotas: 'none' });
    }
  }, 60_000);

  test('adaptive retry under 30% injected throttling still reads everything', async () => {
    // A slice of the account: adaptive mode slows down on purpose when throttled.
    const small = () => expectedFor([...roleNames.slice(0, 6), 'not-there'], fns.slice(0, 4), [policyArn]);
    const clean = await readLive(small(), { ...FAST, bulkThreshold: 10_000 });
    aws.setControls({ faults: { throttlePercent: 30, seed: 7 } });
    try {
      const throttled = await readLive(small(), { ...FAST, bulkThreshold: 10_000, maxAttempts: 12 });
      expect(throttled.errors).toEqual([]);
      expect(plain(throttled)).toEqual(plain(clean));
      const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
      // Retried attempts are counted: the throttled run made clearly more requests.
      expect(total(throttled.apiCalls)).toBeGreaterThan(total(clean.apiCalls) * 1.2);
    } finally {
      aws.setControls({ faults: {} });
    }
  }, 120_000);
});

describe('live repository: a persistent 5xx', () => {
  let failing: LocalAws;
  beforeAll(async () => {
    const { modules, fault } = iamFailingFor('broken');
    failing = await startEndpoint({ modules });
    const iam = iamAs(failing);
    await seedRole(iam, { name: 'healthy', inline: 1 });
    await seedRole(iam, { name: 'broken', inline: 1 });
    fault.enabled = true;
  });
  afterAll(async () => {
    await failing.close();
    process.env.AWS_ENDPOINT_URL = aws.endpoint;
  });

  test.each([
    ['per-role', 10_000],
    ['bulk', 0],
  ])('%s: the role that cannot be read becomes a ReadError naming it; the others are read', async (_label, bulkThreshold) => {
    const live = await readLive(expectedFor(['healthy', 'broken']), { bulkThreshold, maxAttempts: 2 });
    const perRole = bulkThreshold > 0;
    if (perRole) {
      expect(live.errors).toEqual([
        {
          resource: 'IAM role broken',
          message: expect.stringMatching(/^GetRole failed: ServiceUnavailable: .*HTTP 503, after 2 attempts$/),
        },
      ]);
      expect(live.roles.has('broken')).toBe(false);
      expect(live.roles.get('healthy')).toMatchObject({ name: 'healthy', inlinePolicies: { 'inline-0': expect.any(String) } });
    } else {
      // The account-wide read does not name roles, so it cannot fail for one role alone: it reads both.
      expect(live.errors).toEqual([]);
      expect(live.roles.get('broken')).toMatchObject({ name: 'broken' });
    }
    expect(live.apiCalls['iam:GetRole'] ?? 0).toBe(perRole ? 3 : 0); // healthy once, broken twice (one retry)
  });
});

describe('live repository: credentials', () => {
  const saved = { ...process.env };
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'drift-profile-'));
    writeFileSync(join(dir, 'credentials'), '[drift-reader]\naws_access_key_id = test\naws_secret_access_key = test\n');
    writeFileSync(join(dir, 'config'), '[profile drift-reader]\nregion = us-east-1\n');
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  test('a named profile supplies the credentials (--profile), ahead of environment keys', async () => {
    // Environment keys the endpoint does not know: reading with them fails...
    process.env.AWS_ACCESS_KEY_ID = 'unknown';
    process.env.AWS_SECRET_ACCESS_KEY = 'unknown';
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    const withEnv = await readLive(expectedFor([roleNames[0]]), { maxAttempts: 1 });
    expect(withEnv.errors).toEqual([{ resource: `IAM role ${roleNames[0]}`, message: expect.stringContaining('GetRole failed') }]);
    // ...while the profile's keys work. (The SDK warns that both sources are set; expected here.)
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const withProfile = await readLive(expectedFor([roleNames[0]]), { profile: 'drift-reader', maxAttempts: 1 });
    expect(withProfile.errors).toEqual([]);
    expect(withProfile.roles.get(roleNames[0])).toMatchObject({ name: roleNames[0] });
    warn.mockRestore();
  });
});
