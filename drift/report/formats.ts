/** The output formats, one writer each behind the ReportWriter interface (writer.ts). */
import type { ReportFormat, ReportWriter } from './writer';
import { jsonWriter } from './json';
import { textWriter } from './text';
import { markdownWriter } from './markdown';

export type { ReportFormat } from './writer';

export const REPORT_WRITERS: Record<ReportFormat, ReportWriter> = {
  text: textWriter,
  json: jsonWriter,
  markdown: markdownWriter,
};

export const REPORT_FORMATS = Object.keys(REPORT_WRITERS) as ReportFormat[];
