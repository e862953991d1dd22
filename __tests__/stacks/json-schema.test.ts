import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { definitionJsonSchema } from '../../stacks/json-schema';
import { applyFieldDocs, branchSegment, childPath } from '../../stacks/schema/apply-docs';
import { FIELD_DOCS } from '../../stacks/schema/field-docs';
import { SERVICE_INVOKER_KINDS } from '../../modules/invoker-services';
import { LAMBDA_MANAGED_POLICY_NAMES } from '../../modules/managed-policies';
import { EXAMPLES } from '../../stacks/examples';
import { lambdaFeatures } from './fixtures/lambda-features';
import { extractFieldDocs, renderFieldDocs } from '../../tooling/extract-field-docs';
import { captureIo } from '../helpers/cli-io';
import { main } from '../../cli/main';

const COMMITTED = join(__dirname, '..', '..', 'docs', 'stack-definition.schema.json');
type Node = Record<string, unknown> & { properties?: Record<string, Node>; items?: Node; anyOf?: Node[]; $ref?: string };

/** Every object property of the schema as its field path (apply-docs.ts naming), with the node describing it. */
function fields(root: Node): { path: string; node: Node; target: Node }[] {
  const resolve = (n: Node): Node => {
    if (!n.$ref) return n;
    let cur: unknown = root;
    for (const part of n.$ref.slice(2).split('/')) cur = (cur as Record<string, unknown>)[part];
    return resolve(cur as Node);
  };
  const out: { path: string; node: Node; target: Node }[] = [];
  const seen = new Set<Node>();
  const walk = (raw: Node, path: string) => {
    const n = resolve(raw);
    if (seen.has(n)) return;
    seen.add(n);
    for (const [key, prop] of Object.entries(n.properties ?? {})) {
      out.push({ path: childPath(path, key), node: prop, target: resolve(prop) });
      walk(prop, childPath(path, key));
    }
    if (n.items) walk(n.items, `${path}[]`);
    for (const b of n.anyOf ?? []) {
      const p = resolve(b).properties;
      const disc = p?.kind?.const !== undefined ? 'kind' : p?.type?.const !== undefined ? 'type' : undefined;
      walk(b, path + branchSegment(disc, disc ? String(p![disc].const) : undefined));
    }
  };
  walk(root, '');
  return out;
}

const descriptionOf = (f: { node: Node; target: Node }) => (f.node.description ?? f.target.description) as string | undefined;

describe('JSON Schema of stack definitions', () => {
  const schema = definitionJsonSchema() as Node;

  it('the committed docs/stack-definition.schema.json is what `lambda-roles schema` prints now', async () => {
    const io = captureIo();
    expect(await main(['node', 'lambda-roles', 'schema'], io)).toBe(0);
    // Regenerate with: npm run docs:schema
    expect(io.out()).toBe(readFileSync(COMMITTED, 'utf8'));
  });

  it('is valid draft 2019-09 under ajv strict mode and accepts the examples, the feature stack and a "$schema" key', () => {
    const validate = new Ajv2019({ strict: true, allErrors: true }).compile(schema);
    for (const def of [...EXAMPLES, lambdaFeatures, { ...EXAMPLES[0], $schema: './stack-definition.schema.json' }]) {
      expect({ stack: def.name, ok: validate(JSON.parse(JSON.stringify(def))), errors: validate.errors ?? null }).toEqual({
        stack: def.name,
        ok: true,
        errors: null,
      });
    }
  });

  it('names each shared part once under $defs and refers to it; every $defs entry is used', () => {
    const defs = schema.$defs as Record<string, Node>;
    const text = JSON.stringify(schema);
    for (const name of ['PolicyStatement', 'TrustGrant', 'Invoker', 'EventSource', 'Code', 'Tags', 'AccountId', 'PolicyArn', 'Function']) {
      expect(defs[name]).toBeDefined();
      expect(text).toContain(`"$ref":"#/$defs/${name}"`);
    }
    for (const name of Object.keys(defs)) expect(text).toContain(`"#/$defs/${name}"`);
    // The statement shape is written once: its notPrincipals property appears in PolicyStatement only.
    expect(text.split('"notPrincipals":').length - 1).toBe(1);
    // Far below the 122 KB of the all-inline schema this replaced, though it now says much more.
    expect(readFileSync(COMMITTED, 'utf8').length).toBeLessThan(100_000);
  });

  it('describes every invoker kind, event source kind and trust kind, and forbids unknown function fields', () => {
    const text = JSON.stringify(schema);
    for (const kind of [...SERVICE_INVOKER_KINDS, 'alexa-skill', 'account', 'organization', 'function-url']) {
      expect(text).toContain(`"const":"${kind}"`);
    }
    for (const kind of ['sqs', 'kinesis', 'dynamodb', 'msk', 'kafka', 'mq', 'service', 'oidc', 'saml', 'statement'])
      expect(text).toContain(`"const":"${kind}"`);
    expect((schema.$defs as Record<string, Node>).Function.additionalProperties).toBe(false);
  });

  it('carries single-value rules as keywords: patterns, ranges and catalogue enums', () => {
    const byPath = new Map(fields(schema).map((f) => [f.path, f.target]));
    expect(byPath.get('account')?.pattern).toBe('^(?:\\d{12})$');
    expect(byPath.get('functions[].role.maxSessionDuration')).toMatchObject({ type: 'integer', minimum: 3600, maximum: 43200 });
    expect(byPath.get('functions[].code.memorySize')).toMatchObject({ minimum: 128, maximum: 10240 });
    expect(byPath.get('functions[].code.timeout')).toMatchObject({ minimum: 1, maximum: 900 });
    expect(byPath.get('functions[].code.runtime')?.enum).toEqual(expect.arrayContaining(['nodejs20.x', 'python3.12', 'provided.al2023']));
    const managed = byPath.get('functions[].managedPolicies') as Node;
    expect((managed.items as Node).anyOf?.[0]).toEqual({ enum: LAMBDA_MANAGED_POLICY_NAMES });
    expect(byPath.get('functions[].logging.logGroup.retentionInDays')?.enum).toContain(14);
    expect(byPath.get('functions[].eventSourceMappings[]<kind=sqs>.queueArn')?.pattern).toContain(':sqs:');
  });

  it('gives every field a description, from the definition TSDoc or the construct type it is built into', () => {
    const all = fields(schema).filter((f) => !/\.(kind|type)$/.test(f.path));
    expect(all.filter((f) => !descriptionOf(f)).map((f) => f.path)).toEqual([]);
    const find = (path: string) => descriptionOf(all.find((f) => f.path === path)!);
    // Own TSDoc in the zod schema (stacks/definition.ts) …
    expect(find('functions[].role.maxSessionDuration')).toBe('Longest session of the role, 3600–43200 seconds. Default: 3600');
    // … and a construct's (modules/invokers.ts ServiceInvokerBase.sourceArn, modules/event-source-types.ts).
    expect(find('functions[].invokers[]<kind=s3>.sourceArn')).toMatch(/^ARN of the bucket\/topic\/rule/);
    expect(find('functions[].eventSourceMappings[]<kind=kinesis>.parallelizationFactor')).toBe(
      'Concurrent batches per shard, 1–10. Default: 1',
    );
  });

  it('the description check can fail: a schema without the texts has undescribed fields', () => {
    const bare = JSON.parse(JSON.stringify(schema), (key: string, value: unknown) => (key === 'description' ? undefined : value)) as Node;
    expect(fields(bare).filter((f) => !descriptionOf(f)).length).toBeGreaterThan(100);
    applyFieldDocs(bare, FIELD_DOCS);
    expect(fields(bare).filter((f) => !descriptionOf(f) && !/\.(kind|type)$/.test(f.path))).toEqual([]);
  });

  it('stacks/schema/field-docs.ts is what `npm run docs:schema` extracts from the TSDoc now', () => {
    // Regenerate with: npm run docs:schema
    expect(renderFieldDocs(extractFieldDocs())).toBe(
      readFileSync(join(__dirname, '..', '..', 'stacks', 'schema', 'field-docs.ts'), 'utf8'),
    );
  }, 120_000);
});
