/**
 * One drift run: read state → read live → compare → attribute → build the report.
 * This is the programmatic API; the `drift` CLI command is a thin wrapper around it.
 */
import type { DriftFinding, DriftReport, ExpectedInventory, ReportWarning, Severity } from './model';
import { checkStateInputs } from './inputs';
import { readExpected } from './state/read-state';
import { AwsClients, type AwsCredentials } from './aws/clients';
import { isDeadlineExceeded, startRunLimits } from './aws/deadline';
import { accountCheckTimedOut } from './not-checked';
import { accountWarnings, checkAccount } from './live/account';
import { readLive, DEFAULT_CONCURRENCY } from './live/read-live';
import { compareInventories } from './compare/compare';
import { EventLookup } from './attribute/cloudtrail-events';
import { attributeFindings, withoutAttribution } from './attribute/attribute';
import { DEFAULT_SINCE, parseSince } from './attribute/since';
import { buildReport, checkedResources } from './report';

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

export async function runDrift(options: DriftOptions): Promise<DriftRunResult> {
  const progress = options.onProgress ?? (() => undefined);
  const sinceMs = typeof options.since === 'number' ? options.since : parseSince(options.since ?? DEFAULT_SINCE);

  const inputs = checkStateInputs(options);

  // The run's limits (drift/aws/deadline.ts): checked with the inputs; the deadline's clock starts here.
  const limits = startRunLimits(options);
  progress('reading Terraform state');
  const expected = await readExpected({ ...inputs, region: options.region }).catch((err: unknown) => {
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
    progress(
      `reading ${expected.roles.length} roles, ${expected.functions.length} functions, ${expected.customerPolicies.length} policies from AWS`,
    );
    const live = await readLive(expected, {
      clients,
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      bulkThreshold: options.bulkThreshold,
    });

    const pending = compareInventories(expected, live);
    let attributed: { findings: DriftFinding[]; warnings: ReportWarning[] } = { findings: withoutAttribution(pending), warnings: [] };
    if (!options.skipAttribution) {
      if (pending.length) progress(`attributing ${pending.length} findings from CloudTrail`);
      const lookup = new EventLookup({ clientFor: (r) => clients.cloudTrail(r), since: new Date(Date.now() - sinceMs) });
      attributed = await attributeFindings(pending, { lookup, deployIdentity: options.deployIdentity });
    }

    const warnings = [...(expected.warnings ?? []), ...accountWarnings(expected), ...attributed.warnings];
    const report = buildReport({
      findings: attributed.findings,
      errors: live.errors,
      warnings,
      counts: { roles: expected.roles.length, functions: expected.functions.length },
      scope: {
        accounts: [account, ...Object.values(expected.accountsBySource).flat()],
        regions: [clients.iamRegion, ...expected.functions.map((f) => f.region)],
        sources: expected.sources,
      },
      failOn: options.failOn,
      checked: checkedResources(expected),
    });
    return { report, apiCalls: clients.counter.snapshot(), warnings, expected };
  } finally {
    // Closes sockets an aborted attempt still holds, so nothing keeps the process alive.
    clients.destroy();
    limits.deadline.dispose();
  }
}
