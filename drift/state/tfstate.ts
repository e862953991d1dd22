/**
 * Why this exists: tfstate v4 nests instances under resources and keeps module paths and count/for_each
 * keys apart. We flatten it into one list of managed instances, each with the full Terraform address
 * (`module.app.aws_iam_role.this["api"]`) that plan output and `import` blocks use.
 */
export interface StateInstance {
  readonly address: string;
  readonly type: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

interface RawResource {
  mode?: string;
  type?: string;
  name?: string;
  module?: string;
  instances?: { index_key?: string | number; attributes?: Record<string, unknown> }[];
}

export function readStateInstances(json: string, source: string): StateInstance[] {
  let raw: { version?: unknown; format_version?: unknown; resources?: unknown };
  try {
    raw = JSON.parse(json) as typeof raw;
  } catch (err) {
    throw new Error(
      `${source}: not a Terraform state file: invalid JSON (${(err as Error).message}). ` +
        'Pass the JSON that `terraform state pull` prints (tfstate format version 4).',
    );
  }
  if (!raw || typeof raw !== 'object') throw new Error(`${source}: not a Terraform state file: expected a JSON object.`);
  const version = raw.version ?? raw.format_version;
  if (String(version) !== '4') {
    throw new Error(
      `${source}: unsupported Terraform state version ${JSON.stringify(version ?? null)}; ` +
        'expected version 4 (Terraform ≥ 0.12). Re-save it with `terraform state pull` from a current Terraform.',
    );
  }
  if (raw.resources !== undefined && !Array.isArray(raw.resources)) {
    throw new Error(`${source}: "resources" must be an array, got ${typeof raw.resources}.`);
  }
  const out: StateInstance[] = [];
  for (const r of (raw.resources ?? []) as RawResource[]) {
    if (r.mode === 'data' || !r.type || !r.name) continue; // data sources declare nothing
    const base = `${r.module ? `${r.module}.` : ''}${r.type}.${r.name}`;
    for (const inst of r.instances ?? []) {
      out.push({ address: base + indexSuffix(inst.index_key), type: r.type, attributes: inst.attributes ?? {} });
    }
  }
  return out;
}

function indexSuffix(key: string | number | undefined): string {
  if (key === undefined || key === null) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

// --- attribute accessors: state stores "" / null / [] for unset values; we turn all of them into undefined.

export function str(attrs: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const v = attrs[key];
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function num(attrs: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const v = attrs[key];
  return typeof v === 'number' ? v : typeof v === 'string' && v !== '' && !isNaN(Number(v)) ? Number(v) : undefined;
}

export function strList(attrs: Readonly<Record<string, unknown>>, key: string): string[] {
  const v = attrs[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

export function strMap(attrs: Readonly<Record<string, unknown>>, key: string): Record<string, string> {
  const v = attrs[key];
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string'));
}
