/**
 * The HTML format: one self-contained file for a person (a CI artifact opened in a browser). Inline CSS and
 * one inline script, no fonts, images or any other request; a Content-Security-Policy that allows only that
 * script (by hash) and inline styles, so even a value that slipped past escaping could not run or load
 * anything. Every value is HTML-escaped (they come from AWS); the script never writes markup, it only hides
 * and shows findings by severity. Without the script every finding is shown.
 */
import { createHash } from 'node:crypto';
import type { DriftFinding, DriftReport } from '../model';
import type { ReportWriter } from './writer';
import { REMEDIATION_CODE_SEPARATOR, SEVERITIES } from '../model';
import { exitCodeExplanation, verdictQualifiers, whoText } from './build-report';
import { esc, renderAgainst } from './html-diff';

const STYLE = `
:root { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; background: #f6f8fa; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.meta, .muted { color: #59636e; } code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
.verdict { font-size: 16px; font-weight: 600; margin: 12px 0 4px; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
.card { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; padding: 8px 14px; min-width: 90px; }
.card b { display: block; font-size: 20px; }
.filters { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; padding: 8px 12px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
.finding { background: #fff; border: 1px solid #d1d9e0; border-left: 6px solid var(--sev); border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
.finding[hidden] { display: none; }
.sev { display: inline-block; color: #fff; background: var(--sev); border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; text-transform: uppercase; }
.critical { --sev: #a40e26; } .high { --sev: #d1242f; } .medium { --sev: #9a6700; } .low { --sev: #0969da; }
table.diff { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 8px 0; }
table.diff th, table.diff td { border: 1px solid #d1d9e0; padding: 4px 8px; vertical-align: top; text-align: left; }
table.diff th { background: #f6f8fa; font-weight: 600; } table.diff td pre { margin: 0; white-space: pre-wrap; word-break: break-all; }
mark.add { background: #aceebb; color: inherit; } mark.del { background: #ffcecb; color: inherit; text-decoration: line-through; }
.none { color: #818b98; font-style: italic; }
pre.code { background: #f6f8fa; border: 1px solid #d1d9e0; border-radius: 6px; padding: 8px; white-space: pre-wrap; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; } dt { color: #59636e; } dd { margin: 0; word-break: break-all; }
ul.plain { padding-left: 18px; } li { margin: 4px 0; }
`;

/** Hides the findings whose severity is unchecked; counts what is shown. It reads and sets attributes only. */
const SCRIPT = `
(function () {
  var boxes = document.querySelectorAll('input[data-filter]');
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.getAttribute('data-filter')] = b.checked; });
    var shown = 0;
    document.querySelectorAll('.finding[data-severity]').forEach(function (f) {
      var visible = on[f.getAttribute('data-severity')] !== false;
      f.hidden = !visible;
      if (visible) shown++;
    });
    document.getElementById('shown').textContent = String(shown);
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  apply();
})();
`;

const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; base-uri 'none'; form-action 'none'`;

export const htmlWriter: ReportWriter = {
  format: 'html',
  render(report) {
    const s = report.summary;
    const qualifiers = verdictQualifiers(report);
    // A read error wins: what could not be read may hide drift, whatever was found besides.
    const verdict = s.errors
      ? `Not verified: ${s.errors} read error(s)${s.findings ? `, ${s.findings} finding(s)` : ''}`
      : s.inSync
        ? 'In sync'
        : `Drift: ${s.findings} finding(s)`;
    const body = [
      `<h1>lambda-roles drift check</h1>`,
      `<div class="meta">${esc(report.generatedAt)} · ${esc(report.tool.name)} ${esc(report.tool.version)}${scopeText(report)}</div>`,
      `<div class="verdict" id="verdict">${esc(verdict)}${qualifiers.length ? ` (${esc(qualifiers.join('; '))})` : ''}</div>`,
      `<div class="muted">${esc(exitCodeExplanation(report))}</div>`,
      summaryCards(report),
      ...(report.findings.length ? [filters(report), ...report.findings.map((f, i) => finding(f, i + 1))] : []),
      ...ignoredSection(report),
      ...listSection(
        'Could not read',
        'errors',
        report.errors.map(
          (e) => `<code>${esc(e.resource)}</code>: ${esc(e.message)}${e.kind ? ` <span class="muted">(${esc(e.kind)})</span>` : ''}`,
        ),
      ),
      ...listSection(
        'Warnings',
        'warnings',
        report.warnings.map((w) => `<code>${esc(w.code)}</code>${w.resource ? ` <code>${esc(w.resource)}</code>` : ''}: ${esc(w.message)}`),
      ),
    ];
    return [
      '<!DOCTYPE html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      `<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">`,
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>lambda-roles drift: ${esc(verdict)}</title>`,
      `<style>${STYLE}</style>`,
      '</head>',
      '<body>',
      ...body,
      `<script>${SCRIPT}</script>`,
      '</body>',
      '</html>',
      '',
    ].join('\n');
  },
};

function scopeText(report: DriftReport): string {
  const parts = [
    report.scope.accounts.length ? `accounts ${report.scope.accounts.join(', ')}` : '',
    report.scope.regions.length ? `regions ${report.scope.regions.join(', ')}` : '',
    report.scope.sources.length ? `states ${report.scope.sources.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? ` · ${esc(parts.join(' · '))}` : '';
}

function summaryCards(report: DriftReport): string {
  const s = report.summary;
  const card = (label: string, n: number, cls = '') => `<div class="card ${cls}" data-count="${esc(label)}"><b>${n}</b>${esc(label)}</div>`;
  return [
    '<div class="cards">',
    ...SEVERITIES.map((sev) => card(sev, s.bySeverity[sev], sev)),
    card('errors', s.errors),
    card('warnings', s.warnings),
    card('ignored', s.ignored),
    card('roles checked', s.roles),
    card('functions checked', s.functions),
    '</div>',
  ].join('\n');
}

function filters(report: DriftReport): string {
  const boxes = SEVERITIES.map(
    (sev) =>
      `<label><input type="checkbox" checked data-filter="${sev}" id="filter-${sev}"> <span class="sev ${sev}">${sev}</span> ${report.summary.bySeverity[sev]}</label>`,
  );
  return `<h2>Findings</h2>\n<div class="filters"><span>Show:</span>${boxes.join('')}<span class="muted"><span id="shown">${report.findings.length}</span> of ${report.findings.length} shown</span></div>`;
}

function finding(f: DriftFinding, n: number): string {
  const [fix, ...blocks] = f.remediation.split(REMEDIATION_CODE_SEPARATOR);
  const rows = f.differences.map(
    (d) =>
      `<tr><td><code>${esc(d.type)}</code> <code>${esc(d.path)}</code></td><td><pre>${renderAgainst(d.expected, d.actual, 'expected')}</pre></td><td><pre>${renderAgainst(d.actual, d.expected, 'actual')}</pre></td></tr>`,
  );
  const location = f.location ? `${f.location.path}:${f.location.line} (${f.location.kind})` : undefined;
  return [
    `<section class="finding ${esc(f.severity)}" data-severity="${esc(f.severity)}" id="finding-${n}">`,
    `<div><span class="sev ${esc(f.severity)}">${esc(f.severity)}</span> <code>${esc(f.code)}</code> <b>${esc(f.resource.type)} ${esc(f.resource.name)}</b></div>`,
    `<p>${esc(f.reason)}</p>`,
    '<dl>',
    ...(f.resource.address ? [`<dt>address</dt><dd><code>${esc(f.resource.address)}</code></dd>`] : []),
    ...(location ? [`<dt>declared at</dt><dd><code>${esc(location)}</code></dd>`] : []),
    `<dt>state</dt><dd>${esc(f.source)}</dd>`,
    `<dt>account, region</dt><dd>${esc(f.account ?? 'unknown')}, ${esc(f.region)}</dd>`,
    ...(f.target ? [`<dt>target</dt><dd>${esc(f.target)}</dd>`] : []),
    `<dt>who</dt><dd class="who">${esc(whoText(f))}</dd>`,
    ...(f.attribution
      ? [
          `<dt>event</dt><dd>${esc(`${f.attribution.eventName} at ${f.attribution.eventTime} by ${f.attribution.actor} from ${f.attribution.sourceIp}${f.attribution.viaConsole ? ' (console)' : ''}`)}</dd>`,
        ]
      : []),
    '</dl>',
    ...(rows.length
      ? [
          '<table class="diff"><thead><tr><th style="width:24%">difference</th><th>expected (declared)</th><th>actual (live)</th></tr></thead><tbody>',
          ...rows,
          '</tbody></table>',
        ]
      : []),
    `<div><b>Fix:</b> ${esc(fix)}</div>`,
    ...blocks.map((b) => `<pre class="code"><code>${esc(b)}</code></pre>`),
    '</section>',
  ].join('\n');
}

function ignoredSection(report: DriftReport): string[] {
  return listSection(
    `Ignored by rule (${report.ignored.length})`,
    'ignored',
    report.ignored.map(
      (i) =>
        `<span class="sev ${esc(i.finding.severity)}">${esc(i.finding.severity)}</span> <code>${esc(i.finding.code)}</code> ${esc(i.finding.resource.name)}: ${esc(i.rule.reason)} <span class="muted">(rule at ${esc(i.rule.at)}${i.rule.owner ? `, owner ${esc(i.rule.owner)}` : ''}${i.rule.expires ? `, expires ${esc(i.rule.expires)}` : ''})</span>`,
    ),
  );
}

function listSection(title: string, id: string, items: string[]): string[] {
  if (!items.length) return [];
  return [`<h2 id="${id}">${esc(title)}</h2>`, `<ul class="plain">`, ...items.map((i) => `<li>${i}</li>`), '</ul>'];
}
