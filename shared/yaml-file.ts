/**
 * Why this exists: the drift job's YAML files (ignore rules, the multi-account config) are written by
 * people, so a mistake must point at its line. The file is read with the `yaml` document API (source ranges
 * through a LineCounter) and checked with a zod schema; every problem becomes one line
 * `FILE:LINE: FIELD: "VALUE": RULE AND FIX`, all of them in one UserError.
 *
 * Every scalar is read as a string (YAML's failsafe schema): an account id keeps its leading zeros
 * (`000000000000` would otherwise become the number 0), a date stays `2027-01-31` and `no` stays "no".
 */
import { isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { ZodIssue, ZodType, ZodTypeDef } from 'zod';
import { UserError } from './errors';
import { NotUtf8Error, readUtf8File } from './text-file';

export interface YamlFile<T> {
  readonly data: T;
  /** The 1-based line of the node at `path` (or of its nearest ancestor that exists). */
  readonly lineOf: (path: readonly (string | number)[]) => number;
}

export interface ReadYamlOptions {
  /** What the file is, for messages: "ignore file", "drift config". */
  readonly what: string;
  /** How the file was named, for a missing-file message (`--config lambda-roles.drift.yaml`). @default - the path */
  readonly flag?: string;
}

/** `rules[2].reason` from a zod path. */
export function fieldName(path: readonly (string | number)[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
}

function lineLocator(doc: Document, counter: LineCounter) {
  return (path: readonly (string | number)[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return counter.linePos(range[0]).line;
    }
    return 1;
  };
}

/** The source line of an unknown key (zod reports it on the object, not the key). */
function keyLine(doc: Document, counter: LineCounter, path: readonly (string | number)[], key: string): number | undefined {
  const map = (path.length ? doc.getIn(path, true) : doc.contents) as { items?: { key: unknown }[] } | null;
  const pair = map?.items?.find((p) => isScalar(p.key) && p.key.value === key);
  const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
  return range ? counter.linePos(range[0]).line : undefined;
}

/** What a whole document is, without its content: "one text value (41 characters)", "a list of 3 items". */
function describeDocument(value: unknown): string {
  if (typeof value === 'string') return `one text value (${value.length} characters)`;
  if (Array.isArray(value)) return `a list of ${value.length} item(s)`;
  return value === null ? 'empty' : typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

function issueLines(file: string, issue: ZodIssue, doc: Document, counter: LineCounter, data: unknown): string[] {
  const locate = lineLocator(doc, counter);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const line = keyLine(doc, counter, issue.path, key) ?? locate(issue.path);
      return `${file}:${line}: ${fieldName([...issue.path, key])}: unknown field; ${issue.message}`;
    });
  }
  const value = issue.path.reduce<unknown>((v, p) => (v as Record<string | number, unknown> | undefined)?.[p], data);
  // The whole file is described, never quoted: the wrong file passed by mistake may be a key or a credentials file.
  const shown = value === undefined ? '' : issue.path.length === 0 ? `${describeDocument(value)}: ` : `${JSON.stringify(value)}: `;
  return [`${file}:${locate(issue.path)}: ${fieldName(issue.path) || '(file)'}: ${shown}${issue.message}`];
}

/** Reads and validates a YAML file; every problem (syntax or schema) is named by file and line in one UserError. */
export function readYamlFile<T>(file: string, schema: ZodType<T, ZodTypeDef, unknown>, options: ReadYamlOptions): YamlFile<T> {
  let text: string;
  try {
    // Strict UTF-8 (one home: shared/text-file.ts): invalid bytes are an error naming the byte offset.
    text = readUtf8File(file);
  } catch (err) {
    if (err instanceof NotUtf8Error) throw err;
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw new UserError(`${options.flag ?? file}: ${reason}; pass the path of the ${options.what}`);
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, schema: 'failsafe', prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const lines = doc.errors.map((e) => {
      const pos = counter.linePos(e.pos[0]);
      return `${file}:${pos.line}:${pos.col}: not valid YAML: ${e.message.split('\n')[0]}`;
    });
    throw new UserError(lines.join('\n'));
  }
  let data: unknown;
  try {
    // maxAliasCount: a "billion laughs" file of nested aliases is refused instead of expanded.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new UserError(
      `${file}: cannot be expanded: ${(err as Error).message.split('\n')[0]}; write the values out instead of repeating aliases`,
    );
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    // In file order, as a person fixes them (zod reports cross-field rules after the fields).
    const lines = parsed.error.issues.flatMap((i) => issueLines(file, i, doc, counter, data));
    const lineNo = (l: string) => Number(l.slice(file.length + 1).split(':')[0]);
    throw new UserError(lines.sort((a, b) => lineNo(a) - lineNo(b)).join('\n'));
  }
  return { data: parsed.data, lineOf: lineLocator(doc, counter) };
}
