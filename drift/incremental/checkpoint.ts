/**
 * The checkpoint an incremental drift run leaves for the next one: when its scan started, what every role,
 * function and customer policy looked like when it was read (with a fingerprint of each), and the
 * attribution of the findings, all tied to the run's inputs.
 *
 * Why the live records and not only verdicts: state may change between runs (a new apply, an import). A
 * resource no CloudTrail event touched is carried by its recorded live form and compared afresh with the
 * current state, so its verdict is what a full scan would give, and a finding stays open until a re-read
 * clears it. The fingerprints let a damaged or hand-edited record be noticed (the run then scans in full).
 *
 * Writing: atomically (shared/atomic-write: temp file, then rename), so a reader never sees half a file.
 * Two runs sharing a checkpoint: a run never replaces a checkpoint whose scan started later than its own
 * (an older run finishing last must not move the next look-back window backwards in data while forwards in
 * time). The check and the rename are not one atomic step; if two runs race through that instant, the file
 * still holds one whole, self-consistent checkpoint, and the worst case is the older one, which only makes
 * the next run look further back.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Attribution, AttributionStatus, LiveCustomerPolicy, LiveFunction, LiveItem, LiveRole } from '../model';
import { writeFileAtomic } from '../../shared/atomic-write';
import { UserError } from '../../shared/errors';

export const CHECKPOINT_FORMAT = 'lambda-roles/drift-checkpoint@1';

/** One resource as read: its live form ('missing' when AWS said it is gone) and that form's fingerprint. */
export interface RecordedResource<L> {
  readonly fingerprint: string;
  readonly live: L | 'missing';
}

/** What a run's inputs are; a checkpoint for other inputs is not used. */
export interface CheckpointInputs {
  /** The states, as read (resolved file paths, `stack NAME` with its outdir), sorted. */
  readonly sources: readonly string[];
  /** The account the credentials are for. */
  readonly account: string;
  readonly partition: string;
  readonly defaultRegion: string;
  /** Whether every version's and alias's policy is read (a record read without them cannot stand in for one with). */
  readonly allQualifiers: boolean;
  /**
   * false when the run did not list aliases (--skip-alias-reads): its records cannot stand in for a run that does.
   * Absent otherwise, so checkpoints written before the option existed keep their inputs id.
   * @default - aliases were listed
   */
  readonly aliasesRead?: false;
}

export interface Checkpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  /** sha256 of the inputs (see inputsId). */
  readonly inputsId: string;
  readonly inputs: CheckpointInputs;
  /** When this run's scan started (ISO 8601): the next run reads CloudTrail from here, minus the overlap. */
  readonly scanStartedAt: string;
  /** When the last full scan started: the checkpoint is too old for an incremental run after --max-age. */
  readonly fullScanStartedAt: string;
  readonly roles: Readonly<Record<string, RecordedResource<LiveRole>>>;
  /** Keyed `region/name`. */
  readonly functions: Readonly<Record<string, RecordedResource<LiveFunction>>>;
  readonly customerPolicies: Readonly<Record<string, RecordedResource<LiveCustomerPolicy>>>;
  /** Attribution of the findings open at the end of the run, by finding fingerprint. */
  readonly attributions: Readonly<
    Record<string, { readonly attribution: Attribution | null; readonly attributionStatus: AttributionStatus }>
  >;
}

/** A stable JSON form (keys sorted), so the same value always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function fingerprintOf(live: unknown): string {
  return sha256(canonical(live));
}

export function inputsId(inputs: CheckpointInputs): string {
  return sha256(canonical({ format: CHECKPOINT_FORMAT, ...inputs, sources: [...inputs.sources].sort() }));
}

export function record<L>(live: L | 'missing'): RecordedResource<L> {
  return { fingerprint: fingerprintOf(live), live };
}

/** The LiveItems a checkpoint holds, to carry into a run. */
export function recordedItems(c: Checkpoint): { key: string; item: LiveItem }[] {
  return [
    ...Object.entries(c.roles).map(([name, r]) => ({ key: `role:${name}`, item: { kind: 'role', name, live: r.live } as const })),
    ...Object.entries(c.functions).map(([key, r]) => ({ key: `function:${key}`, item: { kind: 'function', key, live: r.live } as const })),
    ...Object.entries(c.customerPolicies).map(([arn, r]) => ({
      key: `customerPolicy:${arn}`,
      item: { kind: 'customerPolicy', arn, live: r.live } as const,
    })),
  ];
}

/** Throws a UserError unless `path` can hold a checkpoint (checked before any call is made). */
export function checkCheckpointPath(path: string): void {
  const target = resolve(path);
  const dir = dirname(target);
  if (!existsSync(dir)) throw new UserError(`--checkpoint ${path}: directory ${dir} does not exist; create it or choose another path`);
  if (existsSync(target) && !statSync(target).isFile()) {
    throw new UserError(`--checkpoint ${path}: not a file; pass a file path such as ${resolve(target, 'drift-checkpoint.json')}`);
  }
}

export type LoadResult = { readonly checkpoint: Checkpoint } | { readonly unusable: string };

/**
 * Reads and checks a checkpoint. Anything wrong with it (absent, not JSON, another format, a record whose
 * fingerprint does not match) is a reason to scan in full, never an error: the run can always do that.
 */
export function loadCheckpoint(path: string): LoadResult {
  if (!existsSync(path)) return { unusable: `no checkpoint at ${path} yet` };
  let c: Partial<Checkpoint>;
  try {
    c = JSON.parse(readFileSync(path, 'utf8')) as Partial<Checkpoint>;
  } catch (err) {
    return { unusable: `the checkpoint ${path} is not readable JSON (${(err as Error).message})` };
  }
  if (!c || c.format !== CHECKPOINT_FORMAT) return { unusable: `the checkpoint ${path} is not a ${CHECKPOINT_FORMAT} file` };
  const times = [c.scanStartedAt, c.fullScanStartedAt].map((t) => (typeof t === 'string' ? Date.parse(t) : NaN));
  if (times.some((t) => Number.isNaN(t)) || !c.inputs || typeof c.inputsId !== 'string' || !c.attributions) {
    return { unusable: `the checkpoint ${path} is incomplete` };
  }
  for (const kind of ['roles', 'functions', 'customerPolicies'] as const) {
    const records = c[kind] as Readonly<Record<string, RecordedResource<unknown> | undefined>> | undefined;
    if (!records || typeof records !== 'object' || Array.isArray(records))
      return { unusable: `the checkpoint ${path} is incomplete (${kind})` };
    for (const [key, r] of Object.entries(records)) {
      if (!r || fingerprintOf(r.live) !== r.fingerprint)
        return { unusable: `the checkpoint ${path} is damaged: ${kind} ${key} does not match its fingerprint` };
    }
  }
  return { checkpoint: c as Checkpoint };
}

/**
 * Writes the checkpoint unless the file already holds a newer one of the same inputs (see the file comment).
 * Returns whether it wrote.
 */
export function saveCheckpoint(path: string, checkpoint: Checkpoint): boolean {
  let existing: Partial<Checkpoint> | undefined;
  try {
    existing = JSON.parse(readFileSync(path, 'utf8')) as Partial<Checkpoint>;
  } catch {
    existing = undefined; // absent or unreadable: ours replaces it
  }
  if (
    existing?.format === CHECKPOINT_FORMAT &&
    existing.inputsId === checkpoint.inputsId &&
    typeof existing.scanStartedAt === 'string' &&
    Date.parse(existing.scanStartedAt) > Date.parse(checkpoint.scanStartedAt)
  ) {
    return false;
  }
  try {
    writeFileAtomic(path, `${JSON.stringify(checkpoint)}\n`);
  } catch (err) {
    throw new UserError(`--checkpoint ${path}: could not write the checkpoint (${(err as Error).message})`);
  }
  return true;
}

/** The checkpoint a run leaves: what it carried and what it read, and its findings' attribution. */
export function buildCheckpoint(run: {
  readonly inputs: CheckpointInputs;
  readonly scanStartedAt: Date;
  readonly fullScanStartedAt: Date;
  readonly items: readonly LiveItem[];
  readonly findings: readonly {
    readonly fingerprint: string;
    readonly attribution: Attribution | null;
    readonly attributionStatus: AttributionStatus;
  }[];
}): Checkpoint {
  const roles: Record<string, RecordedResource<LiveRole>> = {};
  const functions: Record<string, RecordedResource<LiveFunction>> = {};
  const customerPolicies: Record<string, RecordedResource<LiveCustomerPolicy>> = {};
  for (const item of run.items) {
    if (item.kind === 'role') roles[item.name] = record(item.live);
    else if (item.kind === 'function') functions[item.key] = record(item.live);
    else customerPolicies[item.arn] = record(item.live);
  }
  return {
    format: CHECKPOINT_FORMAT,
    inputsId: inputsId(run.inputs),
    inputs: run.inputs,
    scanStartedAt: run.scanStartedAt.toISOString(),
    fullScanStartedAt: run.fullScanStartedAt.toISOString(),
    roles,
    functions,
    customerPolicies,
    attributions: Object.fromEntries(
      run.findings.map((f) => [f.fingerprint, { attribution: f.attribution, attributionStatus: f.attributionStatus }]),
    ),
  };
}
