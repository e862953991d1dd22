/**
 * Why this exists: the state readers take what they need leniently ("" or null is "not set"), so a damaged
 * state with a missing or wrongly typed attribute was read as something else: a role without `name` vanished
 * from the check, a `max_session_duration` of "abc" was never compared, `tags` that are a list became "no
 * tags", a permission without `principal` was compared against "". Each gave findings (or silence) about a
 * declaration nobody made. The provider always writes these attributes with these types, so one that is not is
 * a hand edit or damage: one UserError naming the state, the resource address, the attribute, what it holds
 * and the fix. Policy documents are checked where they are parsed (policy-attribute.ts).
 */
import { UserError } from '../../shared/errors';
import { parseArn } from '../../shared/aws/arn';
import type { StateInstance } from './tfstate';

type Kind = 'string' | 'arn' | 'number' | 'strings' | 'string-map' | 'list' | 'region' | 'boolean';

interface TypeRules {
  /** Attributes the reader needs: each group is satisfied when any one of its attributes is set. */
  readonly required: readonly (readonly string[])[];
  readonly kinds: Readonly<Record<string, Kind>>;
}

/** What the readers take from each resource type (drift/state/roles.ts, functions.ts), with the provider's types. */
const RULES: Readonly<Record<string, TypeRules>> = {
  aws_iam_role: {
    required: [['name']],
    kinds: {
      name: 'string',
      arn: 'arn',
      unique_id: 'string',
      path: 'string',
      description: 'string',
      max_session_duration: 'number',
      permissions_boundary: 'arn',
      tags: 'string-map',
      tags_all: 'string-map',
      managed_policy_arns: 'strings',
      inline_policy: 'list',
    },
  },
  aws_iam_role_policy_attachment: { required: [['role'], ['policy_arn']], kinds: { role: 'string', policy_arn: 'arn' } },
  aws_iam_policy_attachment: { required: [['policy_arn']], kinds: { roles: 'strings', policy_arn: 'arn' } },
  aws_iam_role_policy_attachments_exclusive: { required: [['role_name']], kinds: { role_name: 'string', policy_arns: 'strings' } },
  aws_iam_role_policy: {
    required: [
      ['role', 'id'],
      ['name', 'id'],
    ],
    kinds: { role: 'string', name: 'string', id: 'string' },
  },
  aws_iam_role_policies_exclusive: { required: [['role_name']], kinds: { role_name: 'string', policy_names: 'strings' } },
  aws_iam_policy: { required: [['arn']], kinds: { arn: 'arn', name: 'string' } },
  // region: AWS provider 6.x records it on every Lambda resource, and it decides where the function is read.
  aws_lambda_function: {
    required: [['function_name', 'arn']],
    kinds: { function_name: 'string', arn: 'arn', role: 'arn', region: 'region' },
  },
  aws_lambda_permission: {
    required: [['function_name'], ['principal'], ['statement_id', 'statement_id_prefix', 'id']],
    kinds: {
      function_name: 'string',
      principal: 'string',
      statement_id: 'string',
      statement_id_prefix: 'string',
      action: 'string',
      qualifier: 'string',
      source_arn: 'string',
      source_account: 'string',
      principal_org_id: 'string',
      event_source_token: 'string',
      function_url_auth_type: 'string',
      region: 'region',
      invoked_via_function_url: 'boolean',
    },
  },
  // Read for one fact: a URL with authorization_type NONE makes the provider add a public-access statement.
  aws_lambda_function_url: {
    required: [['function_name'], ['authorization_type']],
    kinds: { function_name: 'string', authorization_type: 'string', qualifier: 'string', region: 'region' },
  },
};

const EXPECTED: Readonly<Record<Kind, string>> = {
  string: 'a string',
  arn: 'an ARN',
  number: 'a number',
  strings: 'a list of strings',
  'string-map': 'a map of strings',
  list: 'a list',
  region: 'an AWS region such as "eu-west-1"',
  boolean: 'true or false',
};

/** "" and null are how state records "not set". */
const isSet = (v: unknown) => v !== undefined && v !== null && v !== '';

const describe = (v: unknown): string =>
  Array.isArray(v)
    ? 'a list'
    : typeof v === 'object'
      ? 'an object'
      : typeof v === 'string'
        ? `the string ${JSON.stringify(v.slice(0, 60))}`
        : `${typeof v} ${JSON.stringify(v)}`;

function fits(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'arn':
      return typeof value === 'string' && parseArn(value) !== undefined;
    case 'number':
      return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)));
    case 'strings':
      return Array.isArray(value) && value.every((x) => typeof x === 'string');
    case 'string-map':
      return typeof value === 'object' && !Array.isArray(value) && Object.values(value as object).every((x) => typeof x === 'string');
    case 'list':
      return Array.isArray(value);
    case 'region':
      return typeof value === 'string' && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(value);
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false';
  }
}

const FIX = 'the state file is damaged or was edited by hand: restore it from a good copy or `terraform state pull` it again';

/** Throws one UserError for the first attribute the readers would misread, naming the state, address and attribute. */
export function checkAttributeTypes(instances: readonly StateInstance[], source: string): void {
  for (const { type, address, attributes } of instances) {
    const rules = RULES[type];
    if (!rules) continue;
    for (const group of rules.required) {
      if (group.some((key) => isSet(attributes[key]))) continue;
      const names = group.map((k) => `"${k}"`).join(' or ');
      throw new UserError(`${source}: ${address}: attribute ${names} is missing; ${type} always records it; ${FIX}`);
    }
    for (const [key, kind] of Object.entries(rules.kinds)) {
      const value = attributes[key];
      if (!isSet(value) || fits(value, kind)) continue;
      throw new UserError(`${source}: ${address}.${key} is ${describe(value)}, expected ${EXPECTED[kind]}; ${FIX}`);
    }
  }
}
