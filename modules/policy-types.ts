/**
 * Typed IAM policy statements, shared by the constructs (which render them to JSON) and the synth-time
 * checks (which inspect them before rendering). Values may be cdktf tokens (strings like "${TfToken[…]}");
 * checks must skip unresolved tokens rather than judge them.
 */
import type { Problem } from './validation';

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
  /**
   * IAM actions such as 's3:GetObject'. Wildcards are allowed but flagged by the checks.
   * Exactly one of `actions` and `notActions` is required.
   * @default - none: `notActions` is given instead
   */
  readonly actions?: readonly string[];
  /**
   * NotAction: every action except these. With Allow it grants everything AWS adds later, so the checks
   * flag it (LR-IAM-ALLOW-WITH-NOT) unless suppressed with a reason.
   * @default - none
   */
  readonly notActions?: readonly string[];
  /** Resource ARNs. Required for identity policies (this or `notResources`). @default - none */
  readonly resources?: readonly string[];
  /** NotResource: every resource except these; flagged with Allow like `notActions`. @default - none */
  readonly notResources?: readonly string[];
  /** @default - no conditions. */
  readonly conditions?: Conditions;
  /** Only for trust (resource) policies. @default - none */
  readonly principals?: Principal;
  /** NotPrincipal, only for trust (resource) policies; AWS advises it only with Deny. @default - none */
  readonly notPrincipals?: Principal;
}

/** Where a statement is used decides which elements it may have. */
export type StatementUse = 'identity' | 'trust';

/**
 * The element rules IAM enforces (and answers with MalformedPolicyDocument at apply time): exactly one of
 * Action/NotAction; identity policies need Resource or NotResource and take no Principal; trust policies
 * need Principal or NotPrincipal. Returns the first broken rule with the field it is about.
 */
export function checkStatementShape(s: PolicyStatement, use: StatementUse): (Problem & { readonly field: string }) | undefined {
  const has = (v: readonly unknown[] | undefined) => v !== undefined;
  if (has(s.actions) === has(s.notActions))
    return {
      field: has(s.actions) ? 'notActions' : 'actions',
      rule: 'must be given, or notActions instead, but not both: a statement has exactly one of Action and NotAction',
      fix: has(s.actions) ? 'remove notActions or actions' : 'add actions (the IAM actions the statement allows or denies)',
    };
  for (const [field, list] of [
    ['actions', s.actions],
    ['notActions', s.notActions],
    ['resources', s.resources],
    ['notResources', s.notResources],
  ] as const) {
    if (list !== undefined && list.length === 0)
      return { field, rule: 'is an empty list, which IAM rejects', fix: `list at least one value or leave ${field} out` };
  }
  if (has(s.resources) && has(s.notResources))
    return { field: 'notResources', rule: 'is set together with resources', fix: 'keep one of resources and notResources' };
  if (s.principals !== undefined && s.notPrincipals !== undefined)
    return { field: 'notPrincipals', rule: 'is set together with principals', fix: 'keep one of principals and notPrincipals' };
  if (use === 'identity') {
    if (s.principals !== undefined || s.notPrincipals !== undefined)
      return {
        field: s.principals !== undefined ? 'principals' : 'notPrincipals',
        rule: 'is set, but an identity policy (attached to the role) names no principal: IAM rejects it',
        fix: 'remove it; who may assume the role belongs in role.trust, who may invoke the function in invokers',
      };
    if (!has(s.resources) && !has(s.notResources))
      return {
        field: 'resources',
        rule: 'is missing: an identity policy statement needs Resource',
        fix: 'list the ARNs the actions apply to',
      };
  } else if (s.principals === undefined && s.notPrincipals === undefined) {
    return { field: 'principals', rule: 'is missing: a trust policy statement needs a Principal', fix: 'name who may assume the role' };
  }
  return undefined;
}

const one = (list: readonly string[]): string | string[] => (list.length === 1 ? list[0] : [...list]);

/** Renders typed statements into an IAM policy document object (Version 2012-10-17). */
export function toPolicyDocument(statements: readonly PolicyStatement[]): { Version: '2012-10-17'; Statement: Record<string, unknown>[] } {
  return {
    Version: '2012-10-17',
    Statement: statements.map((s) => {
      const out: Record<string, unknown> = {};
      if (s.sid) out.Sid = s.sid;
      out.Effect = s.effect ?? 'Allow';
      if (s.principals) out.Principal = s.principals;
      if (s.notPrincipals) out.NotPrincipal = s.notPrincipals;
      if (s.actions) out.Action = one(s.actions);
      if (s.notActions) out.NotAction = one(s.notActions);
      if (s.resources) out.Resource = one(s.resources);
      if (s.notResources) out.NotResource = one(s.notResources);
      if (s.conditions && Object.keys(s.conditions).length) out.Condition = s.conditions;
      return out;
    }),
  };
}
