/**
 * The part of GitHub Actions' expression language (`${{ … }}`) the drift template uses, so the template test
 * can evaluate its `env:`, `with:` and `if:` values as the runner would: context paths (`matrix.target`,
 * `steps.check.outputs.exit-code`), string literals, `||` `&&` `!` `==` `!=`, and the functions always(),
 * success(), failure(), fromJSON(), format() and hashFiles(). An expression outside this subset throws, so the
 * test fails instead of guessing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface ExpressionContext {
  /** Context objects by name: env, vars, inputs, github, matrix, steps, needs. */
  readonly contexts: Readonly<Record<string, unknown>>;
  /** Whether a previous step of the job failed (success() / failure()). */
  readonly failed: boolean;
  /** Where hashFiles() looks. */
  readonly workspace: string;
}

type Token =
  { kind: 'str'; value: string } | { kind: 'num'; value: number } | { kind: 'id'; value: string } | { kind: 'op'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) i++;
    else if (c === "'") {
      let value = '';
      for (i++; i < text.length; i++) {
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i++;
        } else if (text[i] === "'") break;
        else value += text[i];
      }
      tokens.push({ kind: 'str', value });
      i++;
    } else if (/\d/.test(c)) {
      const m = /^\d+(\.\d+)?/.exec(text.slice(i))![0];
      tokens.push({ kind: 'num', value: Number(m) });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(text.slice(i))![0];
      tokens.push({ kind: 'id', value: m });
      i += m.length;
    } else {
      const op = ['||', '&&', '==', '!=', '!', '(', ')', ','].find((o) => text.startsWith(o, i));
      if (!op) throw new Error(`expression ${JSON.stringify(text)}: unsupported character ${JSON.stringify(c)}`);
      tokens.push({ kind: 'op', value: op });
      i += op.length;
    }
  }
  return tokens;
}

const truthy = (v: unknown) => v !== '' && v !== null && v !== undefined && v !== false && v !== 0;
const asText = (v: unknown) =>
  v === null || v === undefined
    ? ''
    : typeof v === 'string'
      ? v
      : typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : JSON.stringify(v);

export function evaluate(expression: string, ctx: ExpressionContext): unknown {
  const tokens = tokenize(expression);
  let pos = 0;
  const peek = (value: string) => tokens[pos]?.kind === 'op' && tokens[pos].value === value;
  const expect = (value: string) => {
    if (!peek(value)) throw new Error(`expression ${JSON.stringify(expression)}: expected ${value}`);
    pos++;
  };
  const or = (): unknown => {
    let left = and();
    while (peek('||')) {
      pos++;
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const and = (): unknown => {
    let left = equality();
    while (peek('&&')) {
      pos++;
      const right = equality();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const equality = (): unknown => {
    let left = unary();
    while (peek('==') || peek('!=')) {
      const op = tokens[pos++].value;
      const same = asText(left).toLowerCase() === asText(unary()).toLowerCase();
      left = op === '==' ? same : !same;
    }
    return left;
  };
  const unary = (): unknown => {
    if (peek('!')) {
      pos++;
      return !truthy(unary());
    }
    return primary();
  };
  const primary = (): unknown => {
    const t = tokens[pos++];
    if (!t) throw new Error(`expression ${JSON.stringify(expression)}: ends early`);
    if (t.kind === 'str' || t.kind === 'num') return t.value;
    if (t.kind === 'op' && t.value === '(') {
      const v = or();
      expect(')');
      return v;
    }
    if (t.kind !== 'id') throw new Error(`expression ${JSON.stringify(expression)}: unexpected ${t.value}`);
    if (peek('(')) {
      pos++;
      const args: unknown[] = [];
      while (!peek(')')) {
        args.push(or());
        if (peek(',')) pos++;
      }
      expect(')');
      return call(t.value, args, ctx);
    }
    if (t.value === 'true' || t.value === 'false') return t.value === 'true';
    return t.value
      .split('.')
      .reduce<unknown>((obj, key) => (obj && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined), ctx.contexts);
  };
  const value = or();
  if (pos !== tokens.length) throw new Error(`expression ${JSON.stringify(expression)}: unexpected ${tokens[pos].value}`);
  return value;
}

function call(name: string, args: unknown[], ctx: ExpressionContext): unknown {
  switch (name) {
    case 'always':
      return true;
    case 'success':
      return !ctx.failed;
    case 'failure':
      return ctx.failed;
    case 'fromJSON':
      return JSON.parse(asText(args[0]));
    case 'format':
      return asText(args[0]).replace(/\{(\d+)\}/g, (_m, i: string) => asText(args[Number(i) + 1]));
    case 'hashFiles':
      // A stand-in: a non-empty "hash" when every named file exists (the template names exact files).
      return args.every((a) => existsSync(join(ctx.workspace, asText(a)))) ? 'present' : '';
    default:
      throw new Error(`expression function ${name}() is not supported by the template test`);
  }
}

/** Replaces every `${{ … }}` in a value; a value that is one expression keeps its type (for fromJSON). */
export function interpolate(value: unknown, ctx: ExpressionContext): unknown {
  if (typeof value !== 'string') return value;
  const whole = /^\$\{\{(.*)\}\}$/s.exec(value.trim());
  if (whole && !whole[1].includes('}}')) return evaluate(whole[1], ctx);
  return value.replace(/\$\{\{(.*?)\}\}/gs, (_m, e: string) => asText(evaluate(e, ctx)));
}

/** An `if:` value (with or without `${{ }}`) as GitHub decides it; no `if:` means success(). */
export function condition(value: unknown, ctx: ExpressionContext): boolean {
  if (value === undefined) return !ctx.failed;
  const text = asText(value).trim();
  const inner = /^\$\{\{(.*)\}\}$/s.exec(text)?.[1] ?? text;
  // Without a status function GitHub adds success(): a condition alone never runs after a failure.
  const statusChecked = /\b(always|success|failure|cancelled)\s*\(/.test(inner);
  return (statusChecked || !ctx.failed) && truthy(evaluate(inner, ctx));
}

export { asText };
