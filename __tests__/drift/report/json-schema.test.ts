/** The JSON contract: reports conform to docs/drift-report.schema.json, and the schema rejects what breaks the contract. */
import { reportSchemaErrors } from '../../helpers/report-schema';
import { buildReport } from '../../../drift/report';
import { FIXED_REPORT, fixtureExpected, fixtureReport } from '../fixtures/pipeline';
import type { DriftReport } from '../../../drift/model';
import { reportCase } from '../../helpers/report-cases';

const drift = fixtureReport('live-drifted.json');
const expected = fixtureExpected();

describe('docs/drift-report.schema.json', () => {
  it.each([
    ['a drift report', drift],
    [
      'an in-sync report',
      buildReport({ findings: [], errors: [], counts: { roles: expected.roles.length, functions: 1 }, ...FIXED_REPORT }),
    ],
    [
      'a report with read errors',
      fixtureReport('live-drifted.json', [{ resource: 'IAM role x', message: 'denied', kind: 'access-denied' }]),
    ],
    ['a report with a threshold', fixtureReport('live-drifted.json', [], { failOn: 'critical' })],
    ['a located report with its checked list', reportCase('drift')],
    ['a report with ignored findings', reportCase('ignored')],
  ])('accepts %s', (_name, report) => {
    expect(reportSchemaErrors(JSON.parse(JSON.stringify(report)))).toEqual([]);
  });

  const broken = (change: (r: Record<string, unknown> & DriftReport) => void) => {
    const copy = JSON.parse(JSON.stringify(drift)) as Record<string, unknown> & DriftReport;
    change(copy);
    return reportSchemaErrors(copy);
  };

  it.each([
    [
      'a finding without attributionStatus',
      (r: DriftReport) => delete (r.findings[0] as { attributionStatus?: unknown }).attributionStatus,
    ],
    [
      'a failed lookup that still names an actor',
      (r: DriftReport) =>
        Object.assign(r.findings[0], {
          attribution: r.findings[1].attribution ?? r.findings[0].attribution,
          attributionStatus: 'lookup-failed',
        }),
    ],
    ['an unknown verdict', (r: DriftReport) => Object.assign(r, { verdict: 'maybe' })],
    ['an exit code outside 0, 1, 2', (r: DriftReport) => Object.assign(r, { exitCode: 3 })],
    ['an unknown finding code', (r: DriftReport) => Object.assign(r.findings[0], { code: 'SOMETHING_ELSE' })],
    ['a fingerprint that is not a hash', (r: DriftReport) => Object.assign(r.findings[0], { fingerprint: 'x' })],
    ['a missing summary field', (r: DriftReport) => delete (r.summary as { unverified?: unknown }).unverified],
    [
      'a location outside the repository',
      (r: DriftReport) => Object.assign(r.findings[0], { location: { path: '../elsewhere/main.tf', line: 1, kind: 'terraform' } }),
    ],
    [
      'a location at line 0',
      (r: DriftReport) => Object.assign(r.findings[0], { location: { path: 'main.tf', line: 0, kind: 'terraform' } }),
    ],
    [
      'a checked resource without its addresses',
      (r: DriftReport) => Object.assign(r, { checked: [{ type: 'aws_iam_role', name: 'x', arn: null, address: null, source: 's' }] }),
    ],
  ])('rejects %s', (_name, change) => {
    const attributed = drift.findings.some((f) => f.attribution);
    expect(attributed).toBe(true);
    expect(broken(change as (r: DriftReport) => void)).not.toEqual([]);
  });
});

describe('the fingerprint', () => {
  it('is the same on another run and differs between findings', () => {
    const again = fixtureReport('live-drifted.json', [], { generatedAt: new Date() });
    expect(again.findings.map((f) => f.fingerprint)).toEqual(drift.findings.map((f) => f.fingerprint));
    expect(new Set(drift.findings.map((f) => f.fingerprint)).size).toBe(drift.findings.length);
  });
});
