/**
 * The expression tree of HCL native syntax, as far as the importer evaluates it. hcl2-parser hands every
 * non-literal value over as template text ("${...}"), so the importer parses those itself (parse.ts).
 */
export type Expr =
  | { readonly kind: 'literal'; readonly value: unknown }
  | { readonly kind: 'template'; readonly parts: readonly (string | Expr)[] }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'getattr'; readonly target: Expr; readonly name: string }
  | { readonly kind: 'index'; readonly target: Expr; readonly key: Expr }
  | { readonly kind: 'splat'; readonly target: Expr; readonly rest: readonly Traversal[] }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly expandLast: boolean }
  | { readonly kind: 'tuple'; readonly items: readonly Expr[] }
  | { readonly kind: 'object'; readonly items: readonly { readonly key: Expr; readonly value: Expr }[] }
  | { readonly kind: 'unary'; readonly op: '!' | '-'; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'conditional'; readonly test: Expr; readonly then: Expr; readonly else: Expr }
  | {
      readonly kind: 'for';
      readonly keyVar?: string;
      readonly valueVar: string;
      readonly collection: Expr;
      readonly keyExpr?: Expr;
      readonly valueExpr: Expr;
      readonly condition?: Expr;
      readonly group: boolean;
    }
  | { readonly kind: 'directive'; readonly text: string };

/** One step after a splat: `.name` or `[key]`. */
export type Traversal = { readonly kind: 'attr'; readonly name: string } | { readonly kind: 'index'; readonly key: Expr };

/** A syntax error in one expression; the caller adds the file and line. */
export class ExprSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExprSyntaxError';
  }
}
