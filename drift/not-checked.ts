/**
 * Why this exists: when the run's deadline (--timeout) passes before STS has said whose credentials these
 * are, nothing can be read safely (the account guard never ran), and "nothing" must not look like "in sync"
 * or like a crash: the report says so, as one not-checked error for the account check and one for every role,
 * function and customer policy the states declare (exit 1). A deadline that passes later is reported by the
 * readers themselves (each cut-off read is a not-checked ReadError).
 */
import type { DriftReport, ExpectedInventory, ReadError, ReportWarning, Severity } from './model';
import { buildReport } from './report';
import { accountWarnings } from './live/account';
import { resourceLabel } from './aws/sdk-errors';
import { formatDuration } from './aws/deadline';

/** One not-checked error per resource the inventory declares, each saying why. */
export function notCheckedErrors(expected: ExpectedInventory, why: string): ReadError[] {
  const message = `not checked: ${why}`;
  return [
    ...expected.roles.map((r) => ({ resource: resourceLabel.role(r.name), kind: 'not-checked' as const, message })),
    ...expected.functions.map((f) => ({ resource: resourceLabel.fn(f.region, f.name), kind: 'not-checked' as const, message })),
    ...expected.customerPolicies.map((p) => ({ resource: resourceLabel.policy(p.arn), kind: 'not-checked' as const, message })),
  ].sort((a, b) => a.resource.localeCompare(b.resource));
}

/** The report of a run whose deadline passed during the account check: verdict error, everything not checked. */
export function accountCheckTimedOut(
  expected: ExpectedInventory,
  timeoutMs: number,
  context: { readonly iamRegion: string; readonly failOn?: Severity },
): { readonly report: DriftReport; readonly warnings: readonly ReportWarning[] } {
  const deadline = `the run's deadline (--timeout ${formatDuration(timeoutMs)}) passed`;
  const warnings = [...(expected.warnings ?? []), ...accountWarnings(expected)];
  const report = buildReport({
    findings: [],
    errors: [
      {
        resource: 'sts:GetCallerIdentity',
        kind: 'not-checked',
        message: `not checked: ${deadline} before STS said which account the credentials are for, so nothing was read`,
      },
      ...notCheckedErrors(expected, `${deadline} before the account check finished`),
    ],
    warnings,
    counts: { roles: expected.roles.length, functions: expected.functions.length },
    scope: {
      accounts: Object.values(expected.accountsBySource).flat(),
      regions: [context.iamRegion, ...expected.functions.map((f) => f.region)],
      sources: expected.sources,
    },
    ...(context.failOn ? { failOn: context.failOn } : {}),
  });
  return { report, warnings };
}
