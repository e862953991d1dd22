/**
 * The runner: applies the checks to subjects, honours suppressions (which must carry a reason) and reports.
 * Pure: the Aspect (aspect.ts) and `lambda-roles check` (stacks/check-terraform.ts) hand it the subjects of
 * the Terraform resources they read, each with the suppressions in its scope.
 */
import { ALL_CHECKS } from './all-checks';
import type { CheckEntry, CheckSubject, DeclaredSuppression, Finding, PolicyCheck, Suppression } from './types';
import { ID as INVOKE_WITHOUT_SOURCE } from './rules/invoke-without-source';
import { MIN_REASON_LENGTH } from '../../shared/reason';

export type { CheckEntry } from './types';

export interface SuppressedFinding {
  readonly finding: Finding;
  readonly reason: string;
}

export interface ChecksReport {
  /** Unsuppressed findings (checks' and the runner's own), sorted by path, check id and appliesTo. */
  readonly findings: readonly Finding[];
  /** Findings a suppression silenced, with the suppression's reason. */
  readonly suppressed: readonly SuppressedFinding[];
  /** The error-level part of `findings`: any of them fails synth. */
  readonly errors: readonly Finding[];
  /** The warning-level part of `findings`. */
  readonly warnings: readonly Finding[];
}

/** A suppression's reason must say why; "ok" or "needed" does not (one rule with drift ignore rules: shared/reason). */
export { MIN_REASON_LENGTH };
/** Runner findings (not suppressible): a suppression without a real reason, an unused suppression, a check that threw. */
export const SUPPRESSION_REASON_ID = 'LR-SUPPRESSION-REASON';
export const SUPPRESSION_UNUSED_ID = 'LR-SUPPRESSION-UNUSED';
export const CHECK_FAILED_ID = 'LR-CHECK-FAILED';

/** Where a suppression came from, for messages: a definition's suppressions list or an invoke permission's noSourceReason. */
interface TrackedSuppression {
  readonly suppression: Suppression;
  readonly path: string;
  readonly implicit: boolean;
  readonly used: Set<string>;
}

const ALL_FINDINGS = '\u0000all';

function describeSuppression(s: Suppression): string {
  return `suppression { id: '${s.id}'${s.appliesTo ? `, appliesTo: [${s.appliesTo.map((a) => `'${a}'`).join(', ')}]` : ''} }`;
}

/** The definition's explicit opt-out of a source is the suppression of LR-LAMBDA-INVOKE-WITHOUT-SOURCE. */
function implicitSuppressions(entry: CheckEntry): Suppression[] {
  const { subject } = entry;
  if (subject.kind !== 'invoke-permission' || subject.noSourceReason === undefined) return [];
  if (entry.suppressions.some((s) => s.id === INVOKE_WITHOUT_SOURCE)) return [];
  return [{ id: INVOKE_WITHOUT_SOURCE, reason: subject.noSourceReason }];
}

function runOne(check: PolicyCheck, subject: CheckSubject): readonly Finding[] {
  try {
    const result = check.check(subject);
    return result.status === 'non-compliant' ? result.findings : [];
  } catch (err) {
    // A crashing check must not pass silently: report it as an error on the subject it choked on.
    return [
      {
        checkId: CHECK_FAILED_ID,
        level: 'error',
        path: subject.path,
        message: `Check ${check.id} failed on this ${subject.kind}: ${(err as Error).message}`,
      },
    ];
  }
}

function byLocation(a: Finding, b: Finding): number {
  return (
    a.path.localeCompare(b.path) ||
    a.checkId.localeCompare(b.checkId) ||
    (a.appliesTo ?? '').localeCompare(b.appliesTo ?? '') ||
    a.message.localeCompare(b.message)
  );
}

export interface RunChecksOptions {
  /**
   * Every suppression as declared, with where: an unused one is reported at the place it was written even
   * when nothing in its scope was checked, and an invoker's noSource reason gets its own messages.
   * @default - only the suppressions the entries carry, reported at the first subject that carried them
   */
  readonly declared?: readonly DeclaredSuppression[];
}

export function runChecks(
  entries: readonly CheckEntry[],
  checks: readonly PolicyCheck[] = ALL_CHECKS,
  options: RunChecksOptions = {},
): ChecksReport {
  const tracked = new Map<Suppression, TrackedSuppression>();
  /** Implicit (noSourceReason) suppressions an explicit suppression of the same check took the place of. */
  const superseded = new Set<Suppression>();
  const findings = new Map<string, Finding>();
  const suppressed = new Map<string, SuppressedFinding>();
  const add = (f: Finding): void => void findings.set(`${f.checkId}|${f.path}|${f.appliesTo ?? ''}|${f.message}`, f);
  const declared = new Map((options.declared ?? []).map((d) => [d.suppression, d] as const));
  const isImplicit = (s: Suppression) => declared.get(s)?.origin === 'noSourceReason';

  const track = (s: Suppression, path: string, implicit: boolean): TrackedSuppression => {
    let t = tracked.get(s);
    if (t) return t;
    t = { suppression: s, path, implicit, used: new Set() };
    tracked.set(s, t);
    if ((s.reason ?? '').trim().length < MIN_REASON_LENGTH) {
      add({
        checkId: SUPPRESSION_REASON_ID,
        level: 'error',
        path: t.path,
        appliesTo: `Suppression::${s.id}`,
        message: t.implicit
          ? `noSourceReason '${s.reason}' is too short: explain in at least ${MIN_REASON_LENGTH} characters why the permission has no source.`
          : `The ${describeSuppression(s)} has reason '${s.reason ?? ''}': give a reason of at least ${MIN_REASON_LENGTH} characters saying why the finding is acceptable. It is ignored until then.`,
      });
    }
    return t;
  };
  for (const d of declared.values()) {
    // A noSource reason is tracked when its permission is checked: an explicit suppression may take its place.
    if (d.origin === 'noSourceReason') continue;
    track(d.suppression, d.at, false);
  }

  for (const entry of entries) {
    const explicitOptOut = entry.suppressions.some((s) => s.id === INVOKE_WITHOUT_SOURCE && !isImplicit(s));
    const own = entry.suppressions.filter((s) => {
      if (!explicitOptOut || !isImplicit(s)) return true;
      superseded.add(s);
      return false;
    });
    const implicit = implicitSuppressions(entry);
    const valid: TrackedSuppression[] = [];
    for (const s of [...own, ...implicit]) {
      const t = track(s, declared.get(s)?.at ?? entry.subject.path, implicit.includes(s) || isImplicit(s));
      if ((s.reason ?? '').trim().length >= MIN_REASON_LENGTH) valid.push(t);
    }

    for (const check of checks) {
      for (const finding of runOne(check, entry.subject)) {
        const match = valid.find(
          ({ suppression: s }) =>
            s.id === finding.checkId && (!s.appliesTo || (finding.appliesTo !== undefined && s.appliesTo.includes(finding.appliesTo))),
        );
        if (!match) {
          add(finding);
          continue;
        }
        match.used.add(match.suppression.appliesTo ? finding.appliesTo! : ALL_FINDINGS);
        suppressed.set(`${finding.checkId}|${finding.path}|${finding.appliesTo ?? ''}|${finding.message}`, {
          finding,
          reason: match.suppression.reason,
        });
      }
    }
  }

  const knownIds = new Set(checks.map((c) => c.id));
  for (const t of tracked.values()) {
    const s = t.suppression;
    if (s.reason?.trim().length < MIN_REASON_LENGTH) continue; // already an error; "unused" would be noise
    if (superseded.has(s) && !t.used.size) continue; // an explicit suppression took its place
    const unknownId = knownIds.has(s.id) ? '' : ` No check has the id '${s.id}' (known: ${[...knownIds].join(', ')}).`;
    const stale = s.appliesTo ? s.appliesTo.filter((a) => !t.used.has(a)) : t.used.size ? [] : [undefined];
    for (const appliesTo of stale) {
      add({
        checkId: SUPPRESSION_UNUSED_ID,
        level: 'warning',
        path: t.path,
        appliesTo: `Suppression::${s.id}${appliesTo ? `::${appliesTo}` : ''}`,
        message: t.implicit
          ? `noSourceReason is set but the permission names a source, so nothing is suppressed: remove noSourceReason.`
          : `The ${describeSuppression(s)} matched no finding${appliesTo ? ` for '${appliesTo}'` : ''}: remove it (or fix its id/appliesTo).${unknownId}`,
      });
    }
  }

  const sorted = [...findings.values()].sort(byLocation);
  return {
    findings: sorted,
    suppressed: [...suppressed.values()].sort((a, b) => byLocation(a.finding, b.finding)),
    errors: sorted.filter((f) => f.level === 'error'),
    warnings: sorted.filter((f) => f.level === 'warning'),
  };
}

/** One line per finding: `[error] LR-… at <path> (<appliesTo>): <message>`. */
export function formatFinding(f: Finding): string {
  return `[${f.level}] ${f.checkId} at ${f.path}${f.appliesTo ? ` (${f.appliesTo})` : ''}: ${f.message}`;
}

export function formatSuppressed({ finding: f, reason }: SuppressedFinding): string {
  return `[suppressed] ${f.checkId} at ${f.path}${f.appliesTo ? ` (${f.appliesTo})` : ''}: ${reason}`;
}

/** The whole report as text: findings (errors first), then suppressions, then a one-line summary. */
export function formatChecksReport(report: ChecksReport): string {
  const lines = [...report.errors.map(formatFinding), ...report.warnings.map(formatFinding), ...report.suppressed.map(formatSuppressed)];
  lines.push(
    `policy checks: ${report.errors.length} error(s), ${report.warnings.length} warning(s), ${report.suppressed.length} suppressed`,
  );
  return lines.join('\n');
}
