/**
 * Loads a stack definition from a .json, .yaml or .yml file. Relative `code.path`s are resolved against
 * the file's directory, so a definition can sit next to its handler code. Every error names the file.
 */
import { readdirSync, statSync } from 'node:fs';
import { NotUtf8Error, readUtf8File } from '../shared/text-file';
import { jsonSyntaxProblem } from '../shared/json-text';
import { dirname, extname, join, resolve } from 'node:path';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { StackDefinition } from './definition';
import { DefinitionError, validateDefinition } from './validate-definition';

export const DEFINITION_EXTENSIONS = ['.json', '.yaml', '.yml'] as const;

export function loadDefinition(file: string): StackDefinition {
  const path = resolve(file);
  const ext = extname(path).toLowerCase();
  if (!(DEFINITION_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new DefinitionError(
      [
        {
          field: '(file)',
          message: `${JSON.stringify(ext || '(none)')} is not a definition file extension. Fix: use ${DEFINITION_EXTENSIONS.join(', ')} (TypeScript definitions are imported, not loaded)`,
        },
      ],
      path,
    );
  }
  let text: string;
  try {
    text = readUtf8File(path);
  } catch (err) {
    if (err instanceof NotUtf8Error) throw new DefinitionError([{ field: '(file)', message: err.problem }], path);
    throw new DefinitionError([{ field: '(file)', message: `cannot be read (${(err as Error).message}). Fix: check the path` }], path);
  }
  const raw = ext === '.json' ? parseJson(text, path) : parseYamlDefinition(text, path);
  const def = validateDefinition(raw, path);
  return withCodePathsFrom(def, dirname(path));
}

const fileProblem = (message: string) => ({ field: '(file)', message });

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DefinitionError([fileProblem(`is not valid JSON: ${jsonSyntaxProblem(err, text)}. Fix: correct the syntax`)], path);
  }
}

/**
 * YAML through the document API, so the parser's warnings (an unknown tag or directive) become errors
 * naming the line instead of raw `YAMLWarning` lines on stderr: a definition the parser had to guess
 * about is ambiguous, and a tag or directive means nothing in one.
 */
function parseYamlDefinition(text: string, path: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const line = (e: YAMLError) => lineCounter.linePos(e.pos[0]).line;
  const first = (e: YAMLError) => e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const problems = [
    ...doc.errors.map((e) => fileProblem(`is not valid YAML at line ${line(e)}: ${first(e)}. Fix: correct the syntax`)),
    ...doc.warnings.map((e) =>
      fileProblem(
        `has a YAML ${e.code === 'TAG_RESOLVE_FAILED' ? 'tag' : 'construct'} the loader cannot use at line ${line(e)}: ${first(e)}. ` +
          'Fix: remove it (a definition uses plain YAML: no tags or directives)',
      ),
    ),
  ];
  if (problems.length) throw new DefinitionError(problems, path);
  try {
    // maxAliasCount: a "billion laughs" file of nested aliases is refused instead of expanded.
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new DefinitionError(
      [fileProblem(`cannot be expanded: ${(err as Error).message.split('\n')[0]}. Fix: write the values out instead of repeating aliases`)],
      path,
    );
  }
}

/** Local code (a folder or file to zip, a prebuilt zip) is found relative to the definition file. */
function withCodePathsFrom(def: StackDefinition, baseDir: string): StackDefinition {
  const local = (code: NonNullable<StackDefinition['functions'][number]['code']>) => ({
    ...code,
    ...(code.path !== undefined ? { path: resolve(baseDir, code.path) } : {}),
    ...(code.zipFile !== undefined ? { zipFile: resolve(baseDir, code.zipFile) } : {}),
  });
  return { ...def, functions: def.functions.map((fn) => (fn.code ? { ...fn, code: local(fn.code) } : fn)) };
}

/** Every definition file directly in `dir` (sorted), or the file itself when `pathOrDir` is a file. */
export function loadDefinitions(pathOrDir: string): StackDefinition[] {
  const path = resolve(pathOrDir);
  if (!statSync(path, { throwIfNoEntry: false })) {
    throw new DefinitionError(
      [{ field: '(file)', message: 'does not exist. Fix: point LAMBDA_ROLES_DEFINITIONS at a definition file or a directory of them' }],
      path,
    );
  }
  if (!statSync(path).isDirectory()) return [loadDefinition(path)];
  return readdirSync(path)
    .filter((f) => (DEFINITION_EXTENSIONS as readonly string[]).includes(extname(f).toLowerCase()))
    .sort()
    .map((f) => loadDefinition(join(path, f)));
}
