/**
 * Severity: a table of (finding facts → severity, reason). critical = privilege escalation, high = other
 * added power, medium = removals and narrowing/unclear changes, low = metadata.
 */
import { rateFinding, type SeverityInput } from '../../../drift/severity/severity';
import { normalizePolicyDocument } from '../../../drift/normalize/policy-document';
import type { Severity } from '../../../drift/model';

const policy = (...statements: Record<string, unknown>[]) =>
  normalizePolicyDocument({ Version: '2012-10-17', Statement: statements }, 'test');
const allow = (Action: unknown, Resource: unknown = '*', extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const trust = (...principals: Record<string, unknown>[]) =>
  policy(...principals.map((Principal) => ({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole' })));
const LAMBDA_TRUST = trust({ Service: 'lambda.amazonaws.com' });
const FN_ACCOUNT = '000000000000';

const ROWS: [string, SeverityInput, Severity, RegExp][] = [
  // managed attachments
  [
    'AdministratorAccess attached',
    { code: 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    'critical',
    /AdministratorAccess is admin-like/,
  ],
  [
    'PowerUserAccess attached',
    { code: 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', policyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
    'critical',
    /admin-like/,
  ],
  [
    'AdministratorAccess in GovCloud',
    { code: 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', policyArn: 'arn:aws-us-gov:iam::aws:policy/AdministratorAccess' },
    'critical',
    /admin-like/,
  ],
  [
    'IAMFullAccess attached',
    { code: 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', policyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' },
    'critical',
    /admin-like/,
  ],
  [
    'an AWS policy with writes (looked up in the bundled snapshot)',
    { code: 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', policyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' },
    'high',
    /AmazonS3FullAccess, attached outside Terraform, grants write actions \(.*s3:\*/,
  ],
  [
    'a read-only AWS policy',
    { code: 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', policyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' },
    'medium',
    /read-only/,
  ],
  [
    'a customer policy with iam:PassRole on *',
    {
      code: 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM',
      policyArn: 'arn:aws:iam::000000000000:policy/p',
      document: policy(allow('iam:PassRole')),
    },
    'critical',
    /iam:PassRole on \* \(privilege escalation\)/,
  ],
  [
    'a customer policy whose document is unknown',
    { code: 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM', policyArn: 'arn:aws:iam::000000000000:policy/unknown' },
    'high',
    /document is unknown here/,
  ],
  // inline policies
  ['inline Action * on *', { code: 'INLINE_POLICY_ADDED', document: policy(allow('*')) }, 'critical', /allows \* on \*/],
  ['inline *:* on *', { code: 'INLINE_POLICY_ADDED', document: policy(allow('*:*')) }, 'critical', /allows \*:\* on \*/],
  [
    'inline iam:* on *',
    { code: 'INLINE_POLICY_ADDED', document: policy(allow(['s3:GetObject', 'IAM:*'])) },
    'critical',
    /allows IAM:\* on \*/,
  ],
  [
    'inline iam:Pass* on *',
    { code: 'INLINE_POLICY_ADDED', document: policy(allow('iam:Pass*')) },
    'critical',
    /iam:Pass\* \(includes iam:PassRole\)/,
  ],
  [
    'inline NotAction on *',
    { code: 'INLINE_POLICY_ADDED', document: policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) },
    'critical',
    /every action except iam:\*/,
  ],
  [
    'inline iam:PassRole on one role only',
    { code: 'INLINE_POLICY_ADDED', document: policy(allow('iam:PassRole', 'arn:aws:iam::000000000000:role/x')) },
    'high',
    /write actions/,
  ],
  [
    'inline writes',
    { code: 'INLINE_POLICY_ADDED', document: policy(allow(['s3:PutObject', 's3:GetObject'], 'arn:aws:s3:::b/*')) },
    'high',
    /write actions \(s3:PutObject\)/,
  ],
  [
    'inline reads only',
    { code: 'INLINE_POLICY_ADDED', document: policy(allow(['s3:Get*', 's3:ListBucket'], 'arn:aws:s3:::b')) },
    'medium',
    /read-only/,
  ],
  [
    'a Deny-only inline policy',
    { code: 'INLINE_POLICY_ADDED', document: policy({ Effect: 'Deny', Action: '*', Resource: '*' }) },
    'medium',
    /read-only/,
  ],
  // changed documents
  [
    'changed to admin',
    { code: 'INLINE_POLICY_CHANGED', expected: policy(allow('s3:GetObject')), actual: policy(allow('*')) },
    'critical',
    /now allows \* on \*/,
  ],
  [
    'changed to add an action',
    {
      code: 'INLINE_POLICY_CHANGED',
      expected: policy(allow('s3:GetObject', 'arn:aws:s3:::b/*')),
      actual: policy(allow(['s3:GetObject', 's3:DeleteObject'], 'arn:aws:s3:::b/*')),
    },
    'high',
    /adds s3:DeleteObject/,
  ],
  [
    'changed to a wider resource',
    {
      code: 'CUSTOMER_POLICY_CHANGED',
      expected: policy(allow('s3:GetObject', 'arn:aws:s3:::b/*')),
      actual: policy(allow('s3:GetObject', 'arn:aws:s3:::*')),
    },
    'high',
    /extends to arn:aws:s3:::\*/,
  ],
  [
    'changed to drop a Deny',
    {
      code: 'INLINE_POLICY_CHANGED',
      expected: policy(allow('s3:*', 'arn:aws:s3:::b/*'), { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }),
      actual: policy(allow('s3:*', 'arn:aws:s3:::b/*')),
    },
    'high',
    /no longer denies s3:DeleteObject/,
  ],
  [
    'changed to drop a condition',
    {
      code: 'INLINE_POLICY_CHANGED',
      expected: policy(allow('s3:GetObject', 'arn:aws:s3:::b/*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })),
      actual: policy(allow('s3:GetObject', 'arn:aws:s3:::b/*')),
    },
    'high',
    /drops conditions/,
  ],
  [
    'changed to remove an action',
    {
      code: 'INLINE_POLICY_CHANGED',
      expected: policy(allow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::b/*')),
      actual: policy(allow('s3:GetObject', 'arn:aws:s3:::b/*')),
    },
    'medium',
    /grants less than declared/,
  ],
  [
    'changed condition values only',
    {
      code: 'CUSTOMER_POLICY_CHANGED',
      expected: policy(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:x': 'a' } } })),
      actual: policy(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:x': 'b' } } })),
    },
    'medium',
    /changes conditions/,
  ],
  // trust
  [
    'trust opened to another account',
    { code: 'TRUST_POLICY_CHANGED', expected: LAMBDA_TRUST, actual: trust({ Service: 'lambda.amazonaws.com' }, { AWS: '999999999999' }) },
    'critical',
    /AWS:arn:aws:iam::999999999999:root \(account 999999999999\) assume the role/,
  ],
  [
    'trust given to a new service',
    { code: 'TRUST_POLICY_CHANGED', expected: LAMBDA_TRUST, actual: trust({ Service: 'ec2.amazonaws.com' }) },
    'critical',
    /Service:ec2\.amazonaws\.com/,
  ],
  [
    'trust lost its ExternalId condition',
    {
      code: 'TRUST_POLICY_CHANGED',
      expected: policy({
        Effect: 'Allow',
        Principal: { AWS: '999999999999' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
      }),
      actual: trust({ AWS: '999999999999' }),
    },
    'high',
    /drops conditions/,
  ],
  [
    'trust narrowed to fewer principals',
    {
      code: 'TRUST_POLICY_CHANGED',
      expected: trust({ Service: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'] }),
      actual: LAMBDA_TRUST,
    },
    'medium',
    /without admitting a new principal/,
  ],
  // invoke permissions
  [
    'invoke open to *',
    {
      code: 'INVOKE_PERMISSION_ADDED',
      permission: { statementId: 's', action: 'lambda:InvokeFunction', principal: '*' },
      functionAccount: FN_ACCOUNT,
    },
    'critical',
    /anyone can invoke/,
  ],
  [
    'public function URL',
    {
      code: 'INVOKE_PERMISSION_ADDED',
      permission: { statementId: 's', action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE' },
      functionAccount: FN_ACCOUNT,
    },
    'critical',
    /public function URL/,
  ],
  [
    'invoke for another account, no conditions',
    {
      code: 'INVOKE_PERMISSION_ADDED',
      permission: { statementId: 's', action: 'lambda:InvokeFunction', principal: 'arn:aws:iam::222222222222:root' },
      functionAccount: FN_ACCOUNT,
    },
    'critical',
    /another account \(222222222222\)/,
  ],
  [
    'invoke for * within an organization',
    {
      code: 'INVOKE_PERMISSION_ADDED',
      permission: { statementId: 's', action: 'lambda:InvokeFunction', principal: '*', principalOrgId: 'o-1' },
      functionAccount: FN_ACCOUNT,
    },
    'high',
    /with conditions/,
  ],
  [
    'invoke for a service with SourceArn',
    {
      code: 'INVOKE_PERMISSION_ADDED',
      permission: {
        statementId: 's',
        action: 'lambda:InvokeFunction',
        principal: 'sns.amazonaws.com',
        sourceArn: 'arn:aws:sns:eu-west-1:000000000000:t',
      },
      functionAccount: FN_ACCOUNT,
    },
    'high',
    /sns\.amazonaws\.com with conditions/,
  ],
  [
    'invoke for the same account, no conditions',
    {
      code: 'INVOKE_PERMISSION_ADDED',
      permission: { statementId: 's', action: 'lambda:InvokeFunction', principal: FN_ACCOUNT },
      functionAccount: FN_ACCOUNT,
    },
    'high',
    /without source conditions/,
  ],
  [
    'invoke changed to *',
    {
      code: 'INVOKE_PERMISSION_CHANGED',
      expected: { statementId: 's', action: 'lambda:InvokeFunction', principal: 'sns.amazonaws.com', sourceArn: 'arn:x' },
      actual: { statementId: 's', action: 'lambda:InvokeFunction', principal: '*' },
      functionAccount: FN_ACCOUNT,
    },
    'critical',
    /anyone can invoke/,
  ],
  [
    'invoke lost its SourceArn',
    {
      code: 'INVOKE_PERMISSION_CHANGED',
      expected: { statementId: 's', action: 'lambda:InvokeFunction', principal: 'sns.amazonaws.com', sourceArn: 'arn:x' },
      actual: { statementId: 's', action: 'lambda:InvokeFunction', principal: 'sns.amazonaws.com' },
      functionAccount: FN_ACCOUNT,
    },
    'high',
    /lost its sourceArn condition/,
  ],
  [
    'invoke SourceArn changed',
    {
      code: 'INVOKE_PERMISSION_CHANGED',
      expected: { statementId: 's', action: 'lambda:InvokeFunction', principal: 'sns.amazonaws.com', sourceArn: 'arn:x' },
      actual: { statementId: 's', action: 'lambda:InvokeFunction', principal: 'sns.amazonaws.com', sourceArn: 'arn:y' },
      functionAccount: FN_ACCOUNT,
    },
    'medium',
    /without widening/,
  ],
  [
    'invoke SourceArn widened to a pattern',
    {
      code: 'INVOKE_PERMISSION_CHANGED',
      expected: {
        statementId: 's',
        action: 'lambda:InvokeFunction',
        principal: 'events.amazonaws.com',
        sourceArn: 'arn:aws:events:eu-west-1:000000000000:rule/nightly',
      },
      actual: {
        statementId: 's',
        action: 'lambda:InvokeFunction',
        principal: 'events.amazonaws.com',
        sourceArn: 'arn:aws:events:eu-west-1:000000000000:rule/*',
      },
      functionAccount: FN_ACCOUNT,
    },
    'high',
    /widened to the pattern .*rule\/\*/,
  ],
  // by code
  ['boundary removed', { code: 'PERMISSIONS_BOUNDARY_REMOVED' }, 'critical', /no longer capped/],
  ['boundary changed', { code: 'PERMISSIONS_BOUNDARY_CHANGED' }, 'high', /cap/],
  ['role recreated', { code: 'ROLE_RECREATED' }, 'high', /recreated/],
  ['function role changed', { code: 'FUNCTION_ROLE_CHANGED' }, 'high', /different role/],
  ['managed policy detached', { code: 'MANAGED_POLICY_DETACHED' }, 'medium', /lost permissions/],
  ['inline policy removed', { code: 'INLINE_POLICY_REMOVED' }, 'medium', /lost permissions/],
  ['invoke permission removed', { code: 'INVOKE_PERMISSION_REMOVED' }, 'medium', /lost access/],
  ['role deleted', { code: 'ROLE_DELETED' }, 'medium', /gone/],
  ['function deleted', { code: 'FUNCTION_DELETED' }, 'medium', /gone/],
  ['customer policy deleted', { code: 'CUSTOMER_POLICY_DELETED' }, 'medium', /deleted/],
  ['description changed', { code: 'DESCRIPTION_CHANGED' }, 'low', /metadata/],
  ['tags changed', { code: 'TAGS_CHANGED' }, 'low', /metadata/],
  ['max session duration changed', { code: 'MAX_SESSION_DURATION_CHANGED' }, 'low', /metadata/],
];

describe('rateFinding', () => {
  it.each(ROWS)('%s', (_name, input, severity, reason) => {
    const rated = rateFinding(input);
    expect(rated.severity).toBe(severity);
    expect(rated.reason).toMatch(reason);
  });
});
