/**
 * The DriftReport: the JSON contract every output format renders (`--format json` prints it as is) and that
 * `report merge` reads back. Documented in the README and as a JSON Schema in docs/drift-report.schema.json,
 * which the tests check real reports against. Within schemaVersion 1 fields are only ever added.
 */
import type { AttributionStatus, DriftFinding, FindingCode, Severity } from './findings';

/**
 * Something the run could not do. Any error forbids "in sync" and makes the exit code 1.
 *   read-failed    AWS answered with an error other than "not found" (throttled until retries gave up, 5xx)
 *   access-denied  the credentials may not make a call the check needs
 *   not-checked    the run ended before this item was read (the --timeout deadline), or its target was not reached
 *   fatal          the run could not start or finish (bad input, wrong account): written to every report path on exit 1
 */
export const ERROR_KINDS = ['read-failed', 'access-denied', 'not-checked', 'fatal'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface ReadError {
  /** What could not be read or done, named so a person can find it (e.g. `IAM role api-role`). */
  readonly resource: string;
  readonly message: string;
  /** @default 'read-failed' */
  readonly kind?: ErrorKind;
  /** The account of the resource or target, when known. @default - not known */
  readonly account?: string;
  /** The `--config` target this belongs to. @default - a single-target run */
  readonly target?: string;
}

/**
 * Something the report must say beside the findings, because it limits what "in sync" means or explains
 * what the run did. Codes are stable identifiers (UPPER_SNAKE_CASE); new ones may be added:
 *   POLICIES_FROM_ROLE_ARGUMENTS   a role declares its policies only with aws_iam_role arguments, which
 *                                  Terraform refreshes from AWS: a change before the last apply counts as declared
 *   DOCUMENT_NOT_IN_STATE          a declared inline policy whose document state does not record: presence checked only
 *   ATTRIBUTION_LOOKUP_FAILED      CloudTrail could not be read for some findings (their attributionStatus says so)
 *   ACCOUNT_NOT_CHECKED            no ARN in a state names its account, so the credentials' account could not be checked
 *   IGNORE_RULE_EXPIRED            an ignore rule's `expires` date has passed: its findings are back
 *   IGNORE_RULE_UNUSED             an ignore rule matched nothing
 *   FULL_SCAN                      an incremental run scanned everything, and why
 *   ALIASES_NOT_READ               --skip-alias-reads: aliases state does not declare were not listed, so a
 *                                  permission on one would not be found
 */
export interface ReportWarning {
  readonly code: string;
  readonly message: string;
  /** The resource (Terraform address, name or ARN) it is about. @default - the run as a whole */
  readonly resource?: string;
  /** The state it comes from. @default - none */
  readonly source?: string;
  /** @default - a single-target run */
  readonly target?: string;
  /** The ignore rule it is about, as `file:line` (IGNORE_RULE_EXPIRED, IGNORE_RULE_UNUSED). @default - none */
  readonly rule?: string;
}

/** --skip-alias-reads was given: permissions on aliases state does not declare were not verified. */
export const ALIASES_NOT_READ = 'ALIASES_NOT_READ';

/** The warning codes that mean "this resource's declaration could not be verified": they qualify "in sync". */
export const UNVERIFIED_WARNING_CODES: readonly string[] = ['POLICIES_FROM_ROLE_ARGUMENTS', 'DOCUMENT_NOT_IN_STATE'];

/** An ignore rule, as it was applied (the ignore file's fields). */
export interface IgnoreRuleRef {
  readonly code: FindingCode | '*';
  readonly resource: string;
  readonly property?: string;
  /** A glob over the finding's account id. @default - any account */
  readonly account?: string;
  readonly reason: string;
  /** YYYY-MM-DD. @default - never expires */
  readonly expires?: string;
  readonly owner?: string;
  /** Where the rule is: `file:line`. */
  readonly at: string;
}

/** A finding an ignore rule acknowledged: reported apart, never counted toward the exit code. */
export interface IgnoredFinding {
  readonly finding: DriftFinding;
  readonly rule: IgnoreRuleRef;
}

/** A target of a `--config` run: one account, its regions and its states. */
export interface ReportTarget {
  readonly name: string;
  readonly account: string | null;
  readonly regions: readonly string[];
  readonly sources: readonly string[];
  /** `unchecked` when the target could not be read at all (for example its role could not be assumed). */
  readonly status: 'checked' | 'unchecked';
}

/**
 * One role, function or customer policy the run checked (from the states), so per-resource formats (JUnit:
 * one testcase each) can show what passed, not only what failed.
 */
export interface CheckedResource {
  readonly type: 'aws_iam_role' | 'aws_lambda_function' | 'aws_iam_policy';
  readonly name: string;
  readonly arn: string | null;
  /** The address of the resource itself, when Terraform owns it (a role state only attaches to has none). */
  readonly address: string | null;
  /** Every address that declares it or a part of it (attachments, inline policies, permissions): findings name one of these. */
  readonly addresses: readonly string[];
  /** The state that declares it: a state file path or `stack NAME`. */
  readonly source: string;
  /** The function's region. @default - IAM (global) */
  readonly region?: string;
  /** @default - a single-target run */
  readonly target?: string;
}

export type Verdict = 'in-sync' | 'drift' | 'error';

export interface DriftReport {
  readonly schemaVersion: 1;
  /** When the report was made (ISO 8601, UTC). */
  readonly generatedAt: string;
  readonly tool: { readonly name: string; readonly version: string };
  /**
   * error: something could not be read or done (exit 1). drift: findings remain after ignore rules.
   * in-sync: everything expected was read and matches (warnings may qualify it).
   */
  readonly verdict: Verdict;
  /** The process exit code this report gives: 1 on error, 2 when a finding is at or above `failOn`, else 0. */
  readonly exitCode: 0 | 1 | 2;
  /** The `--fail-on` threshold the exit code used. */
  readonly failOn: Severity;
  readonly summary: {
    readonly inSync: boolean;
    readonly roles: number;
    readonly functions: number;
    readonly findings: number;
    readonly bySeverity: Readonly<Record<Severity, number>>;
    readonly errors: number;
    readonly warnings: number;
    /** Findings ignore rules acknowledged (not in `findings`). */
    readonly ignored: number;
    /** Resources whose declaration could not be verified from state (see UNVERIFIED_WARNING_CODES). */
    readonly unverified: number;
    /** Findings by attribution status. */
    readonly attribution: Readonly<Record<AttributionStatus, number>>;
  };
  /** What was checked: accounts, regions, the states read and, for a `--config` run, the targets. */
  readonly scope: {
    readonly accounts: readonly string[];
    readonly regions: readonly string[];
    readonly sources: readonly string[];
    /** @default - a single-target run */
    readonly targets?: readonly ReportTarget[];
  };
  readonly findings: readonly DriftFinding[];
  readonly ignored: readonly IgnoredFinding[];
  readonly warnings: readonly ReportWarning[];
  readonly errors: readonly ReadError[];
  /** Every role, function and customer policy the states declare, checked or not. @default - not listed (counts only) */
  readonly checked?: readonly CheckedResource[];
  /** How an incremental run scanned. @default - a full scan without a checkpoint */
  readonly scan?: { readonly mode: 'full' | 'incremental'; readonly reason?: string; readonly reread?: number; readonly carried?: number };
}
