/**
 * Why this exists: one interface for every output format (like driftctl's output writers), so a caller
 * picks a writer by name and golden tests cover each one the same way. Writers import this file, and the
 * registry (index.ts) imports the writers: no cycle.
 */
import type { DriftReport } from '../model';

export type ReportFormat = 'text' | 'json' | 'markdown' | 'sarif' | 'junit' | 'html';

export interface ReportWriter {
  readonly format: ReportFormat;
  /** Renders the whole report; `color` adds ANSI colours (text only; others ignore it). */
  render(report: DriftReport, opts: { color: boolean }): string;
}
