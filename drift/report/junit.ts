/**
 * The JUnit XML format, for CI test views (GitLab `artifacts:reports:junit`, Jenkins, GitHub test-report
 * actions). One testsuite per state (a state file or `stack NAME`, per target in a `--config` run); one
 * testcase per role, function and customer policy the state declares (the report's `checked` list); a
 * finding is a <failure> on its resource's testcase carrying its differences; an unreadable resource is an
 * <error>. What belongs to no declared resource (a fatal error, a target not reached) is the "drift run"
 * testcase. Ignored findings are listed in the testcase's <system-out>: acknowledged, so not a failure.
 * The report's warnings (what limits "in sync", e.g. ALIASES_NOT_READ) are in each suite's <system-out>:
 * a warning about one state in that state's suite, a warning about the whole run in every suite.
 */
import type { CheckedResource, DriftFinding, DriftReport, IgnoredFinding, ReadError } from '../model';
import type { ReportWriter } from './writer';
import { REMEDIATION_CODE_SEPARATOR } from '../model';
import { resourceLabel } from '../aws/sdk-errors';
import { showValue, whoText } from './build-report';

interface Case {
  readonly classname: string;
  readonly name: string;
  readonly failures: DriftFinding[];
  readonly errors: ReadError[];
  readonly ignored: IgnoredFinding[];
  readonly checked?: CheckedResource;
}

const RUN_SUITE = 'lambda-roles drift run';

export const junitWriter: ReportWriter = {
  format: 'junit',
  render(report) {
    const suites = buildSuites(report);
    const count = (pick: (c: Case) => number) => [...suites.values()].flat().reduce((n, c) => n + pick(c), 0);
    const totals = {
      tests: count(() => 1),
      failures: count((c) => (c.failures.length ? 1 : 0)),
      errors: count((c) => (c.errors.length ? 1 : 0)),
    };
    const out = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="lambda-roles drift" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" time="0">`,
    ];
    for (const [name, cases] of suites) {
      const failures = cases.filter((c) => c.failures.length).length;
      const errors = cases.filter((c) => c.errors.length).length;
      out.push(
        `  <testsuite name="${attr(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="0" timestamp="${attr(report.generatedAt)}">`,
      );
      for (const c of cases) out.push(...testcase(c));
      const warnings = warningsOf(report, name);
      if (warnings.length)
        out.push(`    <system-out>${text(warnings.map((w) => `warning ${w.code}: ${w.message}`).join('\n'))}</system-out>`);
      out.push('  </testsuite>');
    }
    out.push('</testsuites>');
    return `${out.join('\n')}\n`;
  },
};

const suiteOf = (source: string, target?: string) => (target ? `${target}: ${source}` : source);

/** The warnings a suite shows: those about its state, and those about the run (of its target). */
function warningsOf(report: DriftReport, suite: string): DriftReport['warnings'] {
  return report.warnings.filter((w) =>
    w.source ? suiteOf(w.source, w.target) === suite : !w.target || suite.startsWith(`${w.target}: `) || suite === RUN_SUITE,
  );
}

/** Suite name → testcases, in report order (the checked list's order, then anything found only in findings). */
function buildSuites(report: DriftReport): Map<string, Case[]> {
  const suites = new Map<string, Case[]>();
  const add = (suite: string, c: Case) => {
    const list = suites.get(suite);
    if (list) list.push(c);
    else suites.set(suite, [c]);
    return c;
  };
  const cases: Case[] = (report.checked ?? []).map((r) =>
    add(suiteOf(r.source, r.target), {
      classname: r.type,
      name: caseName(r.name, r.address),
      failures: [],
      errors: [],
      ignored: [],
      checked: r,
    }),
  );
  const caseFor = (f: DriftFinding): Case => {
    // By address first; then by name, for an address the checked list does not know (another part's resource).
    const hit = cases.find((c) => c.checked && owns(c.checked, f)) ?? cases.find((c) => c.checked && namedIn(c.checked, f));
    if (hit) return hit;
    // A finding whose resource the checked list does not name (a report without one): its own testcase.
    const name = caseName(f.resource.name, f.resource.address);
    const suite = suiteOf(f.source, f.target);
    const existing = suites.get(suite)?.find((c) => c.name === name && c.classname === f.resource.type);
    return existing ?? add(suite, { classname: f.resource.type, name, failures: [], errors: [], ignored: [] });
  };
  for (const f of report.findings) caseFor(f).failures.push(f);
  for (const i of report.ignored) caseFor(i.finding).ignored.push(i);
  for (const e of report.errors) {
    const hit = cases.find((c) => c.checked && isAbout(c.checked, e));
    if (hit) hit.errors.push(e);
    else {
      const suite = e.target ? `${e.target}: ${RUN_SUITE}` : RUN_SUITE;
      const run =
        suites.get(suite)?.[0] ?? add(suite, { classname: 'lambda-roles', name: 'drift run', failures: [], errors: [], ignored: [] });
      run.errors.push(e);
    }
  }
  if (!suites.size) add(RUN_SUITE, { classname: 'lambda-roles', name: 'drift run', failures: [], errors: [], ignored: [] });
  return suites;
}

const caseName = (name: string, address: string | null) => (address ? `${name} (${address})` : name);

/** A finding names one address: the resource it belongs to declares it, in the same state and target. */
function owns(r: CheckedResource, f: DriftFinding): boolean {
  return r.source === f.source && r.target === f.target && f.resource.address !== null && r.addresses.includes(f.resource.address);
}

/** Parts are named after their owner: `role:policy`, `role/policy-arn`, `function/statement-id`. */
function namedIn(r: CheckedResource, f: DriftFinding): boolean {
  if (r.source !== f.source || r.target !== f.target) return false;
  const owner = f.resource.name.split(/[/:]/)[0];
  const kind = f.resource.type.startsWith('aws_lambda')
    ? 'aws_lambda_function'
    : f.resource.type === 'aws_iam_policy'
      ? 'aws_iam_policy'
      : 'aws_iam_role';
  return r.type === kind && (r.type === 'aws_iam_policy' ? f.resource.name === r.name : owner === r.name);
}

/** Read errors name what failed the way drift/aws labels it (`IAM role NAME`, `Lambda function NAME (REGION)`). */
function isAbout(r: CheckedResource, e: ReadError): boolean {
  if (e.target !== r.target) return false;
  switch (r.type) {
    case 'aws_iam_role':
      return e.resource === resourceLabel.role(r.name);
    case 'aws_iam_policy':
      return r.arn !== null && e.resource === resourceLabel.policy(r.arn);
    case 'aws_lambda_function': {
      const region = r.region ?? '';
      const unqualified = resourceLabel.fnPolicy(region, r.name, '');
      const qualifiedPrefix = `${unqualified.slice(0, -` (${region})`.length)}:`;
      return (
        e.resource === resourceLabel.fn(region, r.name) ||
        e.resource === unqualified ||
        (e.resource.startsWith(qualifiedPrefix) && e.resource.endsWith(` (${region})`))
      );
    }
  }
}

function testcase(c: Case): string[] {
  const out = [`    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}" time="0">`];
  for (const f of c.failures) {
    out.push(
      `      <failure type="${f.code}" message="${attr(`${f.severity.toUpperCase()} ${f.code}: ${f.reason}`)}">${text(failureText(f))}</failure>`,
    );
  }
  for (const e of c.errors)
    out.push(
      `      <error type="${attr(e.kind ?? 'read-failed')}" message="${attr(`${e.resource}: ${e.message}`)}">${text(e.message)}</error>`,
    );
  if (c.ignored.length) {
    const lines = c.ignored.map(
      (i) => `ignored ${i.finding.severity} ${i.finding.code} ${i.finding.resource.name}: ${i.rule.reason} (rule at ${i.rule.at})`,
    );
    out.push(`      <system-out>${text(lines.join('\n'))}</system-out>`);
  }
  if (out.length === 1) return [`${out[0].slice(0, -1)}/>`];
  out.push('    </testcase>');
  return out;
}

function failureText(f: DriftFinding): string {
  const [fix, ...blocks] = f.remediation.split(REMEDIATION_CODE_SEPARATOR);
  return [
    `${f.resource.type} ${f.resource.name}${f.resource.address ? ` (${f.resource.address})` : ''}`,
    ...f.differences.map(
      (d) =>
        `${d.type === 'ADD' ? '+' : d.type === 'REMOVE' ? '-' : '~'} ${d.path}: ${showValue(d.expected, 2000)} -> ${showValue(d.actual, 2000)}`,
    ),
    `who: ${whoText(f)}`,
    `fix: ${fix}`,
    ...blocks,
  ].join('\n');
}

/** XML 1.0 cannot hold most control characters at all, escaped or not: drop them. */
const XML_INVALID = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const text = (s: string) => s.replace(XML_INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const attr = (s: string) => text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
