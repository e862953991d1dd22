/**
 * Terraform JSON (what the generator synthesizes) → readable HCL native syntax: whole-string references
 * become expressions, policy and filter documents become jsonencode({...}), nested blocks become blocks.
 * Terraform JSON does not say which object keys are blocks (the provider schema does), so the block names
 * of the resource types the generator writes are listed here; `terraform validate` in the tests keeps the
 * list honest.
 */

type Json = Record<string, unknown>;

/** Nested block types of the resources the generator writes (provider 5.x schema). */
export const BLOCK_NAMES = new Set([
  'dead_letter_config',
  'environment',
  'ephemeral_storage',
  'file_system_config',
  'image_config',
  'logging_config',
  'tracing_config',
  'vpc_config',
  'snap_start',
  'filter_criteria',
  'filter',
  'scaling_config',
  'destination_config',
  'on_failure',
  'on_success',
  'routing_config',
  'source_access_configuration',
  'self_managed_event_source',
  'self_managed_kafka_event_source_config',
  'amazon_managed_kafka_event_source_config',
  'document_db_event_source_config',
  'lifecycle',
  'timeouts',
  'cors',
  'provisioned_poller_config',
  'metrics_config',
]);
/** String arguments that hold a JSON document, written as jsonencode(). */
const JSON_DOCUMENTS = new Set(['policy', 'assume_role_policy', 'pattern']);

const IDENT = /^[A-Za-z_][\w-]*$/;
const REFERENCE = /^\$\{([A-Za-z_][\w.\-[\]"*]*)\}$/;

/** A quoted HCL string; "${" and "%{" that are not interpolations are escaped. */
export function quote(s: string, keepInterpolation = false): string {
  let out = JSON.stringify(s);
  if (!keepInterpolation) out = out.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
  return out;
}

function key(k: string): string {
  return IDENT.test(k) ? k : quote(k);
}

/** An expression for a value (objects and lists inline, multi-line when long). */
export function expression(v: unknown, indent: string, argName?: string): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') {
    const ref = REFERENCE.exec(v);
    if (ref) return ref[1];
    if (argName && JSON_DOCUMENTS.has(argName) && /^\s*[{[]/.test(v)) {
      try {
        return `jsonencode(${expression(JSON.parse(v), indent)})`;
      } catch {
        // not JSON after all: written as the string it is
      }
    }
    return quote(v, v.includes('${'));
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    const items = v.map((x) => expression(x, inner));
    const flat = `[${items.join(', ')}]`;
    return flat.length <= 100 && !flat.includes('\n') ? flat : `[\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}]`;
  }
  const pairs = Object.entries(v as Json).map(([k, x]): [string, string] => [key(k), expression(x, inner)]);
  if (!pairs.length) return '{}';
  const flat = `{ ${pairs.map(([k, e]) => `${k} = ${e}`).join(', ')} }`;
  return flat.length <= 100 && !flat.includes('\n') ? flat : `{\n${aligned(pairs, inner).join('')}${indent}}`;
}

/**
 * `key = value` lines aligned as terraform fmt aligns them: the "=" of consecutive one-line arguments line
 * up; an argument whose value spans lines stands alone.
 */
function aligned(pairs: readonly [string, string][], indent: string): string[] {
  const out: string[] = [];
  let run: [string, string][] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map(([k]) => k.length));
    for (const [k, e] of run) out.push(`${indent}${k.padEnd(width)} = ${e}\n`);
    run = [];
  };
  for (const pair of pairs) {
    if (pair[1].includes('\n')) flush();
    run.push(pair);
    if (pair[1].includes('\n')) flush();
  }
  flush();
  return out;
}

/** The body of a block: arguments (aligned), then nested blocks. */
export function body(values: Json, indent: string): string {
  const attrs: [string, string][] = [];
  const blocks: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    if (k === '//') continue;
    if (BLOCK_NAMES.has(k) && v !== null && typeof v === 'object') {
      for (const b of Array.isArray(v) ? v : [v]) blocks.push(`${indent}${k} {\n${body(b as Json, `${indent}  `)}${indent}}\n`);
      continue;
    }
    if (k === 'depends_on' && Array.isArray(v)) {
      const refs = v.map((d) => String(d).replace(REFERENCE, '$1'));
      attrs.push([k, `[\n${refs.map((r) => `${indent}  ${r},\n`).join('')}${indent}]`]);
      continue;
    }
    attrs.push([k, expression(v, indent, k)]);
  }
  const lines = aligned(attrs, indent);
  return lines.join('') + (blocks.length && lines.length ? '\n' : '') + blocks.join('\n');
}

export function block(type: string, labels: readonly string[], values: Json): string {
  return `${type} ${labels.map((l) => quote(l)).join(' ')}${labels.length ? ' ' : ''}{\n${body(values, '  ')}}\n`;
}
