/**
 * Loads a stack definition from a .json, .yaml or .yml file. Relative `code.path`s are resolved against
 * the file's directory, so a definition can sit next to its handler code. Every error names the file.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
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
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DefinitionError([{ field: '(file)', message: `cannot be read (${(err as Error).message}). Fix: check the path` }], path);
  }
  let raw: unknown;
  try {
    raw = ext === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}` : '';
    throw new DefinitionError(
      [
        {
          field: '(file)',
          message: `is not valid ${ext === '.json' ? 'JSON' : 'YAML'}${where}: ${(err as Error).message.split('\n')[0]}. Fix: correct the syntax`,
        },
      ],
      path,
    );
  }
  const def = validateDefinition(raw, path);
  return withCodePathsFrom(def, dirname(path));
}

function withCodePathsFrom(def: StackDefinition, baseDir: string): StackDefinition {
  return {
    ...def,
    functions: def.functions.map((fn) => (fn.code ? { ...fn, code: { ...fn.code, path: resolve(baseDir, fn.code.path) } } : fn)),
  };
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
