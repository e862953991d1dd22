/**
 * One drift run: read state → read live → compare → attribute → build the report.
 * This is the programmatic API; the `drift` CLI command is a thin wrapper around it.
 */
import type { DriftReport, ExpectedInventory } from './model';
import { resolve } from 'node:path';
import { mergeInventories, pullStackState, readStateFile } from './state/read-state';
import { UserError } from '../shared/errors';
import { compareInventories } from './compare/compare';
import { buildReport } from './report';
import { AwsClients } from './live/clients';
import { checkAccount, statePartitions } from './live/account';
import { partitionOfRegion } from './partition';
import { readLive, DEFAULT_CONCURRENCY } from './live/read-live';
import { EventLookup } from './attribute/cloudtrail-events';
import { attributeFindings } from './attribute/attribute';
import { DEFAULT_SINCE, parseSince } from './attribute/since';

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
   * Skip CloudTrail (findings then carry no attribution).
   * @default false
   */
  readonly skipAttribution?: boolean;
  /** Progress lines for long runs. @default - silent */
  readonly onProgress?: (message: string) => void;
}

export interface DriftRunResult {
  readonly report: DriftReport;
  /** Wire requests by operation (retries included), across IAM, Lambda, CloudTrail. */
  readonly apiCalls: Record<string, number>;
  /**
   * Non-fatal problems: what the state leaves unverified (inline-argument style roles, inline policies
   * without a recorded document), and CloudTrail lookups that failed (their findings are unattributed).
   */
  readonly warnings: readonly string[];
  readonly expected: ExpectedInventory;
}

export function loadExpected(options: Pick<DriftOptions, 'stacks' | 'stateFiles' | 'outDir' | 'region'>): ExpectedInventory {
  // The same stack or file given twice is read once (its permissions would otherwise be counted twice).
  const stacks = [...new Set(options.stacks ?? [])];
  const files = [...new Map((options.stateFiles ?? []).map((f) => [resolve(f), f])).values()];
  if (stacks.length + files.length === 0) {
    throw new Error('no Terraform state given: pass at least one stack name or state file');
  }
  const parts = [
    // --region is also the region of functions that state names only by plain name.
    ...stacks.map((name) => pullStackState(name, { defaultRegion: options.region, ...(options.outDir ? { outDir: options.outDir } : {}) })),
    ...files.map((file) => readStateFile(file, { defaultRegion: options.region })),
  ];
  for (const part of parts) {
    // An empty state would otherwise read as "in sync, 0 roles 0 functions": exit 0 for the wrong file.
    if (part.roles.length + part.functions.length + part.customerPolicies.length === 0) {
      throw new UserError(
        `${part.sources.join(', ')}: no IAM roles, policies or Lambda permissions in this state; wrong file, workspace or backend key?`,
      );
    }
  }
  return parts.length === 1 ? parts[0] : mergeInventories(parts);
}

export async function runDrift(options: DriftOptions): Promise<DriftRunResult> {
  const progress = options.onProgress ?? (() => undefined);
  const sinceMs = typeof options.since === 'number' ? options.since : parseSince(options.since ?? DEFAULT_SINCE);

  progress('reading Terraform state');
  const expected = loadExpected(options);

  // IAM lives in one region per partition: the state's ARNs say which partition, else the region does.
  const partition = statePartitions(expected)[0] ?? (options.region ? partitionOfRegion(options.region) : undefined);
  const clients = new AwsClients({ region: options.region, profile: options.profile, maxAttempts: options.maxAttempts, partition });
  try {
    progress('checking which account the credentials are for');
    await checkAccount(expected, clients.sts());
    progress(`reading ${expected.roles.length} roles, ${expected.functions.length} functions, ${expected.customerPolicies.length} policies from AWS`);
    const live = await readLive(expected, {
      clients,
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      bulkThreshold: options.bulkThreshold,
    });

    const pending = compareInventories(expected, live, { deployIdentityArn: options.deployIdentity, iamRegion: clients.iamRegion });
    let warnings: string[] = [];
    let findings;
    if (options.skipAttribution) {
      findings = pending.map(({ attributionQuery: _q, ...f }) => ({ ...f, attribution: null }));
    } else {
      if (pending.length) progress(`attributing ${pending.length} findings from CloudTrail`);
      const lookup = new EventLookup({ clientFor: (r) => clients.cloudTrail(r), since: new Date(Date.now() - sinceMs) });
      ({ findings, warnings } = await attributeFindings(pending, { lookup, deployIdentity: options.deployIdentity }));
    }

    const report = buildReport(findings, [...live.errors], { roles: expected.roles.length, functions: expected.functions.length });
    return { report, apiCalls: clients.counter.snapshot(), warnings: [...(expected.warnings ?? []), ...warnings], expected };
  } finally {
    clients.destroy();
  }
}
