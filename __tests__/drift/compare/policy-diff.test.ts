/** diffPolicies and pairStatements, table-driven: which statements pair, and the path and type of each difference. */
import { diffPolicies, pairStatements } from '../../../drift/compare/policy-diff';
import { normalizePolicyDocument, type NormalizedStatement } from '../../../drift/normalize/policy-document';

const doc = (...Statement: object[]) => normalizePolicyDocument({ Version: '2012-10-17', Statement }, 'test');
const stmts = (...s: object[]): readonly NormalizedStatement[] => doc(...s).Statement;

const read = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
const write = { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' };

describe('pairStatements', () => {
  it.each([
    [
      'same Sid pairs even when everything else differs',
      stmts({ Sid: 'A', ...read }),
      stmts({ Sid: 'A', ...write }),
      { pairs: [[0, 0]], removed: [], added: [] },
    ],
    [
      'identical meaning pairs across positions',
      stmts(read, write),
      stmts(write, read),
      {
        pairs: [
          [0, 1],
          [1, 0],
        ],
        removed: [],
        added: [],
      },
    ],
    ['leftover statements without Sid pair by position', stmts(read), stmts(write), { pairs: [[0, 0]], removed: [], added: [] }],
    [
      'a Sid only on one side stays unpaired',
      stmts({ Sid: 'A', ...read }),
      stmts({ Sid: 'B', ...read }),
      { pairs: [], removed: [0], added: [0] },
    ],
    ['an extra statement is added', stmts(read), stmts(read, write), { pairs: [[0, 0]], removed: [], added: [1] }],
    ['a missing statement is removed', stmts(read, write), stmts(write), { pairs: [[1, 0]], removed: [0], added: [] }],
    ['nothing on either side', stmts(), stmts(), { pairs: [], removed: [], added: [] }],
  ])('%s', (_name, expected, actual, pairing) => {
    expect(pairStatements(expected, actual)).toEqual(pairing);
  });
});

describe('diffPolicies', () => {
  it.each([
    ['equal documents: no difference', doc(read), doc(read), []],
    [
      'statement order and list order do not matter',
      doc(read, { ...write, Action: ['s3:PutObject', 's3:PutObjectAcl'] }),
      doc({ ...write, Action: ['s3:PutObjectAcl', 's3:PutObject'] }, read),
      [],
    ],
    [
      'a changed action',
      doc(read),
      doc({ ...read, Action: 's3:*' }),
      [{ path: 'P.Statement[0].Action', expected: 's3:GetObject', actual: 's3:*', type: 'NOT_EQUAL' }],
    ],
    [
      'a widened resource list',
      doc(read),
      doc({ ...read, Resource: ['arn:aws:s3:::b/*', '*'] }),
      [{ path: 'P.Statement[0].Resource', expected: 'arn:aws:s3:::b/*', actual: ['*', 'arn:aws:s3:::b/*'], type: 'NOT_EQUAL' }],
    ],
    [
      'a flipped effect, by Sid',
      doc({ Sid: 'R', ...read }),
      doc({ Sid: 'R', ...read, Effect: 'Deny' }),
      [{ path: 'P.Statement[sid=R].Effect', expected: 'Allow', actual: 'Deny', type: 'NOT_EQUAL' }],
    ],
    [
      'an added condition key',
      doc(read),
      doc({ ...read, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }),
      [{ path: 'P.Statement[0].Condition.Bool.aws:SecureTransport', expected: null, actual: 'true', type: 'ADD' }],
    ],
    [
      'a dropped condition operator',
      doc({ ...read, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } }),
      doc(read),
      [{ path: 'P.Statement[0].Condition.StringEquals.aws:PrincipalOrgID', expected: 'o-1', actual: null, type: 'REMOVE' }],
    ],
    [
      'condition operators and keys compare case-insensitively',
      doc({ ...read, Condition: { StringEquals: { 'aws:principalorgid': 'o-1' } } }),
      doc({ ...read, Condition: { stringequals: { 'aws:PrincipalOrgID': 'o-1' } } }),
      [],
    ],
    [
      'a new principal type',
      doc({ ...read, Principal: { Service: 'lambda.amazonaws.com' } }),
      doc({ ...read, Principal: { Service: 'lambda.amazonaws.com', AWS: 'arn:aws:iam::111122223333:root' } }),
      [{ path: 'P.Statement[0].Principal.AWS', expected: null, actual: 'arn:aws:iam::111122223333:root', type: 'ADD' }],
    ],
    [
      'an added statement',
      doc({ Sid: 'R', ...read }),
      doc({ Sid: 'R', ...read }, { Sid: 'W', ...write }),
      [{ path: 'P.Statement[sid=W]', expected: null, actual: doc({ Sid: 'W', ...write }).Statement[0], type: 'ADD' }],
    ],
    [
      'a removed statement',
      doc({ Sid: 'R', ...read }, { Sid: 'W', ...write }),
      doc({ Sid: 'R', ...read }),
      [{ path: 'P.Statement[sid=W]', expected: doc({ Sid: 'W', ...write }).Statement[0], actual: null, type: 'REMOVE' }],
    ],
    [
      'a changed Version',
      normalizePolicyDocument({ Version: '2008-10-17', Statement: [read] }, 't'),
      doc(read),
      [{ path: 'P.Version', expected: '2008-10-17', actual: '2012-10-17', type: 'NOT_EQUAL' }],
    ],
  ])('%s', (_name, expected, actual, differences) => {
    expect(diffPolicies('P', expected, actual)).toEqual(differences);
  });
});
