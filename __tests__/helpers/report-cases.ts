/**
 * The reports every format is rendered from in the report tests (goldens, the SARIF validator, the JUnit
 * XSD, the browser): built by the pure pipeline from the plain-HCL fixtures, with the checked list and the
 * locate step run over __tests__/drift (so locations read `fixtures/plain-hcl/main.tf` on every machine).
 */
import { join } from 'node:path';
import type { DriftReport, IgnoredFinding } from '../../drift/model';
import { buildReport, checkedResources, locateFindings } from '../../drift/report';
import { FIXED_REPORT, fixtureExpected, fixtureReport } from '../drift/fixtures/pipeline';

/** What the locate step treats as the repository root in these reports. */
export const CASES_SOURCE_ROOT = join(__dirname, '..', 'drift');

export const REPORT_CASES = ['drift', 'in-sync', 'read-error', 'ignored'] as const;
export type ReportCase = (typeof REPORT_CASES)[number];

export function reportCase(name: ReportCase): DriftReport {
  const expected = fixtureExpected();
  const checked = checkedResources(expected);
  const locate = (r: DriftReport) => locateFindings(r, { sourceRoot: CASES_SOURCE_ROOT });
  switch (name) {
    case 'drift':
      return locate(fixtureReport('live-drifted.json', [], { checked }));
    case 'in-sync':
      return buildReport({
        findings: [],
        errors: [],
        counts: { roles: expected.roles.length, functions: expected.functions.length },
        checked,
        ...FIXED_REPORT,
      });
    case 'read-error':
      return locate(
        fixtureReport(
          'live-drifted.json',
          [
            {
              resource: 'Lambda function policy orders (eu-west-1)',
              message: 'GetPolicy failed: TooManyRequestsException: Rate exceeded, after 3 attempts',
            },
          ],
          { checked },
        ),
      );
    case 'ignored': {
      const all = fixtureReport('live-drifted.json', [], { checked });
      const ignoredCodes = ['INLINE_POLICY_ADDED', 'DESCRIPTION_CHANGED'];
      const ignored: IgnoredFinding[] = all.findings
        .filter((f) => ignoredCodes.includes(f.code))
        .map((finding, i) => ({
          finding,
          rule: {
            code: finding.code,
            resource: finding.resource.name.split(/[/:]/)[0],
            reason: i === 0 ? 'debug logging during the incident, removed by the on-call' : 'wording agreed with the vendor',
            owner: 'platform-team',
            ...(i === 0 ? { expires: '2027-01-31' } : {}),
            at: `.lambda-roles-ignore.yaml:${2 + i * 6}`,
          },
        }));
      return locate(
        fixtureReport('live-drifted.json', [], {
          checked,
          findings: all.findings.filter((f) => !ignoredCodes.includes(f.code)),
          ignored,
        }),
      );
    }
  }
}
