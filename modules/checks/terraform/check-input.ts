/**
 * What the runner gets from any Terraform source (a construct tree, cdk.tf.json, *.tf.json, plan JSON): the
 * subjects of every checked resource, each with the suppressions in scope, and the suppressions as declared
 * (where they were attached), so an unused one is reported where it was written.
 *
 * Scope, as in cdk-nag: a suppression attached to a construct applies to every resource at or below it (a
 * construct path prefix); one in a suppressions file names a Terraform address, a module (`module.svc`) or
 * a resource without its index (`aws_iam_role_policy.inline` covers `aws_iam_role_policy.inline[0]`).
 */
import type { CheckEntry, DeclaredSuppression } from '../types';
import { subjectsOfResource, type NotChecked, type TerraformResourceInput, type ValueResolver } from './resource-subjects';

export interface CheckInput {
  readonly entries: readonly CheckEntry[];
  readonly declared: readonly DeclaredSuppression[];
  /** Policies that could not be judged (not known before apply, not JSON). */
  readonly notChecked: readonly NotChecked[];
}

/** True when `path` (a construct path or a Terraform address) is `at` or below it. */
export function isWithin(path: string, at: string): boolean {
  if (path === at) return true;
  if (!path.startsWith(at)) return false;
  const next = path[at.length];
  return next === '/' || next === '.' || next === '[';
}

/** The suppressions that apply to a resource: declared at its path or address, or above either. */
export function suppressionsInScope(resource: Pick<TerraformResourceInput, 'path' | 'address'>, declared: readonly DeclaredSuppression[]) {
  return declared.filter((d) => isWithin(resource.path, d.at) || isWithin(resource.address, d.at));
}

/** Subjects of every resource, each with the suppressions in its scope. */
export function checkInputOf(
  resources: readonly TerraformResourceInput[],
  resolver: ValueResolver,
  declared: readonly DeclaredSuppression[],
): CheckInput {
  const entries: CheckEntry[] = [];
  const notChecked: NotChecked[] = [];
  for (const resource of resources) {
    const found = subjectsOfResource(resource, resolver);
    notChecked.push(...found.notChecked);
    const suppressions = suppressionsInScope(resource, declared).map((d) => d.suppression);
    for (const subject of found.subjects) entries.push({ subject, suppressions });
  }
  return { entries, declared, notChecked };
}

/** The comment key cdk.tf.json carries the stack's suppressions under (`"//": { "lambda-roles": … }`). */
export const SYNTH_COMMENT_KEY = 'lambda-roles';

/** A declared suppression as it is written into the synthesized Terraform JSON (a `//` comment, ignored by Terraform). */
export interface SuppressionRecord {
  readonly at: string;
  readonly id: string;
  readonly appliesTo?: readonly string[];
  readonly reason: string;
  readonly origin?: 'noSourceReason';
}

export function toRecords(declared: readonly DeclaredSuppression[]): SuppressionRecord[] {
  return declared.map(({ at, suppression: s, origin }) => ({
    at,
    id: s.id,
    ...(s.appliesTo ? { appliesTo: [...s.appliesTo] } : {}),
    reason: s.reason,
    ...(origin ? { origin } : {}),
  }));
}

/** Records read back from a file: malformed ones are left out (a comment is not an input a person edits). */
export function fromRecords(records: unknown): DeclaredSuppression[] {
  if (!Array.isArray(records)) return [];
  return (records as unknown[]).flatMap((r) => {
    if (typeof r !== 'object' || r === null) return [];
    const { at, id, appliesTo, reason, origin } = r as Record<string, unknown>;
    if (typeof at !== 'string' || typeof id !== 'string') return [];
    const list = Array.isArray(appliesTo) ? appliesTo.filter((a): a is string => typeof a === 'string') : undefined;
    return [
      {
        at,
        suppression: { id, ...(list ? { appliesTo: list } : {}), reason: typeof reason === 'string' ? reason : '' },
        ...(origin === 'noSourceReason' ? { origin } : {}),
      },
    ];
  });
}
