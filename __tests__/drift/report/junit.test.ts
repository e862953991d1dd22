/**
 * The JUnit format: valid against a strict XSD of the common Jenkins/Surefire shape (schemas/junit.xsd,
 * checked with xmllint), one testsuite per state, one testcase per checked role, function and customer
 * policy, findings as failures with their differences, unreadable resources as errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriftReport } from '../../../drift/model';
import { errorReport, REPORT_WRITERS } from '../../../drift/report';
import { fixtureReport } from '../fixtures/pipeline';
import { REPORT_CASES, reportCase } from '../../helpers/report-cases';
import { validateXml, xpath } from '../../helpers/xmllint';

const XSD = join(__dirname, 'schemas', 'junit.xsd');
let dir: string;
const files: Record<string, string> = {};

const hostileReport = (): DriftReport => {
  const r = reportCase('drift');
  return {
    ...r,
    findings: r.findings.map((f) => ({ ...f, reason: `<img src=x onerror=alert(1)> & "q" \u0007]]> ${f.reason}` })),
  };
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'junit-'));
  const reports: Record<string, DriftReport> = {
    ...Object.fromEntries(REPORT_CASES.map((n) => [n, reportCase(n)])),
    fatal: errorReport(new Error('no Terraform state given')),
    unchecked: fixtureReport('live-drifted.json'), // no checked list: a testcase per finding resource
    hostile: hostileReport(),
  };
  for (const [name, report] of Object.entries(reports)) {
    writeFileSync((files[name] = join(dir, `${name}.xml`)), REPORT_WRITERS.junit.render(report, { color: false }));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const count = (name: string, expression: string) => Number(xpath(files[name], `count(${expression})`));

describe('junit', () => {
  it('validates against the JUnit XSD with xmllint, every report shape', () => {
    const result = validateXml(XSD, Object.values(files));
    expect(result.output).not.toMatch(/fails to validate|parser error|validity error/);
    expect(result.ok).toBe(true);
  });

  it('the XSD rejects what a JUnit reader would not take (so the check above can fail)', () => {
    const bad = join(dir, 'bad.xml');
    writeFileSync(bad, '<testsuites><testsuite name="s" tests="one" failures="0" errors="0"><testcase/></testsuite></testsuites>\n');
    const result = validateXml(XSD, [bad]);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/'tests'.*not a valid value/);
    expect(result.output).toMatch(/attribute 'name' is required/);
  });

  it('has one testsuite per state and one testcase per checked role, function and policy', () => {
    const report = reportCase('drift');
    expect(count('drift', '//testsuite')).toBe(1);
    expect(xpath(files.drift, 'string(//testsuite/@name)')).toBe('fixtures/plain-hcl.tfstate.json');
    expect(count('drift', '//testcase')).toBe(report.checked!.length);
    expect(count('drift', '//testcase[@classname="aws_iam_role"]')).toBe(report.summary.roles);
    expect(count('drift', '//testcase[@classname="aws_lambda_function"]')).toBe(report.summary.functions);
  });

  it('puts each finding as a failure on its resource, carrying its differences', () => {
    expect(count('drift', '//failure')).toBe(reportCase('drift').findings.length);
    const billing = '//testcase[starts-with(@name, "svc-billing ")]';
    expect(xpath(files.drift, `${billing}/failure/@type`).split(/\s+/).sort()).toEqual([
      'type="DESCRIPTION_CHANGED"',
      'type="MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM"',
      'type="TAGS_CHANGED"',
      'type="TRUST_POLICY_CHANGED"',
    ]);
    const trust = xpath(files.drift, `string(${billing}/failure[@type="TRUST_POLICY_CHANGED"])`);
    expect(trust).toContain('+ AssumeRolePolicyDocument.Statement[0].Principal.AWS: (none) -> arn:aws:iam::999999999999:root');
    expect(trust).toMatch(/\nfix: terraform apply will restore the declared trust policy/);
    // The suite's counts are per testcase (a testcase with three failures is one failed test).
    expect(xpath(files.drift, 'string(//testsuite/@failures)')).toBe(String(count('drift', '//testcase[failure]')));
  });

  it('puts an unreadable resource as an error on its testcase', () => {
    expect(xpath(files['read-error'], 'string(//testcase[@classname="aws_lambda_function"]/error/@message)')).toBe(
      'Lambda function policy orders (eu-west-1): GetPolicy failed: TooManyRequestsException: Rate exceeded, after 3 attempts',
    );
    expect(xpath(files['read-error'], 'string(//testsuites/@errors)')).toBe('1');
    expect(xpath(files.fatal, 'string(//testsuite/@name)')).toBe('lambda-roles drift run');
    expect(xpath(files.fatal, 'string(//testcase[@name="drift run"]/error/@type)')).toBe('fatal');
  });

  it('passes every resource of an in-sync run', () => {
    expect(count('in-sync', '//testcase')).toBe(reportCase('in-sync').checked!.length);
    expect(count('in-sync', '//failure | //error')).toBe(0);
  });

  it('lists ignored findings in the testcase output, not as failures', () => {
    expect(count('ignored', '//failure')).toBe(reportCase('ignored').findings.length);
    expect(xpath(files.ignored, 'string(//testcase[starts-with(@name, "svc-orders ")]/system-out)')).toBe(
      'ignored high INLINE_POLICY_ADDED svc-orders:debug: debug logging during the incident, removed by the on-call (rule at .lambda-roles-ignore.yaml:2)',
    );
  });

  it("finds the resource by its part's name when the finding's address is not in the checked list", () => {
    const report = reportCase('drift');
    const moved = {
      ...report,
      findings: report.findings.map((f) =>
        f.code === 'INLINE_POLICY_ADDED' ? { ...f, resource: { ...f.resource, address: 'aws_iam_role_policies_exclusive.orders' } } : f,
      ),
    };
    const file = join(dir, 'moved.xml');
    writeFileSync(file, REPORT_WRITERS.junit.render(moved, { color: false }));
    expect(xpath(file, 'count(//testcase)')).toBe(String(report.checked!.length));
    expect(xpath(file, 'string(//testcase[failure/@type="INLINE_POLICY_ADDED"]/@name)')).toBe(
      'svc-orders (module.svc["orders"].aws_iam_role.this)',
    );
  });

  it('makes a testcase per finding resource when the report lists no checked resources', () => {
    expect(count('unchecked', '//testcase')).toBeGreaterThan(0);
    expect(count('unchecked', '//failure')).toBe(fixtureReport('live-drifted.json').findings.length);
  });

  it('keeps hostile values as text', () => {
    const message = xpath(files.hostile, 'string((//failure)[1]/@message)');
    expect(message).toContain('<img src=x onerror=alert(1)> & "q" ]]>');
    expect(count('hostile', '//img')).toBe(0);
  });
});
