/**
 * The runner: applies the checks to subjects, honours suppressions (which must carry a reason) and reports.
 * `runChecks` is pure; `attachPolicyChecks` wires it into a stack as a node validation so `cdktf synth`
 * fails on errors and prints warnings and every suppression with its reason.
 */
import type { TerraformStack } from 'cdktf';
import { ALL_CHECKS } from './all-checks';
import { isCheckable, type CheckSubject, type Finding, type PolicyCheck, type Suppression } from './types';
import { ID as INVOKE_WITHOUT_SOURCE } from './rules/invoke-without-source';
import { MIN_REASON_LENGTH } from '../../shared/reason';

/** One subject and the suppressions its construct (definition) declared. */
export interface CheckEntry {
  readonly subject: CheckSubject;
  readonly suppressions: readonly Suppression[];
}

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

export function runChecks(entries: readonly CheckEntry[], checks: readonly PolicyCheck[] = ALL_CHECKS): ChecksReport {
  const tracked = new Map<Suppression, TrackedSuppression>();
  const findings = new Map<string, Finding>();
  const suppressed = new Map<string, SuppressedFinding>();
  const add = (f: Finding): void => void findings.set(`${f.checkId}|${f.path}|${f.appliesTo ?? ''}|${f.message}`, f);

  for (const entry of entries) {
    const implicit = implicitSuppressions(entry);
    const valid: TrackedSuppression[] = [];
    for (const s of [...entry.suppressions, ...implicit]) {
      let t = tracked.get(s);
      if (!t) {
        t = { suppression: s, path: entry.subject.path, implicit: implicit.includes(s), used: new Set() };
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
      }
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

export interface AttachPolicyChecksOptions {
  /** Where warnings, suppressions and the summary go. @default - one line each to stderr, so it shows in `cdktf synth` output. */
  readonly log?: (line: string) => void;
  /** @default ALL_CHECKS */
  readonly checks?: readonly PolicyCheck[];
  /** Receives the full report on every validation run (e.g. to write checks.json). @default - none. */
  readonly onReport?: (report: ChecksReport) => void;
}

const attached = new WeakSet<TerraformStack>();

/** Collects the subjects of every Checkable construct under a scope, each with its construct's suppressions. */
export function collectCheckEntries(stack: TerraformStack): CheckEntry[] {
  return stack.node
    .findAll()
    .flatMap((c) => (isCheckable(c) ? c.checkSubjects().map((subject) => ({ subject, suppressions: c.checkSuppressions })) : []));
}

/**
 * Runs the checks when the stack is validated (at synth). Errors are returned to cdktf, which fails synth
 * and lists them; warnings and suppressions are logged. Attaching twice to one stack is a no-op.
 */
export function attachPolicyChecks(stack: TerraformStack, opts: AttachPolicyChecksOptions = {}): void {
  if (attached.has(stack)) return;
  attached.add(stack);
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  stack.node.addValidation({
    validate: () => {
      const report = runChecks(collectCheckEntries(stack), opts.checks ?? ALL_CHECKS);
      opts.onReport?.(report);
      for (const w of report.warnings) log(formatFinding(w));
      for (const s of report.suppressed) log(formatSuppressed(s));
      if (report.findings.length || report.suppressed.length) {
        log(
          `policy checks (${stack.node.path}): ${report.errors.length} error(s), ${report.warnings.length} warning(s), ${report.suppressed.length} suppressed`,
        );
      }
      return report.errors.map(formatFinding);
    },
  });
}
