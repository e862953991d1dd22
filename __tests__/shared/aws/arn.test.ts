/** ARN parsing, one home: every helper is total (a non-ARN is undefined, never a throw). */
import {
  accountOfArn,
  awsManagedPolicyName,
  iamResourceName,
  inCommercialPartition,
  parseArn,
  parseFunctionArn,
  parseRoleArn,
  principalAccount,
} from '../../../shared/aws/arn';

describe('shared/aws/arn', () => {
  it('parses the six parts, and returns undefined for what is not an ARN', () => {
    expect(parseArn('arn:aws:iam::123456789012:role/a/b')).toEqual({
      partition: 'aws',
      service: 'iam',
      region: '',
      accountId: '123456789012',
      resource: 'role/a/b',
    });
    for (const bad of ['', 'arn:aws', 'not-an-arn', null, undefined]) expect(parseArn(bad)).toBeUndefined();
  });

  it.each([
    [
      'arn:aws:lambda:eu-west-1:123456789012:function:orders',
      { partition: 'aws', region: 'eu-west-1', account: '123456789012', name: 'orders' },
    ],
    [
      'arn:aws-cn:lambda:cn-north-1:123456789012:function:orders:live',
      { partition: 'aws-cn', region: 'cn-north-1', account: '123456789012', name: 'orders', qualifier: 'live' },
    ],
    [
      'arn:aws:lambda:eu-west-1:123456789012:function:orders:7',
      { partition: 'aws', region: 'eu-west-1', account: '123456789012', name: 'orders', qualifier: '7' },
    ],
  ])('parseFunctionArn(%s)', (arn, parts) => {
    expect(parseFunctionArn(arn)).toEqual(parts);
  });

  it.each([
    'arn:aws:lambda:eu-west-1:123456789012:layer:x',
    'arn:aws:lambda:eu-west-1:123:function:x',
    'arn:aws:lambda:eu-west-1:123456789012:function:x:1:2',
    'orders',
  ])('parseFunctionArn(%s) is undefined', (arn) => expect(parseFunctionArn(arn)).toBeUndefined());

  it('reads IAM names, AWS managed policies, accounts and principals', () => {
    expect(iamResourceName('arn:aws:iam::123456789012:role/service/api-role')).toBe('api-role');
    expect(awsManagedPolicyName('arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess')).toBe('ViewOnlyAccess');
    expect(awsManagedPolicyName('arn:aws:iam::123456789012:policy/ViewOnlyAccess')).toBeUndefined();
    expect(inCommercialPartition('arn:aws-cn:iam::aws:policy/AdministratorAccess')).toBe('arn:aws:iam::aws:policy/AdministratorAccess');
    expect(accountOfArn('arn:aws:iam::aws:policy/AdministratorAccess')).toBeUndefined();
    expect(accountOfArn('arn:aws:sqs:eu-west-1:123456789012:q')).toBe('123456789012');
    expect(parseRoleArn('arn:aws:iam::123456789012:role/ci/deploy')).toEqual({ partition: 'aws', account: '123456789012', name: 'deploy' });
    expect(parseRoleArn('arn:aws:iam::123456789012:user/deploy')).toBeUndefined();
    expect(principalAccount('123456789012')).toBe('123456789012');
    expect(principalAccount('arn:aws:sts::123456789012:assumed-role/x/y')).toBe('123456789012');
    expect(principalAccount('lambda.amazonaws.com')).toBeUndefined();
  });
});
