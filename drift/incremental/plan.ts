/**
 * Decides how an incremental run scans: in full (and why), or by re-reading only what CloudTrail says was
 * written since the checkpoint (its scan start minus the overlap, for CloudTrail's delivery delay) and
 * carrying the checkpoint's record of everything else.
 *
 * A full scan is forced when there is no usable checkpoint, when it belongs to other inputs, when the last
 * full scan is older than the maximum age (CloudTrail promises no maximum delivery delay, so no chain of
 * incremental runs is trusted forever), and when CloudTrail cannot be read: "in sync" is never said from
 * stale data.
 */
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { ExpectedInventory, LiveItem } from '../model';
import { describeSdkError } from '../aws/sdk-errors';
import { inputsId, loadCheckpoint, recordedItems, type Checkpoint, type CheckpointInputs } from './checkpoint';
import { lookupWrites, TooManyEvents } from './trail-writes';

/** CloudTrail delivers an event about 5 minutes after the call on average, with no guaranteed maximum. */
export const DEFAULT_OVERLAP = '15m';
export const DEFAULT_MAX_AGE = '24h';

export interface IncrementalOptions {
  /** The checkpoint file: read at the start, written at the end. */
  readonly checkpoint: string;
  /**
   * How far before the checkpoint's scan start CloudTrail is read again, for events delivered late. A
   * window like '15m', or milliseconds.
   * @default '15m'
   */
  readonly overlap?: string | number;
  /**
   * The longest time since the last full scan before the next run scans in full again ('24h', '7d', or milliseconds).
   * @default '24h'
   */
  readonly maxAge?: string | number;
}

export interface ScanPlan {
  readonly mode: 'full' | 'incremental';
  /** Why the scan is full. @default - it is incremental */
  readonly reason?: string;
  /** The expected inventory narrowed to what must be read now (everything for a full scan). */
  readonly toRead: ExpectedInventory;
  /** The checkpoint's live records of everything else. */
  readonly carried: readonly LiveItem[];
  /** Resources read and carried (roles, functions and customer policies, by name). */
  readonly reread: number;
  readonly carriedCount: number;
  /** The checkpoint this run builds on, when it is used (attribution of carried findings, the last full scan). */
  readonly previous?: Checkpoint;
}

export interface PlanInput {
  readonly expected: ExpectedInventory;
  readonly inputs: CheckpointInputs;
  readonly path: string;
  readonly overlapMs: number;
  readonly maxAgeMs: number;
  /** This run's scan start. */
  readonly now: Date;
  readonly iamRegion: string;
  readonly clientFor: (region: string) => CloudTrailClient;
}

const keysOf = (e: ExpectedInventory) =>
  new Set([
    ...e.roles.map((r) => `role:${r.name}`),
    ...e.functions.map((f) => `function:${f.region}/${f.name}`),
    ...e.customerPolicies.map((p) => `customerPolicy:${p.arn}`),
  ]);

function full(expected: ExpectedInventory, reason: string): ScanPlan {
  return { mode: 'full', reason, toRead: expected, carried: [], reread: keysOf(expected).size, carriedCount: 0 };
}

const hours = (ms: number) => `${(ms / 3_600_000).toFixed(1)} h`;

export async function planScan(p: PlanInput): Promise<ScanPlan> {
  const loaded = loadCheckpoint(p.path);
  if ('unusable' in loaded) return full(p.expected, loaded.unusable);
  const c = loaded.checkpoint;
  if (c.inputsId !== inputsId(p.inputs)) {
    return full(
      p.expected,
      `the checkpoint ${p.path} belongs to other inputs (states ${c.inputs.sources.join(', ')}; account ${c.inputs.account}` +
        `${c.inputs.aliasesRead === false ? '; aliases not read: --skip-alias-reads' : ''})`,
    );
  }
  const age = p.now.getTime() - Date.parse(c.fullScanStartedAt);
  if (age > p.maxAgeMs)
    return full(p.expected, `the last full scan was ${hours(age)} ago, more than the maximum age of ${hours(p.maxAgeMs)}`);
  const since = new Date(Date.parse(c.scanStartedAt) - p.overlapMs);
  if (since.getTime() > p.now.getTime()) return full(p.expected, `the checkpoint's scan time ${c.scanStartedAt} is in the future`);

  let touched;
  try {
    touched = await lookupWrites({
      clientFor: p.clientFor,
      iamRegion: p.iamRegion,
      account: p.inputs.account,
      regions: [...new Set(p.expected.functions.map((f) => f.region))],
      since,
      until: p.now,
      // Paging through more write events than this takes longer than reading every function at GetPolicy's 15/s.
      maxPages: Math.max(10, Math.ceil((2 * p.expected.functions.length) / 15)),
    });
  } catch (err) {
    if (err instanceof TooManyEvents) {
      return full(p.expected, `CloudTrail holds more than ${err.pages} pages of write events since the checkpoint: a full scan is faster`);
    }
    return full(
      p.expected,
      `CloudTrail could not be read, so changes since the checkpoint are unknown (${describeSdkError('LookupEvents', err)})`,
    );
  }

  const records = new Map(recordedItems(c).map(({ key, item }) => [key, item]));
  const carry = (key: string, touchedNow: boolean, covers: (item: LiveItem) => boolean = () => true): LiveItem | undefined => {
    const item = records.get(key);
    return item && !touchedNow && covers(item) ? item : undefined;
  };
  const carried = new Map<string, LiveItem>();
  const readRoles = p.expected.roles.filter((r) => {
    const item = carry(`role:${r.name}`, touched.roles.has(r.name.toLowerCase()));
    if (item) carried.set(`role:${r.name}`, item);
    return !item;
  });
  const readFunctions = p.expected.functions.filter((f) => {
    const key = `${f.region}/${f.name}`;
    // A record read before state declared a qualifier may lack that qualifier's policy.
    const declared = f.permissions.map((x) => x.permission.qualifier ?? '');
    const item = carry(
      `function:${key}`,
      touched.functions.has(key),
      (i) => i.kind === 'function' && (i.live === 'missing' || declared.every((q) => q in (i.live as { policies: object }).policies)),
    );
    if (item) carried.set(`function:${key}`, item);
    return !item;
  });
  const readPolicies = p.expected.customerPolicies.filter((x) => {
    const item = carry(`customerPolicy:${x.arn}`, touched.policyArns.has(x.arn));
    if (item) carried.set(`customerPolicy:${x.arn}`, item);
    return !item;
  });
  const toRead: ExpectedInventory = { ...p.expected, roles: readRoles, functions: readFunctions, customerPolicies: readPolicies };
  return {
    mode: 'incremental',
    toRead,
    carried: [...carried.values()],
    reread: keysOf(toRead).size,
    carriedCount: carried.size,
    previous: c,
  };
}
