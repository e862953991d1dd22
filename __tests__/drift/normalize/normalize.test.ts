/**
 * Normalizers: policy documents compare by meaning (each equivalence IAM/Terraform produce is one row),
 * Lambda statements read back into aws_lambda_permission attributes, tags compare as maps.
 */
import { normalizePolicyDocument, policiesEqual } from '../../../drift/normalize/policy-document';
import { queryUnescape, parsePolicyText } from '../../../drift/normalize/url-decode';
import { permissionFromStatement, permissionsFromResourcePolicy, samePrincipal } from '../../../drift/normalize/lambda-permission';
import { diffTags } from '../../../drift/normalize/tags';

const doc = (statement: unknown, extra: Record<string, unknown> = {}) => ({ Version: '2012-10-17', Statement: statement, ...extra });
const allow = (fields: Record<string, unknown>) => ({ Effect: 'Allow', ...fields });
const same = (a: unknown, b: unknown) => policiesEqual(normalizePolicyDocument(a, 'a'), normalizePolicyDocument(b, 'b'));

describe('policy documents: equivalent spellings compare equal', () => {
  it.each([
    [
      'one Statement object ≡ an array of one',
      doc(allow({ Action: 's3:GetObject', Resource: '*' })),
      doc([allow({ Action: 's3:GetObject', Resource: '*' })]),
    ],
    [
      'a string ≡ a one-element array',
      doc([allow({ Action: 's3:GetObject', Resource: '*' })]),
      doc([allow({ Action: ['s3:GetObject'], Resource: ['*'] })]),
    ],
    [
      'actions in any order',
      doc([allow({ Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' })]),
      doc([allow({ Action: ['s3:PutObject', 's3:GetObject'], Resource: '*' })]),
    ],
    [
      'resources in any order',
      doc([allow({ Action: 's3:*', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::a'] })]),
      doc([allow({ Action: 's3:*', Resource: ['arn:aws:s3:::a', 'arn:aws:s3:::b'] })]),
    ],
    [
      'NotAction / NotResource in any order',
      doc([allow({ NotAction: ['iam:*', 'organizations:*'], NotResource: ['b', 'a'] })]),
      doc([allow({ NotAction: ['organizations:*', 'iam:*'], NotResource: ['a', 'b'] })]),
    ],
    [
      'action names ignore case',
      doc([allow({ Action: 'S3:GetObject', Resource: '*' })]),
      doc([allow({ Action: 's3:getobject', Resource: '*' })]),
    ],
    [
      'statements in any order',
      doc([allow({ Action: 'a:A', Resource: '*' }), allow({ Action: 'b:B', Resource: '*' })]),
      doc([allow({ Action: 'b:B', Resource: '*' }), allow({ Action: 'a:A', Resource: '*' })]),
    ],
    [
      'an account id ≡ its root ARN',
      doc([allow({ Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' })]),
      doc([allow({ Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' })]),
    ],
    [
      'principal "*" ≡ {"AWS": "*"}',
      doc([allow({ Principal: '*', Action: 'sts:AssumeRole' })]),
      doc([allow({ Principal: { AWS: '*' }, Action: 'sts:AssumeRole' })]),
    ],
    [
      'principals in any order',
      doc([allow({ Principal: { AWS: ['arn:aws:iam::1:role/b', 'arn:aws:iam::1:role/a'] }, Action: 'sts:AssumeRole' })]),
      doc([allow({ Principal: { AWS: ['arn:aws:iam::1:role/a', 'arn:aws:iam::1:role/b'] }, Action: 'sts:AssumeRole' })]),
    ],
    [
      'condition operators and keys ignore case',
      doc([allow({ Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': '1' } } })]),
      doc([allow({ Action: 's3:*', Resource: '*', Condition: { stringequals: { 'AWS:SOURCEACCOUNT': '1' } } })]),
    ],
    [
      'condition values in any order, scalars as strings',
      doc([
        allow({
          Action: 's3:*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': true }, StringEquals: { 'aws:x': ['b', 'a'] } },
        }),
      ]),
      doc([
        allow({
          Action: 's3:*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:x': ['a', 'b'] } },
        }),
      ]),
    ],
    [
      'a JSON string ≡ the object',
      JSON.stringify(doc([allow({ Action: 's3:*', Resource: '*' })])),
      doc([allow({ Action: 's3:*', Resource: '*' })]),
    ],
    [
      'URL-encoded (as IAM returns it) ≡ the object',
      encodeURIComponent(JSON.stringify(doc([allow({ Action: 's3:*', Resource: '*' })]))),
      doc([allow({ Action: 's3:*', Resource: '*' })]),
    ],
    [
      'a missing Version ≡ the 2008-10-17 default',
      { Statement: [allow({ Action: 's3:*', Resource: '*' })] },
      doc([allow({ Action: 's3:*', Resource: '*' })], { Version: '2008-10-17' }),
    ],
  ])('%s', (_name, a, b) => {
    expect(same(a, b)).toBe(true);
  });
});

describe('policy documents: different meanings compare different', () => {
  it.each([
    ['another action', doc([allow({ Action: 's3:GetObject', Resource: '*' })]), doc([allow({ Action: 's3:PutObject', Resource: '*' })])],
    [
      'resources are case-sensitive',
      doc([allow({ Action: 's3:*', Resource: 'arn:aws:s3:::Bucket' })]),
      doc([allow({ Action: 's3:*', Resource: 'arn:aws:s3:::bucket' })]),
    ],
    [
      'condition values are case-sensitive',
      doc([allow({ Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:x': 'A' } } })]),
      doc([allow({ Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:x': 'a' } } })]),
    ],
    ['Action vs NotAction', doc([allow({ Action: 'iam:*', Resource: '*' })]), doc([allow({ NotAction: 'iam:*', Resource: '*' })])],
    ['another Version', doc([], { Version: '2012-10-17' }), doc([], { Version: '2008-10-17' })],
    ['another Effect', doc([allow({ Action: 's3:*', Resource: '*' })]), doc([{ Effect: 'Deny', Action: 's3:*', Resource: '*' }])],
  ])('%s', (_name, a, b) => {
    expect(same(a, b)).toBe(false);
  });
});

describe('URL decoding follows Go url.QueryUnescape (what the provider uses)', () => {
  it('turns + into a space and %2B into +', () => {
    expect(queryUnescape('a+b%2Bc%20d')).toBe('a b+c d');
  });

  it('decodes an IAM document whose values contain spaces and plus signs', () => {
    const text =
      '%7B%22Statement%22%3A%5B%7B%22Sid%22%3A%22a+b%22%2C%22Condition%22%3A%7B%22StringLike%22%3A%7B%22k%22%3A%22x%2By%22%7D%7D%7D%5D%7D';
    expect(parsePolicyText(text, 'doc')).toEqual({ Statement: [{ Sid: 'a b', Condition: { StringLike: { k: 'x+y' } } }] });
  });

  it('leaves a plain JSON document alone, even with % and + inside', () => {
    expect(parsePolicyText('{"Sid":"50%+"}', 'doc')).toEqual({ Sid: '50%+' });
  });

  it('names the document when it is not JSON', () => {
    expect(() => parsePolicyText('%7Bnope', 'live role r inline policy p')).toThrow(
      /live role r inline policy p: not a JSON policy document/,
    );
  });
});

describe('Lambda resource policy statements → aws_lambda_permission attributes (as permission.go reads them)', () => {
  const FN = 'arn:aws:lambda:eu-west-1:000000000000:function:orders';
  it.each([
    [
      'a service principal with SourceArn',
      {
        Sid: 'S',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: FN,
        Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:events:eu-west-1:000000000000:rule/r' } },
      },
      {
        statementId: 'S',
        action: 'lambda:InvokeFunction',
        principal: 'events.amazonaws.com',
        sourceArn: 'arn:aws:events:eu-west-1:000000000000:rule/r',
      },
    ],
    [
      'an account principal (root ARN) with SourceAccount',
      {
        Sid: 'A',
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: 'lambda:InvokeFunction',
        Resource: FN,
        Condition: { StringEquals: { 'AWS:SourceAccount': '111111111111' } },
      },
      { statementId: 'A', action: 'lambda:InvokeFunction', principal: 'arn:aws:iam::111111111111:root', sourceAccount: '111111111111' },
    ],
    [
      'principal * with an org condition',
      {
        Sid: 'O',
        Principal: '*',
        Action: 'lambda:InvokeFunction',
        Resource: FN,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
      },
      { statementId: 'O', action: 'lambda:InvokeFunction', principal: '*', principalOrgId: 'o-abc' },
    ],
    [
      'a function URL permission',
      {
        Sid: 'U',
        Principal: '*',
        Action: 'lambda:InvokeFunctionUrl',
        Resource: FN,
        Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
      },
      { statementId: 'U', action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE' },
    ],
    [
      'an Alexa event source token',
      {
        Sid: 'T',
        Principal: { Service: 'alexa-appkit.amazon.com' },
        Action: 'lambda:InvokeFunction',
        Resource: FN,
        Condition: { StringEquals: { 'lambda:EventSourceToken': 'amzn1.ask.x' } },
      },
      { statementId: 'T', action: 'lambda:InvokeFunction', principal: 'alexa-appkit.amazon.com', eventSourceToken: 'amzn1.ask.x' },
    ],
    [
      'a qualifier from the Resource ARN',
      { Sid: 'Q', Principal: { Service: 'sns.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: `${FN}:live` },
      { statementId: 'Q', action: 'lambda:InvokeFunction', principal: 'sns.amazonaws.com', qualifier: 'live' },
    ],
  ])('%s', (_name, statement, expected) => {
    expect(permissionFromStatement(statement as Record<string, unknown>)).toEqual(expected);
  });

  it('keys a whole policy by Sid and treats a missing policy as no statements', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Id: 'default',
      Statement: [{ Sid: 'A', Principal: { Service: 's3.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: FN }],
    });
    expect([...permissionsFromResourcePolicy(policy, 'p').keys()]).toEqual(['A']);
    expect(permissionsFromResourcePolicy(null, 'p').size).toBe(0);
  });

  it.each([
    ['111111111111', 'arn:aws:iam::111111111111:root', true],
    ['arn:aws:iam::111111111111:root', '111111111111', true],
    ['events.amazonaws.com', 'Events.amazonaws.com', true],
    ['111111111111', 'arn:aws:iam::222222222222:root', false],
    ['*', 'events.amazonaws.com', false],
  ])('principal %s ≡ %s: %s', (a, b, expected) => {
    expect(samePrincipal(a, b)).toBe(expected);
  });
});

describe('tags', () => {
  it('reports added, removed and changed keys with Tags.<key> paths, aws:* included', () => {
    expect(diffTags({ team: 'a', env: 'prod', keep: 'x' }, { team: 'b', keep: 'x', 'aws:owner': 'z' })).toEqual([
      { path: 'Tags.aws:owner', expected: null, actual: 'z', type: 'ADD' },
      { path: 'Tags.env', expected: 'prod', actual: null, type: 'REMOVE' },
      { path: 'Tags.team', expected: 'a', actual: 'b', type: 'NOT_EQUAL' },
    ]);
  });

  it('finds nothing when the maps are equal in any order', () => {
    expect(diffTags({ a: '1', b: '2' }, { b: '2', a: '1' })).toEqual([]);
  });
});
