/**
 * Variable type constraints, applied as Terraform does to a module's inputs: an object type gives every
 * attribute the caller left out its optional() default (or null), so `s.sid` or `var.features.vpc` read
 * the same as under Terraform. Only the conversions that change a value are done; the rest passes.
 */
import type { Expr } from './ast';
import { isObject } from './values';

export function convertToType(value: unknown, type: Expr | undefined): unknown {
  if (!type || value === null || value === undefined) return value;
  if (type.kind === 'template' && type.parts.length === 1 && typeof type.parts[0] !== 'string') return convertToType(value, type.parts[0]);
  if (type.kind !== 'call') return value;
  const [inner] = type.args;
  switch (type.name) {
    case 'list':
    case 'set':
      return Array.isArray(value) ? value.map((v) => convertToType(v, inner)) : value;
    case 'map':
      return isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertToType(v, inner)])) : value;
    case 'tuple':
      return Array.isArray(value) && inner?.kind === 'tuple' ? value.map((v, i) => convertToType(v, inner.items[i])) : value;
    case 'object':
      return isObject(value) && inner?.kind === 'object' ? objectValue(value, inner) : value;
    case 'optional':
      return convertToType(value, inner);
  }
  return value;
}

function objectValue(value: Record<string, unknown>, type: Extract<Expr, { kind: 'object' }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value: attrType } of type.items) {
    const name = key.kind === 'literal' ? String(key.value) : undefined;
    if (name === undefined) continue;
    const given = value[name];
    if (given !== undefined && given !== null) out[name] = convertToType(given, attrType);
    else out[name] = defaultOf(attrType);
  }
  return out;
}

/** optional(T, default) → the default converted to T; anything else → null. */
function defaultOf(type: Expr): unknown {
  if (type.kind === 'call' && type.name === 'optional' && type.args.length > 1) {
    const d = type.args[1];
    return convertToType(literalValue(d), type.args[0]);
  }
  return null;
}

/** The value of a literal default in a type (optional(bool, false), optional(list(string), [])). */
function literalValue(e: Expr): unknown {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'tuple':
      return e.items.map(literalValue);
    case 'object':
      return Object.fromEntries(e.items.map((i) => [i.key.kind === 'literal' ? String(i.key.value) : '', literalValue(i.value)]));
    case 'template':
      return e.parts.every((p) => typeof p === 'string') ? e.parts.join('') : null;
    default:
      return null;
  }
}
