/**
 * Evaluates parsed HCL expressions the way Terraform does for what is known at plan time. What is known
 * only after apply, or what the importer cannot evaluate, becomes an Unknown carrying the reason; a real
 * error (a missing attribute, a type error) throws EvalError, which try() and can() catch as Terraform's do.
 */
import type { Expr, Traversal } from './ast';
import { callFunction } from './functions';
import { equal, EvalError, isObject, Lazy, materialize, toText, typeName, Unknown } from './values';

export { EvalError, equal };

/** Names visible to an expression: `var`, `local`, `each`, resource types… and for-expression variables. */
export interface Scope {
  lookup(name: string): unknown;
}

export function childScope(parent: Scope, names: Readonly<Record<string, unknown>>): Scope {
  return { lookup: (name) => (name in names ? names[name] : parent.lookup(name)) };
}

export function evaluate(e: Expr, scope: Scope): unknown {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'template':
      return template(e.parts, scope);
    case 'variable':
      return scope.lookup(e.name);
    case 'getattr':
      return getAttr(evaluate(e.target, scope), e.name);
    case 'index':
      return index(evaluate(e.target, scope), evaluate(e.key, scope));
    case 'splat':
      return splat(evaluate(e.target, scope), e.rest, scope);
    case 'call':
      return call(e, scope);
    case 'tuple':
      return e.items.map((i) => evaluate(i, scope));
    case 'object':
      return object(e, scope);
    case 'unary':
      return unary(e.op, evaluate(e.operand, scope));
    case 'binary':
      return binary(e.op, e.left, e.right, scope);
    case 'conditional': {
      const test = evaluate(e.test, scope);
      if (test instanceof Unknown) return test;
      if (typeof test !== 'boolean') throw new EvalError(`a condition must be true or false, not ${typeName(test)}`);
      return evaluate(test ? e.then : e.else, scope);
    }
    case 'for':
      return forExpr(e, scope);
    case 'directive':
      return new Unknown(`the template directive ${e.text} is not evaluated by the importer`);
  }
}

function template(parts: readonly (string | Expr)[], scope: Scope): unknown {
  if (parts.length === 1 && typeof parts[0] !== 'string') return evaluate(parts[0], scope);
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    const t = toText(evaluate(p, scope));
    if (t instanceof Unknown) return t;
    out += t;
  }
  return out;
}

export function getAttr(target: unknown, name: string): unknown {
  if (target instanceof Unknown) return target;
  if (target instanceof Lazy) return target.get(name);
  if (isObject(target)) {
    if (!(name in target)) throw new EvalError(`this object has no attribute "${name}"`);
    return target[name];
  }
  if (target === null) throw new EvalError(`cannot read "${name}" of null`);
  throw new EvalError(`cannot read attribute "${name}" of a ${typeName(target)}${Array.isArray(target) ? ' (use [*] or an index)' : ''}`);
}

export function index(target: unknown, key: unknown): unknown {
  if (target instanceof Unknown) return target;
  if (key instanceof Unknown) return key;
  if (Array.isArray(target)) {
    const i = typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : key;
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= target.length)
      throw new EvalError(`index ${JSON.stringify(key)} is out of range for a list of ${target.length}`);
    return target[i];
  }
  if (typeof key !== 'string' && typeof key !== 'number') throw new EvalError(`a ${typeName(key)} cannot be a key`);
  return getAttr(target, String(key));
}

function splat(target: unknown, rest: readonly Traversal[], scope: Scope): unknown {
  if (target instanceof Unknown) return target;
  const items = target === null ? [] : Array.isArray(target) ? target : [target];
  return items.map((item) =>
    rest.reduce((v, t) => (t.kind === 'attr' ? getAttr(v, t.name) : index(v, evaluate(t.key, scope))), item as unknown),
  );
}

function object(e: Extract<Expr, { kind: 'object' }>, scope: Scope): unknown {
  const out: Record<string, unknown> = {};
  for (const item of e.items) {
    const key = toText(evaluate(item.key, scope));
    if (key instanceof Unknown) return key;
    out[key] = evaluate(item.value, scope);
  }
  return out;
}

function unary(op: '!' | '-', v: unknown): unknown {
  if (v instanceof Unknown) return v;
  if (op === '!') {
    if (typeof v !== 'boolean') throw new EvalError(`"!" needs true or false, not ${typeName(v)}`);
    return !v;
  }
  return -toNumber(v);
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  throw new EvalError(`a number is needed, not ${typeName(v)} ${JSON.stringify(v)}`);
}

function binary(op: string, le: Expr, re: Expr, scope: Scope): unknown {
  const left = evaluate(le, scope);
  if (op === '&&' || op === '||') {
    if (left instanceof Unknown) return left;
    if (typeof left !== 'boolean') throw new EvalError(`"${op}" needs true or false, not ${typeName(left)}`);
    if (op === '&&' ? !left : left) return left;
    const right = evaluate(re, scope);
    if (right instanceof Unknown) return right;
    if (typeof right !== 'boolean') throw new EvalError(`"${op}" needs true or false, not ${typeName(right)}`);
    return right;
  }
  const right = evaluate(re, scope);
  if (left instanceof Unknown) return left;
  if (right instanceof Unknown) return right;
  switch (op) {
    case '==':
      return equal(left, right);
    case '!=':
      return !equal(left, right);
    case '<':
      return toNumber(left) < toNumber(right);
    case '>':
      return toNumber(left) > toNumber(right);
    case '<=':
      return toNumber(left) <= toNumber(right);
    case '>=':
      return toNumber(left) >= toNumber(right);
    case '+':
      return toNumber(left) + toNumber(right);
    case '-':
      return toNumber(left) - toNumber(right);
    case '*':
      return toNumber(left) * toNumber(right);
    case '/':
      return toNumber(left) / toNumber(right);
    case '%':
      return toNumber(left) % toNumber(right);
  }
  throw new EvalError(`unknown operator ${op}`);
}

/** The entries a for expression or for_each walks: lists by index, maps in key order (as Terraform does). */
export function entriesOf(collection: unknown): [string | number, unknown][] | Unknown {
  if (collection instanceof Unknown) return collection;
  if (Array.isArray(collection)) return collection.map((v, i) => [i, v]);
  const obj = collection instanceof Lazy ? (materialize(collection) as Record<string, unknown>) : collection;
  if (isObject(obj))
    return Object.keys(obj)
      .sort()
      .map((k) => [k, obj[k]]);
  throw new EvalError(`a for expression needs a list, set or map, not ${typeName(collection)}`);
}

function forExpr(e: Extract<Expr, { kind: 'for' }>, scope: Scope): unknown {
  const entries = entriesOf(evaluate(e.collection, scope));
  if (entries instanceof Unknown) return entries;
  const list: unknown[] = [];
  const map: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const inner = childScope(scope, e.keyVar ? { [e.keyVar]: k, [e.valueVar]: v } : { [e.valueVar]: v });
    if (e.condition) {
      const keep = evaluate(e.condition, inner);
      if (keep instanceof Unknown) return keep;
      if (!keep) continue;
    }
    const value = evaluate(e.valueExpr, inner);
    if (!e.keyExpr) {
      list.push(value);
      continue;
    }
    const key = toText(evaluate(e.keyExpr, inner));
    if (key instanceof Unknown) return key;
    if (e.group) ((map[key] ??= []) as unknown[]).push(value);
    else if (key in map) throw new EvalError(`duplicate key ${JSON.stringify(key)} in a for expression (add "..." to group)`);
    else map[key] = value;
  }
  return e.keyExpr ? map : list;
}

/** try() and can() evaluate their arguments themselves (to catch errors); every other function gets values. */
function call(e: Extract<Expr, { kind: 'call' }>, scope: Scope): unknown {
  if (e.name === 'try') {
    for (const a of e.args) {
      try {
        return evaluate(a, scope);
      } catch (err) {
        if (!(err instanceof EvalError)) throw err;
      }
    }
    throw new EvalError('try(): no argument could be evaluated');
  }
  if (e.name === 'can') {
    try {
      const v = evaluate(e.args[0], scope);
      return v instanceof Unknown ? v : true;
    } catch (err) {
      if (!(err instanceof EvalError)) throw err;
      return false;
    }
  }
  return callFunction(
    e.name,
    e.args.map((a) => evaluate(a, scope)),
    e.expandLast,
  );
}
