/**
 * Puts the field descriptions (FIELD_DOCS, extracted from TSDoc by tooling/extract-field-docs.ts) into a
 * generated JSON Schema. A field is named by its path in a definition, the same way on both sides:
 * `functions[].role.maxSessionDuration`; a branch of a union chosen by its `kind` (or `type`) adds
 * `<kind=s3>`, e.g. `functions[].invokers[]<kind=s3>.sourceArn`, and a branch without a text of its own
 * takes the path's text without the branch.
 */

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && !Array.isArray(v);

/** The field path of a property under `path`. */
export function childPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** The union branch segment: `<kind=s3>`, or '' for a branch without a discriminator. */
export function branchSegment(discriminator: string | undefined, value: string | undefined): string {
  return discriminator && value !== undefined ? `<${discriminator}=${value}>` : '';
}

export function lookupDoc(docs: Readonly<Record<string, string>>, path: string): string | undefined {
  return docs[path] ?? docs[path.replace(/<[^>]*>/g, '')];
}

export function applyFieldDocs(root: Node, docs: Readonly<Record<string, string>>): void {
  const visited = new Set<Node>();
  const resolve = (node: Node): Node => {
    const ref = node.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return node;
    let cur: unknown = root;
    for (const part of ref.slice(2).split('/')) cur = isNode(cur) || Array.isArray(cur) ? (cur as Node)[part] : undefined;
    return isNode(cur) ? resolve(cur) : node;
  };
  const walk = (raw: Node, path: string): void => {
    const node = resolve(raw);
    if (visited.has(node)) return;
    visited.add(node);
    if (isNode(node.properties)) {
      for (const [key, prop] of Object.entries(node.properties)) {
        if (!isNode(prop)) continue;
        const at = childPath(path, key);
        const text = lookupDoc(docs, at);
        // A reference to a part described the same way already needs no copy of the text.
        if (text && prop.description === undefined && resolve(prop).description !== text) prop.description = text;
        walk(prop, at);
      }
    }
    if (isNode(node.items)) walk(node.items, `${path}[]`);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      const branches = node[key];
      if (!Array.isArray(branches)) continue;
      for (const branch of branches.filter(isNode)) {
        const props = resolve(branch).properties;
        const disc = isNode(props)
          ? (['kind', 'type'] as const).find((d) => isNode(props[d]) && typeof props[d].const === 'string')
          : undefined;
        const value = disc && isNode(props) ? String((props[disc] as Node).const) : undefined;
        walk(branch, path + branchSegment(disc, value));
      }
    }
  };
  walk(root, '');
}
