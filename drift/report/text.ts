/**
 * The text format is for a person at a terminal: findings grouped by resource, severity coloured only when
 * asked (a TTY), every difference on its own line, and the summary with what the exit code means.
 */
import type { DriftFinding, Severity } from '../model';
import type { ReportWriter } from './writer';
import { styleText } from 'node:util';
import { exitCodeExplanation, groupByResource, ruleText, showValue, verdictQualifiers, whoText } from './build-report';
import { inertLine as v, splitRemediation } from './inert';

type Style = Parameters<typeof styleText>[0];
const COLORS: Record<Severity, Style> = { critical: ['bold', 'red'], high: 'red', medium: 'yellow', low: 'cyan' };
// The caller decides whether to colour (a TTY that supports it); styleText must not second-guess it from process.stdout.
const style = (format: Style, text: string) => styleText(format, text, { validateStream: false });

export const textWriter: ReportWriter = {
  format: 'text',
  render(report, { color }) {
    const paint = (s: Severity, text: string) => (color ? style(COLORS[s], text) : text);
    const bold = (text: string) => (color ? style('bold', text) : text);
    const lines: string[] = [];
    for (const group of groupByResource(report.findings)) {
      lines.push(bold(v(group.key)));
      for (const f of group.findings) lines.push(...renderFinding(f, paint), '');
    }
    if (report.errors.length) {
      lines.push(bold('Could not read:'));
      for (const e of report.errors) lines.push(`  ${v(e.resource)}: ${v(e.message)}`);
      lines.push('');
    }
    if (report.ignored.length) {
      // Apart from the findings: acknowledged by a rule, so they never count toward the exit code.
      lines.push(bold(`Ignored by rule (${report.ignored.length}):`));
      for (const i of report.ignored)
        lines.push(
          `  ${i.finding.severity.toUpperCase().padEnd(8)} ${i.finding.code}  ${v(`${i.finding.resource.type} ${i.finding.resource.name}`)}`,
          `           rule: ${v(ruleText(i.rule))}`,
        );
      lines.push('');
    }
    if (report.warnings.length) {
      lines.push(bold('Warnings:'));
      for (const w of report.warnings)
        lines.push(v(`  ${w.target ? `[${w.target}] ` : ''}${w.code}${w.resource ? ` ${w.resource}` : ''}: ${w.message}`));
      lines.push('');
    }
    const s = report.summary;
    const counts = (Object.entries(s.bySeverity) as [Severity, number][])
      .filter(([, n]) => n > 0)
      .map(([sev, n]) => paint(sev, `${n} ${sev}`));
    // An error wins over drift: what could not be read may hide more (the verdict, as the exit code, is 1).
    const verdict = report.verdict === 'error' ? 'Not verified' : s.findings ? 'Drift' : 'In sync';
    const qualifiers = verdictQualifiers(report);
    lines.push(
      `${verdict}: ${s.findings} finding(s)${counts.length ? ` (${counts.join(', ')})` : ''}, ${s.errors} read error(s); checked ${
        s.roles
      } role(s), ${s.functions} function(s)${qualifiers.map((q) => `; ${q}`).join('')}.`,
    );
    lines.push(exitCodeExplanation(report));
    return `${lines.join('\n')}\n`;
  },
};

function renderFinding(f: DriftFinding, paint: (s: Severity, t: string) => string): string[] {
  // Every value goes through v (inertLine): values come from AWS, and one must not move the cursor or forge a line.
  const lines = [`  ${paint(f.severity, f.severity.toUpperCase().padEnd(8))} ${f.code}  ${v(`${f.resource.type} ${f.resource.name}`)}`];
  lines.push(`           why: ${v(f.reason)}`);
  for (const d of f.differences) {
    lines.push(
      `           ${d.type === 'ADD' ? '+' : d.type === 'REMOVE' ? '-' : '~'} ${v(d.path)}: ${v(showValue(d.expected))} → ${v(showValue(d.actual))}`,
    );
  }
  lines.push(`           who: ${v(whoText(f))}`);
  // A trailing import block keeps its own lines, indented under the fix.
  const { prose, blocks } = splitRemediation(f.remediation);
  lines.push(`           fix: ${v(prose)}`);
  for (const block of blocks) lines.push('', ...block.split('\n').map((l) => `                ${v(l)}`));
  return lines;
}
