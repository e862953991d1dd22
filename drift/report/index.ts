/** The report stage: the DriftReport (JSON contract) and a writer per output format. */
import type { ReportFormat, ReportWriter } from './writer';
import { jsonWriter } from './json';
import { textWriter } from './text';
import { markdownWriter } from './markdown';

export { buildReport, exitCodeFor, exitCodeExplanation } from './build-report';
export { checkReportPath, writeReport } from './write-report';
export type { ReportFormat, ReportWriter } from './writer';

export const REPORT_WRITERS: Record<ReportFormat, ReportWriter> = {
  text: textWriter,
  json: jsonWriter,
  markdown: markdownWriter,
};
