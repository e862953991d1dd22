/**
 * The Terraform functions IAM configurations use, with Terraform's meaning. A function of an Unknown is
 * Unknown (try and can as Terraform: an Unknown argument stays unknown). A function the importer does not
 * know is an Unknown naming it, never a guess.
 */
import { readFileSync } from 'node:fs';
import { equal, EvalError, findUnknown, isObject, Lazy, materialize, toText, typeName, Unknown } from './values';

type Fn = (args: unknown[]) => unknown;

const list = (v: unknown, fn: string): unknown[] => {
  if (Array.isArray(v)) return v;
  throw new EvalError(`${fn}() needs a list, not ${typeName(v)}`);
};
const obj = (v: unknown, fn: string): Record<string, unknown> => {
  if (isObject(v)) return v;
  throw new EvalError(`${fn}() needs a map or object, not ${typeName(v)}`);
};
const str = (v: unknown, fn: string): string => {
  const t = toText(v);
  if (t instanceof Unknown) throw new EvalError(`${fn}() needs a string, not ${typeName(v)}`);
  return t;
};
const distinct = (items: unknown[]) => items.filter((x, i) => items.findIndex((y) => equal(x, y)) === i);

/** RE2 as Terraform writes it → a JavaScript RegExp (named groups are the one syntax difference that matters). */
function re(pattern: string, flags = ''): RegExp {
  try {
    return new RegExp(pattern.replace(/\(\?P</g, '(?<'), flags);
  } catch (err) {
    throw new EvalError(`the regular expression ${JSON.stringify(pattern)} is not valid here: ${(err as Error).message}`);
  }
}
function regexResult(m: RegExpExecArray): unknown {
  if (m.groups) return { ...m.groups };
  if (m.length > 1) return m.slice(1).map((g) => g ?? null);
  return m[0];
}

function format(spec: string, args: unknown[]): string {
  let i = 0;
  return spec.replace(/%(%|[-+ #0]*\d*(?:\.\d+)?[sdvqtfb])/g, (whole, verb: string) => {
    if (verb === '%') return '%';
    const v = args[i++];
    const kind = verb[verb.length - 1];
    if (kind === 'q') return JSON.stringify(str(v, 'format'));
    if (kind === 'v' && typeof v !== 'string') return JSON.stringify(v);
    if (kind === 'd') return String(Math.trunc(Number(v)));
    return str(v, 'format');
  });
}

const FUNCTIONS: Record<string, Fn> = {
  jsonencode: ([v]) => JSON.stringify(v),
  jsondecode: ([v]) => {
    try {
      return JSON.parse(str(v, 'jsondecode')) as unknown;
    } catch (err) {
      if (err instanceof EvalError) throw err;
      throw new EvalError(`jsondecode(): the text is not JSON (${(err as Error).message})`);
    }
  },
  merge: (args) => Object.assign({}, ...args.filter((a) => a !== null).map((a) => obj(a, 'merge'))) as unknown,
  concat: (args) => args.flatMap((a) => list(a, 'concat')),
  distinct: ([v]) => distinct(list(v, 'distinct')),
  toset: ([v]) => distinct(list(v, 'toset')),
  tolist: ([v]) => list(v, 'tolist'),
  tomap: ([v]) => obj(v, 'tomap'),
  tostring: ([v]) => (v === null ? null : str(v, 'tostring')),
  tonumber: ([v]) => (v === null ? null : Number(str(v, 'tonumber'))),
  tobool: ([v]) => (v === null || typeof v === 'boolean' ? v : v === 'true'),
  sensitive: ([v]) => v,
  nonsensitive: ([v]) => v,
  contains: ([l, v]) => list(l, 'contains').some((x) => equal(x, v)),
  keys: ([m]) => Object.keys(obj(m, 'keys')).sort(),
  values: ([m]) => {
    const o = obj(m, 'values');
    return Object.keys(o)
      .sort()
      .map((k) => o[k]);
  },
  length: ([v]) => {
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    return Object.keys(obj(v, 'length')).length;
  },
  lookup: ([m, k, d]) => {
    const o = obj(m, 'lookup');
    const key = str(k, 'lookup');
    if (key in o) return o[key];
    if (d === undefined) throw new EvalError(`lookup(): no key ${JSON.stringify(key)} and no default`);
    return d;
  },
  element: ([l, i]) => {
    const items = list(l, 'element');
    return items[Number(i) % items.length];
  },
  coalesce: (args) => {
    const found = args.find((a) => a !== null && a !== '');
    if (found === undefined) throw new EvalError('coalesce(): every argument is null or empty');
    return found;
  },
  coalescelist: (args) => args.find((a) => Array.isArray(a) && a.length > 0) ?? [],
  compact: ([l]) => list(l, 'compact').filter((x) => x !== null && x !== ''),
  flatten: ([l]) => {
    const flat = (v: unknown[]): unknown[] => v.flatMap((x) => (Array.isArray(x) ? flat(x) : [x]));
    return flat(list(l, 'flatten'));
  },
  one: ([l]) => {
    const items = list(l, 'one');
    if (items.length > 1) throw new EvalError(`one(): the list has ${items.length} elements`);
    return items.length ? items[0] : null;
  },
  zipmap: ([k, v]) => Object.fromEntries(list(k, 'zipmap').map((key, i) => [str(key, 'zipmap'), list(v, 'zipmap')[i]])),
  setintersection: ([first, ...rest]) =>
    distinct(list(first, 'setintersection')).filter((x) => rest.every((r) => list(r, 'setintersection').some((y) => equal(x, y)))),
  setunion: (args) => distinct(args.flatMap((a) => list(a, 'setunion'))),
  setsubtract: ([a, b]) => distinct(list(a, 'setsubtract')).filter((x) => !list(b, 'setsubtract').some((y) => equal(x, y))),
  alltrue: ([l]) => list(l, 'alltrue').every((x) => x === true || x === 'true'),
  anytrue: ([l]) => list(l, 'anytrue').some((x) => x === true || x === 'true'),
  range: (args) => {
    const [start, end, step] = args.length === 1 ? [0, Number(args[0]), 1] : [Number(args[0]), Number(args[1]), Number(args[2] ?? 1)];
    const out: number[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
    return out;
  },
  sort: ([l]) => [...list(l, 'sort')].map((x) => str(x, 'sort')).sort(),
  reverse: ([l]) => [...list(l, 'reverse')].reverse(),
  slice: ([l, a, b]) => list(l, 'slice').slice(Number(a), Number(b)),
  index: ([l, v]) => {
    const i = list(l, 'index').findIndex((x) => equal(x, v));
    if (i < 0) throw new EvalError('index(): the value is not in the list');
    return i;
  },
  join: ([sep, l]) =>
    list(l, 'join')
      .map((x) => str(x, 'join'))
      .join(str(sep, 'join')),
  split: ([sep, s]) => str(s, 'split').split(str(sep, 'split')),
  lower: ([s]) => str(s, 'lower').toLowerCase(),
  upper: ([s]) => str(s, 'upper').toUpperCase(),
  title: ([s]) => str(s, 'title').replace(/\b\w/g, (c) => c.toUpperCase()),
  trimspace: ([s]) => str(s, 'trimspace').trim(),
  trimprefix: ([s, p]) =>
    str(s, 'trimprefix').startsWith(str(p, 'trimprefix')) ? str(s, 'trimprefix').slice(str(p, 'trimprefix').length) : s,
  trimsuffix: ([s, p]) =>
    str(s, 'trimsuffix').endsWith(str(p, 'trimsuffix')) ? str(s, 'trimsuffix').slice(0, -str(p, 'trimsuffix').length || undefined) : s,
  startswith: ([s, p]) => str(s, 'startswith').startsWith(str(p, 'startswith')),
  endswith: ([s, p]) => str(s, 'endswith').endsWith(str(p, 'endswith')),
  substr: ([s, o, l]) => [...str(s, 'substr')].slice(Number(o), Number(l) < 0 ? undefined : Number(o) + Number(l)).join(''),
  format: ([spec, ...args]) => format(str(spec, 'format'), args),
  formatlist: ([spec, ...args]) => {
    const n = Math.max(...args.map((a) => (Array.isArray(a) ? a.length : 1)));
    return Array.from({ length: n }, (_, i) =>
      format(
        str(spec, 'formatlist'),
        args.map((a): unknown => (Array.isArray(a) ? (a as unknown[])[i] : a)),
      ),
    );
  },
  regex: ([p, s]) => {
    const m = re(str(p, 'regex')).exec(str(s, 'regex'));
    if (!m) throw new EvalError(`regex(): ${JSON.stringify(s)} does not match ${JSON.stringify(p)}`);
    return regexResult(m);
  },
  regexall: ([p, s]) => [...str(s, 'regexall').matchAll(re(str(p, 'regexall'), 'g'))].map((m) => regexResult(m)),
  replace: ([s, sub, rep]) => {
    const from = str(sub, 'replace');
    const text = str(s, 'replace');
    const to = str(rep, 'replace');
    if (from.length > 1 && from.startsWith('/') && from.endsWith('/')) return text.replace(re(from.slice(1, -1), 'g'), to);
    return text.split(from).join(to);
  },
  max: (args) => Math.max(...args.map(Number)),
  min: (args) => Math.min(...args.map(Number)),
  abs: ([n]) => Math.abs(Number(n)),
};

/** Functions that read the module's files: the path is absolute once path.module is resolved. */
const FILE_FUNCTIONS: Record<string, Fn> = {
  file: ([p]) => {
    try {
      return readFileSync(str(p, 'file'), 'utf8');
    } catch (err) {
      throw new EvalError(`file(): cannot read ${JSON.stringify(p)} (${(err as Error).message})`);
    }
  },
  fileexists: ([p]) => {
    try {
      readFileSync(str(p, 'fileexists'));
      return true;
    } catch {
      return false;
    }
  },
};

export function callFunction(name: string, values: readonly unknown[], expandLast: boolean): unknown {
  let args = values.map((a) => materialize(a));
  if (expandLast) {
    const last = args[args.length - 1];
    if (last instanceof Unknown) return last;
    args = [...args.slice(0, -1), ...list(last, `${name}(...)`)];
  }
  const fn = FUNCTIONS[name] ?? FILE_FUNCTIONS[name];
  if (!fn) return new Unknown(`the function ${name}() is not evaluated by the importer`);
  // merge/concat/coalesce pass unknown parts through when they only move values; every other function needs them known.
  const passThrough = ['merge', 'concat', 'tolist', 'toset', 'tomap', 'sensitive', 'nonsensitive', 'flatten', 'compact'].includes(name);
  const unknown = passThrough ? args.find((a) => a instanceof Unknown) : findUnknown(args);
  if (unknown) return unknown instanceof Unknown ? unknown : new Unknown(String(unknown));
  return fn(args.map((a) => (a instanceof Lazy ? materialize(a) : a)));
}
