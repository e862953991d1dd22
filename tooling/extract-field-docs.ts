/**
 * `npm run docs:schema`: writes stacks/schema/field-docs.ts, the description of every definition field,
 * taken from TSDoc with the TypeScript compiler: the field's own comment in the zod schema (which editors
 * also show on the inferred StackDefinition type), else the comment of the construct property it is built
 * into (tooling/field-doc-targets.ts). Why extract instead of zod's .describe(): one text serves both the
 * TypeScript hover and the JSON Schema, and the construct types already document most fields, so nothing
 * is written twice. It runs at development time only (the package has no TypeScript sources); a test fails
 * when the committed file differs from a fresh extraction.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { branchSegment, childPath } from '../stacks/schema/apply-docs';

const ROOT = join(__dirname, '..');
export const FIELD_DOCS_FILE = join(ROOT, 'stacks', 'schema', 'field-docs.ts');
const DISCRIMINATORS = ['kind', 'type'] as const;

function program(): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) throw new Error('tsconfig.json could not be read');
  return ts.createProgram([join(ROOT, 'stacks', 'definition.ts'), join(ROOT, 'tooling', 'field-doc-targets.ts')], config.options);
}

function exportedType(p: ts.Program, file: string, name: string): ts.Type {
  const source = p.getSourceFile(join(ROOT, file));
  const checker = p.getTypeChecker();
  const symbol = source && checker.getSymbolAtLocation(source)?.exports?.get(ts.escapeLeadingUnderscores(name));
  if (!symbol) throw new Error(`${file} exports no type ${name}`);
  return checker.getDeclaredTypeOfSymbol(symbol);
}

/** Every field path with its text (own TSDoc, else the construct's), branch texts folded when they agree. */
export function extractFieldDocs(): Record<string, string> {
  const p = program();
  const checker = p.getTypeChecker();
  const targetsType = exportedType(p, 'tooling/field-doc-targets.ts', 'FieldDocTargets');
  const targets = new Map<string, ts.Type[]>(
    checker.getPropertiesOfType(targetsType).map((s) => {
      const tuple = checker.getTypeOfSymbol(s);
      return [s.name, checker.isTupleType(tuple) ? [...checker.getTypeArguments(tuple as ts.TypeReference)] : [tuple]];
    }),
  );
  const found = new Map<string, string>();

  const text = (symbol: ts.Symbol): string => {
    const body = ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim();
    const fallback = symbol
      .getJsDocTags(checker)
      .filter((t) => t.name === 'default')
      .map((t) => ts.displayPartsToString(t.text).replace(/\s+/g, ' ').trim().replace(/^- /, ''))[0];
    const withDefault = fallback ? `${body}${body && !/[.!?]$/.test(body) ? '.' : ''} Default: ${fallback}`.trim() : body;
    return withDefault;
  };
  const solid = (t: ts.Type) => checker.getNonNullableType(t);
  const elementOf = (t: ts.Type): ts.Type | undefined => {
    const s = solid(t);
    return checker.isArrayType(s) || checker.isTupleType(s) ? checker.getTypeArguments(s as ts.TypeReference)[0] : undefined;
  };
  const discriminatorOf = (t: ts.Type): { key: string; value: string } | undefined => {
    for (const key of DISCRIMINATORS) {
      const prop = t.getProperty(key);
      const type = prop && solid(checker.getTypeOfSymbol(prop));
      if (type?.isStringLiteral()) return { key, value: type.value };
    }
    return undefined;
  };
  /** A type from the standard library (Array, String, …): its members are no definition fields. */
  const isLibrary = (t: ts.Type) =>
    checker.isArrayType(t) ||
    checker.isTupleType(t) ||
    !!t.getSymbol()?.declarations?.some((d) => p.isSourceFileDefaultLibrary(d.getSourceFile()));
  const objectMembers = (t: ts.Type): ts.Type[] =>
    (solid(t).isUnion() ? (solid(t) as ts.UnionType).types : [solid(t)]).filter(
      (m) => (m.flags & ts.TypeFlags.Object) !== 0 && !isLibrary(m),
    );
  /** The members of `fallback` that match a definition branch (by discriminator), or all of them. */
  const matching = (fallback: ts.Type, disc: { key: string; value: string } | undefined): ts.Type[] => {
    const members = objectMembers(fallback);
    if (!disc) return members;
    const same = members.filter((m) => {
      const d = discriminatorOf(m);
      return d?.key === disc.key && d.value === disc.value;
    });
    // A member whose discriminator is a union of literals (ServiceInvoker's kind) matches by assignability.
    return same.length ? same : members.filter((m) => m.getProperty(disc.key));
  };

  const walk = (type: ts.Type, fallbacks: readonly ts.Type[], path: string, depth: number): void => {
    if (depth > 12) return;
    const element = elementOf(type);
    if (element) {
      const inner = fallbacks.map(elementOf).filter((t): t is ts.Type => !!t);
      return walk(element, [...(targets.get(`${path}[]`) ?? []), ...inner], `${path}[]`, depth + 1);
    }
    const members = objectMembers(type);
    for (const member of members) {
      const disc = members.length > 1 ? discriminatorOf(member) : undefined;
      const at = path + branchSegment(disc?.key, disc?.value);
      const fb = fallbacks.flatMap((f) => matching(f, disc));
      for (const prop of checker.getPropertiesOfType(member)) {
        const field = childPath(at, prop.name);
        const fbProps = fb.map((f) => f.getProperty(prop.name)).filter((s): s is ts.Symbol => !!s);
        const doc = [prop, ...fbProps].map(text).find(Boolean);
        if (doc) found.set(field, doc);
        const plain = field.replace(/<[^>]*>/g, '');
        const childFallbacks = [...(targets.get(plain) ?? []), ...fbProps.map((s) => checker.getTypeOfSymbol(s))];
        walk(checker.getTypeOfSymbol(prop), childFallbacks, field, depth + 1);
      }
    }
  };
  walk(exportedType(p, 'stacks/definition.ts', 'StackDefinition'), [], '', 0);
  return foldBranches(found);
}

/** Branch texts that all agree become one text on the path without the branch. */
function foldBranches(found: ReadonlyMap<string, string>): Record<string, string> {
  const byPlain = new Map<string, Map<string, string>>();
  for (const [path, doc] of found) {
    const plain = path.replace(/<[^>]*>/g, '');
    if (!byPlain.has(plain)) byPlain.set(plain, new Map());
    byPlain.get(plain)!.set(path, doc);
  }
  const out: Record<string, string> = {};
  for (const [plain, variants] of byPlain) {
    const texts = new Set(variants.values());
    if (texts.size === 1) out[plain] = [...texts][0];
    else for (const [path, doc] of variants) out[path] = doc;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The text of stacks/schema/field-docs.ts: one field per line (the file is in .prettierignore, so this is its format). */
export function renderFieldDocs(docs: Readonly<Record<string, string>>): string {
  const body = Object.entries(docs)
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`)
    .join('\n');
  return (
    '/**\n * GENERATED by `npm run docs:schema` (tooling/extract-field-docs.ts) from the TSDoc of the definition schema\n' +
    ' * and the construct types. Do not edit: change the TSDoc and regenerate (a test fails when this file is stale).\n */\n' +
    `export const FIELD_DOCS: Readonly<Record<string, string>> = {\n${body}\n};\n`
  );
}

if (require.main === module) {
  writeFileSync(FIELD_DOCS_FILE, renderFieldDocs(extractFieldDocs()));
  process.stdout.write(`wrote ${FIELD_DOCS_FILE}\n`);
}
