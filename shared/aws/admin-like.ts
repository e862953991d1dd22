/**
 * What makes a policy admin-like, the one home for it: the generator's admin-policy check, the drift
 * severity and the list of admin-like AWS managed policies (derived from their documents) all ask here.
 *
 * Admin-like = an Allow on every resource of any action (`*`), of every action but a few (NotAction), of
 * all of IAM (`iam:*`), or, without conditions, of an action that lets the holder grant itself more
 * (attach or write a policy, pass any role, …). A condition such as iam:PassedToService narrows an
 * escalation action to one service, so conditioned escalation grants are left to the ordinary write rating.
 */
import { actionMatchesPattern } from '@cloud-copilot/iam-expand';

/** The parts of a policy statement the judgement reads, in a form every caller can build. */
export interface GrantStatement {
  /** 'Allow' or 'Deny' (any case). */
  readonly effect: string;
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  /** The statement has at least one condition key. @default false */
  readonly conditioned?: boolean;
}

/** IAM actions that let the holder grant itself more power when allowed on every resource. */
export const ESCALATION_ACTIONS: readonly string[] = [
  'iam:PassRole',
  'iam:AttachRolePolicy',
  'iam:PutRolePolicy',
  'iam:CreatePolicyVersion',
  'iam:UpdateAssumeRolePolicy',
  'iam:AttachUserPolicy',
  'iam:PutUserPolicy',
  'iam:CreateAccessKey',
  'iam:CreateRole',
];

/** Service prefixes, action names and the wildcards `*` and `?`: the only characters an action pattern matches with. */
const ACTION_PATTERN = /^[A-Za-z0-9_:*?-]*$/;

/**
 * IAM's wildcard matching for action names (`iam:Pass*` matches iam:PassRole; `*` any run, `?` one
 * character; case-insensitive), by @cloud-copilot/iam-expand. That library builds its regular expression
 * without escaping, so a pattern with any other character (`s3:Get.*`, `iam:Pass(`) is taken literally
 * here, as IAM does: it matches nothing.
 */
export function actionMatches(pattern: string, action: string): boolean {
  return ACTION_PATTERN.test(pattern) && actionMatchesPattern(action, pattern);
}

function onEveryResource(s: GrantStatement): boolean {
  return !!s.resources?.includes('*') || (!!s.notResources && !s.resources);
}

/** A sentence describing the first admin-like grant of the statements, or undefined when there is none. */
export function adminLikeGrant(statements: readonly GrantStatement[]): string | undefined {
  for (const s of statements) {
    if (s.effect.toLowerCase() !== 'allow' || !onEveryResource(s)) continue;
    if (s.notActions) return `allows every action except ${s.notActions.join(', ')} on *`;
    for (const a of s.actions ?? []) {
      const lower = a.toLowerCase();
      if (lower === '*' || lower === '*:*' || lower === 'iam:*') return `allows ${a} on *`;
      if (s.conditioned) continue;
      const escalation = ESCALATION_ACTIONS.find((x) => actionMatches(a, x));
      if (escalation) return `allows ${a === escalation ? a : `${a} (includes ${escalation})`} on * (privilege escalation)`;
    }
  }
  return undefined;
}

/** Reads a raw JSON policy document (as AWS stores it) into statements for `adminLikeGrant`. */
export function grantStatementsOf(document: unknown): GrantStatement[] {
  const doc = (document ?? {}) as { Statement?: unknown };
  const raw = doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const list = (v: unknown): string[] | undefined => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map(String));
  return raw
    .filter((s): s is Record<string, unknown> => !!s && typeof s === 'object')
    .map((s) => ({
      effect: typeof s.Effect === 'string' ? s.Effect : 'Allow',
      actions: list(s.Action),
      notActions: list(s.NotAction),
      resources: list(s.Resource),
      notResources: list(s.NotResource),
      conditioned: !!s.Condition && typeof s.Condition === 'object' && Object.keys(s.Condition).length > 0,
    }));
}
