import { invokeWithoutSource } from '../../../../modules/checks/rules/invoke-without-source';
import { findingsOf, invokePermission, TOKEN } from '../subjects';

describe('LR-LAMBDA-INVOKE-WITHOUT-SOURCE: invoke permissions for a service principal must name their source', () => {
  test('Compliance: a service principal with a source ARN (literal or token) passes', () => {
    expect(
      invokeWithoutSource.check(
        invokePermission({ principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::uploads', sourceAccount: '123456789012' }),
      ).status,
    ).toBe('compliant');
    expect(invokeWithoutSource.check(invokePermission({ principal: 'events.amazonaws.com', sourceArn: TOKEN })).status).toBe('compliant');
  });

  test('Compliance: an Alexa skill with an event source token passes', () => {
    expect(
      invokeWithoutSource.check(invokePermission({ principal: 'alexa-appkit.amazon.com', eventSourceToken: 'amzn1.ask.skill.1234' }))
        .status,
    ).toBe('compliant');
  });

  test('Compliance: account, ARN and * principals are not service principals', () => {
    for (const principal of ['123456789012', 'arn:aws:iam::123456789012:role/caller', '*', TOKEN]) {
      expect(invokeWithoutSource.check(invokePermission({ principal })).status).toBe('not-applicable');
    }
  });

  test('Noncompliance 1: a service principal without sourceArn is an error, sourceAccount alone is not enough', () => {
    const [finding] = findingsOf(
      invokeWithoutSource.check(invokePermission({ principal: 's3.amazonaws.com', sourceAccount: '123456789012' })),
    );
    expect(finding).toMatchObject({
      checkId: 'LR-LAMBDA-INVOKE-WITHOUT-SOURCE',
      level: 'error',
      appliesTo: 'Principal::s3.amazonaws.com',
      path: 'stack/fn/invoke',
    });
    expect(finding.message).toContain("'AllowS3-uploads'");
    expect(finding.message).toContain('noSource.reason'); // the definition field that exists
    expect(finding.message).toContain('source_arn'); // and the way out for a raw resource
  });

  test("Noncompliance 2: sourceArn '*' is no source", () => {
    const [finding] = findingsOf(invokeWithoutSource.check(invokePermission({ principal: 'sns.amazonaws.com', sourceArn: '*' })));
    expect(finding.message).toContain("(sourceArn '*')");
  });

  test('Noncompliance 3: the check itself still reports when noSourceReason is set (the runner turns the reason into a suppression)', () => {
    expect(
      findingsOf(
        invokeWithoutSource.check(
          invokePermission({ principal: 'events.amazonaws.com', noSourceReason: 'rules are created by the platform team' }),
        ),
      ),
    ).toHaveLength(1);
  });
});
