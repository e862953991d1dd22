import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { CustomerPolicy, type CustomerPolicyProps } from '../../modules/customer-policy';
import { onlyResource, synthConstructs } from '../helpers/synth';

const base: CustomerPolicyProps = {
  policyName: 'orders-read',
  statements: [{ sid: 'Read', actions: ['dynamodb:GetItem'], resources: ['arn:aws:dynamodb:us-east-1:111122223333:table/Orders'] }],
};
const synthPolicy = (props: Partial<CustomerPolicyProps> = {}) => {
  let policy!: CustomerPolicy;
  const out = synthConstructs((scope) => {
    policy = new CustomerPolicy(scope, 'policy', { ...base, ...props });
  });
  return { ...out, policy };
};

describe('CustomerPolicy', () => {
  it('creates an aws_iam_policy with the rendered document, path, description and tags', () => {
    const { synth, json } = synthPolicy({ path: '/lambda/', description: 'read orders', tags: { team: 'a' } });
    expect(synth).toHaveResourceWithProperties(IamPolicy, {
      name: 'orders-read',
      path: '/lambda/',
      description: 'read orders',
      tags: { team: 'a' },
    });
    expect(JSON.parse(onlyResource(json, 'aws_iam_policy').policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Read', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/Orders' },
      ],
    });
  });

  it('describes itself as an identity-policy check subject with its suppressions', () => {
    const { policy } = synthPolicy({ suppressions: [{ id: 'LR-X', reason: 'because reasons exist' }] });
    expect(policy.checkSubjects()).toEqual([
      { kind: 'identity-policy', path: policy.node.path, policyName: 'orders-read', statements: base.statements },
    ]);
    expect(policy.checkSuppressions).toHaveLength(1);
  });

  it.each([
    ['policyName', { policyName: 'orders read' }, /policyName: "orders read" is not a valid IAM policy name/],
    ['statements', { statements: [] }, /statements: \[\] is empty/],
    ['path', { path: 'x/' }, /path: "x\/" is not a valid IAM path/],
  ] as const)('rejects a bad %s', (_f, props, message) => {
    expect(() => synthPolicy(props as Partial<CustomerPolicyProps>)).toThrow(message);
  });
});
