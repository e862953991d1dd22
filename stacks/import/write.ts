/**
 * An import result as a definition file: YAML (the default), JSON or TypeScript, chosen by the output
 * file's extension. YAML and TypeScript carry the untranslated parts and the notes as comments at the
 * top, so a partial import says what it left out where it is read; JSON has no comments (the lists go to
 * stderr, as for every format).
 */
import { dirname, extname, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { UserError } from '../../shared/errors';
import { writeFileAtomic } from '../../shared/atomic-write';
import type { Finding } from './model';
import { importTerraform, type ImportResult } from './index';

export type ImportFormat = 'yaml' | 'json' | 'ts';

export function formatForFile(file: string): ImportFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  if (ext === '.ts') return 'ts';
  throw new UserError(
    `--out ${file}: ${JSON.stringify(ext || '(no extension)')} is not a definition format. Fix: end the file name in .yaml, .yml, .json or .ts`,
  );
}

export function findingLine(f: Finding): string {
  return `${f.file}:${f.line}: ${f.message}`;
}

function commentBlock(result: ImportResult, prefix: string): string {
  const lines: string[] = [];
  const section = (title: string, list: readonly Finding[]) => {
    if (!list.length) return;
    lines.push(`${prefix} ${title}`);
    for (const f of list) lines.push(`${prefix}   ${findingLine(f).replace(/\r?\n/g, ' ')}`);
  };
  lines.push(`${prefix} Imported by lambda-roles import from Terraform.`);
  section('NOT TRANSLATED (the definition does not reproduce these):', result.untranslated);
  section('Notes (same meaning, said the way the generator says it):', result.notes);
  return lines.join('\n') + '\n';
}

/** camelCase export name for a stack name ('public-module-style' → publicModuleStyle). */
function exportName(stack: string): string {
  const words = stack.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((w, i) => (i === 0 ? w[0].toLowerCase() + w.slice(1) : w[0].toUpperCase() + w.slice(1))).join('');
  return /^[A-Za-z_]/.test(name) ? name : `stack${name}`;
}

export function renderImport(result: ImportResult, format: ImportFormat, definitionImport = 'lambda-roles/stacks'): string {
  if (format === 'json') return JSON.stringify(result.definition, null, 2) + '\n';
  if (format === 'yaml') return commentBlock(result, '#') + stringify(result.definition, { lineWidth: 0 });
  return (
    commentBlock(result, '//') +
    `import type { StackDefinition } from '${definitionImport}';\n\n` +
    `export const ${exportName(result.definition.name)}: StackDefinition = ${JSON.stringify(result.definition, null, 2)};\n`
  );
}

export interface ImportToOptions {
  /** The definition file to write; its extension picks the format. @default - YAML on stdout (returned, not written) */
  readonly out?: string;
  readonly account?: string;
  readonly region?: string;
  readonly name?: string;
  /** Write the definition even when parts were not translated (listed as comments). @default false */
  readonly allowPartial?: boolean;
}

export interface ImportOutput {
  readonly result: ImportResult;
  /** The rendered definition; undefined when untranslated parts stopped the import. */
  readonly text?: string;
  /** True when `out` was written. */
  readonly written: boolean;
}

/**
 * Imports and renders; writes `out` atomically only when the import is complete or partial imports are
 * allowed, so a failed import leaves no file (and an earlier one untouched).
 */
export function importTo(path: string, options: ImportToOptions = {}): ImportOutput {
  const format = options.out ? formatForFile(options.out) : 'yaml';
  const base = options.out ? dirname(resolve(options.out)) : process.cwd();
  const result = importTerraform(path, {
    account: options.account,
    region: options.region,
    name: options.name,
    relativePath: (p) => relative(base, p) || '.',
  });
  if (result.untranslated.length && !options.allowPartial) return { result, written: false };
  const text = renderImport(result, format);
  if (options.out) writeFileAtomic(resolve(options.out), text);
  return { result, text, written: !!options.out };
}
