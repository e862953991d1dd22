/**
 * A state whose attributes the readers would misread (missing, or of another type than the provider writes)
 * is one UserError naming the state, the address, the attribute, what it holds and the fix, never a finding.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTerraformState } from '../../../drift/state/read-state';
import { UserError } from '../../../shared/errors';

const STATE = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'plain-hcl.tfstate.json'), 'utf8')) as {
  resources: { type: string; name: string; module?: string; instances: { attributes: Record<string, unknown> }[] }[];
};

/** The fixture with one attribute of the first resource of `type` changed (undefined removes it). */
function withAttribute(type: string, key: string, value: unknown): string {
  const state = structuredClone(STATE);
  const attrs = state.resources.find((r) => r.type === type)!.instances[0].attributes;
  if (value === undefined) delete attrs[key];
  else attrs[key] = value;
  return JSON.stringify(state);
}

const parse = (json: string) => () => parseTerraformState(json, 'S.tfstate');

describe('attribute types in state', () => {
  it('the fixture as the provider wrote it passes', () => {
    expect(parse(JSON.stringify(STATE))).not.toThrow();
  });

  it.each<[string, string, unknown, RegExp]>([
    [
      'aws_iam_role',
      'name',
      undefined,
      /^S\.tfstate: aws_iam_role\.\S+: attribute "name" is missing; aws_iam_role always records it; the state file is damaged/,
    ],
    ['aws_iam_role', 'name', '', /attribute "name" is missing/],
    ['aws_iam_role', 'name', 42, /aws_iam_role\.\S+\.name is number 42, expected a string; .*terraform state pull/],
    ['aws_iam_role', 'max_session_duration', 'abc', /\.max_session_duration is the string "abc", expected a number/],
    ['aws_iam_role', 'tags', ['a', 'b'], /\.tags is a list, expected a map of strings/],
    ['aws_iam_role', 'tags_all', { team: 1 }, /\.tags_all is an object, expected a map of strings/],
    ['aws_iam_role', 'arn', 'not-an-arn', /\.arn is the string "not-an-arn", expected an ARN/],
    [
      'aws_iam_role_policy_attachment',
      'policy_arn',
      'AdministratorAccess',
      /\.policy_arn is the string "AdministratorAccess", expected an ARN/,
    ],
    ['aws_iam_role_policy_attachment', 'role', undefined, /attribute "role" is missing/],
    ['aws_lambda_permission', 'function_name', undefined, /aws_lambda_permission\.\S+: attribute "function_name" is missing/],
    ['aws_lambda_permission', 'principal', null, /attribute "principal" is missing/],
    ['aws_lambda_permission', 'qualifier', 3, /\.qualifier is number 3, expected a string/],
    ['aws_lambda_function', 'role', 'svc-orders', /\.role is the string "svc-orders", expected an ARN/],
    ['aws_iam_policy', 'arn', undefined, /aws_iam_policy\.\S+: attribute "arn" is missing/],
  ])('%s.%s = %j is refused', (type, key, value, message) => {
    const run = parse(withAttribute(type, key, value));
    expect(run).toThrow(UserError);
    expect(run).toThrow(message);
  });

  it('one of several ways to name a thing is enough (a permission by statement_id_prefix, an inline policy by id)', () => {
    const state = structuredClone(STATE);
    const permission = state.resources.find((r) => r.type === 'aws_lambda_permission')!.instances[0].attributes;
    permission.statement_id_prefix = permission.statement_id;
    delete permission.statement_id;
    expect(parse(JSON.stringify(state))).not.toThrow();
  });
});
