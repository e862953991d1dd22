/**
 * A Terraform JSON configuration (cdk.tf.json as cdktf synthesizes it, or any hand-written *.tf.json) →
 * the check input. Arguments are read as written; a reference to another resource's plain argument
 * (`${aws_iam_role.app.name}`) or to a `data "aws_iam_policy_document"` (`${data.….json}`) is followed, a
 * `${jsonencode(…)}` literal is decoded, and anything else not known before apply is skipped.
 * cdktf records each resource's construct path in its `//` comment; findings point there when it is known.
 * The stack's suppressions come from the `"//": { "lambda-roles": { "suppressions": […] } }` comment the
 * Aspect writes, so checking cdk.tf.json gives the report synth gave.
 */
import type { PolicyStatement } from '../../policy-types';
import type { DeclaredSuppression } from '../types';
import { jsonencodeArgument, type HclValue } from './hcl-literal';
import { scalarText, statementsOfPolicy } from './policy-json';
import { blocksOf, policyDocumentStatements } from './policy-document';
import { isCheckedResourceType, type NotChecked, type TerraformResourceInput, type ValueResolver } from './resource-subjects';
import { checkInputOf, fromRecords, SYNTH_COMMENT_KEY, type CheckInput } from './check-input';

type Json = { readonly [key: string]: unknown };
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Blocks by type and name: `{ "aws_iam_role": { "app": {…} } }`, also in the array forms Terraform JSON allows. */
function byTypeAndName(section: unknown): Map<string, Map<string, Json>> {
  const out = new Map<string, Map<string, Json>>();
  for (const types of blocksOf(section)) {
    for (const [type, names] of Object.entries(types)) {
      const byName = out.get(type) ?? new Map<string, Json>();
      for (const named of blocksOf(names))
        for (const [name, body] of Object.entries(named)) for (const b of blocksOf(body)) byName.set(name, b);
      out.set(type, byName);
    }
  }
  return out;
}

/** `${aws_iam_role.app.name}` or `${data.aws_iam_policy_document.x.json}` (the whole string) → its parts. */
const REFERENCE = /^\$\{\s*(data\.)?([a-z][\w-]*)\.([\w-]+)\.([\w-]+)\s*\}$/;

class ConfigResolver implements ValueResolver {
  private readonly reading = new Set<string>();
  constructor(
    private readonly resources: Map<string, Map<string, Json>>,
    private readonly data: Map<string, Map<string, Json>>,
  ) {}

  private target(value: string): { data: boolean; type: string; body: Json; attribute: string } | undefined {
    const m = REFERENCE.exec(value);
    if (!m) return undefined;
    const [, data, type, name, attribute] = m;
    const body = (data ? this.data : this.resources).get(type)?.get(name);
    return body ? { data: !!data, type, body, attribute } : undefined;
  }

  /** Follows a reference while the target is itself a reference, at most a few steps (no cycles). */
  private guarded<T>(key: string, read: () => T): T | undefined {
    if (this.reading.has(key) || this.reading.size > 16) return undefined;
    this.reading.add(key);
    try {
      return read();
    } finally {
      this.reading.delete(key);
    }
  }

  text(value: unknown): string | undefined {
    if (typeof value !== 'string') return scalarText(value);
    const t = this.target(value);
    if (!t || t.data) return value;
    // A role's id is its name.
    const attribute = t.type === 'aws_iam_role' && t.attribute === 'id' ? 'name' : t.attribute;
    const next = t.body[attribute];
    if (typeof next !== 'string') return value;
    return this.guarded(value, () => this.text(next)) ?? value;
  }

  policy(value: unknown): PolicyStatement[] | undefined {
    if (isObject(value)) return statementsOfPolicy(value as HclValue);
    if (typeof value !== 'string') return undefined;
    const encoded = jsonencodeArgument(value);
    if (encoded !== undefined) return statementsOfPolicy(encoded);
    const t = this.target(value);
    if (t?.data && t.type === 'aws_iam_policy_document' && (t.attribute === 'json' || t.attribute === 'minified_json')) {
      return this.guarded(value, () => policyDocumentStatements(t.body, (doc) => this.policy(doc)));
    }
    if (t && !t.data && typeof t.body[t.attribute] === 'string') return this.guarded(value, () => this.policy(t.body[t.attribute]));
    const trimmed = value.trim();
    if (trimmed.startsWith('${') && trimmed.endsWith('}')) return undefined; // an expression known only at apply
    return statementsOfPolicy(value);
  }
}

/** The construct path cdktf wrote into a block's `//` comment, if any. */
function constructPath(body: Json): string | undefined {
  const comment = body['//'];
  const path = isObject(comment) && isObject(comment.metadata) ? comment.metadata.path : undefined;
  return typeof path === 'string' && path ? path : undefined;
}

export interface TerraformJsonInput extends CheckInput {
  /** Every checked resource, with its address and construct path (for locating findings). */
  readonly resources: readonly TerraformResourceInput[];
}

/**
 * Reads a parsed Terraform JSON configuration. `extra` suppressions (a suppressions file) are added to the
 * ones the file's own `//` comment declares.
 */
export function readTerraformJson(doc: unknown, extra: readonly DeclaredSuppression[] = []): TerraformJsonInput {
  const root = isObject(doc) ? doc : {};
  const resources = byTypeAndName(root.resource);
  const data = byTypeAndName(root.data);
  const inputs: TerraformResourceInput[] = [];
  for (const [type, byName] of resources) {
    if (!isCheckedResourceType(type)) continue;
    for (const [name, values] of byName) {
      const address = `${type}.${name}`;
      inputs.push({ type, address, path: constructPath(values) ?? address, values });
    }
  }
  const comment = root['//'];
  const records = isObject(comment) && isObject(comment[SYNTH_COMMENT_KEY]) ? comment[SYNTH_COMMENT_KEY].suppressions : undefined;
  const input = checkInputOf(inputs, new ConfigResolver(resources, data), [...fromRecords(records), ...extra]);
  // Modules are configurations of their own: their resources are judged in the plan (terraform show -json).
  const modules: NotChecked[] = blocksOf(root.module)
    .flatMap((m) => Object.keys(m))
    .map((name) => ({
      path: `module.${name}`,
      what: `module "${name}": its resources are not in this file; check the plan JSON (terraform show -json) to judge them`,
    }));
  return { ...input, notChecked: [...input.notChecked, ...modules], resources: inputs };
}
