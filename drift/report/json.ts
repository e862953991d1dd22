/** The JSON format is the DriftReport itself (schema v1), for machines: 2-space indent, trailing newline. */
import type { ReportWriter } from './writer';

export const jsonWriter: ReportWriter = {
  format: 'json',
  render: (report) => `${JSON.stringify(report, null, 2)}\n`,
};
