/**
 * Policies for the property tests, as a model (what a policy means) and its renderings (how it is spelt).
 *
 * A model is a set of statements in one canonical form: lists without duplicates (actions and condition keys
 * unique regardless of case), principals by type, account principals as bare ids. `render` spells a model
 * in any of the ways IAM accepts and returns that keep its meaning: key and list order, a string or a
 * one-element array, one statement object or an array, the default Version written or left out, action and
 * condition-key case, an account id or its root ARN, `"*"` or `{"AWS": "*"}`, scalars as JSON numbers and
 * booleans, duplicates, whitespace, and IAM's URL encoding (`encodeLive`). The changes (policy-changes.ts)
 * edit the model, so a change of meaning stays one whatever the spelling.
 */
import fc from 'fast-check';

export type Effect = 'Allow' | 'Deny';

export interface StatementModel {
  readonly sid?: string;
  readonly effect: Effect;
  readonly actionField: 'Action' | 'NotAction';
  readonly actions: readonly string[];
  /** Identity policies only (trust policies have no resource). */
  readonly resourceField?: 'Resource' | 'NotResource';
  readonly resources?: readonly string[];
  /** Trust policies only: type → values; AWS account principals as bare 12-digit ids, or "*". */
  readonly principal?: Readonly<Record<string, readonly string[]>>;
  /** Operator → key → values (operators and keys unique regardless of case). */
  readonly condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface PolicyModel {
  readonly version: '2012-10-17' | '2008-10-17';
  readonly statements: readonly StatementModel[];
}

export type Gen = fc.GeneratorValue;

/** Services the base policies use; the "add an action" change takes its actions from elsewhere (NEW_ACTIONS). */
const ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:List*',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:*',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'sqs:SendMessage',
  'sqs:ReceiveMessage',
  'kms:Decrypt',
  'sns:Publish',
];
/** Actions no base policy holds or matches, so adding one always grants (or excludes) something new. */
export const NEW_ACTIONS = ['ec2:RunInstances', 'iam:PassRole', 'secretsmanager:GetSecretValue', 'ssm:GetParameter', 'kinesis:PutRecord'];

const RESOURCES = [
  'arn:aws:s3:::orders-bucket/*',
  'arn:aws:s3:::orders-bucket/in coming/+plus/*',
  'arn:aws:dynamodb:us-east-1:000000000000:table/orders',
  'arn:aws:dynamodb:us-east-1:000000000000:table/orders/index/*',
  'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/api:*',
  'arn:aws:sqs:us-east-1:000000000000:jobs',
  'arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  'arn:aws:sns:us-east-1:000000000000:topic-é日本',
];

/** Condition keys, their operators and values (some with spaces, '+', '%', quotes and non-ASCII, for the URL encoding). */
const CONDITIONS: readonly { op: string; key: string; values: readonly string[] }[] = [
  { op: 'StringEquals', key: 'aws:SourceAccount', values: ['000000000000', '111111111111'] },
  { op: 'ArnLike', key: 'aws:SourceArn', values: ['arn:aws:events:us-east-1:000000000000:rule/*', 'arn:aws:s3:::bucket'] },
  { op: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-abc123def4'] },
  { op: 'Bool', key: 'aws:SecureTransport', values: ['true', 'false'] },
  { op: 'StringLike', key: 's3:prefix', values: ['home/a b+c/', 'reports/%2025/', 'quote"d', 'naïve/*'] },
  { op: 'NumericLessThan', key: 's3:max-keys', values: ['10', '100'] },
  { op: 'IpAddress', key: 'aws:SourceIp', values: ['203.0.113.0/24', '198.51.100.7/32'] },
  { op: 'StringEquals', key: 'sts:ExternalId', values: ['ext-1', 'ext 2'] },
];

const TRUST_ACTIONS = ['sts:AssumeRole', 'sts:TagSession', 'sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity'];
export const BASE_ACCOUNTS = ['000000000000', '111111111111', '123456789012'];
/** Accounts no base trust policy names: "add an account" takes one of these. */
export const NEW_ACCOUNTS = ['222233334444', '999999999999', '555566667777'];
const PRINCIPALS: Readonly<Record<string, readonly string[]>> = {
  Service: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com', 'states.amazonaws.com'],
  AWS: [...BASE_ACCOUNTS, 'arn:aws:iam::123456789012:role/deployer', 'arn:aws:iam::000000000000:user/ci'],
  Federated: ['arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com', 'cognito-identity.amazonaws.com'],
};
/** Principals no base trust policy names: "add a principal" takes one of these. */
export const NEW_PRINCIPALS: readonly [string, string][] = [
  ['Service', 'ec2.amazonaws.com'],
  ['Service', 'apigateway.amazonaws.com'],
  ['AWS', 'arn:aws:iam::000000000000:role/intruder'],
  ['Federated', 'arn:aws:iam::000000000000:saml-provider/corp'],
];

const subset = <T>(xs: readonly T[], min = 1, max = 3) => fc.uniqueArray(fc.constantFrom(...xs), { minLength: min, maxLength: max });

const conditionArb = fc
  .uniqueArray(fc.constantFrom(...CONDITIONS), { minLength: 1, maxLength: 3, selector: (c) => c.key.toLowerCase() })
  .chain((picked) =>
    fc.tuple(...picked.map((c) => subset(c.values, 1, c.values.length).map((values) => ({ ...c, values })))).map((list) => {
      const out: Record<string, Record<string, string[]>> = {};
      for (const c of list) (out[c.op] ??= {})[c.key] = [...c.values];
      return out;
    }),
  );

const identityStatementArb: fc.Arbitrary<StatementModel> = fc.record(
  {
    effect: fc.constantFrom<Effect>('Allow', 'Deny'),
    actionField: fc.constantFrom<'Action' | 'NotAction'>('Action', 'Action', 'NotAction'),
    actions: subset(ACTIONS, 1, 4),
    resourceField: fc.constantFrom<'Resource' | 'NotResource'>('Resource', 'Resource', 'NotResource'),
    resources: fc.oneof({ weight: 9, arbitrary: subset(RESOURCES, 1, 3) }, { weight: 1, arbitrary: fc.constant(['*']) }),
    condition: conditionArb,
  },
  { requiredKeys: ['effect', 'actionField', 'actions', 'resourceField', 'resources'] },
);

const principalArb = fc
  .uniqueArray(fc.constantFrom(...Object.keys(PRINCIPALS)), { minLength: 1, maxLength: 3 })
  .chain((types) =>
    fc.tuple(...types.map((t) => subset(PRINCIPALS[t], 1, 3).map((values) => [t, values] as const))).map((e) => Object.fromEntries(e)),
  );
const trustStatementArb: fc.Arbitrary<StatementModel> = fc.record(
  {
    effect: fc.constantFrom<Effect>('Allow', 'Allow', 'Deny'),
    actionField: fc.constant<'Action'>('Action'),
    actions: subset(TRUST_ACTIONS, 1, 2),
    principal: fc.oneof({ weight: 12, arbitrary: principalArb }, { weight: 1, arbitrary: fc.constant({ AWS: ['*'] }) }),
    condition: conditionArb,
  },
  { requiredKeys: ['effect', 'actionField', 'actions', 'principal'] },
);

/** Sids are unique in a document (IAM requires it); about half the statements have one. */
const withSids = (statements: StatementModel[], sids: boolean[]): StatementModel[] =>
  statements.map((s, i) => (sids[i] ? { ...s, sid: `S${i}x` } : s));

function policyArb(statement: fc.Arbitrary<StatementModel>): fc.Arbitrary<PolicyModel> {
  return fc
    .record({
      version: fc.constantFrom<PolicyModel['version']>('2012-10-17', '2012-10-17', '2008-10-17'),
      statements: fc.array(statement, { minLength: 1, maxLength: 4 }),
      sids: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    })
    .map(({ version, statements, sids }) => ({ version, statements: withSids(statements, sids) }));
}

export const identityPolicyArb = policyArb(identityStatementArb);
export const trustPolicyArb = policyArb(trustStatementArb);

// ---------------------------------------------------------------------------------------------------------
// Rendering: the same meaning, spelt one of the many ways IAM accepts.

/** One of `xs`, chosen by the case's generator (so it shrinks with the case). */
export function pick<T>(g: Gen, xs: readonly T[]): T {
  return xs[g(fc.integer, { min: 0, max: xs.length - 1 })];
}

function shuffle<T>(g: Gen, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = g(fc.integer, { min: 0, max: i });
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** An object with its keys in a random order. */
function shuffledObject(g: Gen, entries: [string, unknown][]): Record<string, unknown> {
  return Object.fromEntries(shuffle(g, entries));
}

/** A list as IAM accepts it: reordered, maybe with a duplicate, a lone item as a string or an array of one. */
function list(g: Gen, xs: readonly unknown[], duplicate?: (x: unknown) => unknown): unknown {
  let out: unknown[] = shuffle(g, xs);
  if (duplicate && g(fc.integer, { min: 0, max: 4 }) === 0) out = shuffle(g, [...out, duplicate(out[0])]);
  return out.length === 1 && g(fc.boolean) ? out[0] : out;
}

const randomCase = (g: Gen, s: string): string =>
  [...s].map((c) => (g(fc.integer, { min: 0, max: 2 }) === 0 ? c.toUpperCase() : g(fc.boolean) ? c.toLowerCase() : c)).join('');

/** "true" and "10" may be written as JSON true and 10: IAM compares condition values as text. */
const scalar = (g: Gen, v: string): unknown =>
  (v === 'true' || v === 'false') && g(fc.boolean) ? v === 'true' : /^\d{1,6}$/.test(v) && g(fc.boolean) ? Number(v) : v;

function renderPrincipal(g: Gen, p: Readonly<Record<string, readonly string[]>>): unknown {
  if (Object.keys(p).length === 1 && p.AWS?.length === 1 && p.AWS[0] === '*' && g(fc.boolean)) return '*';
  const spell = (type: string, v: string) => (type === 'AWS' && /^\d{12}$/.test(v) && g(fc.boolean) ? `arn:aws:iam::${v}:root` : v);
  return shuffledObject(
    g,
    Object.entries(p).map(([type, values]) => [
      type,
      list(
        g,
        values.map((v) => spell(type, v)),
        (v) => v,
      ),
    ]),
  );
}

function renderCondition(g: Gen, c: NonNullable<StatementModel['condition']>): unknown {
  return shuffledObject(
    g,
    Object.entries(c).map(([op, keys]) => [
      op,
      shuffledObject(
        g,
        Object.entries(keys).map(([key, values]) => [
          randomCase(g, key),
          list(
            g,
            values.map((v) => scalar(g, v)),
          ),
        ]),
      ),
    ]),
  );
}

function renderStatement(g: Gen, s: StatementModel): Record<string, unknown> {
  const entries: [string, unknown][] = [
    ['Effect', s.effect],
    [
      s.actionField,
      list(
        g,
        s.actions.map((a) => randomCase(g, a)),
        (a) => randomCase(g, String(a)),
      ),
    ],
  ];
  if (s.sid) entries.push(['Sid', s.sid]);
  if (s.resourceField && s.resources) entries.push([s.resourceField, list(g, s.resources, (r) => r)]);
  if (s.principal) entries.push(['Principal', renderPrincipal(g, s.principal)]);
  if (s.condition) entries.push(['Condition', renderCondition(g, s.condition)]);
  return shuffledObject(g, entries);
}

/** One spelling of the model as a JSON value. */
export function render(g: Gen, m: PolicyModel): Record<string, unknown> {
  const statements = shuffle(g, m.statements).map((s) => renderStatement(g, s));
  const entries: [string, unknown][] = [['Statement', statements.length === 1 && g(fc.boolean) ? statements[0] : statements]];
  // AWS applies 2008-10-17 to a document that names no Version.
  if (m.version !== '2008-10-17' || g(fc.boolean)) entries.push(['Version', m.version]);
  return shuffledObject(g, entries);
}

/** As IAM returns a document: JSON (any whitespace), URL-encoded the way IAM or a form encoder does it. */
export function encodeLive(g: Gen, doc: unknown): string {
  const json = JSON.stringify(doc, null, pick<string | number>(g, [0, 1, 2, '\t']));
  switch (pick(g, ['uri', 'form', 'lowerhex'])) {
    case 'uri':
      return encodeURIComponent(json);
    case 'form':
      // application/x-www-form-urlencoded: a space is '+', which Go's url.QueryUnescape (the provider) reads back.
      return new URLSearchParams({ d: json }).toString().slice(2);
    default:
      return encodeURIComponent(json).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
  }
}
