/**
 * Loads stack definitions from .json, .yaml or .yml files, the one loader of `lambda-roles check` and synth
 * (main.ts): the same files found below a directory, the same errors. Relative `code.path`s and
 * `code.zipFile`s are resolved against the file's directory, so a definition can sit next to its handler
 * code. Every error names the file.
 */
import { readdirSync, statSync } from 'node:fs';
import { NotUtf8Error, readUtf8File } from '../shared/text-file';
import { jsonSyntaxProblem } from '../shared/json-text';
import { dirname, extname, join, resolve } from 'node:path';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { StackDefinition } from './definition';
import { DefinitionError, validateDefinition } from './validate-definition';

export const DEFINITION_EXTENSIONS = ['.json', '.yaml', '.yml'] as const;

const fileProblem = (message: string) => ({ field: '(file)', message });

/** One definition file, validated, with its local code paths resolved against the file's directory. */
export function loadDefinition(file: string): StackDefinition {
  const path = resolve(file);
  if (!statSync(path, { throwIfNoEntry: false }))
    throw new DefinitionError([fileProblem('does not exist. Fix: name a definition file, or a directory of them')], path);
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
    if (err instanceof NotUtf8Error) throw new DefinitionError([fileProblem(err.problem)], path);
    throw new DefinitionError([fileProblem(`cannot be read (${(err as Error).message}). Fix: check the path`)], path);
  }
  const raw = ext === '.json' ? parseJson(text, path) : parseYamlDefinition(text, path);
  const def = validateDefinition(raw, path);
  return withCodePathsFrom(def, dirname(path));
}

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

/**
 * The definition files a path names: the file itself, or every .json/.yaml/.yml below a directory
 * (sub-folders included; dot-folders and node_modules skipped), sorted. `lambda-roles check` and synth
 * (main.ts) both find files this way. A missing path is returned as it is: loadDefinition names it.
 */
export function definitionFilesIn(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) return [path];
  return walk(path);
}

function walk(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  // A cdktf outdir (manifest.json beside stacks/): its manifest is cdktf's, not a definition; its stacks'
  // cdk.tf.json files are still found (check judges them as Terraform).
  const cdktfOutdir = entries.some((e) => e.isDirectory() && e.name === 'stacks') && entries.some((e) => e.name === 'manifest.json');
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name.startsWith('.') || entry.name === 'node_modules' ? [] : walk(full);
      if (cdktfOutdir && entry.name === 'manifest.json') return [];
      return (DEFINITION_EXTENSIONS as readonly string[]).includes(extname(entry.name).toLowerCase()) ? [full] : [];
    });
}

/** What a directory without definition files is: a run that checked or built nothing must not pass. */
export function noDefinitionFilesMessage(dir: string): string {
  return `${dir}: no definition files (${DEFINITION_EXTENSIONS.join(', ')}) in this directory or below it. Fix: pass the directory that holds the stack definitions, or the files themselves`;
}

export class NoDefinitionFilesError extends Error {
  constructor(readonly dir: string) {
    super(noDefinitionFilesMessage(dir));
    this.name = 'NoDefinitionFilesError';
  }
}

/** Each file's DefinitionError, when loading a path found several bad files. */
export class DefinitionFilesError extends Error {
  constructor(readonly errors: readonly DefinitionError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'DefinitionFilesError';
  }
}

/**
 * Every definition a path names (a file, or a directory searched like definitionFilesIn), in file order.
 * Throws a NoDefinitionFilesError for a directory without definitions, a DefinitionError for one bad file,
 * and a DefinitionFilesError listing each bad file's problems when there are several.
 */
export function loadDefinitions(pathOrDir: string): StackDefinition[] {
  const files = definitionFilesIn(pathOrDir);
  if (files.length === 0) throw new NoDefinitionFilesError(pathOrDir);
  const defs: StackDefinition[] = [];
  const errors: DefinitionError[] = [];
  for (const file of files) {
    try {
      defs.push(loadDefinition(file));
    } catch (err) {
      if (!(err instanceof DefinitionError)) throw err;
      errors.push(err);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new DefinitionFilesError(errors);
  return defs;
}
