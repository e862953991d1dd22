import { invokeAnyPrincipal } from '../../../../modules/checks/rules/invoke-any-principal';
import { findingsOf, invokePermission, TOKEN } from '../subjects';

describe('LR-LAMBDA-INVOKE-ANY-PRINCIPAL: invoke permissions for principal * need an organization', () => {
  test('Compliance: * restricted to an organization passes', () => {
    expect(invokeAnyPrincipal.check(invokePermission({ principal: '*', principalOrgId: 'o-a1b2c3d4e5' })).status).toBe('compliant');
  });

  test('Compliance: a function URL with AWS_IAM restricted to an organization passes', () => {
    expect(
      invokeAnyPrincipal.check(invokePermission({ principal: '*', functionUrlAuthType: 'AWS_IAM', principalOrgId: 'o-a1b2c3d4e5' })).status,
    ).toBe('compliant');
  });

  test('Compliance: named principals are not applicable; a token org id is not judged', () => {
    expect(invokeAnyPrincipal.check(invokePermission({ principal: '123456789012' })).status).toBe('not-applicable');
    expect(invokeAnyPrincipal.check(invokePermission({ principal: '*', principalOrgId: TOKEN })).status).toBe('not-applicable');
  });

  test('Noncompliance 1: bare * is an error', () => {
    const [finding] = findingsOf(invokeAnyPrincipal.check(invokePermission({ principal: '*' })));
    expect(finding).toMatchObject({ checkId: 'LR-LAMBDA-INVOKE-ANY-PRINCIPAL', level: 'error', appliesTo: 'Principal::*' });
  });

  test('Noncompliance 2: a public function URL (auth type NONE) says so', () => {
    const [finding] = findingsOf(invokeAnyPrincipal.check(invokePermission({ principal: '*', functionUrlAuthType: 'NONE' })));
    expect(finding.message).toContain('public function URL');
  });

  test('Noncompliance 3: * on an AWS_IAM function URL is open to every AWS account, and says so', () => {
    const [finding] = findingsOf(invokeAnyPrincipal.check(invokePermission({ principal: '*', functionUrlAuthType: 'AWS_IAM' })));
    expect(finding).toMatchObject({ level: 'error', appliesTo: 'Principal::*' });
    expect(finding.message).toContain('any authenticated principal of any AWS account');
  });
});
