/**
 * One drift run: read state → read live → compare → attribute → build the report.
 * This is the programmatic API; the `drift` CLI command is a thin wrapper around it.
 */
import { resolve } from 'node:path';
import { ALIASES_NOT_READ, type DriftReport, type ExpectedInventory, type ReportWarning, type Severity } from './model';
import { checkStateInputs, type CheckedStateInputs } from './inputs';
import { readExpected } from './state/read-state';
import { AwsClients, type AwsCredentials } from './aws/clients';
import { isDeadlineExceeded, startRunLimits } from './aws/deadline';
import { accountCheckTimedOut } from './not-checked';
import { accountWarnings, checkAccount } from './live/account';
import { DEFAULT_CONCURRENCY } from './live/read-live';
import { EventLookup } from './attribute/cloudtrail-events';
import { DEFAULT_SINCE, parseSince } from './attribute/since';
import { buildReport, checkedResources } from './report';
import { scan } from './scan';
import { buildCheckpoint, checkCheckpointPath, saveCheckpoint, type CheckpointInputs } from './incremental/checkpoint';
import { DEFAULT_MAX_AGE, DEFAULT_OVERLAP, planScan, type IncrementalOptions, type ScanPlan } from './incremental/plan';

export interface DriftOptions {
  /**
   * CDKTF stack names whose state is pulled with `terraform state pull` in `<stacksDir>/<name>`.
   * @default - none
   */
  readonly stacks?: readonly string[];
  /**
   * Terraform state files (tfstate v4) to read.
   * @default - none
   */
  readonly stateFiles?: readonly string[];
  /**
   * The synthesized CDKTF output dir holding `stacks/<name>` (for `stacks`).
   * @default - the state reader's default (cdktf.out)
   */
  readonly outDir?: string;
  /**
   * Default region for Lambda functions whose state names none, and for the clients.
   * @default - AWS_REGION, else us-east-1
   */
  readonly region?: string;
  /** @default - AWS_PROFILE, else the default credential chain */
  readonly profile?: string;
  /**
   * Credentials to read with instead of the chain or profile (a `--config` target's assumed-role session).
   * @default - the default credential chain, or `profile`
   */
  readonly credentials?: AwsCredentials;
  /**
   * CloudTrail look-back window, e.g. '7d', or milliseconds.
   * @default '7d'
   */
  readonly since?: string | number;
  /**
   * ARN of the identity Terraform/CI deploys with; its changes are labelled "by the deploy identity".
   * @default - none
   */
  readonly deployIdentity?: string;
  /** @default 4 */
  readonly concurrency?: number;
  /** @default 10 (see ReadLiveOptions.bulkThreshold) */
  readonly bulkThreshold?: number;
  /** @default 6 */
  readonly maxAttempts?: number;
  /**
   * The whole run's deadline: '90s', '10m', '1h', or milliseconds. When it passes, every AWS call in flight
   * or waiting is aborted, and what was not read is reported as not checked (exit 1).
   * @default '30m'
   */
  readonly timeout?: string | number;
  /**
   * One attempt of one AWS request, before it fails and is retried ('15s', or milliseconds).
   * @default '15s'
   */
  readonly requestTimeout?: string | number;
  /**
   * Establishing one TCP connection ('5s', or milliseconds).
   * @default '5s'
   */
  readonly connectTimeout?: string | number;
  /**
   * Do not list each function's aliases (one ListAliases per function, about half of a full scan's calls):
   * only the aliases state declares are read, so a permission added to any other alias is not seen. The
   * report then carries an ALIASES_NOT_READ warning, which qualifies "in sync".
   * @default false (every alias's policy is read)
   */
  readonly skipAliasReads?: boolean;
  /**
   * Skip CloudTrail (findings then carry no attribution).
   * @default false
   */
  readonly skipAttribution?: boolean;
  /**
   * The lowest severity that fails the run (exit 2); findings below it are reported and exit 0.
   * @default 'low' (any finding)
   */
  readonly failOn?: Severity;
  /** Progress lines for long runs. @default - silent */
  readonly onProgress?: (message: string) => void;
  /**
   * Incremental mode: after a full scan, later runs re-read only what CloudTrail says was written since the
   * checkpoint and carry the rest (drift/incremental/plan.ts says when a run scans in full anyway).
   * @default - a full scan, no checkpoint
   */
  readonly incremental?: IncrementalOptions;
}

export interface DriftRunResult {
  readonly report: DriftReport;
  /** Wire requests by operation (retries included), across IAM, Lambda, CloudTrail. */
  readonly apiCalls: Record<string, number>;
  /**
   * Non-fatal problems, also in the report: what the state leaves unverified (inline-argument style roles,
   * inline policies without a recorded document), states whose account could not be checked, and CloudTrail
   * lookups that failed (their findings say `lookup-failed`).
   */
  readonly warnings: readonly ReportWarning[];
  readonly expected: ExpectedInventory;
}

/** Checks the state inputs (drift/inputs.ts) and reads every state into one inventory. */
export async function loadExpected(options: Pick<DriftOptions, 'stacks' | 'stateFiles' | 'outDir' | 'region'>): Promise<ExpectedInventory> {
  const inputs = checkStateInputs(options);
  return readExpected({ ...inputs, region: options.region });
}

const windowMs = (value: string | number, fallback: string) => (typeof value === 'number' ? value : parseSince(value || fallback));

/** What identifies a run's inputs for its checkpoint: the same states, account, partition and region. */
function checkpointInputs(
  inputs: CheckedStateInputs,
  account: string,
  expected: ExpectedInventory,
  clients: AwsClients,
  skipAliasReads: boolean,
): CheckpointInputs {
  return {
    sources: [
      ...inputs.stateFiles.map((f) => resolve(f)),
      ...inputs.stacks.map((name) => `stack ${name} in ${resolve(inputs.outDir)}`),
    ].sort(),
    account,
    partition: expected.partition,
    defaultRegion: clients.defaultRegion,
    allQualifiers: true,
    ...(skipAliasReads ? { aliasesRead: false as const } : {}),
  };
}

/** What --skip-alias-reads leaves unverified, said once per run that read any function. */
function aliasesNotReadWarning(expected: ExpectedInventory): ReportWarning[] {
  const n = expected.functions.length;
  if (n === 0) return [];
  return [
    {
      code: ALIASES_NOT_READ,
      message:
        `alias permissions not verified: --skip-alias-reads did not list the aliases of ${n} function(s), so a permission ` +
        'added to an alias state does not declare (add-permission --qualifier ALIAS) would not be found; run without ' +
        '--skip-alias-reads (one ListAliases per function) for a complete check',
    },
  ];
}

export async function runDrift(options: DriftOptions): Promise<DriftRunResult> {
  const progress = options.onProgress ?? (() => undefined);
  const sinceMs = typeof options.since === 'number' ? options.since : parseSince(options.since ?? DEFAULT_SINCE);
  const incremental = options.incremental;
  const overlapMs = incremental ? windowMs(incremental.overlap ?? DEFAULT_OVERLAP, DEFAULT_OVERLAP) : 0;
  const maxAgeMs = incremental ? windowMs(incremental.maxAge ?? DEFAULT_MAX_AGE, DEFAULT_MAX_AGE) : 0;

  const inputs = checkStateInputs(options);
  if (incremental) checkCheckpointPath(incremental.checkpoint);

  // The run's limits (drift/aws/deadline.ts): checked with the inputs; the deadline's clock starts here.
  const limits = startRunLimits(options);
  progress('reading Terraform state');
  const expected = await readExpected({ ...inputs, region: options.region, signal: limits.deadline.signal }).catch((err: unknown) => {
    limits.deadline.dispose();
    throw err;
  });

  // IAM lives in one region per partition: the state reader decided which.
  const clients = new AwsClients({
    region: options.region,
    profile: options.profile,
    credentials: options.credentials,
    maxAttempts: options.maxAttempts,
    ...limits.clientOptions,
    partition: expected.partition,
  });
  try {
    progress('checking which account the credentials are for');
    const account = await checkAccount(expected, clients.sts()).catch((err: unknown) => {
      if (isDeadlineExceeded(err)) return undefined;
      throw err;
    });
    if (account === undefined) {
      const timedOut = accountCheckTimedOut(expected, limits.deadline.timeoutMs, { iamRegion: clients.iamRegion, failOn: options.failOn });
      return { ...timedOut, apiCalls: clients.counter.snapshot(), expected };
    }
    clients.useQuotasOf(account);
    // The next incremental run reads CloudTrail from here: every change before now is seen by this run's
    // reads or by its CloudTrail lookup (which ends after now).
    const scanStartedAt = new Date();
    const cpInputs = incremental ? checkpointInputs(inputs, account, expected, clients, options.skipAliasReads ?? false) : undefined;
    let plan: ScanPlan | undefined;
    if (incremental && cpInputs) {
      progress(`incremental mode: reading CloudTrail since the checkpoint ${incremental.checkpoint}`);
      plan = await planScan({
        expected,
        inputs: cpInputs,
        path: incremental.checkpoint,
        overlapMs,
        maxAgeMs,
        now: scanStartedAt,
        iamRegion: clients.iamRegion,
        clientFor: (r) => clients.cloudTrail(r),
      });
      progress(
        plan.mode === 'full' ? `full scan: ${plan.reason}` : `incremental: re-reading ${plan.reread}, carrying ${plan.carriedCount}`,
      );
    }
    const toRead = plan?.toRead ?? expected;
    progress(
      `reading ${toRead.roles.length} roles, ${toRead.functions.length} functions, ${toRead.customerPolicies.length} policies from AWS`,
    );
    const earlier = plan?.previous?.attributions;
    const scanned = await scan({
      expected,
      toRead,
      carried: plan?.carried,
      clients,
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      bulkThreshold: options.bulkThreshold,
      readAliases: !options.skipAliasReads,
      attribution: options.skipAttribution
        ? undefined
        : {
            lookup: new EventLookup({ clientFor: (r) => clients.cloudTrail(r), account, since: new Date(Date.now() - sinceMs) }),
            deployIdentity: options.deployIdentity,
            ...(earlier ? { earlier: (fingerprint: string) => earlier[fingerprint] } : {}),
          },
      progress,
    });

    const fullScanWarning: ReportWarning[] =
      plan?.mode === 'full' ? [{ code: 'FULL_SCAN', message: `incremental run scanned everything: ${plan.reason}` }] : [];
    const warnings: ReportWarning[] = [...(expected.warnings ?? []), ...accountWarnings(expected), ...scanned.warnings, ...fullScanWarning];
    if (options.skipAliasReads) warnings.push(...aliasesNotReadWarning(expected));
    const report = buildReport({
      findings: scanned.findings,
      errors: scanned.errors,
      warnings,
      counts: { roles: expected.roles.length, functions: expected.functions.length },
      scope: {
        accounts: [account, ...Object.values(expected.accountsBySource).flat()],
        regions: [clients.iamRegion, ...expected.functions.map((f) => f.region)],
        sources: expected.sources,
      },
      failOn: options.failOn,
      checked: checkedResources(expected),
      ...(plan
        ? { scan: { mode: plan.mode, ...(plan.reason ? { reason: plan.reason } : {}), reread: plan.reread, carried: plan.carriedCount } }
        : {}),
    });
    if (incremental && plan && cpInputs) {
      const checkpoint = buildCheckpoint({
        inputs: cpInputs,
        scanStartedAt,
        fullScanStartedAt: plan.mode === 'full' ? scanStartedAt : new Date(plan.previous?.fullScanStartedAt ?? scanStartedAt),
        items: [...(plan.carried ?? []), ...scanned.read],
        findings: scanned.findings,
      });
      if (!saveCheckpoint(incremental.checkpoint, checkpoint)) progress('checkpoint kept: it holds a newer scan than this run');
    }
    return { report, apiCalls: clients.counter.snapshot(), warnings, expected };
  } finally {
    // Closes sockets an aborted attempt still holds, so nothing keeps the process alive.
    clients.destroy();
    limits.deadline.dispose();
  }
}
