/**
 * Why this exists: one interface for every output format (like driftctl's output writers), so the CLI
 * picks a writer by name and golden tests cover each one the same way.
 */
import type { DriftReport } from '../model';
import { jsonWriter } from './json';
import { textWriter } from './text';
import { markdownWriter } from './markdown';

export { buildReport, exitCodeFor, exitCodeExplanation } from './build-report';

export type ReportFormat = 'text' | 'json' | 'markdown';

export interface ReportWriter {
  readonly format: ReportFormat;
  /** Renders the whole report; `color` adds ANSI colours (text only; others ignore it). */
  render(report: DriftReport, opts: { color: boolean }): string;
}

export const REPORT_WRITERS: Record<ReportFormat, ReportWriter> = {
  text: textWriter,
  json: jsonWriter,
  markdown: markdownWriter,
};
