/**
 * Golden files for every report format over reports built by the pure pipeline from fixtures (see
 * pipeline.ts). A changed rendering fails here; after checking the diff, refresh them with
 *   UPDATE_GOLDEN=1 npx jest __tests__/drift/report   (refused in CI: helpers/golden.ts)
 */
import { join } from 'node:path';
import { REPORT_EXTENSIONS, REPORT_WRITERS, buildReport, exitCodeFor } from '../../../drift/report';
import type { DriftReport } from '../../../drift/model';
import { FIXED_REPORT } from '../fixtures/pipeline';
import { expectGolden as expectGoldenIn } from '../../helpers/golden';
import { REPORT_CASES, reportCase } from '../../helpers/report-cases';

const GOLDEN_DIR = join(__dirname, '__golden__');
const expectGolden = (name: string, actual: string) => expectGoldenIn(GOLDEN_DIR, name, actual);

// Every format over the same reports: drift, in sync, a read error, ignored findings (see report-cases.ts).
const REPORTS: Record<string, DriftReport> = Object.fromEntries(REPORT_CASES.map((name) => [name, reportCase(name)]));
const EXTENSIONS = REPORT_EXTENSIONS;

describe('report goldens', () => {
  for (const [name, report] of Object.entries(REPORTS)) {
    for (const writer of Object.values(REPORT_WRITERS)) {
      it(`${name}: ${writer.format}`, () => {
        expectGolden(`${name}.${EXTENSIONS[writer.format]}`, writer.render(report, { color: false }));
      });
    }
  }

  it('drift: text with ANSI colour', () => {
    const text = REPORT_WRITERS.text.render(REPORTS.drift, { color: true });
    expect(text).toContain('\x1b[1m\x1b[31mCRITICAL'); // critical is bold red
    expectGolden('drift.color.txt', text);
  });

  it('never puts ANSI codes in text without colour, or in json/markdown', () => {
    for (const writer of Object.values(REPORT_WRITERS)) {
      expect(writer.render(REPORTS.drift, { color: writer.format !== 'text' })).not.toContain('\x1b[');
    }
    expect(REPORT_WRITERS.text.render(REPORTS.drift, { color: false })).not.toContain('\x1b[');
  });
});

describe('markdown escaping', () => {
  it('keeps the table intact and shows <name>, * and | literally', () => {
    const [first] = REPORTS.drift.findings;
    const hostile = {
      ...first,
      reason: 'a | b * c <name>',
      resource: { ...first.resource, name: 'x|y' },
      remediation: 'import { to = x.<name> }',
    };
    const md = REPORT_WRITERS.markdown.render(
      buildReport({ findings: [hostile], errors: [], counts: { roles: 1, functions: 0 }, ...FIXED_REPORT }),
      { color: false },
    );
    const row = md.split('\n').find((l) => l.startsWith('| 🔴'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(7); // 5 cells between 6 unescaped pipes
    expect(md).toContain('x\\|y');
    expect(md).toContain('a \\| b \\* c &lt;name&gt;');
    expect(md).toContain('x.&lt;name&gt;');
  });
});

describe('the drift fixture report', () => {
  const report = REPORTS.drift;

  it('json is the DriftReport exactly (2-space indent, trailing newline)', () => {
    const text = REPORT_WRITERS.json.render(report, { color: false });
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(text).toMatch(/^\{\n {2}"schemaVersion": 1,/);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('summarizes counts by severity and is not in sync', () => {
    expect(report.summary.inSync).toBe(false);
    expect(report.summary.findings).toBe(report.findings.length);
    expect(Object.values(report.summary.bySeverity).reduce((a, b) => a + b, 0)).toBe(report.findings.length);
    expect(report.summary).toMatchObject({ roles: 4, functions: 1, errors: 0 });
  });

  // worker-* declare their policies with aws_iam_role arguments in a state that otherwise uses separate
  // resources: per role, their own lists are the declaration, so worker-1's edited queue policy is a
  // change and its declared basic-execution attachment is not reported.
  it('covers the console edits in the fixture, one finding each', () => {
    expect(report.findings.map((f) => `${f.code} ${f.resource.name}`).sort()).toEqual([
      'CUSTOMER_POLICY_CHANGED reports-read',
      'DESCRIPTION_CHANGED svc-billing',
      'INLINE_POLICY_ADDED svc-orders:debug',
      'INLINE_POLICY_CHANGED worker-1:queue',
      'INVOKE_PERMISSION_ADDED orders/Everyone',
      'INVOKE_PERMISSION_CHANGED orders/AllowEvents',
      'INVOKE_PERMISSION_REMOVED orders/AllowPartner',
      'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM svc-billing/arn:aws:iam::aws:policy/AmazonS3FullAccess',
      'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM svc-orders/arn:aws:iam::aws:policy/AdministratorAccess',
      'ROLE_DELETED worker-0',
      'ROLE_RECREATED worker-1',
      'TAGS_CHANGED svc-billing',
      'TRUST_POLICY_CHANGED svc-billing',
    ]);
  });

  it('maps to the exit codes of terraform plan -detailed-exitcode', () => {
    expect(exitCodeFor(REPORTS.drift)).toBe(2);
    expect(exitCodeFor(REPORTS['in-sync'])).toBe(0);
    expect(exitCodeFor(REPORTS['read-error'])).toBe(1);
  });
});
