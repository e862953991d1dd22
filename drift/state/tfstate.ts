/**
 * Why this exists: tfstate v4 nests instances under resources and keeps module paths and count/for_each
 * keys apart. We flatten it into one list of managed instances, each with the full Terraform address
 * (`module.app.aws_iam_role.this["api"]`) that plan output and `import` blocks use.
 */
import { UserError } from '../../shared/errors';
import { jsonSyntaxProblem } from '../../shared/json-text';

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
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new UserError(
      `${source}: not a Terraform state file: invalid JSON (${jsonSyntaxProblem(err, json)}). ` +
        'Pass the JSON that `terraform state pull` prints (tfstate format version 4).',
    );
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UserError(
      `${source}: not a Terraform state file: the JSON is ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : `a ${typeof raw}`}, ` +
        'not a state object. Pass the JSON that `terraform state pull` prints (an object with "version": 4 and "resources").',
    );
  }
  const state = raw as { version?: unknown; format_version?: unknown; resources?: unknown };
  const version = state.version ?? state.format_version;
  if (String(version) !== '4') {
    throw new UserError(
      `${source}: ${version === undefined ? 'no "version" field' : `unsupported Terraform state version ${JSON.stringify(version)}`}; ` +
        'expected version 4 (Terraform ≥ 0.12). Re-save it with `terraform state pull` from a current Terraform.',
    );
  }
  if (state.resources !== undefined && !Array.isArray(state.resources)) {
    throw new UserError(
      `${source}: "resources" must be an array, got ${typeof state.resources}. Pass the JSON that \`terraform state pull\` prints.`,
    );
  }
  const out: StateInstance[] = [];
  const damaged = (where: string, got: unknown, expected: string) =>
    new UserError(
      `${source}: ${where} is ${got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got}, expected ${expected}; ` +
        'the state file is damaged: restore it from a good copy or `terraform state pull` it again.',
    );
  for (const [i, r] of ((state.resources ?? []) as unknown[]).entries()) {
    if (!isObject(r)) throw damaged(`resources[${i}]`, r, 'a resource object');
    const res = r as RawResource;
    if (res.mode === 'data' || !res.type || !res.name) continue; // data sources declare nothing
    const base = `${res.module ? `${res.module}.` : ''}${res.type}.${res.name}`;
    if (res.instances !== undefined && !Array.isArray(res.instances)) throw damaged(`${base}.instances`, res.instances, 'a list');
    for (const inst of (res.instances ?? []) as unknown[]) {
      if (!isObject(inst)) throw damaged(`${base}: an instance`, inst, 'an object');
      const { index_key: key, attributes } = inst as NonNullable<RawResource['instances']>[number];
      const address = base + indexSuffix(key);
      if (attributes !== undefined && attributes !== null && !isObject(attributes))
        throw damaged(`${address}.attributes`, attributes, 'an object');
      out.push({ address, type: res.type, attributes: attributes ?? {} });
    }
  }
  return out;
}

const isObject = (v: unknown): v is object => !!v && typeof v === 'object' && !Array.isArray(v);

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
