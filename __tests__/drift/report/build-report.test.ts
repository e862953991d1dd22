/** The one exit-code rule (like terraform plan -detailed-exitcode): read errors win over drift. */
import { exitCodeFor } from '../../../drift/report';
import type { DriftReport } from '../../../drift/model';

describe('exitCodeFor', () => {
  test('errors win over findings; none of either is 0', () => {
    const report = (findings: number, errors: number) =>
      ({ findings: Array(findings).fill({}), errors: Array(errors).fill({ resource: 'r', message: 'm' }) }) as unknown as DriftReport;
    expect(exitCodeFor(report(0, 0))).toBe(0);
    expect(exitCodeFor(report(2, 0))).toBe(2);
    expect(exitCodeFor(report(2, 1))).toBe(1);
    expect(exitCodeFor(report(0, 1))).toBe(1);
  });
});
