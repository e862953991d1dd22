/**
 * Which account a state belongs to is learnt from every ARN that must be in the state's own account
 * (drift/state/inventory-facts.ts), so the wrong-account guard can check states that name their account
 * only in an attachment, a boundary, a permission's function ARN or an exclusive resource.
 */
import { parseTerraformState } from '../../../drift/state/read-state';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const OWN = '222233334444';
const OTHER = '555566667777';
const res = (type: string, attributes: Record<string, unknown>) => ({ mode: 'managed', type, name: 'x', instances: [{ attributes }] });
const accountsOf = (...resources: unknown[]) =>
  parseTerraformState(JSON.stringify({ version: 4, resources }), 's').accountsBySource.s ?? [];

test.each([
  ['a role ARN', [res('aws_iam_role', { name: 'r', arn: `arn:aws:iam::${OWN}:role/r`, assume_role_policy: TRUST })]],
  ['an aws_lambda_function ARN', [res('aws_lambda_function', { function_name: 'f', arn: `arn:aws:lambda:us-east-1:${OWN}:function:f` })]],
  ["a function's execution role", [res('aws_lambda_function', { function_name: 'f', role: `arn:aws:iam::${OWN}:role/exec` })]],
  ['a customer policy ARN', [res('aws_iam_policy', { arn: `arn:aws:iam::${OWN}:policy/p`, name: 'p', policy: '' })]],
  [
    "an aws_iam_role_policy_attachment's customer policy_arn",
    [res('aws_iam_role_policy_attachment', { role: 'r', policy_arn: `arn:aws:iam::${OWN}:policy/p` })],
  ],
  [
    "an aws_iam_policy_attachment's policy_arn",
    [res('aws_iam_policy_attachment', { roles: ['r'], policy_arn: `arn:aws:iam::${OWN}:policy/p` })],
  ],
  [
    'an aws_iam_role_policy_attachments_exclusive policy_arns entry',
    [res('aws_iam_role_policy_attachments_exclusive', { role_name: 'r', policy_arns: [`arn:aws:iam::${OWN}:policy/p`] })],
  ],
  [
    "a role's permissions boundary",
    [res('aws_iam_role', { name: 'r', assume_role_policy: TRUST, permissions_boundary: `arn:aws:iam::${OWN}:policy/boundary` })],
  ],
  [
    "a permission's function_name ARN (qualified)",
    [
      res('aws_lambda_permission', {
        statement_id: 'S',
        function_name: `arn:aws:lambda:eu-west-1:${OWN}:function:f:prod`,
        principal: 's3.amazonaws.com',
      }),
    ],
  ],
])('%s names the account', (_what, resources) => {
  expect(accountsOf(...resources)).toEqual([OWN]);
});

test('AWS managed policies, principals, source accounts and source ARNs name no account of the state', () => {
  expect(
    accountsOf(
      res('aws_iam_role_policy_attachment', { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
      res('aws_lambda_permission', {
        statement_id: 'S',
        function_name: 'f',
        principal: OTHER,
        source_account: OTHER,
        source_arn: `arn:aws:sns:us-east-1:${OTHER}:topic`,
      }),
      res('aws_iam_role', {
        name: 'r2',
        assume_role_policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'sts:AssumeRole' }],
        }),
      }),
    ),
  ).toEqual([]);
});

test("a permission naming its function by ARN records the function's unqualified ARN (read by it)", () => {
  const inv = parseTerraformState(
    JSON.stringify({
      version: 4,
      resources: [
        res('aws_lambda_permission', {
          statement_id: 'S',
          function_name: `arn:aws:lambda:eu-west-1:${OWN}:function:f:prod`,
          principal: 's3.amazonaws.com',
        }),
      ],
    }),
    's',
  );
  expect(inv.functions).toEqual([
    expect.objectContaining({ name: 'f', region: 'eu-west-1', arn: `arn:aws:lambda:eu-west-1:${OWN}:function:f` }),
  ]);
  expect(inv.functions[0].permissions[0].permission.qualifier).toBe('prod');
});
