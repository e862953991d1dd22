/**
 * The JSON of a plan (`terraform show -json plan.out`) or of a state (`terraform show -json`) → the check
 * input. What is read: `planned_values` (a plan) or `values` (a state), the root module and every child
 * module recursively, managed resources only. planned_values is what will exist after apply (resources to
 * create, update or keep; not those to destroy), with every value Terraform knows at plan time already
 * evaluated: variables, count/for_each instances, module calls and aws_iam_policy_document data sources are
 * resolved. A value known only after apply is absent there. One such case is common enough to read anyway:
 * a policy from a data "aws_iam_policy_document" whose statements name a resource created in the same apply
 * (a new queue's ARN). The plan still holds that data source's known arguments (planned_values, mode data),
 * and the configuration says which one the policy refers to; its statements are judged with the unknown
 * values skipped. Any other unknown policy is listed as not checked.
 * Findings point at the resource address (`module.svc["orders"].aws_iam_role.this`).
 */
import { toPolicyDocument, type PolicyStatement } from '../../policy-types';
import type { DeclaredSuppression } from '../types';
import { scalarText, statementsOfPolicy } from './policy-json';
import { isCheckedResourceType, type TerraformResourceInput, type ValueResolver } from './resource-subjects';
import { policyDocumentStatements } from './policy-document';
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

const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);

/** A planned resource with where it sits: its module instance (`module.svc["a"].`) and its own index. */
interface PlannedResource extends TerraformResourceInput {
  readonly modulePrefix: string;
  readonly index: unknown;
}

interface Planned {
  readonly resources: PlannedResource[];
  /** Planned data "aws_iam_policy_document" arguments by address (those read at apply are only here). */
  readonly documents: Map<string, Json>;
}

function collect(module: unknown, out: Planned, depth = 0): void {
  if (!isObject(module) || depth > 64) return;
  for (const r of listOf(module.resources)) {
    if (!isObject(r) || typeof r.type !== 'string' || typeof r.address !== 'string') continue;
    const values = isObject(r.values) ? r.values : {};
    if (r.mode === 'data' && r.type === 'aws_iam_policy_document') out.documents.set(r.address, values);
    if (r.mode !== 'managed' || !isCheckedResourceType(r.type)) continue;
    const at = typeof r.name === 'string' ? r.address.lastIndexOf(`${r.type}.${r.name}`) : -1;
    const modulePrefix = at > 0 ? r.address.slice(0, at) : '';
    out.resources.push({ type: r.type, address: r.address, path: r.address, values, modulePrefix, index: r.index });
  }
  for (const child of listOf(module.child_modules)) collect(child, out, depth + 1);
}

/** The configuration's expressions per resource, keyed by address without instance keys (`module.a.aws_iam_policy.p`). */
function configExpressions(module: unknown, prefix = '', out = new Map<string, Json>(), depth = 0): Map<string, Json> {
  if (!isObject(module) || depth > 64) return out;
  for (const r of listOf(module.resources)) {
    if (isObject(r) && typeof r.address === 'string' && isObject(r.expressions)) out.set(`${prefix}${r.address}`, r.expressions);
  }
  const calls = isObject(module.module_calls) ? module.module_calls : {};
  for (const [name, call] of Object.entries(calls)) {
    if (isObject(call)) configExpressions(call.module, `${prefix}module.${name}.`, out, depth + 1);
  }
  return out;
}

const withoutKeys = (address: string) => address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]/g, '');
const POLICY_ARGUMENTS = ['policy', 'assume_role_policy'] as const;

/**
 * Fills a policy argument the plan does not know from the data "aws_iam_policy_document" it refers to,
 * rendered with `${unknown}` where the plan has no value yet. The reference is taken from the configuration:
 * `data.aws_iam_policy_document.x[0].json` names the instance; `…x.json` of a counted document is taken to
 * mean the resource's own index (the count-paired pattern); anything else stays unknown.
 */
function fillFromDocuments(resource: PlannedResource, planned: Planned, expressions: Map<string, Json>): TerraformResourceInput {
  const { modulePrefix, index, ...input } = resource;
  const missing = POLICY_ARGUMENTS.filter((a) => input.values[a] === undefined || input.values[a] === null);
  const config = expressions.get(withoutKeys(input.address));
  if (!missing.length || !config) return input;
  const filled: Record<string, unknown> = { ...resource.values };
  for (const argument of missing) {
    const refs = isObject(config[argument]) ? listOf(config[argument].references).filter((x): x is string => typeof x === 'string') : [];
    const ref = refs.find((x) => /^data\.aws_iam_policy_document\.[\w-]+(\[[^\]]*\])?\.(json|minified_json)$/.test(x));
    if (!ref) continue;
    const doc = ref.replace(/\.(json|minified_json)$/, '');
    const candidates = [
      `${modulePrefix}${doc}`,
      ...(index !== undefined && !doc.endsWith(']') ? [`${modulePrefix}${doc}[${JSON.stringify(index)}]`] : []),
    ];
    const args = candidates.map((c) => planned.documents.get(c)).find((d) => d !== undefined);
    const statements = args && policyDocumentStatements(args, () => undefined);
    if (statements) filled[argument] = JSON.stringify(toPolicyDocument(statements));
  }
  return { ...input, values: filled };
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
  const planned: Planned = { resources: [], documents: new Map() };
  collect(isObject(values) ? values.root_module : undefined, planned);
  const expressions = configExpressions(isObject(root.configuration) ? root.configuration.root_module : undefined);
  const resources = planned.resources.map((r) => fillFromDocuments(r, planned, expressions));
  return { ...checkInputOf(resources, planResolver, suppressions), resources, source };
}
