/**
 * Why this exists: code scanning (SARIF) shows an alert on a file and line of the repository, and a person
 * fixing drift wants the declaration, not the state. This report-stage step finds, per finding, where its
 * resource is declared: the stack's definition file when it is known (`--definition STACK=FILE`), else the
 * synthesized cdk.tf.json for a `--stack`, or the .tf file that declares the address for a `--state`, with
 * the line where the resource appears. It reads files and is tolerant: a missing or unreadable file means
 * the next fallback, never a crash. Paths are relative to the source root (the repository root, where SARIF's
 * %SRCROOT% points); a file outside it cannot be linked and is skipped.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { DriftFinding, DriftReport, SourceLocation } from '../model';
import { UserError } from '../../shared/errors';
import { TerraformIndex } from '../../shared/terraform/locate';

export interface LocateOptions {
  /** The repository root; locations are relative to it. @default - the current directory */
  readonly sourceRoot?: string;
  /** Where the stacks were synthesized (`<outDir>/stacks/<name>/cdk.tf.json`). @default 'cdktf.out' */
  readonly outDir?: string;
  /** Stack name → the file that defines it (.ts, .json, .yaml). @default - none (cdk.tf.json is used) */
  readonly definitions?: Readonly<Record<string, string>>;
}

/** Parses `STACK=FILE` (the value of one `--definition`). */
export function parseDefinitionSpec(spec: string): [string, string] {
  const eq = spec.indexOf('=');
  const [stack, file] = eq < 0 ? [spec.trim(), ''] : [spec.slice(0, eq).trim(), spec.slice(eq + 1).trim()];
  if (!stack || !file) {
    throw new UserError(`--definition ${JSON.stringify(spec)}: expected STACK=FILE, e.g. --definition orders-api=stacks/orders-api.yaml`);
  }
  return [stack, file];
}

/** Checks the options a person typed: the source root is a folder, each definition a file of a checked stack. */
export function checkLocateOptions(options: LocateOptions, stacks: readonly string[] = []): void {
  const root = options.sourceRoot;
  if (root !== undefined && !(existsSync(root) && statSync(root).isDirectory())) {
    throw new UserError(`--source-root ${root}: not a directory; pass the repository root (the folder SARIF paths are relative to)`);
  }
  for (const [stack, file] of Object.entries(options.definitions ?? {})) {
    if (!stacks.includes(stack)) {
      throw new UserError(
        `--definition ${stack}=${file}: no --stack ${stack} is checked; pass --stack ${stack} too, or drop this --definition`,
      );
    }
    if (!(existsSync(file) && statSync(file).isFile())) {
      throw new UserError(`--definition ${stack}=${file}: file not found; pass the file that defines stack ${stack}`);
    }
  }
}

/** The report with a `location` on every finding and ignored finding. */
export function locateFindings(report: DriftReport, options: LocateOptions = {}): DriftReport {
  const locator = new Locator(options);
  return {
    ...report,
    findings: report.findings.map((f) => ({ ...f, location: locator.locate(f) })),
    ignored: report.ignored.map((i) => ({ ...i, finding: { ...i.finding, location: locator.locate(i.finding) } })),
  };
}

/**
 * Where a finding points when nothing can be read (or a report was built without the locate step): the
 * stack's cdk.tf.json, or the state file, at line 1. Pure: never reads a file.
 */
export function fallbackLocation(f: Pick<DriftFinding, 'source'>, outDir = 'cdktf.out'): SourceLocation {
  const stack = stackOf(f.source);
  if (stack !== undefined) {
    const dir = linkable(outDir) ? outDir : 'cdktf.out';
    return { path: posix(join(dir, 'stacks', stack, 'cdk.tf.json')), line: 1, kind: 'synthesized' };
  }
  return { path: linkable(f.source) ? posix(f.source) : basename(f.source) || 'terraform.tfstate', line: 1, kind: 'state' };
}

const stackOf = (source: string) => (source.startsWith('stack ') ? source.slice('stack '.length) : undefined);
const posix = (p: string) => p.split(sep).join('/').replace(/^\.\//, '');
/** A relative path that stays inside the root. */
const linkable = (p: string) => !!p && !isAbsolute(p) && !posix(p).startsWith('../') && posix(p) !== '..';

class Locator {
  private readonly root: string;
  private readonly outDir: string;
  private readonly files = new Map<string, string[] | undefined>();
  private terraform?: TerraformIndex;

  constructor(private readonly options: LocateOptions) {
    this.root = resolve(options.sourceRoot ?? '.');
    this.outDir = options.outDir ?? 'cdktf.out';
  }

  locate(f: DriftFinding): SourceLocation {
    try {
      return this.find(f) ?? fallbackLocation(f, this.outDir);
    } catch {
      return fallbackLocation(f, this.outDir); // a best effort: the report matters more than a line number
    }
  }

  private find(f: DriftFinding): SourceLocation | undefined {
    const stack = stackOf(f.source);
    const address = f.resource.address;
    if (stack !== undefined) {
      const synth = join(this.outDir, 'stacks', stack, 'cdk.tf.json');
      const synthLines = this.read(synth);
      const definition = this.options.definitions?.[stack];
      if (definition) {
        const lines = this.read(definition);
        const at = this.relative(definition);
        if (lines && at) return { path: at, line: lineInDefinition(lines, constructPath(synthLines, address), f) ?? 1, kind: 'definition' };
      }
      const at = this.relative(synth);
      if (synthLines && at) return { path: at, line: (address && lineInSynth(synthLines, address)) || 1, kind: 'synthesized' };
      return undefined;
    }
    if (address) {
      this.terraform ??= new TerraformIndex(this.root);
      const hit = this.terraform.find(address, f.source);
      const at = hit && this.relative(hit.file);
      if (hit && at) return { path: at, line: hit.line, kind: 'terraform' };
    }
    const lines = this.read(f.source);
    const at = this.relative(f.source);
    if (lines && at) return { path: at, line: (address && lineInState(lines, address)) || 1, kind: 'state' };
    return undefined;
  }

  private read(file: string): string[] | undefined {
    const key = resolve(file);
    if (!this.files.has(key)) {
      let lines: string[] | undefined;
      try {
        lines = readFileSync(key, 'utf8').split(/\r?\n/);
      } catch {
        lines = undefined;
      }
      this.files.set(key, lines);
    }
    return this.files.get(key);
  }

  private relative(file: string): string | undefined {
    const rel = relative(this.root, resolve(file));
    return linkable(rel) ? posix(rel) : undefined;
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** cdk.tf.json: the `"<logical id>": {` line inside the `"<type>": {` block. */
function lineInSynth(lines: readonly string[], address: string): number | undefined {
  const [type, name] = address.split('.');
  const typeLine = lines.findIndex((l) => new RegExp(`^\\s*"${escapeRegExp(type)}": \\{`).test(l));
  if (typeLine < 0 || !name) return undefined;
  const at = lines.findIndex((l, i) => i > typeLine && new RegExp(`^\\s*"${escapeRegExp(name)}": \\{`).test(l));
  return at < 0 ? undefined : at + 1;
}

/** The construct path cdktf records for a resource (`stack/function/invoke-…/permission`), without the stack. */
function constructPath(lines: readonly string[] | undefined, address: string | null): string[] {
  if (!lines || !address) return [];
  try {
    const [type, name] = address.split('.');
    const json = JSON.parse(lines.join('\n')) as { resource?: Record<string, Record<string, { '//'?: { metadata?: { path?: string } } }>> };
    return (json.resource?.[type]?.[name]?.['//']?.metadata?.path ?? '').split('/').slice(1);
  } catch {
    return [];
  }
}

/** A line that sets a `name` key to `value` (TypeScript, JSON and YAML spellings), from line `from` on. */
function nameLine(lines: readonly string[], value: string, from = 0): number | undefined {
  const re = new RegExp(`\\bname["']?\\s*:\\s*["']?${escapeRegExp(value)}(["'\\s,}]|$)`);
  const at = lines.findIndex((l, i) => i >= from && re.test(l));
  return at < 0 ? undefined : at;
}

/**
 * A definition file: the function (its construct id is the function's name), then inside it the invoker
 * (`invoke-<kind>-<name>`) or the `role` key when the finding is about the role. 1-based.
 */
function lineInDefinition(lines: readonly string[], path: readonly string[], f: DriftFinding): number | undefined {
  const functionsKey = Math.max(
    0,
    lines.findIndex((l) => /\bfunctions["']?\s*:/.test(l)),
  );
  const fnName = path[0] ?? functionNameOf(f);
  const fnLine = fnName === undefined ? undefined : nameLine(lines, fnName, functionsKey);
  if (fnLine === undefined) {
    const any = [f.resource.name, f.resource.name.split(/[/:]/)[0]].map((n) => lines.findIndex((l) => l.includes(n))).find((i) => i >= 0);
    return any === undefined ? undefined : any + 1;
  }
  const part = path[1] ?? '';
  if (part.startsWith('invoke-')) {
    const words = part.slice('invoke-'.length).split('-');
    for (let k = 1; k < words.length; k++) {
      const hit = nameLine(lines, words.slice(k).join('-'), fnLine + 1);
      if (hit !== undefined) return hit + 1;
    }
  }
  if (part === 'role') {
    const roleKey = lines.findIndex((l, i) => i > fnLine && /^\s*["']?role["']?\s*:/.test(l));
    const nextFn = nameLineAtIndent(lines, fnLine);
    if (roleKey >= 0 && (nextFn === undefined || roleKey < nextFn)) return roleKey + 1;
  }
  return fnLine + 1;
}

/** The next line at the function name's indentation that sets a name: where the next function starts. */
function nameLineAtIndent(lines: readonly string[], fnLine: number): number | undefined {
  const indent = /^\s*/.exec(lines[fnLine])![0].length;
  const at = lines.findIndex((l, i) => i > fnLine && /^\s*/.exec(l)![0].length === indent && /\bname["']?\s*:/.test(l));
  return at < 0 ? undefined : at;
}

/** The function a finding is about, when no construct path says: its ARN, else the name before `/`. */
function functionNameOf(f: DriftFinding): string | undefined {
  const fromArn = /:function:([^:]+)/.exec(f.resource.arn ?? '')?.[1];
  if (fromArn) return fromArn;
  return f.resource.type.startsWith('aws_lambda') ? f.resource.name.split('/')[0] : undefined;
}

/** A tfstate: the `"type"` line followed by the resource's `"name"` (modules and indexes share one entry). */
function lineInState(lines: readonly string[], address: string): number | undefined {
  const [type, name] = address
    .replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]/g, '')
    .split('.')
    .slice(-2);
  const at = lines.findIndex(
    (l, i) => l.includes(`"type": "${type}"`) && lines.slice(i + 1, i + 4).some((n) => n.includes(`"name": "${name}"`)),
  );
  return at < 0 ? undefined : at + 1;
}
