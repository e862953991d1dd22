/** classifyPolicyChange and the other policy-power questions severity asks, table-driven. */
import { adminLikeGrant, classifyPolicyChange, writeActions } from '../../../drift/severity/policy-power';
import { normalizePolicyDocument } from '../../../drift/normalize/policy-document';

const doc = (...Statement: object[]) => normalizePolicyDocument({ Version: '2012-10-17', Statement }, 'test');
const allow = (Action: string | string[], Resource: string | string[] = 'arn:aws:s3:::b/*', extra: object = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});

describe('classifyPolicyChange', () => {
  it.each([
    [
      'a new action widens',
      doc(allow('s3:GetObject')),
      doc(allow(['s3:GetObject', 's3:PutObject'])),
      { kind: 'widened', detail: 'adds s3:PutObject' },
    ],
    [
      'a new resource widens',
      doc(allow('s3:GetObject')),
      doc(allow('s3:GetObject', ['arn:aws:s3:::b/*', '*'])),
      { kind: 'widened', detail: 'extends to *' },
    ],
    [
      'a dropped Deny widens',
      doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }),
      doc(allow('s3:*')),
      { kind: 'widened', detail: 'no longer denies s3:DeleteObject' },
    ],
    [
      'a dropped condition widens',
      doc(allow('s3:GetObject', '*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })),
      doc(allow('s3:GetObject', '*')),
      { kind: 'widened', detail: 'drops conditions from Allow statements' },
    ],
    ['a removed action narrows', doc(allow(['s3:GetObject', 's3:PutObject'])), doc(allow('s3:GetObject')), { kind: 'narrowed' }],
    [
      'action case is not a change of meaning',
      doc(allow('s3:GetObject')),
      doc(allow('S3:getobject')),
      { kind: 'unclear', detail: 'changes conditions, principals or wording without adding actions or resources' },
    ],
    [
      'a changed condition value is unclear',
      doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } })),
      doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-2' } } })),
      { kind: 'unclear', detail: 'changes conditions, principals or wording without adding actions or resources' },
    ],
  ])('%s', (_name, expected, actual, change) => {
    expect(classifyPolicyChange(expected, actual)).toEqual(change);
  });
});

describe('adminLikeGrant', () => {
  it.each([
    ['* on *', doc(allow('*', '*')), 'allows * on *'],
    ['iam:* on *', doc(allow('iam:*', '*')), 'allows iam:* on *'],
    ['NotAction on *', doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), 'allows every action except iam:* on *'],
    ['an escalation action on * without conditions', doc(allow('iam:PassRole', '*')), 'allows iam:PassRole on * (privilege escalation)'],
    [
      'a wildcard covering an escalation action',
      doc(allow('iam:Attach*', '*')),
      'allows iam:Attach* (includes iam:AttachRolePolicy) on * (privilege escalation)',
    ],
    [
      'an escalation action narrowed by a condition is not admin-like',
      doc(allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } })),
      undefined,
    ],
    ['an escalation action on one role is not admin-like', doc(allow('iam:PassRole', 'arn:aws:iam::111122223333:role/x')), undefined],
    ['a Deny is never a grant', doc({ Effect: 'Deny', Action: '*', Resource: '*' }), undefined],
  ])('%s', (_name, document, sentence) => {
    expect(adminLikeGrant(document)).toBe(sentence);
  });
});

describe('writeActions', () => {
  it('lists allowed actions that can change something, and NotAction as such', () => {
    expect(writeActions(doc(allow(['s3:GetObject', 's3:PutObject', 'dynamodb:Query', 's3:*'])))).toEqual(['s3:*', 's3:PutObject']);
    expect(writeActions(doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))).toEqual(['NotAction(iam:*)']);
    expect(writeActions(doc(allow('s3:Get*')))).toEqual([]);
  });
});
