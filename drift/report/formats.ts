/** The output formats, one writer each behind the ReportWriter interface (writer.ts). */
import type { ReportFormat, ReportWriter } from './writer';
import { jsonWriter } from './json';
import { textWriter } from './text';
import { markdownWriter } from './markdown';
import { sarifWriter } from './sarif';
import { junitWriter } from './junit';
import { htmlWriter } from './html';

export type { ReportFormat } from './writer';

export const REPORT_WRITERS: Record<ReportFormat, ReportWriter> = {
  text: textWriter,
  json: jsonWriter,
  markdown: markdownWriter,
  sarif: sarifWriter,
  junit: junitWriter,
  html: htmlWriter,
};

/** The usual file extension of each format (for examples in messages and in tests). */
export const REPORT_EXTENSIONS: Record<ReportFormat, string> = {
  text: 'txt',
  json: 'json',
  markdown: 'md',
  sarif: 'sarif',
  junit: 'xml',
  html: 'html',
};

export const REPORT_FORMATS = Object.keys(REPORT_WRITERS) as ReportFormat[];
