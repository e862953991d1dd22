import { invokeLooseSource, looseSourceProblem } from '../../../../modules/checks/rules/invoke-loose-source';
import { findingsOf, invokePermission, TOKEN } from '../subjects';

const API = 'apigateway.amazonaws.com';

describe('LR-LAMBDA-INVOKE-LOOSE-SOURCE: an invoke source ARN must name one account and one resource', () => {
  test.each([
    ['an API with stage and method', 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/orders'],
    ['any stage of one API (partial wildcard)', 'arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/*'],
    ['an API id of letters only, any stage', 'arn:aws:execute-api:us-east-1:123456789012:abcdefghij/*'],
    ['a rule on a custom bus, any rule of it', 'arn:aws:events:us-east-1:123456789012:rule/orders-bus/*'],
    ['rules by prefix', 'arn:aws:events:us-east-1:123456789012:rule/nightly-*'],
    ['a log group', 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/app:*'],
    ['a bucket', 'arn:aws:s3:::uploads'],
    ['an SNS topic', 'arn:aws:sns:eu-west-1:123456789012:alerts'],
  ])('Compliance: %s', (_what, sourceArn) => {
    expect(invokeLooseSource.check(invokePermission({ principal: API, sourceArn })).status).toBe('compliant');
  });

  test('Compliance: sourceAccount pins the account, so a wildcard ranges over that account only', () => {
    for (const sourceArn of ['arn:aws:execute-api:us-east-1:*:*', 'arn:aws:s3:::*', 'arn:aws:sns:us-east-1:123456789012:*']) {
      expect(invokeLooseSource.check(invokePermission({ principal: API, sourceArn, sourceAccount: '123456789012' })).status).toBe(
        'compliant',
      );
    }
  });

  test('Compliance: not applicable without a source (another check), with "*" (another check), or with tokens', () => {
    for (const sourceArn of [undefined, '', '*', TOKEN, 'arn:aws:execute-api:us-east-1:${var.account}:*']) {
      expect(invokeLooseSource.check(invokePermission({ principal: API, sourceArn })).status).toBe('not-applicable');
    }
    expect(
      invokeLooseSource.check(invokePermission({ principal: API, sourceArn: 'arn:aws:sns:us-east-1:*:t', sourceAccount: TOKEN })).status,
    ).toBe('not-applicable');
  });

  test('Noncompliance 1: a wildcard account (any API of any account) names the rule, the value and the fix', () => {
    const [finding] = findingsOf(
      invokeLooseSource.check(invokePermission({ principal: API, sourceArn: 'arn:aws:execute-api:us-east-1:*:*' })),
    );
    expect(finding).toMatchObject({
      checkId: 'LR-LAMBDA-INVOKE-LOOSE-SOURCE',
      level: 'error',
      path: 'stack/fn/invoke',
      appliesTo: 'SourceArn::arn:aws:execute-api:us-east-1:*:*',
    });
    expect(finding.message).toBe(
      "Invoke permission 'AllowS3-uploads': sourceArn 'arn:aws:execute-api:us-east-1:*:*' admits any account: its account part is \"*\". " +
        "Fix: name the account and the resource in sourceArn, or set sourceAccount to pin the account, or suppress LR-LAMBDA-INVOKE-LOOSE-SOURCE for 'SourceArn::arn:aws:execute-api:us-east-1:*:*' with a reason.",
    );
  });

  test.each([
    ['a partial account wildcard', 'arn:aws:sns:us-east-1:1234*:topic', /admits any account: its account part is "1234\*"/],
    ['any API of the account', 'arn:aws:execute-api:us-east-1:123456789012:*', /admits any resource of the account: it names none/],
    ['any API, any stage', 'arn:aws:execute-api:us-east-1:123456789012:*/prod/*', /admits any resource of the account/],
    ['any rule', 'arn:aws:events:us-east-1:123456789012:rule/*', /admits any resource of the account/],
    ['any log group', 'arn:aws:logs:us-east-1:123456789012:log-group:*', /admits any resource of the account/],
    ['any bucket (no account to pin)', 'arn:aws:s3:::*', /admits any resource of the service/],
  ])('Noncompliance 2: %s', (_what, sourceArn, problem) => {
    const [finding] = findingsOf(invokeLooseSource.check(invokePermission({ principal: API, sourceArn })));
    expect(finding.message).toMatch(problem);
    expect(finding.appliesTo).toBe(`SourceArn::${sourceArn}`);
  });

  test.each([
    ['fewer than six parts', 'arn:aws:execute-api:us-east-1', /is truncated: an ARN has six parts/],
    ['no bucket', 'arn:aws:s3:::', /is truncated: it names no resource/],
    ['no account', 'arn:aws:sns:us-east-1::topic', /is truncated: it names no account/],
    ['a type with no name', 'arn:aws:events:us-east-1:123456789012:rule/', /is truncated: it names no resource after its type/],
    ['not an ARN at all', 'my-topic', /is truncated: it is not an ARN/],
  ])('Noncompliance 3: a truncated ARN (%s) fails even with sourceAccount, which cannot repair it', (_what, sourceArn, problem) => {
    const [finding] = findingsOf(invokeLooseSource.check(invokePermission({ principal: API, sourceArn, sourceAccount: '123456789012' })));
    expect(finding.message).toMatch(problem);
    expect(finding.message).toContain('Fix: write the full ARN of the resource that invokes the function.');
  });

  test('looseSourceProblem is undefined exactly for ARNs that name one account and one resource', () => {
    expect(looseSourceProblem('arn:aws:lambda:us-east-1:123456789012:function:f')).toBeUndefined();
    expect(looseSourceProblem('arn:aws:secretsmanager:us-east-1:123456789012:secret:*')).toMatch(/any resource/);
    expect(looseSourceProblem('arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf')).toBeUndefined();
  });
});
