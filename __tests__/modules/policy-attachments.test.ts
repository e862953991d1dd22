import { IamRolePolicyAttachmentsExclusive } from '@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { PolicyAttachments, attachmentKeyForArn, type PolicyToAttach } from '../../modules/policy-attachments';
import { resourcesOf, synthConstructs } from '../helpers/synth';

const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const XRAY = 'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess';
const TEAM = 'arn:aws:iam::123456789012:policy/team/Reader';

/** Logical id → policy ARN of every attachment. */
function attachmentIds(policies: PolicyToAttach[], exclusive = false) {
  const { json } = synthConstructs((scope) => new PolicyAttachments(scope, 'attach', { roleName: 'r', policies, exclusive }));
  return {
    json,
    ids: Object.fromEntries(Object.entries(resourcesOf(json, 'aws_iam_role_policy_attachment')).map(([id, r]) => [id, r.policy_arn])),
  };
}

describe('PolicyAttachments: stable ids', () => {
  it('derives keys from the policy, not a list position', () => {
    expect(attachmentKeyForArn(BASIC)).toBe('AWSLambdaBasicExecutionRole');
    expect(attachmentKeyForArn(XRAY)).toBe('AWSXRayDaemonWriteAccess');
    expect(attachmentKeyForArn(TEAM)).toBe('123456789012-team-Reader');
  });

  it('derives keys in every partition, and refuses an ARN that is no IAM policy', () => {
    expect(attachmentKeyForArn('arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')).toBe('AWSLambdaBasicExecutionRole');
    expect(attachmentKeyForArn('arn:aws-us-gov:iam::123456789012:policy/Reader')).toBe('123456789012-Reader');
    for (const arn of [
      'arn:aws:iam::123456789012:role/Reader',
      'arn:aws:iam::12345:policy/Reader',
      'arn:aws:iam:us-east-1:aws:policy/X',
      'arn:aws:s3:::policy/x',
      'Reader',
    ]) {
      expect(() => attachmentKeyForArn(arn)).toThrow(
        `attachmentKeyForArn: ${JSON.stringify(arn)} is not an IAM policy ARN; pass an explicit key`,
      );
    }
  });

  it('adding or removing a policy never renames the other attachments', () => {
    const before = attachmentIds([{ arn: BASIC }, { arn: XRAY }, { arn: TEAM }]).ids;
    const removedFirst = attachmentIds([{ arn: XRAY }, { arn: TEAM }]).ids;
    const reordered = attachmentIds([{ arn: TEAM }, { arn: XRAY }, { arn: BASIC }]).ids;
    for (const [id, arn] of Object.entries(removedFirst)) expect(before[id]).toBe(arn);
    expect(reordered).toEqual(before);
  });

  it('attaches a duplicate ARN once', () => {
    expect(Object.keys(attachmentIds([{ arn: BASIC }, { arn: BASIC }]).ids)).toHaveLength(1);
  });

  it('needs an explicit key for a token ARN (a policy of the same stack)', () => {
    expect(() =>
      synthConstructs((scope) => {
        const p = new IamPolicy(scope, 'p', { name: 'p', policy: '{}' });
        new PolicyAttachments(scope, 'attach', { roleName: 'r', policies: [{ arn: p.arn }] });
      }),
    ).toThrow(/explicit key/);
    const { json } = synthConstructs((scope) => {
      const p = new IamPolicy(scope, 'p', { name: 'p', policy: '{}' });
      new PolicyAttachments(scope, 'attach', { roleName: 'r', policies: [{ arn: p.arn, key: 'p' }] });
    });
    expect(Object.keys(resourcesOf(json, 'aws_iam_role_policy_attachment'))[0]).toMatch(/^attach_p_/);
  });
});

describe('PolicyAttachments: exclusive', () => {
  it('adds aws_iam_role_policy_attachments_exclusive with all ARNs when exclusive', () => {
    const { synth } = synthConstructs(
      (scope) => new PolicyAttachments(scope, 'attach', { roleName: 'r', policies: [{ arn: BASIC }, { arn: XRAY }], exclusive: true }),
    );
    expect(synth).toHaveResourceWithProperties(IamRolePolicyAttachmentsExclusive, { role_name: 'r', policy_arns: [BASIC, XRAY] });
  });

  it('creates no exclusive resource by default', () => {
    const { synth } = synthConstructs((scope) => new PolicyAttachments(scope, 'attach', { roleName: 'r', policies: [{ arn: BASIC }] }));
    expect(synth).not.toHaveResource(IamRolePolicyAttachmentsExclusive);
  });
});
