/**
 * report merge and the combine step under it: one report from several (a CI matrix's JSON reports), with
 * counts, scope, verdict and exit code recomputed; ignore-rule warnings reconciled across parts; every input
 * checked against the contract, a bad one named (and every requested report replaced by an error report).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriftReport, ReportWarning } from '../../../drift/model';
import { combineReports, runMergeJob } from '../../../drift/merge';
import { REPORT_WRITERS, buildReport, errorReport } from '../../../drift/report';
import { UserError } from '../../../shared/errors';
import { reportSchemaErrors } from '../../helpers/report-schema';
import { fixtureReport } from '../fixtures/pipeline';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'merge-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A part as one matrix job writes it: every finding, error and warning labelled with its target. */
function part(name: string, account: string, over: Partial<DriftReport> = {}): DriftReport {
  const base = fixtureReport('live-drifted.json', []);
  const r: DriftReport = {
    ...base,
    findings: base.findings.map((f) => ({ ...f, account, target: name })),
    warnings: base.warnings.map((w) => ({ ...w, target: name })),
    scope: {
      ...base.scope,
      accounts: [account],
      targets: [{ name, account, regions: ['eu-west-1'], sources: base.scope.sources, status: 'checked' }],
    },
    ...over,
  };
  return buildReport({
    findings: r.findings,
    errors: r.errors,
    warnings: r.warnings,
    ignored: r.ignored,
    counts: { roles: r.summary.roles, functions: r.summary.functions },
    scope: r.scope,
    failOn: r.failOn,
  });
}
const save = (name: string, report: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(report, null, 2));
  return file;
};
const ruleWarning = (code: string, rule: string): ReportWarning => ({ code, rule, message: `${code} ${rule}` });

describe('combineReports', () => {
  it('keeps every part, sums the counts, unions the scope and recomputes the verdict and exit code', () => {
    const a = part('prod', '111111111111');
    const b = part('staging', '000000000000');
    const merged = combineReports([a, b], { failOn: 'critical' });
    expect(merged.findings).toEqual([...a.findings, ...b.findings]);
    expect(merged.summary).toMatchObject({
      roles: a.summary.roles * 2,
      findings: a.findings.length * 2,
      bySeverity: { critical: a.summary.bySeverity.critical * 2 },
    });
    expect(merged.scope.accounts).toEqual(['000000000000', '111111111111']);
    expect(merged.scope.targets!.map((t) => t.name)).toEqual(['prod', 'staging']);
    expect({ verdict: merged.verdict, exit: merged.exitCode, failOn: merged.failOn }).toEqual({
      verdict: 'drift',
      exit: 2,
      failOn: 'critical',
    });
    expect(reportSchemaErrors(merged)).toEqual([]);
  });

  it('in text and markdown, the same address in two accounts is shown per target, with its account', () => {
    const merged = combineReports([part('prod', '111111111111'), part('staging', '000000000000')], { failOn: 'low' });
    const text = REPORT_WRITERS.text.render(merged, { color: false });
    const address = merged.findings[0].resource.address!;
    const lines = text.split('\n');
    expect(lines).toContain(`prod (111111111111): ${address}`);
    expect(lines).toContain(`staging (000000000000): ${address}`);
    expect(text).toMatch(/^ {2}\[prod\] POLICIES_FROM_ROLE_ARGUMENTS /m);
    const md = REPORT_WRITERS.markdown.render(merged, { color: false });
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && l.includes(`\`${merged.findings[0].code}\``));
    expect(rows.some((r) => r.includes(' (prod, 111111111111) |'))).toBe(true);
    expect(rows.some((r) => r.includes(' (staging, 000000000000) |'))).toBe(true);
  });

  it('keeps an ignore-rule warning once per rule, and "unused" only when no part used the rule', () => {
    const rule = { code: 'TAGS_CHANGED' as const, resource: '*', reason: 'tags are set by the cost tooling', at: 'r.yaml:8' };
    const a = part('prod', '111111111111', {
      warnings: [
        ruleWarning('IGNORE_RULE_UNUSED', 'r.yaml:8'),
        ruleWarning('IGNORE_RULE_UNUSED', 'r.yaml:14'),
        ruleWarning('IGNORE_RULE_EXPIRED', 'r.yaml:2'),
      ],
    });
    const usedInB = part('staging', '000000000000');
    const b = part('staging', '000000000000', {
      ignored: [{ finding: usedInB.findings[0], rule }],
      warnings: [
        { code: 'ACCOUNT_NOT_CHECKED', message: 'x', target: 'staging' },
        ruleWarning('IGNORE_RULE_UNUSED', 'r.yaml:14'),
        ruleWarning('IGNORE_RULE_EXPIRED', 'r.yaml:2'),
      ],
    });
    const merged = combineReports([a, b], { failOn: 'low' });
    expect(merged.warnings.map((w) => [w.code, w.rule ?? w.target])).toEqual([
      ['ACCOUNT_NOT_CHECKED', 'staging'],
      ['IGNORE_RULE_EXPIRED', 'r.yaml:2'],
      ['IGNORE_RULE_UNUSED', 'r.yaml:14'],
    ]);
    expect(merged.summary.ignored).toBe(1);
  });
});

describe('report merge', () => {
  it('merges JSON reports into every requested format and recomputes the exit code; an error report keeps its errors', () => {
    const a = save('prod.json', part('prod', '111111111111'));
    const failed = save('staging.json', errorReport(new UserError('could not assume the role'), 'low'));
    const json = join(dir, 'merged.json');
    const result = runMergeJob({
      inputs: [a, failed],
      reports: [
        { format: 'json', path: json },
        { format: 'markdown', path: join(dir, 'm.md') },
      ],
    });
    const merged = JSON.parse(readFileSync(json, 'utf8')) as DriftReport;
    expect(reportSchemaErrors(merged)).toEqual([]);
    expect({ exit: result.exitCode, verdict: merged.verdict }).toEqual({ exit: 1, verdict: 'error' });
    expect(merged.errors).toEqual([{ resource: 'drift run', kind: 'fatal', message: 'could not assume the role' }]);
    expect(merged.findings.length).toBe(part('prod', '111111111111').findings.length);
    expect(readFileSync(join(dir, 'm.md'), 'utf8')).toContain('could not assume the role');
  });

  it('a threshold the inputs disagree on must be given; --fail-on decides the exit code', () => {
    const low = save('a.json', part('prod', '111111111111'));
    const high = save('b.json', { ...part('staging', '000000000000'), failOn: 'critical' });
    expect(() => runMergeJob({ inputs: [low, high], reports: [{ format: 'json' }] })).toThrow(
      `the inputs were checked with different --fail-on thresholds (${low}: low, ${high}: critical); pass --fail-on to choose one`,
    );
    const onlyLow = save(
      'c.json',
      part('qa', '222222222222', { findings: part('qa', '222222222222').findings.filter((f) => f.severity === 'low') }),
    );
    expect(runMergeJob({ inputs: [onlyLow], reports: [{ format: 'json' }], failOn: 'medium' }).exitCode).toBe(0);
    expect(runMergeJob({ inputs: [onlyLow], reports: [{ format: 'json' }] }).exitCode).toBe(2);
  });

  it.each<[string, (r: DriftReport) => unknown, string]>([
    [
      'a newer schema version',
      (r) => ({ ...r, schemaVersion: 2 }),
      'schemaVersion 2 is not supported; this lambda-roles reads schemaVersion 1 reports',
    ],
    [
      'a finding with a bad severity',
      (r) => ({ ...r, findings: [{ ...r.findings[0], severity: 'severe' }] }),
      'findings[0].severity: "severe": Invalid enum value',
    ],
    ['a report without schemaVersion', () => ({ findings: [] }), 'not a lambda-roles drift report (no schemaVersion)'],
  ])('names the bad input file: %s', (_what, spoil, message) => {
    const good = save('good.json', part('prod', '111111111111'));
    const badFile = save('bad.json', spoil(part('staging', '000000000000')));
    const out = join(dir, 'out.json');
    writeFileSync(out, '{"stale": true}');
    expect(() => runMergeJob({ inputs: [good, badFile], reports: [{ format: 'json', path: out }] })).toThrow(`${badFile}: ${message}`);
    // The requested report is an error report now, never the stale one.
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ verdict: 'error', exitCode: 1, errors: [{ kind: 'fatal' }] });
  });

  it('refuses a file that is not JSON, a file given twice and a target in two inputs', () => {
    const md = join(dir, 'drift.md');
    writeFileSync(md, '## lambda-roles drift check\n');
    expect(() => runMergeJob({ inputs: [md] })).toThrow(new RegExp(`^${md}: not JSON .*; pass the JSON report a drift run wrote`));
    const a = save('a.json', part('prod', '111111111111'));
    expect(() => runMergeJob({ inputs: [a, join(dir, '.', 'a.json')] })).toThrow(`given twice (also as ${a})`);
    const again = save('again.json', part('prod', '111111111111'));
    expect(() => runMergeJob({ inputs: [a, again] })).toThrow(`${again}: target prod is also in ${a}; merge each target's report once`);
    expect(() => runMergeJob({ inputs: [] })).toThrow(/^no reports to merge/);
  });
});
