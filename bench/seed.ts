/**
 * Seeds the local endpoint with N Lambda execution roles and functions through the real SDK, and writes
 * the tfstate v4 that Terraform would hold for them, so the benchmark can run the drift check at sizes
 * where deploying with terraform would dominate the run time.
 */
import { writeFileSync } from 'node:fs';
import { IAMClient, CreateRoleCommand, AttachRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { LambdaClient, CreateFunctionCommand, AddPermissionCommand } from '@aws-sdk/client-lambda';
import { createLimiter, mapLimited } from '../drift/aws/limiter';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
/** The smallest valid zip: an empty end-of-central-directory record. */
const EMPTY_ZIP = Buffer.concat([Buffer.from('PK\u0005\u0006'), Buffer.alloc(18)]);
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const XRAY = 'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess';

export interface SeedClients {
  readonly endpoint: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
}

const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    },
  ],
});
const inline = (i: number) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bench-bucket-${i}/*` }],
  });

function resource(type: string, name: string, attributes: Record<string, unknown>) {
  return {
    mode: 'managed',
    type,
    name,
    provider: 'provider["registry.terraform.io/hashicorp/aws"]',
    instances: [{ schema_version: 0, attributes }],
  };
}

/** Creates `count` roles (2 attachments + 1 inline policy each) and functions (1 permission each). */
export async function seedFunctions(target: SeedClients, count: number, stateFile: string): Promise<void> {
  const config = { endpoint: target.endpoint, region: REGION, credentials: target.credentials, maxAttempts: 8 };
  const iam = new IAMClient(config);
  const lambda = new LambdaClient(config);
  const resources: unknown[] = [];
  try {
    await mapLimited(
      Array.from({ length: count }, (_, i) => i),
      createLimiter(4),
      async (i) => {
        const roleName = `bench-fn-${i}-exec`;
        const fnName = `bench-fn-${i}`;
        const role = (
          await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust, Description: `bench role ${i}` }))
        ).Role!;
        for (const arn of [BASIC, XRAY]) await iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn }));
        await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'inline-least-privilege', PolicyDocument: inline(i) }));
        const fn = await lambda.send(
          new CreateFunctionCommand({
            FunctionName: fnName,
            Role: role.Arn,
            Runtime: 'nodejs20.x',
            Handler: 'index.handler',
            Code: { ZipFile: EMPTY_ZIP },
          }),
        );
        const sourceArn = `arn:aws:sns:${REGION}:${ACCOUNT}:bench-topic-${i}`;
        await lambda.send(
          new AddPermissionCommand({
            FunctionName: fnName,
            StatementId: 'AllowSns-bench',
            Action: 'lambda:InvokeFunction',
            Principal: 'sns.amazonaws.com',
            SourceArn: sourceArn,
          }),
        );

        resources.push(
          resource('aws_iam_role', `role_${i}`, {
            name: roleName,
            arn: role.Arn,
            unique_id: role.RoleId,
            path: '/',
            assume_role_policy: trust,
            description: `bench role ${i}`,
            max_session_duration: 3600,
            permissions_boundary: null,
            tags: {},
            tags_all: {},
            managed_policy_arns: [BASIC, XRAY],
            inline_policy: [{ name: 'inline-least-privilege', policy: inline(i) }],
          }),
          ...[BASIC, XRAY].map((arn, k) =>
            resource('aws_iam_role_policy_attachment', `attach_${i}_${k}`, { id: `${roleName}-${k}`, role: roleName, policy_arn: arn }),
          ),
          resource('aws_iam_role_policy', `inline_${i}`, {
            id: `${roleName}:inline-least-privilege`,
            role: roleName,
            name: 'inline-least-privilege',
            policy: inline(i),
          }),
          resource('aws_lambda_function', `fn_${i}`, { function_name: fnName, arn: fn.FunctionArn, role: role.Arn }),
          resource('aws_lambda_permission', `perm_${i}`, {
            id: 'AllowSns-bench',
            function_name: fnName,
            statement_id: 'AllowSns-bench',
            action: 'lambda:InvokeFunction',
            principal: 'sns.amazonaws.com',
            source_arn: sourceArn,
            qualifier: '',
          }),
        );
      },
    );
  } finally {
    iam.destroy();
    lambda.destroy();
  }
  writeFileSync(
    stateFile,
    JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'bench', outputs: {}, resources }, null, 2),
  );
}
