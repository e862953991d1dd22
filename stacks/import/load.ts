/**
 * Reads one Terraform module (a directory of .tf files, or one file) into declarations that know their
 * file and line: hcl2-parser gives the values, outline.ts the positions. Its input checks are the
 * importer's: a missing path, no .tf files and a parse error (with file and line) are UserErrors.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { parseToObject } from 'hcl2-parser';
import { UserError } from '../../shared/errors';
import { NotUtf8Error, readUtf8File } from '../../shared/text-file';
import { outlineOf, type Outline, type OutlineBlock } from './hcl/outline';

export interface Declaration {
  readonly file: string;
  readonly line: number;
  /** The line of an argument or nested block of this block (the block's line when not found). */
  lineOf(name: string): number;
  readonly body: Record<string, unknown>;
}

export interface NamedDeclaration extends Declaration {
  readonly type: string;
  readonly name: string;
}

export interface ModuleFiles {
  readonly dir: string;
  readonly variables: Map<string, Declaration>;
  readonly locals: Map<string, { readonly decl: Declaration; readonly value: unknown }>;
  /** Key "type.name". */
  readonly resources: Map<string, NamedDeclaration>;
  readonly data: Map<string, NamedDeclaration>;
  readonly modules: Map<string, Declaration>;
  readonly outputs: Map<string, Declaration>;
  readonly providers: NamedDeclaration[];
  /** Blocks that are neither of the above nor `terraform` (moved, import, check, removed…). */
  readonly others: NamedDeclaration[];
}

export class ImportInputError extends UserError {}

/** hcl2-parser declares its module without types; it returns [document, error-or-null]. */
type Parsed = [Record<string, unknown> | null, unknown];
const parseHcl = parseToObject as (text: string) => Parsed;

export function tfFilesOf(path: string): { dir: string; files: string[] } {
  const abs = resolve(path);
  const stat = statSync(abs, { throwIfNoEntry: false });
  if (!stat) throw new ImportInputError(`import: ${path} does not exist. Fix: pass a directory of .tf files or one .tf file`);
  if (!stat.isDirectory()) {
    if (extname(abs) !== '.tf')
      throw new ImportInputError(
        `import: ${path} is not a .tf file (${JSON.stringify(extname(abs) || '(no extension)')}). Fix: pass a .tf file or its directory`,
      );
    return { dir: dirname(abs), files: [abs] };
  }
  const files = readdirSync(abs)
    .filter((f) => f.endsWith('.tf'))
    .sort()
    .map((f) => join(abs, f));
  if (!files.length)
    throw new ImportInputError(`import: ${path} holds no .tf files. Fix: pass the directory of the root module (its .tf files)`);
  return { dir: abs, files };
}

function declaration(file: string, block: OutlineBlock | undefined, body: Record<string, unknown>): Declaration {
  const line = block?.line ?? 1;
  return {
    file,
    line,
    lineOf: (name) => block?.attributes.get(name) ?? block?.blocks.find((b) => b.type === name)?.line ?? line,
    body,
  };
}

const first = (v: unknown): Record<string, unknown> =>
  (Array.isArray(v) ? (v[0] as Record<string, unknown>) : (v as Record<string, unknown>)) ?? {};

function parseFile(path: string, shown: string): { doc: Record<string, unknown>; outline: Outline } {
  let text: string;
  try {
    text = readUtf8File(path);
  } catch (err) {
    const why = err instanceof NotUtf8Error ? err.problem : (err as Error).message;
    throw new ImportInputError(`import: ${shown} cannot be read (${why}). Fix: check the file`);
  }
  const outline = outlineOf(text);
  if (outline.problem)
    throw new ImportInputError(`import: ${shown}:${outline.problem.line}: ${outline.problem.message}. Fix: correct the HCL syntax`);
  const [doc] = parseHcl(text);
  if (doc) return { doc, outline };
  // hcl2-parser reports no position: parse block by block to name the first one it rejects.
  const lines = text.split('\n');
  const bad = outline.blocks.find((b) => !parseHcl(lines.slice(b.line - 1, b.endLine).join('\n'))[0]);
  const where = bad ? `${shown}:${bad.line}` : shown;
  const what = bad ? ` in ${[bad.type, ...bad.labels.map((l) => JSON.stringify(l))].join(' ')} (lines ${bad.line}–${bad.endLine})` : '';
  throw new ImportInputError(
    `import: ${where}: the HCL cannot be parsed${what}. Fix: correct the syntax (terraform fmt shows the exact position)`,
  );
}

/** Reads every .tf file of a module; `shownFrom` is the directory file names are shown relative to. */
export function loadModule(path: string, shownFrom = process.cwd()): ModuleFiles {
  const { dir, files } = tfFilesOf(path);
  const mod: ModuleFiles = {
    dir,
    variables: new Map(),
    locals: new Map(),
    resources: new Map(),
    data: new Map(),
    modules: new Map(),
    outputs: new Map(),
    providers: [],
    others: [],
  };
  for (const file of files) {
    const shown = relative(shownFrom, file) || basename(file);
    const { doc, outline } = parseFile(file, shown);
    const blocksOf = (type: string) => outline.blocks.filter((b) => b.type === type);
    const find = (type: string, labels: string[]) => blocksOf(type).find((b) => labels.every((l, i) => b.labels[i] === l));
    for (const [kind, content] of Object.entries(doc)) {
      if (kind === 'locals') {
        // hcl2-parser gives one object per locals block, in file order.
        (content as Record<string, unknown>[]).forEach((body, i) => {
          const block = blocksOf('locals')[i];
          for (const [name, value] of Object.entries(body)) {
            const decl = declaration(shown, block, body);
            mod.locals.set(name, { decl: { ...decl, line: decl.lineOf(name) }, value });
          }
        });
      } else if (kind === 'resource' || kind === 'data') {
        for (const [type, byName] of Object.entries(content as Record<string, unknown>))
          for (const [name, body] of Object.entries(byName as Record<string, unknown>))
            (kind === 'resource' ? mod.resources : mod.data).set(`${type}.${name}`, {
              ...declaration(shown, find(kind, [type, name]), first(body)),
              type,
              name,
            });
      } else if (kind === 'variable' || kind === 'module' || kind === 'output') {
        const target = kind === 'variable' ? mod.variables : kind === 'module' ? mod.modules : mod.outputs;
        for (const [name, body] of Object.entries(content as Record<string, unknown>))
          target.set(name, declaration(shown, find(kind, [name]), first(body)));
      } else if (kind === 'provider') {
        for (const [name, bodies] of Object.entries(content as Record<string, unknown>))
          (bodies as Record<string, unknown>[]).forEach((body, i) =>
            mod.providers.push({
              ...declaration(shown, find('provider', [name]) ?? blocksOf('provider')[i], body),
              type: 'provider',
              name,
            }),
          );
      } else if (kind !== 'terraform') {
        const block = blocksOf(kind)[0];
        mod.others.push({ ...declaration(shown, block, {}), type: kind, name: block?.labels.join('.') ?? '' });
      }
    }
  }
  return mod;
}
