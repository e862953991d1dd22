/**
 * One aws_iam_role_policy_attachment per managed policy. The construct id of each attachment (and so its
 * Terraform address) comes from the policy itself, never from a list position: adding or removing one
 * policy must not rename — and so destroy and recreate — the others.
 */
import { Construct } from 'constructs';
import { Token } from './cdk/core';
import { IamRolePolicyAttachment } from './cdk/aws';
import { IamRolePolicyAttachmentsExclusive } from './cdk/aws';
import { isAccountId, parseArn } from '../shared/aws/arn';

export interface PolicyToAttach {
  /** The policy ARN (may be a token, e.g. the ARN of an aws_iam_policy in the same stack). */
  readonly arn: string;
  /**
   * Stable key for the attachment's construct id. Required when `arn` is a token.
   * @default - derived from the ARN (policy name, plus account and path for customer policies).
   */
  readonly key?: string;
}

export interface PolicyAttachmentsProps {
  readonly roleName: string;
  readonly policies: readonly PolicyToAttach[];
  /**
   * Also create aws_iam_role_policy_attachments_exclusive holding all ARNs, so Terraform detaches any
   * policy attached outside this stack (e.g. by hand in the console).
   * @default false
   */
  readonly exclusive?: boolean;
}

/** 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' → 'AWSLambdaBasicExecutionRole';
 *  'arn:aws:iam::123456789012:policy/team/Reader' → '123456789012-team-Reader'. */
export function attachmentKeyForArn(arn: string): string {
  const a = parseArn(arn);
  if (
    !a ||
    a.service !== 'iam' ||
    a.region !== '' ||
    !(a.accountId === 'aws' || isAccountId(a.accountId)) ||
    !a.resource.startsWith('policy/')
  ) {
    throw new Error(`attachmentKeyForArn: ${JSON.stringify(arn)} is not an IAM policy ARN; pass an explicit key`);
  }
  const slug = a.resource
    .slice('policy/'.length)
    .replace(/\//g, '-')
    .replace(/[^\w+=,.@-]/g, '_');
  if (a.accountId === 'aws') return slug.replace(/^service-role-/, '');
  return `${a.accountId}-${slug}`;
}

export class PolicyAttachments extends Construct {
  /** Attachment resources by their stable key. */
  readonly attachments: ReadonlyMap<string, IamRolePolicyAttachment>;
  readonly exclusive?: IamRolePolicyAttachmentsExclusive;
  /** The ARNs attached, in the order given, without duplicates. */
  readonly policyArns: readonly string[];

  constructor(scope: Construct, id: string, props: PolicyAttachmentsProps) {
    super(scope, id);
    const byKey = new Map<string, IamRolePolicyAttachment>();
    const arns: string[] = [];
    for (const policy of props.policies) {
      if (arns.includes(policy.arn)) continue;
      if (!policy.key && Token.isUnresolved(policy.arn)) {
        throw new Error(
          `${this.node.path}: the policy ARN ${policy.arn} is only known at apply time, so it needs an explicit key for a stable attachment id. Fix: pass { arn, key: '<policy name>' }`,
        );
      }
      const key = policy.key ?? attachmentKeyForArn(policy.arn);
      if (byKey.has(key)) {
        throw new Error(
          `${this.node.path}: two policies map to the attachment key ${JSON.stringify(key)}. Fix: give one of them an explicit key`,
        );
      }
      byKey.set(key, new IamRolePolicyAttachment(this, key, { role: props.roleName, policyArn: policy.arn }));
      arns.push(policy.arn);
    }
    this.attachments = byKey;
    this.policyArns = arns;
    if (props.exclusive) {
      this.exclusive = new IamRolePolicyAttachmentsExclusive(this, 'exclusive', { roleName: props.roleName, policyArns: [...arns] });
    }
  }
}
