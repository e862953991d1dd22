/**
 * The SARIF format: valid for Microsoft's validator with its SARIF and GitHub ingestion rules (zero errors
 * and warnings, every file in one run), and what GitHub code scanning needs from it: a rule per finding code,
 * levels from severity, a location in the repository, stable fingerprints, suppressed ignored findings, and
 * read errors as tool execution notifications.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriftReport, Severity } from '../../../drift/model';
import { errorReport, REPORT_WRITERS } from '../../../drift/report';
import { FINGERPRINT_KEY, SARIF_LEVELS } from '../../../drift/report/sarif';
import { FINDING_RULES } from '../../../drift/report/finding-rules';
import { fixtureReport } from '../fixtures/pipeline';
import { CASES_SOURCE_ROOT, REPORT_CASES, reportCase } from '../../helpers/report-cases';
import { validateSarif, type SarifValidation } from '../../helpers/sarif-validator';

interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        rules: {
          id: string;
          name: string;
          shortDescription: { text: string };
          fullDescription: { text: string };
          help: { text: string };
          defaultConfiguration: { level: string };
        }[];
      };
    };
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications?: { level: string; message: { text: string }; descriptor: { id: string } }[];
    }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }[];
      partialFingerprints: Record<string, string>;
      suppressions?: { kind: string; status: string; justification: string }[];
    }[];
  }[];
}

const render = (r: DriftReport) => REPORT_WRITERS.sarif.render(r, { color: false });
const parse = (r: DriftReport) => JSON.parse(render(r)) as SarifLog;

/** A SARIF the validator must reject: a result without locations, and a line 0. */
const BROKEN = {
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'x', informationUri: 'https://example.com', rules: [{ id: 'R1' }] } },
      results: [
        { ruleId: 'R1', message: { text: 'No location.' } },
        {
          ruleId: 'R1',
          message: { text: 'Line zero.' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'a.tf', uriBaseId: '%SRCROOT%' }, region: { startLine: 0 } } }],
        },
      ],
    },
  ],
};

let dir: string;
let validation: SarifValidation;
const files: Record<string, string> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sarif-'));
  const hostile = reportCase('drift');
  const reports: Record<string, DriftReport> = {
    ...Object.fromEntries(REPORT_CASES.map((name) => [name, reportCase(name)])),
    // A run that could not start: no findings, one fatal error.
    fatal: errorReport(new Error('no Terraform state given')),
    // A report made without the locate step: the fallback location must still be valid.
    unlocated: fixtureReport('live-drifted.json'),
    hostile: {
      ...hostile,
      findings: hostile.findings.map((f) => ({ ...f, reason: `<img src=x onerror=alert(1)> "quoted" \u0007 ${f.reason}` })),
    },
  };
  for (const [name, report] of Object.entries(reports)) writeFileSync((files[name] = join(dir, `${name}.sarif`)), render(report));
  writeFileSync((files.broken = join(dir, 'broken.sarif')), JSON.stringify(BROKEN));
  validation = validateSarif(Object.values(files));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the official validator (Sarif and Gh rules)', () => {
  it('scanned every file', () => {
    expect(validation.scanned).toBe(Object.keys(files).length);
  });

  it('finds no error and no warning in any SARIF we write', () => {
    const ours = validation.issues.filter((i) => !i.file.endsWith('broken.sarif'));
    expect(ours).toEqual([]);
  });

  it('rejects a broken SARIF (so the check above can fail)', () => {
    const rules = validation.issues.filter((i) => i.file.endsWith('broken.sarif') && i.level === 'error').map((i) => i.rule);
    expect(rules).toEqual(expect.arrayContaining(['GH1015', 'JSON1008']));
  });
});

describe('sarif content', () => {
  const report = reportCase('drift');
  const log = parse(report);
  const run = log.runs[0];

  it('has one result per finding, its rule the finding code', () => {
    expect(log.version).toBe('2.1.0');
    expect(run.results.map((r) => r.ruleId)).toEqual(report.findings.map((f) => f.code));
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it('has one rule per code used, with name, descriptions, help and a default level', () => {
    const codes = [...new Set(report.findings.map((f) => f.code))].sort();
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(codes);
    const trust = run.tool.driver.rules.find((r) => r.id === 'TRUST_POLICY_CHANGED')!;
    expect(trust).toMatchObject({
      name: 'TrustPolicyChanged',
      shortDescription: { text: FINDING_RULES.TRUST_POLICY_CHANGED.short },
      help: { text: FINDING_RULES.TRUST_POLICY_CHANGED.help },
      defaultConfiguration: { level: 'error' },
    });
  });

  it.each<[Severity, string]>([
    ['critical', 'error'],
    ['high', 'error'],
    ['medium', 'warning'],
    ['low', 'note'],
  ])('maps %s to level %s', (severity, level) => {
    expect(SARIF_LEVELS[severity]).toBe(level);
    const i = report.findings.findIndex((f) => f.severity === severity);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(run.results[i].level).toBe(level);
  });

  it('points at the line that declares the resource, relative to %SRCROOT%', () => {
    for (const [i, r] of run.results.entries()) {
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      expect(artifactLocation.uriBaseId).toBe('%SRCROOT%');
      const file = join(CASES_SOURCE_ROOT, artifactLocation.uri);
      expect(existsSync(file)).toBe(true);
      const line = readFileSync(file, 'utf8').split('\n')[region.startLine - 1];
      const [type, name] = report.findings[i].resource
        .address!.replace(/\[[^\]]*\]/g, '')
        .split('.')
        .slice(-2);
      expect(line).toContain(`resource "${type}" "${name}"`);
    }
  });

  it('fingerprints each result with the finding fingerprint, the same on another run', () => {
    expect(run.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY])).toEqual(report.findings.map((f) => f.fingerprint));
    const later = parse({ ...reportCase('drift'), generatedAt: '2026-02-01T00:00:00.000Z' }).runs[0];
    expect(later.results.map((r) => r.partialFingerprints)).toEqual(run.results.map((r) => r.partialFingerprints));
  });

  it('says who and how to fix it in the message', () => {
    const admin = run.results.find((r) => r.message.text.includes('AdministratorAccess'))!;
    expect(admin.message.text).toMatch(/^CRITICAL MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM on /);
    expect(admin.message.text).toMatch(/\nWho: manual console edit by .*alice/);
    expect(admin.message.text).toMatch(/\nFix: terraform apply will detach/);
  });

  it('puts ignored findings in as suppressed results with the rule as justification', () => {
    const ignored = reportCase('ignored');
    const results = parse(ignored).runs[0].results;
    const suppressed = results.filter((r) => r.suppressions);
    expect(results).toHaveLength(ignored.findings.length + ignored.ignored.length);
    expect(suppressed.map((r) => r.ruleId)).toEqual(ignored.ignored.map((i) => i.finding.code));
    expect(suppressed[0].suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification:
          'debug logging during the incident, removed by the on-call; rule at .lambda-roles-ignore.yaml:2; owner platform-team; expires 2027-01-31',
      },
    ]);
  });

  it('turns read errors into tool execution notifications and an unsuccessful execution', () => {
    const failed = parse(reportCase('read-error')).runs[0].invocations[0];
    expect(failed.executionSuccessful).toBe(false);
    expect(failed.toolExecutionNotifications!.filter((n) => n.level === 'error')).toEqual([
      {
        level: 'error',
        message: {
          text: 'Lambda function policy orders (eu-west-1): GetPolicy failed: TooManyRequestsException: Rate exceeded, after 3 attempts.',
        },
        descriptor: { id: 'read-failed' },
      },
    ]);
    const clean = parse(reportCase('in-sync')).runs[0];
    expect(clean.invocations[0].executionSuccessful).toBe(true);
    expect(clean.results).toEqual([]);
  });

  it('falls back to the state file, line 1, when a report was not located', () => {
    const r = parse(fixtureReport('live-drifted.json')).runs[0].results[0];
    expect(r.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'fixtures/plain-hcl.tfstate.json', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1 },
    });
  });
});
