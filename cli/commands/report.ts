/**
 * `lambda-roles report merge a.json b.json …`: one report from the JSON reports of a CI matrix (one job per
 * account), with the verdict, counts, scope and exit code recomputed. Flags are parsed with zod here;
 * runMergeJob (drift/merge) checks the inputs, merges and writes the reports.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import type { CliIo } from '../io';
import { parseFlags } from '../errors';
import { colorFor } from '../color';
import { runMergeJob } from '../../drift/merge';
import { REPORT_FORMATS, parseReportSpec, type ReportFormat, type ReportTarget } from '../../drift/report';

const optionsSchema = z.object({
  report: z.array(z.string()).default([]),
  format: z
    .array(z.enum(REPORT_FORMATS as [ReportFormat, ...ReportFormat[]], { message: `expected one of ${REPORT_FORMATS.join(', ')}` }))
    .max(1, 'give --format once; for several reports use --report FORMAT=PATH (repeatable)')
    .default([]),
  failOn: z.enum(['critical', 'high', 'medium', 'low'], { message: 'expected critical, high, medium or low' }).optional(),
});
export type ReportMergeCliOptions = z.infer<typeof optionsSchema>;

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Parses raw commander options into typed ones; a bad flag becomes one UserError line each. */
export function parseReportMergeOptions(raw: Record<string, unknown>): ReportMergeCliOptions {
  return parseFlags(optionsSchema, raw);
}

/** --report FORMAT=PATH (any number); --format, or text when there is no --report, goes to standard output. */
export function mergeReportTargets(o: ReportMergeCliOptions): ReportTarget[] {
  const stdout: ReportTarget[] = o.format.length || !o.report.length ? [{ format: o.format[0] ?? 'text' }] : [];
  return [...stdout, ...o.report.map(parseReportSpec)];
}

const HELP_AFTER = `
Examples:
  $ lambda-roles report merge prod.json staging.json --report json=drift.json --report markdown=drift.md
  $ lambda-roles report merge reports/*.json --fail-on high --format markdown

Exit codes (of the merged report): 0 in sync (or drift below --fail-on), 2 drift, 1 an error in any input
or a bad input file (every --report file then holds an error report).`;

export function register(program: Command, io: CliIo): void {
  const report = program.command('report').description('Work with drift reports (the JSON contract, schemaVersion 1).');
  report
    .command('merge')
    .description('Merge the JSON drift reports of a CI matrix (one job per account) into one report; recompute the exit code.')
    .argument('<reports...>', 'JSON drift reports (--report json=PATH of each drift run)')
    .option('--report <format=path>', `write the merged report in FORMAT (${REPORT_FORMATS.join(' | ')}) to PATH (repeatable)`, collect)
    .option('--format <format>', 'format of the report on standard output (default: text, when no --report is given)', collect)
    .option('--fail-on <severity>', "lowest severity that exits 2 (default: the inputs' own, when they agree)")
    .addHelpText('after', HELP_AFTER)
    .action((inputs: string[], raw: Record<string, unknown>) => {
      const o = parseReportMergeOptions(raw);
      const result = runMergeJob({ inputs, reports: mergeReportTargets(o), failOn: o.failOn, color: colorFor(io.stdout) });
      if (result.stdout !== undefined) io.stdout.write(result.stdout);
      io.exitCode = result.exitCode;
    });
}
