/**
 * The JSON of a plan (`terraform show -json plan.out`) or of a state (`terraform show -json`) → the check
 * input. What is read: `planned_values` (a plan) or `values` (a state), the root module and every child
 * module recursively, managed resources only. planned_values is what will exist after apply (resources to
 * create, update or keep; not those to destroy), with every value Terraform knows at plan time already
 * evaluated: variables, count/for_each instances, module calls and aws_iam_policy_document data sources are
 * resolved. A value known only after apply is absent there; such a policy is listed as not checked.
 * Findings point at the resource address (`module.svc["orders"].aws_iam_role.this`).
 */
import type { PolicyStatement } from '../../policy-types';
import type { DeclaredSuppression } from '../types';
import { scalarText, statementsOfPolicy } from './policy-json';
import { isCheckedResourceType, type TerraformResourceInput, type ValueResolver } from './resource-subjects';
import { checkInputOf, type CheckInput } from './check-input';

type Json = { readonly [key: string]: unknown };
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for the output of `terraform show -json` (a plan or a state), as opposed to a configuration or a definition. */
export function isTerraformShowJson(doc: unknown): boolean {
  return isObject(doc) && typeof doc.format_version === 'string' && (isObject(doc.planned_values) || isObject(doc.values));
}

/** Plan values are evaluated: strings are what they say, and a policy is JSON text. */
const planResolver: ValueResolver = {
  text: scalarText,
  policy: (v): PolicyStatement[] | undefined => (typeof v === 'string' ? statementsOfPolicy(v) : undefined),
};

function collect(module: unknown, out: TerraformResourceInput[], depth = 0): void {
  if (!isObject(module) || depth > 64) return;
  for (const r of Array.isArray(module.resources) ? (module.resources as unknown[]) : []) {
    if (!isObject(r) || r.mode !== 'managed' || typeof r.type !== 'string' || typeof r.address !== 'string') continue;
    if (!isCheckedResourceType(r.type)) continue;
    out.push({ type: r.type, address: r.address, path: r.address, values: isObject(r.values) ? r.values : {} });
  }
  for (const child of Array.isArray(module.child_modules) ? (module.child_modules as unknown[]) : []) collect(child, out, depth + 1);
}

export interface PlanJsonInput extends CheckInput {
  readonly resources: readonly TerraformResourceInput[];
  /** 'plan' (planned_values) or 'state' (values). */
  readonly source: 'plan' | 'state';
}

/** Reads a parsed plan or state JSON; `suppressions` come from a suppressions file (addresses as scopes). */
export function readPlanJson(doc: unknown, suppressions: readonly DeclaredSuppression[] = []): PlanJsonInput {
  const root = isObject(doc) ? doc : {};
  const source = isObject(root.planned_values) ? 'plan' : 'state';
  const values = isObject(root.planned_values) ? root.planned_values : root.values;
  const resources: TerraformResourceInput[] = [];
  collect(isObject(values) ? values.root_module : undefined, resources);
  return { ...checkInputOf(resources, planResolver, suppressions), resources, source };
}
