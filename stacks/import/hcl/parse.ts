/**
 * A recursive-descent parser for HCL native expressions and templates. hcl2-parser (a port of hcl2json)
 * turns every expression that is not a literal into its source text wrapped in "${...}", and keeps template
 * strings as text, so the importer must parse both itself to evaluate locals, for expressions and the rest.
 */
import { ExprSyntaxError, type Expr, type Traversal } from './ast';

const BINARY_LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['<=', '>=', '<', '>'], ['+', '-'], ['*', '/', '%']];
const DIRECTIVE = /^%\{~?\s*(if|else|endif|for|endfor)\b/;

/**
 * Parses a template as hcl2-parser hands it over: already unescaped, so "${" always opens an interpolation
 * (the source's "$${" escape became "${" too: see the IAM policy variable rule in interpolation()).
 */
export function parseTemplateText(text: string): Expr {
  const p = new Parser(text);
  return p.template('raw');
}

/** Parses one expression (the whole text). */
export function parseExpression(text: string): Expr {
  const p = new Parser(text);
  const e = p.expression();
  p.skipSpace();
  if (!p.atEnd()) throw new ExprSyntaxError(`unexpected ${JSON.stringify(p.rest().slice(0, 20))}`);
  return e;
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  atEnd(): boolean {
    return this.pos >= this.src.length;
  }
  rest(): string {
    return this.src.slice(this.pos);
  }

  skipSpace(): void {
    for (;;) {
      const m = /^(\s+|#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\/)/.exec(this.rest());
      if (!m) return;
      this.pos += m[0].length;
    }
  }

  private peek(token: string): boolean {
    this.skipSpace();
    return this.src.startsWith(token, this.pos);
  }
  private eat(token: string): boolean {
    if (!this.peek(token)) return false;
    this.pos += token.length;
    return true;
  }
  private expect(token: string): void {
    if (!this.eat(token)) throw new ExprSyntaxError(`expected "${token}" at ${JSON.stringify(this.rest().slice(0, 20) || 'the end')}`);
  }
  private ident(): string | undefined {
    this.skipSpace();
    const m = /^[A-Za-z_][\w-]*/.exec(this.rest());
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }
  /** A keyword only when the next identifier is exactly it (so "in" does not match "index"). */
  private keyword(word: string): boolean {
    this.skipSpace();
    const m = /^[A-Za-z_][\w-]*/.exec(this.rest());
    if (m?.[0] !== word) return false;
    this.pos += word.length;
    return true;
  }

  expression(): Expr {
    const test = this.binary(0);
    if (this.peek('?')) {
      this.expect('?');
      const then = this.expression();
      this.expect(':');
      return { kind: 'conditional', test, then, else: this.expression() };
    }
    return test;
  }

  private binary(level: number): Expr {
    if (level >= BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.skipSpace();
      // "=>" and "==" must not read as "=" or ">": pick the longest operator of this level that matches.
      const op = BINARY_LEVELS[level].find((o) => this.src.startsWith(o, this.pos) && !this.src.startsWith('=>', this.pos));
      if (!op) return left;
      this.pos += op.length;
      left = { kind: 'binary', op, left, right: this.binary(level + 1) };
    }
  }

  private unary(): Expr {
    this.skipSpace();
    if (this.src[this.pos] === '!' && this.src[this.pos + 1] !== '=') {
      this.pos++;
      return { kind: 'unary', op: '!', operand: this.unary() };
    }
    if (this.src[this.pos] === '-') {
      this.pos++;
      return { kind: 'unary', op: '-', operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private traversal(): Traversal | undefined {
    this.skipSpace();
    if (this.src[this.pos] === '.' && this.src[this.pos + 1] !== '.' && this.src[this.pos + 1] !== '*') {
      this.pos++;
      const num = /^\d+/.exec(this.rest());
      if (num) {
        this.pos += num[0].length;
        return { kind: 'index', key: { kind: 'literal', value: Number(num[0]) } };
      }
      const name = this.ident();
      if (!name) throw new ExprSyntaxError('expected an attribute name after "."');
      return { kind: 'attr', name };
    }
    if (this.src[this.pos] === '[' && !/^\[\s*\*\s*\]/.test(this.rest())) {
      this.pos++;
      const key = this.expression();
      this.expect(']');
      return { kind: 'index', key };
    }
    return undefined;
  }

  private postfix(base: Expr): Expr {
    let e = base;
    for (;;) {
      this.skipSpace();
      const splat = /^(\[\s*\*\s*\]|\.\*)/.exec(this.rest());
      if (splat) {
        this.pos += splat[0].length;
        const rest: Traversal[] = [];
        for (let t = this.traversal(); t; t = this.traversal()) rest.push(t);
        e = { kind: 'splat', target: e, rest };
        continue;
      }
      const t = this.traversal();
      if (!t) return e;
      e = t.kind === 'attr' ? { kind: 'getattr', target: e, name: t.name } : { kind: 'index', target: e, key: t.key };
    }
  }

  private primary(): Expr {
    this.skipSpace();
    const c = this.src[this.pos];
    if (c === undefined) throw new ExprSyntaxError('unexpected end of expression');
    const num = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.rest());
    if (num) {
      this.pos += num[0].length;
      return { kind: 'literal', value: Number(num[0]) };
    }
    if (c === '"') {
      this.pos++;
      return this.template('quoted');
    }
    if (this.src.startsWith('<<', this.pos)) return this.heredoc();
    if (c === '(') {
      this.pos++;
      const e = this.expression();
      this.expect(')');
      return e;
    }
    if (c === '[') return this.tupleOrFor();
    if (c === '{') return this.objectOrFor();
    const name = this.ident();
    if (!name) throw new ExprSyntaxError(`unexpected ${JSON.stringify(this.rest().slice(0, 20))}`);
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
    if (name === 'null') return { kind: 'literal', value: null };
    if (this.peek('(')) return this.call(name);
    return { kind: 'variable', name };
  }

  private call(name: string): Expr {
    this.expect('(');
    const args: Expr[] = [];
    let expandLast = false;
    while (!this.eat(')')) {
      args.push(this.expression());
      if (this.eat('...')) expandLast = true;
      if (!this.eat(',') && !this.peek(')')) throw new ExprSyntaxError(`expected "," or ")" in the arguments of ${name}()`);
    }
    return { kind: 'call', name, args, expandLast };
  }

  private forHeader(): { keyVar?: string; valueVar: string; collection: Expr } {
    const first = this.ident();
    if (!first) throw new ExprSyntaxError('expected a variable name after "for"');
    const second = this.eat(',') ? this.ident() : undefined;
    if (!this.keyword('in')) throw new ExprSyntaxError('expected "in" in a for expression');
    const collection = this.expression();
    this.expect(':');
    return second ? { keyVar: first, valueVar: second, collection } : { valueVar: first, collection };
  }

  private tupleOrFor(): Expr {
    this.expect('[');
    if (this.keyword('for')) {
      const head = this.forHeader();
      const valueExpr = this.expression();
      const condition = this.keyword('if') ? this.expression() : undefined;
      this.expect(']');
      return { kind: 'for', ...head, valueExpr, condition, group: false };
    }
    const items: Expr[] = [];
    while (!this.eat(']')) {
      items.push(this.expression());
      if (!this.eat(',') && !this.peek(']')) throw new ExprSyntaxError('expected "," or "]" in a list');
    }
    return { kind: 'tuple', items };
  }

  private objectOrFor(): Expr {
    this.expect('{');
    if (this.keyword('for')) {
      const head = this.forHeader();
      const keyExpr = this.expression();
      this.expect('=>');
      const valueExpr = this.expression();
      const group = this.eat('...');
      const condition = this.keyword('if') ? this.expression() : undefined;
      this.expect('}');
      return { kind: 'for', ...head, keyExpr, valueExpr, condition, group };
    }
    const items: { key: Expr; value: Expr }[] = [];
    while (!this.eat('}')) {
      this.skipSpace();
      // A bare identifier key is the literal name (HCL), not a variable; parentheses make it an expression.
      const bare = /^[A-Za-z_][\w-]*\s*(=(?![=>])|:)/.exec(this.rest());
      let key: Expr;
      if (bare) key = { kind: 'literal', value: this.ident() };
      else key = this.expression();
      if (!this.eat('=') && !this.eat(':')) throw new ExprSyntaxError('expected "=" or ":" after an object key');
      items.push({ key, value: this.expression() });
      this.eat(',');
    }
    return { kind: 'object', items };
  }

  private heredoc(): Expr {
    const m = /^<<(-?)([A-Za-z_]\w*)\n/.exec(this.rest());
    if (!m) throw new ExprSyntaxError('malformed heredoc');
    this.pos += m[0].length;
    const end = new RegExp(`^[ \\t]*${m[2]}[ \\t]*$`, 'm');
    const body = end.exec(this.rest());
    if (!body) throw new ExprSyntaxError(`heredoc ${m[2]} has no end`);
    let text = this.rest().slice(0, body.index);
    this.pos += body.index + body[0].length;
    if (m[1] === '-') {
      const lines = text.split('\n');
      const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
      text = lines.map((l) => l.slice(indent)).join('\n');
    }
    return parseTemplateText(text);
  }

  /** A template up to the closing quote (quoted) or the end of the text (raw). */
  template(mode: 'quoted' | 'raw'): Expr {
    const parts: (string | Expr)[] = [];
    let lit = '';
    const flush = () => {
      if (lit) parts.push(lit);
      lit = '';
    };
    for (;;) {
      if (this.atEnd()) {
        if (mode === 'quoted') throw new ExprSyntaxError('unterminated string');
        break;
      }
      const c = this.src[this.pos];
      if (mode === 'quoted' && c === '"') {
        this.pos++;
        break;
      }
      if (mode === 'quoted' && c === '\\') {
        lit += this.escape();
        continue;
      }
      if (mode === 'quoted' && (this.src.startsWith('$${', this.pos) || this.src.startsWith('%%{', this.pos))) {
        lit += this.src.slice(this.pos + 1, this.pos + 3);
        this.pos += 3;
        continue;
      }
      if (this.src.startsWith('${', this.pos)) {
        flush();
        parts.push(this.interpolation());
        continue;
      }
      if (this.src.startsWith('%{', this.pos) && (mode === 'quoted' || DIRECTIVE.test(this.rest()))) {
        flush();
        const close = this.src.indexOf('}', this.pos);
        parts.push({ kind: 'directive', text: this.src.slice(this.pos, close + 1) });
        this.pos = close < 0 ? this.src.length : close + 1;
        continue;
      }
      lit += c;
      this.pos++;
    }
    flush();
    return { kind: 'template', parts };
  }

  private escape(): string {
    const m = /^\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/.exec(this.rest());
    if (!m) throw new ExprSyntaxError('bad escape');
    this.pos += m[0].length;
    const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
    if (m[1].length > 1) return String.fromCodePoint(parseInt(m[1].slice(1), 16));
    return map[m[1]] ?? m[1];
  }

  /**
   * "${ expr }". An IAM policy variable such as ${aws:username} is not HCL (the source wrote $${aws:username}):
   * hcl2-parser unescaped it, so text of that form is kept as the literal it was.
   */
  private interpolation(): Expr {
    const start = this.pos;
    this.pos += 2;
    const policyVar = /^\$\{([\w-]+:[\w/.-]+)\}/.exec(this.src.slice(start));
    if (policyVar) {
      this.pos = start + policyVar[0].length;
      return { kind: 'literal', value: policyVar[0] };
    }
    this.eat('~');
    const e = this.expression();
    this.eat('~');
    this.expect('}');
    return e;
  }
}
