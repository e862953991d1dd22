/** Seeds the local endpoint through the real SDK (as the deploy identity) for the live-layer tests. */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { startLocalAws, type LocalAws, type LocalAwsOptions } from '../../../local-aws';
import { DEFAULT_CREDENTIALS } from '../../../local-aws';
import { defaultServiceModules } from '../../../local-aws/core/registry';
import { AwsError, type ServiceModule } from '../../../local-aws/types';
import type { ExpectedFunction, ExpectedInventory, ExpectedRole } from '../../../drift/model';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';

export const LAMBDA_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export function credentials(name: keyof typeof DEFAULT_CREDENTIALS) {
  return { ...DEFAULT_CREDENTIALS[name] };
}

/** Starts the endpoint on a free port and points the SDK's default chain (env) at it. */
export async function startEndpoint(opts: LocalAwsOptions = {}): Promise<LocalAws> {
  const aws = await startLocalAws({ port: 0, ...opts });
  process.env.AWS_ENDPOINT_URL = aws.endpoint;
  process.env.AWS_ACCESS_KEY_ID = DEFAULT_CREDENTIALS.admin.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = DEFAULT_CREDENTIALS.admin.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  process.env.AWS_REGION = REGION;
  return aws;
}

export function iamAs(aws: LocalAws, who: keyof typeof DEFAULT_CREDENTIALS = 'admin'): IAMClient {
  return new IAMClient({ endpoint: aws.endpoint, region: REGION, credentials: credentials(who) });
}

export function lambdaAs(aws: LocalAws, who: keyof typeof DEFAULT_CREDENTIALS = 'admin', region = REGION): LambdaClient {
  return new LambdaClient({ endpoint: aws.endpoint, region, credentials: credentials(who) });
}

export interface SeedRoleSpec {
  readonly name: string;
  readonly inline?: number;
  readonly managed?: readonly string[];
  readonly tags?: Record<string, string>;
  readonly description?: string;
  readonly maxSessionDuration?: number;
  /** Minimal inline documents, so >100 of them fit IAM's 10,240-byte per-role quota. */
  readonly compact?: boolean;
}

export async function seedRole(iam: IAMClient, spec: SeedRoleSpec): Promise<void> {
  await iam.send(
    new CreateRoleCommand({
      RoleName: spec.name,
      AssumeRolePolicyDocument: LAMBDA_TRUST,
      Description: spec.description,
      MaxSessionDuration: spec.maxSessionDuration,
      Tags: Object.entries(spec.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  for (const arn of spec.managed ?? []) await iam.send(new AttachRolePolicyCommand({ RoleName: spec.name, PolicyArn: arn }));
  for (let i = 0; i < (spec.inline ?? 0); i++) {
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: spec.name,
        PolicyName: `inline-${i}`,
        PolicyDocument: spec.compact
          ? JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] })
          : JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: `arn:aws:logs:*:*:log-group:/x/${i} y` }] }),
      }),
    );
  }
}

export async function seedPolicy(iam: IAMClient, name: string): Promise<string> {
  const out = await iam.send(
    new CreatePolicyCommand({
      PolicyName: name,
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] }),
    }),
  );
  return out.Policy!.Arn!;
}

/** A function with an execution role, an unqualified permission and one on published version 1. */
export async function seedFunction(aws: LocalAws, name: string, roleName: string, withPermission = true): Promise<void> {
  const lambda = lambdaAs(aws);
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: `arn:aws:iam::${ACCOUNT}:role/${roleName}`,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      // The smallest valid .zip: an empty end-of-central-directory record.
      Code: { ZipFile: Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]) },
    }),
  );
  if (!withPermission) return;
  await lambda.send(new AddPermissionCommand({ FunctionName: name, StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }));
  await lambda.send(new PublishVersionCommand({ FunctionName: name }));
  await lambda.send(new AddPermissionCommand({ FunctionName: name, Qualifier: '1', StatementId: 'events', Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com' }));
}

/** The smallest ExpectedInventory that asks the live layer to read the given names. */
export function expectedFor(roles: readonly string[], functions: readonly { name: string; qualifiers?: string[] }[] = [], policies: readonly string[] = []): ExpectedInventory {
  const role = (name: string): ExpectedRole => ({
    name,
    address: `aws_iam_role.${name}`,
    tags: {},
    managedPolicies: {},
    inlinePolicies: {},
    exclusiveAttachments: false,
    exclusiveInlinePolicies: false,
    source: 'test',
  });
  const fn = (f: { name: string; qualifiers?: string[] }): ExpectedFunction => ({
    name: f.name,
    region: REGION,
    permissions: (f.qualifiers ?? []).map((q) => ({
      address: `aws_lambda_permission.${f.name}_${q}`,
      permission: { statementId: 's', action: 'lambda:InvokeFunction', principal: 'events.amazonaws.com', qualifier: q },
    })),
    source: 'test',
  });
  return {
    roles: roles.map(role),
    functions: functions.map(fn),
    customerPolicies: policies.map((arn) => ({ arn, name: arn.split('/').pop()!, address: 'aws_iam_policy.p', document: {}, source: 'test' })),
    sources: ['test'],
  };
}

/**
 * A persistent server fault for one resource: every IAM call naming `roleName` answers 503
 * ServiceUnavailable (what IAM says when it is having a bad day). The real endpoint renders it; only
 * the IAM module is wrapped, so the SDK sees a genuine 5xx over HTTP and retries it as it would in AWS.
 */
export function iamFailingFor(roleName: string): { modules: ServiceModule<any>[]; fault: { enabled: boolean } } {
  const fault = { enabled: false };
  const modules = defaultServiceModules().map((m) =>
    m.signingName !== 'iam'
      ? m
      : {
          ...m,
          handle: (...args: Parameters<ServiceModule['handle']>) => {
            const [op, req, ctx, state, services] = args;
            const params = new URLSearchParams(req.body.toString('utf8'));
            if (fault.enabled && params.get('RoleName') === roleName) throw new AwsError('ServiceUnavailable', 'Service is unavailable (injected for a test)', 503, 'Receiver');
            return m.handle(op, req, ctx, state, services);
          },
        },
  );
  return { modules, fault };
}
