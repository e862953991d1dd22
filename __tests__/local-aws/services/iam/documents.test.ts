import { allAwsManagedPolicies } from '../../../../local-aws/services/iam/aws-managed';
import { validatePolicyDocument } from '../../../../local-aws/services/iam/documents';
import { AwsError } from '../../../../local-aws/types';

const identity = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const trust = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

function codeOf(doc: string, kind: 'identity' | 'trust'): string {
  try {
    validatePolicyDocument(doc, kind);
    return 'ok';
  } catch (e) {
    return e instanceof AwsError ? `${e.code}:${e.status}` : String(e);
  }
}

describe('IAM policy document validation', () => {
  it('accepts every version of every real AWS managed policy (so it is not stricter than IAM)', () => {
    const rejected: string[] = [];
    let versions = 0;
    for (const p of allAwsManagedPolicies()) {
      for (const v of p.versions) {
        versions++;
        if (codeOf(v.document(), 'identity') !== 'ok') rejected.push(`${p.policyName}:${v.versionId}`);
      }
    }
    expect(versions).toBeGreaterThan(5000);
    expect(rejected).toEqual([]);
  });

  it('accepts common trust policies: service, account root, federated with conditions, Statement as an object', () => {
    const docs = [
      trust({ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }),
      trust({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::123456789012:root' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
      }),
      trust({
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
      }),
      JSON.stringify({
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' },
      }),
    ];
    expect(docs.map((d) => codeOf(d, 'trust'))).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('rejects trust policies IAM rejects: no principal, a Resource, non-STS actions, bad principals', () => {
    const docs = [
      trust({ Effect: 'Allow', Action: 'sts:AssumeRole' }),
      trust({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }),
      trust({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 's3:GetObject' }),
      trust({ Effect: 'Allow', Principal: { Service: 'lambda' }, Action: 'sts:AssumeRole' }),
      trust({ Effect: 'Allow', Principal: { Robot: 'x' }, Action: 'sts:AssumeRole' }),
      trust({ Effect: 'Allow', Principal: { AWS: 'alice' }, Action: 'sts:AssumeRole' }),
    ];
    expect(docs.map((d) => codeOf(d, 'trust'))).toEqual(Array(docs.length).fill('MalformedPolicyDocument:400'));
  });

  it('names the statement and field at fault in the message', () => {
    expect(() => validatePolicyDocument(identity({ Effect: 'Allow', Action: 's3:GetObject' }), 'identity')).toThrow(
      /Statement\[0\] needs Resource or NotResource/,
    );
    expect(() =>
      validatePolicyDocument(identity({ Effect: 'Allow', Action: 's3:GetObject', NotAction: 's3:Put*', Resource: '*' }), 'identity'),
    ).toThrow(/exactly one of Action or NotAction/);
  });
});
