import { runChecks, formatChecksReport, MIN_REASON_LENGTH, type CheckEntry } from '../../../modules/checks/run-checks';
import { ALL_CHECKS } from '../../../modules/checks';
import type { PolicyCheck, Suppression } from '../../../modules/checks/types';
import { identityPolicy, invokePermission, managedAttachment, trustPolicy } from './subjects';
import { objectContaining, textContaining, textMatching } from '../../helpers/synth';

const s3Wildcards = identityPolicy({ actions: ['s3:*', 'sqs:*'], resources: ['arn:aws:s3:::uploads/*'] });
const entry = (subject: CheckEntry['subject'], suppressions: Suppression[] = []): CheckEntry => ({ subject, suppressions });
const ids = (findings: readonly { checkId: string }[]) => findings.map((f) => f.checkId);

describe('runChecks: findings', () => {
  test('splits unsuppressed findings into errors and warnings, sorted by path and check id', () => {
    const report = runChecks([
      entry(identityPolicy({ actions: ['s3:Get*'], resources: ['arn:aws:s3:::b/*'] })),
      entry(managedAttachment('arn:aws:iam::aws:policy/AdministratorAccess')),
      entry(trustPolicy({ actions: ['sts:AssumeRole'], principals: { Service: 'lambda.amazonaws.com' } })),
    ]);
    expect(ids(report.errors)).toEqual(['LR-IAM-ADMIN-MANAGED-POLICY']);
    expect(ids(report.warnings)).toEqual(['LR-IAM-PARTIAL-WILDCARD-ACTION']);
    expect(report.findings.map((f) => f.path)).toEqual(['stack/fn/role/attach', 'stack/fn/role/inline']);
    expect(report.suppressed).toEqual([]);
  });

  test('a clean subject yields an empty report', () => {
    const report = runChecks([entry(identityPolicy({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }))]);
    expect(report).toEqual({ findings: [], suppressed: [], errors: [], warnings: [] });
  });

  test('runs only the checks it is given', () => {
    const report = runChecks(
      [entry(managedAttachment('arn:aws:iam::aws:policy/AdministratorAccess'))],
      ALL_CHECKS.filter((c) => c.id !== 'LR-IAM-ADMIN-MANAGED-POLICY'),
    );
    expect(report.findings).toEqual([]);
  });

  test('a check that throws becomes an LR-CHECK-FAILED error instead of passing silently', () => {
    const broken: PolicyCheck = {
      id: 'LR-TEST-BROKEN',
      level: 'warning',
      description: 'throws',
      check: () => {
        throw new Error('boom');
      },
    };
    const report = runChecks([entry(s3Wildcards)], [broken]);
    expect(report.errors).toEqual([
      objectContaining({
        checkId: 'LR-CHECK-FAILED',
        path: s3Wildcards.path,
        message: textContaining('LR-TEST-BROKEN failed on this identity-policy: boom'),
      }),
    ]);
  });

  test('identical findings are reported once', () => {
    const twice = identityPolicy(
      { actions: ['s3:*'], resources: ['arn:aws:s3:::a/*'] },
      { actions: ['s3:*'], resources: ['arn:aws:s3:::a/*'] },
    );
    expect(runChecks([entry(twice)]).errors).toHaveLength(1);
  });
});

describe('runChecks: suppression matching', () => {
  test('a suppression by id silences every finding of that check on the subject, keeping its reason', () => {
    const report = runChecks([entry(s3Wildcards, [{ id: 'LR-IAM-WILDCARD-ACTION', reason: 'migration tool needs the whole bucket API' }])]);
    expect(report.errors).toEqual([]);
    expect(report.suppressed.map((s) => [s.finding.appliesTo, s.reason])).toEqual([
      ['Action::s3:*', 'migration tool needs the whole bucket API'],
      ['Action::sqs:*', 'migration tool needs the whole bucket API'],
    ]);
  });

  test('a suppression with appliesTo silences only the matching granular finding', () => {
    const report = runChecks([
      entry(s3Wildcards, [
        { id: 'LR-IAM-WILDCARD-ACTION', appliesTo: ['Action::s3:*'], reason: 'migration tool needs the whole bucket API' },
      ]),
    ]);
    expect(report.errors.map((f) => f.appliesTo)).toEqual(['Action::sqs:*']);
    expect(report.suppressed.map((s) => s.finding.appliesTo)).toEqual(['Action::s3:*']);
  });

  test('a suppression of another check id does not match', () => {
    const report = runChecks([entry(s3Wildcards, [{ id: 'LR-IAM-WILDCARD-RESOURCE', reason: 'not the check that fires here' }])]);
    expect(ids(report.errors)).toEqual(['LR-IAM-WILDCARD-ACTION', 'LR-IAM-WILDCARD-ACTION']);
  });

  test("suppressions apply only to their own entry's subjects", () => {
    const other = { ...s3Wildcards, path: 'stack/other/role/inline' };
    const report = runChecks([
      entry(s3Wildcards, [{ id: 'LR-IAM-WILDCARD-ACTION', reason: 'migration tool needs the whole bucket API' }]),
      entry(other),
    ]);
    expect(report.errors.map((f) => f.path)).toEqual(['stack/other/role/inline', 'stack/other/role/inline']);
  });

  test('one suppression object shared by several subjects of a definition counts as used once used anywhere', () => {
    const shared: Suppression[] = [{ id: 'LR-IAM-WILDCARD-ACTION', reason: 'migration tool needs the whole bucket API' }];
    const report = runChecks([
      entry(trustPolicy({ actions: ['sts:AssumeRole'], principals: { Service: 'lambda.amazonaws.com' } }), shared),
      entry(s3Wildcards, shared),
    ]);
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toHaveLength(2);
  });
});

describe('runChecks: suppression reasons are required', () => {
  test.each([['ok'], ['   needed  '], ['']])(
    `a reason shorter than ${MIN_REASON_LENGTH} characters (%j) is an error and the suppression is ignored`,
    (reason) => {
      const report = runChecks([entry(s3Wildcards, [{ id: 'LR-IAM-WILDCARD-ACTION', appliesTo: ['Action::s3:*'], reason }])]);
      const reasonErrors = report.errors.filter((f) => f.checkId === 'LR-SUPPRESSION-REASON');
      expect(reasonErrors).toHaveLength(1);
      expect(reasonErrors[0].message).toContain(`reason '${reason}'`);
      expect(reasonErrors[0].message).toContain("id: 'LR-IAM-WILDCARD-ACTION', appliesTo: ['Action::s3:*']");
      expect(report.errors.map((f) => f.appliesTo)).toContain('Action::s3:*');
      expect(report.suppressed).toEqual([]);
      expect(ids(report.warnings)).not.toContain('LR-SUPPRESSION-UNUSED');
    },
  );
});

describe('runChecks: unused suppressions', () => {
  test('a suppression that matches nothing is a warning naming it', () => {
    const report = runChecks([
      entry(identityPolicy({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }), [
        { id: 'LR-IAM-WILDCARD-ACTION', reason: 'left over from the s3:* days' },
      ]),
    ]);
    expect(report.warnings).toEqual([
      objectContaining({
        checkId: 'LR-SUPPRESSION-UNUSED',
        path: 'stack/fn/role/inline',
        message: textContaining("suppression { id: 'LR-IAM-WILDCARD-ACTION' } matched no finding"),
      }),
    ]);
  });

  test('each unused appliesTo value is reported, the used one is not', () => {
    const report = runChecks([
      entry(s3Wildcards, [
        {
          id: 'LR-IAM-WILDCARD-ACTION',
          appliesTo: ['Action::s3:*', 'Action::sqs:*', 'Action::sns:*'],
          reason: 'migration tool needs these APIs',
        },
      ]),
    ]);
    expect(report.warnings.map((f) => f.appliesTo)).toEqual(['Suppression::LR-IAM-WILDCARD-ACTION::Action::sns:*']);
    expect(report.warnings[0].message).toContain("for 'Action::sns:*'");
  });

  test('an unknown check id is pointed out with the known ids', () => {
    const report = runChecks([entry(s3Wildcards, [{ id: 'LR-IAM-WILDCARD-ACTIONS', reason: 'typo in the check id here' }])]);
    const [unused] = report.warnings;
    expect(unused.message).toContain("No check has the id 'LR-IAM-WILDCARD-ACTIONS'");
    expect(unused.message).toContain('LR-IAM-WILDCARD-ACTION,');
  });
});

describe("runChecks: an invoke permission's noSourceReason is its suppression", () => {
  test('noSourceReason suppresses LR-LAMBDA-INVOKE-WITHOUT-SOURCE and is reported as the reason', () => {
    const report = runChecks([
      entry(invokePermission({ principal: 'events.amazonaws.com', noSourceReason: 'rules are created by the platform team' })),
    ]);
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([
      { finding: objectContaining({ checkId: 'LR-LAMBDA-INVOKE-WITHOUT-SOURCE' }), reason: 'rules are created by the platform team' },
    ]);
  });

  test('a too-short noSourceReason is an error and does not suppress', () => {
    const report = runChecks([entry(invokePermission({ principal: 'events.amazonaws.com', noSourceReason: 'n/a' }))]);
    expect(ids(report.errors)).toEqual(['LR-LAMBDA-INVOKE-WITHOUT-SOURCE', 'LR-SUPPRESSION-REASON']);
    expect(report.errors[1].message).toContain("noSourceReason 'n/a' is too short");
  });

  test('noSourceReason next to a sourceArn is a stale opt-out warning', () => {
    const report = runChecks([
      entry(
        invokePermission({
          principal: 'events.amazonaws.com',
          sourceArn: 'arn:aws:events:us-east-1:123456789012:rule/nightly',
          noSourceReason: 'rules are created by the platform team',
        }),
      ),
    ]);
    expect(report.warnings).toEqual([
      objectContaining({ checkId: 'LR-SUPPRESSION-UNUSED', message: textContaining('remove noSourceReason') }),
    ]);
  });

  test('an explicit suppression of the same check takes the place of noSourceReason (no double report)', () => {
    const report = runChecks([
      entry(invokePermission({ principal: 'events.amazonaws.com', noSourceReason: 'rules are created by the platform team' }), [
        { id: 'LR-LAMBDA-INVOKE-WITHOUT-SOURCE', reason: 'explicit suppression wins' },
      ]),
    ]);
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((s) => s.reason)).toEqual(['explicit suppression wins']);
  });
});

describe('formatChecksReport', () => {
  test('prints errors, then warnings, then suppressions with reasons, then a summary', () => {
    const report = runChecks([
      entry(s3Wildcards, [{ id: 'LR-IAM-WILDCARD-ACTION', appliesTo: ['Action::sqs:*'], reason: 'queue admin tool needs it' }]),
      entry(identityPolicy({ actions: ['dynamodb:Get*'], resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/t'] })),
    ]);
    expect(formatChecksReport(report).split('\n')).toEqual([
      textMatching(
        /^\[error\] LR-IAM-WILDCARD-ACTION at stack\/fn\/role\/inline \(Action::s3:\*\): Policy 'inline-least-privilege' allows/,
      ),
      textMatching(/^\[warning\] LR-IAM-PARTIAL-WILDCARD-ACTION at stack\/fn\/role\/inline \(Action::dynamodb:Get\*\): /),
      '[suppressed] LR-IAM-WILDCARD-ACTION at stack/fn/role/inline (Action::sqs:*): queue admin tool needs it',
      'policy checks: 1 error(s), 1 warning(s), 1 suppressed',
    ]);
  });
});
