/** The report stage: the DriftReport (JSON contract), a writer per output format, and where reports go. */
export { buildReport, exitCodeFor, exitCodeExplanation, type ReportInput } from './build-report';
export { checkedResources } from './checked';
export { checkReportPath, writeReport } from './write-report';
export { REPORT_EXTENSIONS, REPORT_FORMATS, REPORT_WRITERS } from './formats';
export { checkLocateOptions, fallbackLocation, locateFindings, parseDefinitionSpec, type LocateOptions } from './locate';
export {
  checkReportTargets,
  errorReport,
  parseReportSpec,
  writeErrorReports,
  writeReports,
  type ReportTarget,
  type WriteReportsOptions,
} from './targets';
export type { ReportFormat, ReportWriter } from './writer';
