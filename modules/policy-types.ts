/**
 * Typed IAM policy statements, shared by the constructs (which render them to JSON) and the synth-time
 * checks (which inspect them before rendering). Values may be cdktf tokens (strings like "${TfToken[…]}");
 * checks must skip unresolved tokens rather than judge them.
 */
export type Effect = 'Allow' | 'Deny';

/** Condition block: operator → key → value(s), e.g. { StringEquals: { 'aws:SourceAccount': '123' } }. */
export type Conditions = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** A principal block as IAM writes it: '*' or { Service | AWS | Federated: string | string[] }. */
export type Principal =
  '*' | Readonly<{ Service?: string | readonly string[]; AWS?: string | readonly string[]; Federated?: string | readonly string[] }>;

export interface PolicyStatement {
  /** @default - no Sid. */
  readonly sid?: string;
  /** @default 'Allow' */
  readonly effect?: Effect;
  /** IAM actions such as 's3:GetObject'. Wildcards are allowed but flagged by the checks. */
  readonly actions: readonly string[];
  /** Resource ARNs. Required for identity policies. */
  readonly resources?: readonly string[];
  /** @default - no conditions. */
  readonly conditions?: Conditions;
  /** Only for trust (resource) policies. */
  readonly principals?: Principal;
}

/** Renders typed statements into an IAM policy document object (Version 2012-10-17). */
export function toPolicyDocument(statements: readonly PolicyStatement[]): { Version: '2012-10-17'; Statement: Record<string, unknown>[] } {
  return {
    Version: '2012-10-17',
    Statement: statements.map((s) => {
      const out: Record<string, unknown> = {};
      if (s.sid) out.Sid = s.sid;
      out.Effect = s.effect ?? 'Allow';
      if (s.principals) out.Principal = s.principals;
      out.Action = s.actions.length === 1 ? s.actions[0] : [...s.actions];
      if (s.resources) out.Resource = s.resources.length === 1 ? s.resources[0] : [...s.resources];
      if (s.conditions && Object.keys(s.conditions).length) out.Condition = s.conditions;
      return out;
    }),
  };
}
