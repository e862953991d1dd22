/**
 * Why this exists: cdktf renders `Fn.jsonencode({...})` as the HCL expression `${jsonencode({"Version" =
 * "2012-10-17", "Statement" = [...]})}`, and hand-written *.tf.json files write policies the same way. The
 * policy is plain data apart from a few references (a bucket's ARN), so the checks can still judge its
 * actions. This reads the literal part of such an expression: objects, tuples, strings, numbers, booleans and
 * null. Anything else (a reference, a function call, a conditional) becomes an `${…}` string, which the
 * checks treat as unknown and skip, exactly like a cdktf token.
 */

/** The value of an HCL literal; unknown sub-expressions are strings `${<expression>}`. */
export type HclValue = string | number | boolean | null | readonly HclValue[] | { readonly [key: string]: HclValue };

class HclSyntaxError extends Error {}

class Reader {
  private i = 0;
  constructor(private readonly text: string) {}

  value(): HclValue {
    this.space();
    const c = this.text[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    if (c === '"') return this.string();
    const literal = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(?=[\s,\]})]|$)/.exec(this.text.slice(this.i));
    if (literal) {
      this.i += literal[0].length;
      return literal[0] === 'true' ? true : literal[0] === 'false' ? false : literal[0] === 'null' ? null : Number(literal[0]);
    }
    return `\${${this.expression()}}`;
  }

  /** Everything up to the next separator at depth 0: a reference, call or operator expression. */
  private expression(): string {
    const start = this.i;
    let depth = 0;
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === '"') {
        this.string();
        continue;
      }
      if ('([{'.includes(c)) depth += 1;
      else if (')]}'.includes(c)) {
        if (depth === 0) break;
        depth -= 1;
      } else if ((c === ',' || c === '\n') && depth === 0) break;
      this.i += 1;
    }
    const expr = this.text.slice(start, this.i).trim();
    if (!expr) throw new HclSyntaxError(`expected a value at offset ${start}`);
    return expr;
  }

  private object(): { [key: string]: HclValue } {
    this.i += 1; // {
    const out: { [key: string]: HclValue } = {};
    for (;;) {
      this.separators();
      if (this.text[this.i] === '}') {
        this.i += 1;
        return out;
      }
      const key = this.key();
      this.space();
      const op = this.text[this.i];
      if (op !== '=' && op !== ':') throw new HclSyntaxError(`expected = after the key ${JSON.stringify(key)}`);
      this.i += 1;
      out[key] = this.value();
    }
  }

  private key(): string {
    if (this.text[this.i] === '"') {
      const k = this.string();
      if (k.includes('${')) throw new HclSyntaxError('a computed object key');
      return k;
    }
    const m = /^[A-Za-z_][\w-]*/.exec(this.text.slice(this.i));
    if (!m) throw new HclSyntaxError(`expected an object key at offset ${this.i}`);
    this.i += m[0].length;
    return m[0];
  }

  private tuple(): HclValue[] {
    this.i += 1; // [
    const out: HclValue[] = [];
    for (;;) {
      this.separators();
      if (this.text[this.i] === ']') {
        this.i += 1;
        return out;
      }
      out.push(this.value());
    }
  }

  /** A quoted template. Interpolations stay as written (`${…}`), so the string reads as unknown. */
  private string(): string {
    let out = '';
    this.i += 1; // "
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === '"') {
        this.i += 1;
        return out;
      }
      if (c === '\\') {
        const e = this.text[this.i + 1];
        if (e === 'u' || e === 'U') {
          const len = e === 'u' ? 4 : 8;
          out += String.fromCodePoint(parseInt(this.text.slice(this.i + 2, this.i + 2 + len), 16));
          this.i += 2 + len;
          continue;
        }
        out += ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' } as Record<string, string>)[e] ?? e;
        this.i += 2;
        continue;
      }
      if ((c === '$' || c === '%') && this.text.startsWith(`${c}${c}{`, this.i)) {
        out += `${c}{`; // $${ is a literal ${ in HCL; kept as ${ so it still reads as unknown
        this.i += 3;
        continue;
      }
      if ((c === '$' || c === '%') && this.text[this.i + 1] === '{') {
        const start = this.i;
        this.i += 2;
        let depth = 1;
        while (this.i < this.text.length && depth > 0) {
          if (this.text[this.i] === '"') {
            this.string();
            continue;
          }
          if (this.text[this.i] === '{') depth += 1;
          if (this.text[this.i] === '}') depth -= 1;
          this.i += 1;
        }
        out += `\${${this.text.slice(start + 2, this.i - 1)}}`;
        continue;
      }
      out += c;
      this.i += 1;
    }
    throw new HclSyntaxError('an unterminated string');
  }

  private space(): void {
    while (/\s/.test(this.text[this.i] ?? '')) this.i += 1;
  }

  /** Between elements: whitespace, newlines and commas (HCL separates object attributes by newline or comma). */
  private separators(): void {
    while (/[\s,]/.test(this.text[this.i] ?? '')) this.i += 1;
    if (this.i >= this.text.length) throw new HclSyntaxError('unexpected end of the expression');
  }

  end(): boolean {
    this.space();
    return this.i >= this.text.length;
  }
}

/** The literal value of an HCL expression, or undefined when it is not one (then it is unknown, not an error). */
export function parseHclLiteral(text: string): HclValue | undefined {
  try {
    const reader = new Reader(text);
    const value = reader.value();
    return reader.end() ? value : undefined;
  } catch (err) {
    if (err instanceof HclSyntaxError) return undefined;
    throw err;
  }
}

/** `${jsonencode(<expr>)}` (the whole string) → the literal value of `<expr>`; undefined for anything else. */
export function jsonencodeArgument(value: string): HclValue | undefined {
  const m = /^\$\{\s*jsonencode\(([\s\S]*)\)\s*\}$/.exec(value);
  return m ? parseHclLiteral(m[1]) : undefined;
}
