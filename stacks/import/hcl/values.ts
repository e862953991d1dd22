/**
 * Values of the evaluator: JSON-like data (strings, numbers, booleans, null, arrays, plain objects), plus
 * Unknown (something known only after apply, or that the importer cannot evaluate, with the reason) and
 * Lazy (a scope such as `local` or a resource whose attributes are evaluated only when read, so one
 * unevaluable attribute does not spoil the others and references resolve in any order).
 */

export class Unknown {
  constructor(
    readonly reason: string,
    /** The reference it stands for (aws_lambda_function.x.version), when it is one. */
    readonly ref?: string,
  ) {}
}

export class Lazy {
  constructor(
    readonly what: string,
    private readonly attr: (name: string) => unknown,
    readonly keys: () => readonly string[],
  ) {}
  get(name: string): unknown {
    return this.attr(name);
  }
}

export type Plain = null | string | number | boolean | Plain[] | { [key: string]: Plain };

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown) && !(v instanceof Lazy);

/** The first Unknown inside a value (deep), so a function of it can say why it is unknown. */
export function findUnknown(v: unknown): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (v instanceof Lazy) return findUnknown(materialize(v));
  if (Array.isArray(v)) {
    for (const x of v) {
      const u = findUnknown(x);
      if (u) return u;
    }
  } else if (isObject(v)) {
    for (const x of Object.values(v)) {
      const u = findUnknown(x);
      if (u) return u;
    }
  }
  return undefined;
}

/** A Lazy as a plain object of all its attributes (deep). */
export function materialize(v: unknown): unknown {
  if (v instanceof Lazy) return Object.fromEntries(v.keys().map((k) => [k, materialize(v.get(k))]));
  if (Array.isArray(v)) return v.map(materialize);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, materialize(x)]));
  return v;
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Lazy || isObject(v)) return 'object';
  return typeof v;
}

/** HCL's string conversion of a primitive. */
export function toText(v: unknown): string | Unknown {
  if (v instanceof Unknown) return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return new Unknown('null in a string template');
  return new Unknown(`a ${typeName(v)} where a string is expected`);
}

/** A real evaluation error (a missing attribute, a type error): try() and can() catch it, as Terraform's do. */
export class EvalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvalError';
  }
}

/** Terraform's equality: same type and value, deep. */
export function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(materialize(a))) === JSON.stringify(canonical(materialize(b)));
}
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isObject(v))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical(v[k])]),
    );
  return v;
}
