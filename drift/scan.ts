/**
 * The middle of a drift run, streamed: live reads → compare → attribute, one resource at a time. The stages
 * still hand each other drift/model data one way; what changes is when. Each resource is compared as soon as
 * its reads end, and each finding's CloudTrail lookup starts then, so attribution overlaps the reads (which
 * the Lambda quotas make long) instead of following them. The findings come out in the one stable order
 * (orderFindings), whatever order the reads finished in.
 *
 * Resources carried from an incremental checkpoint go through the same comparer without being read.
 */
import type { AwsClients } from './aws/clients';
import type { DriftFinding, ExpectedInventory, LiveItem, PendingFinding, ReadError, ReportWarning } from './model';
import { readLive } from './live/read-live';
import { createComparer, orderFindings, type ExpectedResource } from './compare/compare';
import { attributeFindings, withoutAttribution } from './attribute/attribute';
import type { EventLookup } from './attribute/cloudtrail-events';

export interface ScanAttribution {
  readonly lookup: EventLookup;
  /** @default - none */
  readonly deployIdentity?: string;
  /** A finding's attribution from an earlier run (by fingerprint), used instead of a new lookup. @default - none */
  readonly earlier?: (fingerprint: string) => Pick<DriftFinding, 'attribution' | 'attributionStatus'> | undefined;
}

export interface ScanInput {
  /** Everything state declares: what findings are judged against. */
  readonly expected: ExpectedInventory;
  /** What to read from AWS now (all of `expected` in a full scan). */
  readonly toRead: ExpectedInventory;
  /** Live records carried from a checkpoint for the rest. @default - none */
  readonly carried?: readonly LiveItem[];
  readonly clients: AwsClients;
  readonly concurrency: number;
  /** @default - readLive's */
  readonly bulkThreshold?: number;
  /** List every function's aliases (see ReadLiveOptions.readAliases). @default true */
  readonly readAliases?: boolean;
  /** CloudTrail attribution; undefined skips it (findings are `not-looked-up`). */
  readonly attribution?: ScanAttribution;
  readonly progress: (message: string) => void;
}

export interface ScanResult {
  readonly findings: DriftFinding[];
  readonly errors: readonly ReadError[];
  /** CloudTrail lookups that failed (one per region and resource). */
  readonly warnings: ReportWarning[];
  /** What was read from AWS in this run, for the checkpoint. */
  readonly read: readonly LiveItem[];
}

export async function scan(input: ScanInput): Promise<ScanResult> {
  const compare = createComparer(input.expected);
  const byExpected = new Map<ExpectedResource, PendingFinding[]>();
  const attributed = new Map<PendingFinding, DriftFinding>();
  const lookups: Promise<void>[] = [];
  const failures = new Map<string, ReportWarning>();
  const read: LiveItem[] = [];
  let failed: { error: unknown } | undefined;

  const attribute = async (f: PendingFinding): Promise<void> => {
    const a = input.attribution;
    if (!a) {
      attributed.set(f, withoutAttribution([f])[0]);
      return;
    }
    const earlier = a.earlier?.(f.fingerprint);
    if (earlier?.attributionStatus === 'attributed') {
      const { attributionQuery: _query, ...finding } = f;
      attributed.set(f, { ...finding, attribution: earlier.attribution, attributionStatus: 'attributed' });
      return;
    }
    const result = await attributeFindings([f], { lookup: a.lookup, deployIdentity: a.deployIdentity });
    attributed.set(f, result.findings[0]);
    for (const w of result.warnings) failures.set(w.resource ?? w.message, w);
  };

  const onItem = (item: LiveItem): void => {
    // An error here (a state document that cannot be compared) must not tear through the readers' promises:
    // it is kept and thrown once the reads have settled.
    if (failed) return;
    try {
      for (const { expected, findings } of compare(item)) {
        byExpected.set(expected, findings);
        for (const f of findings) lookups.push(attribute(f));
      }
    } catch (error) {
      failed = { error };
    }
  };

  for (const item of input.carried ?? []) onItem(item);
  const live = await readLive(input.toRead, {
    clients: input.clients,
    concurrency: input.concurrency,
    bulkThreshold: input.bulkThreshold,
    readAliases: input.readAliases,
    onItem: (item) => {
      read.push(item);
      onItem(item);
    },
  });
  input.progress('live reads finished');
  if (failed) throw failed.error;
  // The lookups started as each finding was made; most have ended by now.
  if (input.attribution && lookups.length) input.progress(`attributing ${lookups.length} findings from CloudTrail`);
  await Promise.all(lookups);
  if (input.attribution && lookups.length) input.progress('attribution finished');

  const findings = orderFindings(input.expected, byExpected).map((p) => attributed.get(p)!);
  return { findings, errors: live.errors, warnings: [...failures.values()], read };
}
