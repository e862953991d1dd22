import { allowWithNot } from '../../../../modules/checks/rules/allow-with-not';
import { appliesTo, findingsOf, identityPolicy, managedAttachment, trustPolicy } from '../subjects';

describe('LR-IAM-ALLOW-WITH-NOT: Allow statements must not allow by exclusion', () => {
  test('Compliance: plain Allow statements, and Deny with NotAction / NotResource / NotPrincipal, pass', () => {
    const subject = identityPolicy(
      { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] },
      { effect: 'Deny', notActions: ['s3:GetObject'], resources: ['*'] },
      { effect: 'Deny', actions: ['s3:*'], notResources: ['arn:aws:s3:::b/*'] },
    );
    expect(allowWithNot.check(subject).status).toBe('compliant');
    const trust = trustPolicy(
      { actions: ['sts:AssumeRole'], principals: { Service: 'lambda.amazonaws.com' } },
      { effect: 'Deny', actions: ['sts:AssumeRole'], notPrincipals: { AWS: 'arn:aws:iam::111122223333:root' } },
    );
    expect(allowWithNot.check(trust).status).toBe('compliant');
  });

  test('Compliance: managed-policy attachments are not its subject', () => {
    expect(allowWithNot.check(managedAttachment('arn:aws:iam::aws:policy/ReadOnlyAccess')).status).toBe('not-applicable');
  });

  test('Noncompliance 1: Allow NotAction is an error naming the excluded actions in appliesTo', () => {
    const [finding] = findingsOf(
      allowWithNot.check(identityPolicy({ sid: 'All', notActions: ['iam:*', 'organizations:*'], resources: ['*'] })),
    );
    expect(finding).toMatchObject({ checkId: 'LR-IAM-ALLOW-WITH-NOT', level: 'error', appliesTo: 'NotAction::iam:*,organizations:*' });
    expect(finding.message).toMatch(/statement 'All' is an Allow with NotAction \[iam:\*, organizations:\*\].*actions AWS adds later/);
  });

  test('Noncompliance 2: Allow NotResource, one finding per element of the statement', () => {
    const subject = identityPolicy({ notActions: ['s3:DeleteObject'], notResources: ['arn:aws:s3:::audit/*'] });
    expect(appliesTo(allowWithNot, subject)).toEqual(['NotAction::s3:DeleteObject', 'NotResource::arn:aws:s3:::audit/*']);
  });

  test('Noncompliance 3: Allow NotPrincipal in a trust policy trusts everyone else', () => {
    const subject = trustPolicy({ actions: ['sts:AssumeRole'], notPrincipals: { AWS: ['arn:aws:iam::111122223333:root'] } });
    expect(appliesTo(allowWithNot, subject)).toEqual(['NotPrincipal::AWS:arn:aws:iam::111122223333:root']);
  });
});
