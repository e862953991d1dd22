/**
 * The SARIF 2.1.0 format, for GitHub code scanning (`github/codeql-action/upload-sarif`). One result per
 * finding, its rule the finding code; the level from severity (critical and high → error, medium → warning,
 * low → note); the location where the resource is declared (drift/report/locate.ts), relative to %SRCROOT%;
 * `partialFingerprints` from the finding's fingerprint, so the same drift stays one alert across runs.
 * Ignored findings are results with an accepted external suppression (their rule's reason as the
 * justification): the alert is closed rather than vanishing, and it reopens when the rule expires. Read
 * errors and warnings are tool execution notifications; any read error makes `executionSuccessful` false.
 */
import type { DriftFinding, DriftReport, IgnoredFinding, Severity } from '../model';
import type { ReportWriter } from './writer';
import { REMEDIATION_CODE_SEPARATOR } from '../model';
import { showValue, whoText } from './build-report';
import { FINDING_RULES, ruleName } from './finding-rules';
import { fallbackLocation } from './locate';
import { SARIF_SCHEMA_URI, SARIF_VERSION, sarifSentence as sentence, TOOL_INFORMATION_URI as INFORMATION_URI } from '../../shared/sarif';

type Level = 'error' | 'warning' | 'note';
export const SARIF_LEVELS: Readonly<Record<Severity, Level>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
const LEVEL_ORDER: readonly Level[] = ['error', 'warning', 'note'];

/** The key of our fingerprint in `partialFingerprints` (versioned: a new fingerprint scheme gets a new key). */
export const FINGERPRINT_KEY = 'lambdaRolesDrift/v1';

export const sarifWriter: ReportWriter = {
  format: 'sarif',
  render(report) {
    const all: { finding: DriftFinding; ignored?: IgnoredFinding }[] = [
      ...report.findings.map((finding) => ({ finding })),
      ...report.ignored.map((i) => ({ finding: i.finding, ignored: i })),
    ];
    const codes = [...new Set(all.map((x) => x.finding.code))].sort();
    const rules = codes.map((code) => {
      const rule = FINDING_RULES[code];
      // The most severe level this run saw for the code: a rule's default, each result still has its own.
      const levels = all.filter((x) => x.finding.code === code).map((x) => SARIF_LEVELS[x.finding.severity]);
      const level = LEVEL_ORDER.find((l) => levels.includes(l)) ?? 'warning';
      return {
        id: code,
        name: ruleName(code),
        shortDescription: { text: rule.short },
        fullDescription: { text: `${rule.short} ${rule.full}` },
        help: { text: rule.help, markdown: rule.help },
        defaultConfiguration: { level },
        properties: { tags: ['security', 'iam', 'drift'], precision: 'very-high' },
      };
    });
    const sarif = {
      $schema: SARIF_SCHEMA_URI,
      version: SARIF_VERSION,
      runs: [
        {
          tool: {
            driver: {
              name: report.tool.name,
              version: report.tool.version,
              semanticVersion: report.tool.version,
              informationUri: INFORMATION_URI,
              rules,
            },
          },
          automationDetails: { id: 'lambda-roles/drift/' },
          invocations: [invocation(report)],
          results: all.map((x) => result(x.finding, codes.indexOf(x.finding.code), x.ignored)),
        },
      ],
    };
    return `${JSON.stringify(sarif, null, 2)}\n`;
  },
};

function invocation(report: DriftReport) {
  const notifications = [
    ...report.errors.map((e) => ({
      level: 'error',
      message: { text: sentence(`${e.resource}: ${e.message}`) },
      descriptor: { id: e.kind ?? 'read-failed' },
      ...(e.account || e.target
        ? { properties: { ...(e.account ? { account: e.account } : {}), ...(e.target ? { target: e.target } : {}) } }
        : {}),
    })),
    ...report.warnings.map((w) => ({
      level: 'warning',
      message: { text: sentence(w.resource ? `${w.resource}: ${w.message}` : w.message) },
      descriptor: { id: w.code },
    })),
  ];
  return {
    executionSuccessful: report.errors.length === 0,
    exitCode: report.exitCode,
    ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
  };
}

function result(f: DriftFinding, ruleIndex: number, ignored?: IgnoredFinding) {
  const location = f.location ?? fallbackLocation(f);
  const address = f.resource.address ? ` (${f.resource.address})` : '';
  const diffs = f.differences.map((d) => `${d.type} ${d.path}: ${showValue(d.expected)} → ${showValue(d.actual)}`);
  const [fix] = f.remediation.split(REMEDIATION_CODE_SEPARATOR);
  const text = [
    sentence(`${f.severity.toUpperCase()} ${f.code} on ${f.resource.type} ${f.resource.name}${address}: ${f.reason}`),
    ...(diffs.length ? [`Differences: ${diffs.join('; ')}.`] : []),
    sentence(`Who: ${whoText(f)}`),
    sentence(`Fix: ${fix}`),
  ].join('\n');
  return {
    ruleId: f.code,
    ruleIndex,
    level: SARIF_LEVELS[f.severity],
    message: { text },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: location.path, uriBaseId: '%SRCROOT%' },
          region: { startLine: location.line },
        },
        message: { text: `Declared here (${location.kind}).` },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(ignored
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: [
                ignored.rule.reason,
                `rule at ${ignored.rule.at}`,
                ...(ignored.rule.owner ? [`owner ${ignored.rule.owner}`] : []),
                ...(ignored.rule.expires ? [`expires ${ignored.rule.expires}`] : []),
              ].join('; '),
            },
          ],
        }
      : {}),
    properties: {
      severity: f.severity,
      resource: f.resource,
      source: f.source,
      account: f.account,
      region: f.region,
      attributionStatus: f.attributionStatus,
      ...(f.target ? { target: f.target } : {}),
    },
  };
}
