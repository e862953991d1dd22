/**
 * Remediation text: says whether `terraform apply` reverts the change, and when it does not, gives the
 * command that undoes it and the way to adopt it (definition change, or an import block with the
 * provider's import id: role-name/policy-arn, role:policy, function[:qualifier]/statement-id).
 */
import { execFileSync } from 'node:child_process';
import { remediationFor, type RemediationInput } from '../../../drift/compare/remediation';
import { terraformEnv } from '../../../shared/terraform/env';
import { FINDING_CODES } from '../../../drift/model';

const ROWS: [string, RemediationInput, RegExp[]][] = [
  [
    'console attachment, not exclusive',
    {
      code: 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM',
      roleName: 'r',
      policyArn: 'arn:p',
      functionsUsingRole: ['api'],
      address: 'aws_iam_role.r',
    },
    [
      /will NOT detach arn:p/,
      /aws iam detach-role-policy --role-name 'r' --policy-arn 'arn:p'/,
      /add 'arn:p' to managedPolicies of function "api"/,
      /\n\nimport \{\n {2}to = aws_iam_role_policy_attachment\.<name>\n {2}id = "r\/arn:p"\n\}$/,
      /exclusiveAttachments: true/,
    ],
  ],
  [
    'console attachment, exclusive',
    {
      code: 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM',
      roleName: 'r',
      policyArn: 'arn:p',
      exclusiveAttachments: true,
      address: 'aws_iam_role.r',
    },
    [/^terraform apply will detach arn:p/],
  ],
  [
    'console inline policy, not exclusive',
    { code: 'INLINE_POLICY_ADDED', roleName: 'r', inlinePolicyName: 'p' },
    [
      /will NOT delete inline policy "p"/,
      /aws iam delete-role-policy --role-name 'r' --policy-name 'p'/,
      /\n\nimport \{\n {2}to = aws_iam_role_policy\.<name>\n {2}id = "r:p"\n\}$/,
    ],
  ],
  [
    'console inline policy, exclusive',
    { code: 'INLINE_POLICY_ADDED', roleName: 'r', inlinePolicyName: 'p', exclusiveInlinePolicies: true },
    [/^terraform apply will delete inline policy "p"/],
  ],
  [
    'console invoke permission on a qualifier',
    { code: 'INVOKE_PERMISSION_ADDED', functionName: 'f', statementId: 's', qualifier: 'live', region: 'eu-west-1' },
    [
      /will NOT remove statement "s"/,
      /aws lambda remove-permission --function-name 'f' --statement-id 's' --qualifier 'live' --region eu-west-1/,
      /id = "f:live\/s"/,
    ],
  ],
  [
    'function role changed on a function owned elsewhere',
    { code: 'FUNCTION_ROLE_CHANGED', functionName: 'f', expectedRoleArn: 'arn:role', region: 'eu-west-1' },
    [/will NOT change it/, /aws lambda update-function-configuration --function-name 'f' --role 'arn:role' --region eu-west-1/],
  ],
  [
    'function role changed on an owned function',
    { code: 'FUNCTION_ROLE_CHANGED', functionName: 'f', expectedRoleArn: 'arn:role', address: 'aws_lambda_function.f' },
    [/^terraform apply will set the function's role back to arn:role \(aws_lambda_function\.f\)/],
  ],
  ['role recreated', { code: 'ROLE_RECREATED', address: 'aws_iam_role.r' }, [/will NOT notice/, /-replace='aws_iam_role\.r'/]],
  [
    'trust changed',
    { code: 'TRUST_POLICY_CHANGED', address: 'aws_iam_role.r' },
    [/^terraform apply will restore the declared trust policy \(aws_iam_role\.r\)/],
  ],
  ['shell quoting of odd names', { code: 'INLINE_POLICY_ADDED', roleName: "it's", inlinePolicyName: 'p' }, [/--role-name 'it'\\''s'/]],
];

describe('remediationFor', () => {
  it.each(ROWS)('%s', (_name, input, patterns) => {
    const text = remediationFor(input);
    for (const p of patterns) expect(text).toMatch(p);
  });

  it.each([
    ['MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', 'aws_iam_role_policy_attachment'],
    ['INLINE_POLICY_ADDED', 'aws_iam_role_policy'],
    ['INVOKE_PERMISSION_ADDED', 'aws_lambda_permission'],
  ] as const)('%s: the import block is valid HCL (terraform fmt parses it)', (code, type) => {
    const text = remediationFor({
      code,
      roleName: 'r',
      policyArn: 'arn:aws:iam::aws:policy/X',
      inlinePolicyName: 'p',
      functionName: 'f',
      statementId: 's',
      qualifier: 'live',
    });
    const block = text.slice(text.indexOf('\n\nimport {') + 2).replace('<name>', 'adopted');
    expect(block).toMatch(new RegExp(`^import \\{\\n  to = ${type}\\.adopted\\n  id = "[^"]+"\\n\\}$`));
    // HCL allows one argument in a single-line block: `import { to = … id = … }` fails right here.
    expect(() =>
      execFileSync('terraform', ['fmt', '-no-color', '-'], { input: `${block}\n`, env: terraformEnv(process.env), stdio: 'pipe' }),
    ).not.toThrow();
  });

  it.each(FINDING_CODES.map((c) => [c]))('%s says what terraform apply does', (code) => {
    expect(
      remediationFor({
        code,
        roleName: 'r',
        policyArn: 'arn:p',
        inlinePolicyName: 'p',
        functionName: 'f',
        statementId: 's',
        address: 'a.b',
      }),
    ).toMatch(/terraform apply (will|cannot)/);
  });
});
