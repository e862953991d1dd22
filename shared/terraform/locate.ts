/**
 * Why this exists: a finding from a plain-HCL repo's state or plan names a Terraform address
 * (`module.svc["orders"].aws_iam_role.this`), and code scanning wants the .tf line that declares it (the
 * drift report's locate step and `check --format sarif` both ask). This
 * indexes the `resource` and `module` blocks of the .tf files under the source root (by line, with regular
 * expressions: an unparsable file must not stop the report) and follows local module sources to the
 * declaring file. Remote modules end the walk at their `module` block, which is where a person would look.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

/** A line in a file (absolute path). */
export interface FileLine {
  readonly file: string;
  readonly line: number;
}

interface ModuleCall extends FileLine {
  readonly source?: string;
}

interface DirIndex {
  readonly resources: Map<string, FileLine>;
  readonly modules: Map<string, ModuleCall>;
}

/** Folders never holding the configuration a state came from (dependencies, caches, build output). */
const SKIPPED_DIRS = new Set(['node_modules', '.terraform', 'cdktf.out', 'dist', 'coverage']);
/** Bounds, so a huge tree costs a bounded scan instead of a stalled report. */
const MAX_FILES = 5000;
const MAX_DEPTH = 12;

/** `module.a["x"].module.b.aws_iam_role.this[0]` → modules [a, b], type aws_iam_role, name this. */
export function parseAddress(address: string): { modules: string[]; type: string; name: string } | undefined {
  const parts = address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]/g, '').split('.');
  const modules: string[] = [];
  let i = 0;
  while (parts[i] === 'module' && parts[i + 1]) {
    modules.push(parts[i + 1]);
    i += 2;
  }
  if (parts[i] === 'data') return undefined;
  const [type, name] = [parts[i], parts[i + 1]];
  return type && name && parts.length === i + 2 ? { modules, type, name } : undefined;
}

export class TerraformIndex {
  private readonly dirs = new Map<string, DirIndex>();

  constructor(root: string) {
    this.scan(resolve(root), 0, { files: 0 });
  }

  /**
   * The line that declares `address`: its `resource` block, else the `module` block where the walk had to
   * stop (a remote module). Several roots may declare it (a module folder declares `aws_iam_role.this` too):
   * a root no other folder calls as a local module wins, then the one nearest `near` (the state file).
   */
  find(address: string, near?: string): FileLine | undefined {
    const parsed = parseAddress(address);
    if (!parsed) return undefined;
    const called = this.localModuleTargets();
    const hits: { at: FileLine; full: boolean; root: string }[] = [];
    for (const root of this.dirs.keys()) {
      const hit = this.resolveFrom(root, parsed);
      if (hit) hits.push({ ...hit, root });
    }
    const nearDir = near ? dirname(resolve(near)) : undefined;
    const shared = (root: string) => (nearDir ? commonPrefixLength(root, nearDir) : 0);
    hits.sort(
      (a, b) =>
        Number(b.full) - Number(a.full) ||
        Number(called.has(a.root)) - Number(called.has(b.root)) ||
        shared(b.root) - shared(a.root) ||
        (a.root < b.root ? -1 : a.root > b.root ? 1 : 0),
    );
    return hits[0]?.at;
  }

  private resolveFrom(root: string, p: { modules: string[]; type: string; name: string }): { at: FileLine; full: boolean } | undefined {
    let dir = root;
    let lastCall: ModuleCall | undefined;
    for (const m of p.modules) {
      const call = this.dirs.get(dir)?.modules.get(m);
      if (!call) return undefined;
      lastCall = call;
      if (!call.source || !isLocalSource(call.source)) return { at: call, full: false };
      dir = resolve(dir, call.source);
    }
    const decl = this.dirs.get(dir)?.resources.get(`${p.type}.${p.name}`);
    if (decl) return { at: decl, full: true };
    return lastCall ? { at: lastCall, full: false } : undefined;
  }

  private localModuleTargets(): Set<string> {
    const out = new Set<string>();
    for (const [dir, index] of this.dirs) {
      for (const call of index.modules.values()) if (call.source && isLocalSource(call.source)) out.add(resolve(dir, call.source));
    }
    return out;
  }

  private scan(dir: string, depth: number, budget: { files: number }): void {
    if (depth > MAX_DEPTH || budget.files >= MAX_FILES) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      return; // unreadable folder: nothing to index there
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name)) this.scan(join(dir, e.name), depth + 1, budget);
      } else if (e.isFile() && e.name.endsWith('.tf') && budget.files < MAX_FILES) {
        budget.files += 1;
        this.indexFile(dir, join(dir, e.name));
      }
    }
  }

  private indexFile(dir: string, file: string): void {
    let lines: string[];
    try {
      lines = readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      return;
    }
    let index = this.dirs.get(dir);
    if (!index) this.dirs.set(dir, (index = { resources: new Map(), modules: new Map() }));
    lines.forEach((text, i) => {
      const resource = /^\s*resource\s+"([^"]+)"\s+"([^"]+)"/.exec(text);
      if (resource) index.resources.set(`${resource[1]}.${resource[2]}`, { file, line: i + 1 });
      const module = /^\s*module\s+"([^"]+)"/.exec(text);
      if (module) index.modules.set(module[1], { file, line: i + 1, source: moduleSource(lines, i) });
    });
  }
}

/** The `source = "…"` at the top level of the module block that opens on line `start`. */
function moduleSource(lines: readonly string[], start: number): string | undefined {
  let depth = 0;
  for (let i = start; i < lines.length; i++) {
    const text = lines[i].replace(/"(?:[^"\\]|\\.)*"/g, '""');
    if (depth === 1) {
      const m = /^\s*source\s*=\s*"([^"]*)"/.exec(lines[i]);
      if (m) return m[1];
    }
    for (const ch of text) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
    if (depth <= 0 && i > start) return undefined;
  }
  return undefined;
}

const isLocalSource = (source: string) => source.startsWith('./') || source.startsWith('../');

/** How many leading folders two absolute paths share. */
function commonPrefixLength(a: string, b: string): number {
  const [x, y] = [a.split(sep), b.split(sep)];
  let n = 0;
  while (n < x.length && x[n] === y[n]) n += 1;
  return n;
}
