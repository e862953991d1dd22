import type { DriftFinding, DriftReport, ReadError } from '../model';

export interface ReportWriter {
  readonly format: 'text' | 'json' | 'markdown';
  render(report: DriftReport, opts: { color: boolean }): string;
}

export const REPORT_WRITERS: Record<'text' | 'json' | 'markdown', ReportWriter> = {} as Record<'text' | 'json' | 'markdown', ReportWriter>;

export function buildReport(findings: DriftFinding[], errors: ReadError[], counts: { roles: number; functions: number }): DriftReport {
  throw new Error(`buildReport: not implemented yet (${findings.length}, ${errors.length}, ${counts.roles})`);
}
