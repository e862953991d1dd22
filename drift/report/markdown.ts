/**
 * The markdown format is for a PR comment or a CI job summary: a verdict line, a table with one row per
 * finding, then collapsible details (differences, who, fix) per finding. Pipes and newlines in values are
 * escaped so a hostile policy value cannot break the table.
 */
import type { DriftFinding } from '../model';
import type { ReportWriter } from './writer';
import { exitCodeExplanation, ruleText, showValue, verdictQualifiers, whoText } from './build-report';
import { inertLine, splitRemediation } from './inert';

const ICONS = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵' } as const;

export const markdownWriter: ReportWriter = {
  format: 'markdown',
  render(report) {
    const s = report.summary;
    const out: string[] = ['## lambda-roles drift check', ''];
    const sev = Object.entries(s.bySeverity)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    const qualifiers = verdictQualifiers(report);
    const qualified = qualifiers.length ? ` (${prose(qualifiers.join('; '))})` : '';
    out.push(
      (report.verdict === 'error'
        ? `❌ **Not verified**${s.findings ? ` (drift found as well: ${s.findings} finding(s), ${sev})` : ''}`
        : s.findings
          ? `⚠️ **Drift: ${s.findings} finding(s)** (${sev})`
          : '✅ **In sync**') + qualified,
    );
    out.push(
      '',
      `Checked ${s.roles} role(s) and ${s.functions} function(s); ${s.errors} read error(s). ${exitCodeExplanation(report)}`,
      '',
    );
    if (report.findings.length) {
      out.push('| Severity | Code | Resource | Address | Who |', '| --- | --- | --- | --- | --- |');
      for (const f of report.findings) {
        out.push(
          `| ${ICONS[f.severity]} ${f.severity} | \`${f.code}\` | ${prose(`${f.resource.type} ${f.resource.name}`)}${
            f.target ? ` (${prose(f.target)}, ${f.account ?? 'account unknown'})` : ''
          } | ${f.resource.address ? codeSpan(f.resource.address) : '—'} | ${prose(who(f, 'short'))} |`,
        );
      }
      out.push('');
      report.findings.forEach((f, i) => out.push(...details(f, i + 1)));
    }
    if (report.errors.length) {
      out.push('### Could not read', '');
      for (const e of report.errors) out.push(`- ${codeSpan(e.resource)}: ${prose(e.message)}`);
      out.push('');
    }
    if (report.ignored.length) {
      out.push(`### Ignored by rule (${report.ignored.length})`, '');
      for (const i of report.ignored) {
        const f = i.finding;
        out.push(
          `- ${ICONS[f.severity]} ${f.severity} \`${f.code}\` ${prose(`${f.resource.type} ${f.resource.name}`)}: ${prose(ruleText(i.rule))}`,
        );
      }
      out.push('');
    }
    if (report.warnings.length) {
      out.push('### Warnings', '');
      for (const w of report.warnings)
        out.push(`- ${codeSpan(w.code)}${w.resource ? ` ${codeSpan(w.resource)}` : ''}: ${prose(w.message)}`);
      out.push('');
    }
    return `${out.join('\n')}\n`;
  },
};

function who(f: DriftFinding, form: 'long' | 'short' = 'long'): string {
  return f.attributionStatus === 'attributed' && f.attribution
    ? (f.attribution.summary ?? `${f.attribution.actor} (${f.attribution.eventName})`)
    : whoText(f, form);
}

function details(f: DriftFinding, n: number): string[] {
  // One line: a newline in a name would end the HTML block early and let the rest render as markdown.
  const lines = [`<details><summary>${n}. ${ICONS[f.severity]} <code>${f.code}</code> ${html(inertLine(f.resource.name))}</summary>`, ''];
  lines.push(`**Why ${f.severity}:** ${prose(f.reason)}`, '');
  if (f.differences.length) {
    lines.push('| Change | Path | Expected | Actual |', '| --- | --- | --- | --- |');
    for (const d of f.differences) lines.push(`| ${d.type} | ${codeSpan(d.path)} | ${code(d.expected)} | ${code(d.actual)} |`);
    lines.push('');
  }
  // Prose, then any trailing import block as an HCL code block (multi-line: a single-line block is invalid HCL).
  const { prose: fix, blocks } = splitRemediation(f.remediation);
  lines.push(`**Who:** ${prose(who(f))}`, '', `**Fix:** ${prose(fix)}`, '');
  for (const block of blocks) lines.push('```hcl', ...block.split('\n').map(inertLine), '```', '');
  lines.push('</details>', '');
  return lines;
}

function code(v: unknown): string {
  return v === null || v === undefined ? '—' : codeSpan(showValue(v));
}

/** A code span that a backtick in the value cannot close (it would let the rest render as markdown). */
function codeSpan(s: string): string {
  return `\`${cell(s).replace(/`/g, "'")}\``;
}

/** Inside a code span or table cell: keep the table intact (one line, no other control characters). */
function cell(s: string): string {
  return inertLine(s.replace(/\r?\n/g, ' ')).replace(/\|/g, '\\|');
}

/**
 * Prose: also escape < and > (so `aws_iam_role_policy.<name>` is not swallowed as an HTML tag), `*` (policy
 * wildcards must not turn into emphasis), backticks and `](` (a value must not open a code span or a link).
 */
function prose(s: string): string {
  return cell(html(s))
    .replace(/[*`]/g, (c) => `\\${c}`)
    .replace(/\](?=\()/g, ']\\');
}

function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
