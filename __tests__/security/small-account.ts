/**
 * A small account on the local endpoint and the tfstate v4 that declares it, for tests that need a real
 * drift run but not a terraform apply (secrets, hostile data, concurrent writers): one role with a
 * description, tags, an inline policy and an AWS managed attachment, and one function with an invoke
 * permission. The resources are created through the real SDK as the deploy identity; the state holds what
 * the provider would record for them (attribute names as provider 5.100.0 writes them), so a drift run
 * against a fresh seed is in sync (exit 0).
 */
import { writeFileSync } from 'node:fs';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { AddPermissionCommand, CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { AttachRolePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import type { LocalAws } from '../../local-aws';
import { ACCOUNT, LAMBDA_TRUST, REGION, iamAs, lambdaAs } from '../drift/fixtures/seed';

export const ROLE = 'svc-exec';
export const FUNCTION = 'svc-fn';
export const INLINE = 'app';
export const STATEMENT = 'AllowEvents';
export const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
export const DESCRIPTION = 'Execution role of svc-fn';
export const TAGS = { team: 'platform', service: 'svc' };
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
export const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION}`;
export const RULE_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:rule/nightly`;
export const INLINE_DOCUMENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Tables', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders` },
  ],
});

/** Creates the account's resources on `aws` (as the deploy identity) and writes their state to `statePath`. */
export async function seedSmallAccount(aws: LocalAws, statePath: string): Promise<void> {
  const iam = iamAs(aws, 'admin');
  await iam.send(
    new CreateRoleCommand({
      RoleName: ROLE,
      AssumeRolePolicyDocument: LAMBDA_TRUST,
      Description: DESCRIPTION,
      Tags: Object.entries(TAGS).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  await iam.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: INLINE, PolicyDocument: INLINE_DOCUMENT }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: ROLE, PolicyArn: BASIC }));
  const roleId = (await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role!.RoleId!;
  const lambda = lambdaAs(aws, 'admin');
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: FUNCTION,
      Role: ROLE_ARN,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]) },
    }),
  );
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: FUNCTION,
      StatementId: STATEMENT,
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      SourceArn: RULE_ARN,
    }),
  );
  writeFileSync(statePath, JSON.stringify(smallAccountState(roleId), null, 2));
}

const resource = (type: string, name: string, attributes: Record<string, unknown>) => ({
  mode: 'managed',
  type,
  name,
  provider: 'provider["registry.terraform.io/hashicorp/aws"]',
  instances: [{ schema_version: 0, attributes }],
});

/** The tfstate v4 the provider would write for the seeded resources. */
export function smallAccountState(roleId: string): Record<string, unknown> {
  return {
    version: 4,
    terraform_version: '1.11.4',
    serial: 3,
    lineage: '5b0f7bb4-2c55-4b4e-9a59-000000000001',
    outputs: {},
    resources: [
      resource('aws_iam_role', 'exec', {
        name: ROLE,
        arn: ROLE_ARN,
        unique_id: roleId,
        path: '/',
        assume_role_policy: LAMBDA_TRUST,
        description: DESCRIPTION,
        max_session_duration: 3600,
        tags: TAGS,
        tags_all: TAGS,
      }),
      resource('aws_iam_role_policy', 'app', { id: `${ROLE}:${INLINE}`, role: ROLE, name: INLINE, policy: INLINE_DOCUMENT }),
      resource('aws_iam_role_policy_attachment', 'basic', { id: `${ROLE}-basic`, role: ROLE, policy_arn: BASIC }),
      resource('aws_lambda_function', 'fn', { function_name: FUNCTION, arn: FUNCTION_ARN, role: ROLE_ARN }),
      resource('aws_lambda_permission', 'events', {
        id: STATEMENT,
        function_name: FUNCTION,
        statement_id: STATEMENT,
        action: 'lambda:InvokeFunction',
        principal: 'events.amazonaws.com',
        source_arn: RULE_ARN,
        qualifier: '',
      }),
    ],
  };
}
