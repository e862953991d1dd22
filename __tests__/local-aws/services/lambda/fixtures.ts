/**
 * Shared setup for the Lambda module's tests: the real endpoint (core + IAM + Lambda + CloudTrail) on a
 * free port, real SDK v3 clients, an execution role created through the IAM module, and an in-memory zip
 * builder so tests need no fixture file or archive tool.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DEFAULT_ACCOUNT_ID, type CloudTrailRecord, type LocalAws } from '../../../../local-aws';
import { withLocalAws, type CredentialName } from '../../../helpers/local-aws';
import { zipWith } from '../../../helpers/zip';

export { zipWith };

export const ACCOUNT = DEFAULT_ACCOUNT_ID;
export const EXEC_ROLE_NAME = 'fn-exec';
export const EXEC_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${EXEC_ROLE_NAME}`;

export const functionArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

const LAMBDA_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export interface LambdaTestEnv {
  aws: LocalAws;
  lambda: LambdaClient;
  iam: IAMClient;
  /** LookupEvents shows the function name under `Resources`, which the record itself does not carry. */
  cloudtrail: CloudTrailClient;
  /** A Lambda client for another region of the same account. */
  client(region: string): LambdaClient;
  /** A Lambda client for another default identity (e.g. 'other', account 111111111111). */
  clientAs(identity: CredentialName): LambdaClient;
  /** Lambda's CloudTrail records (eventSource lambda.amazonaws.com), oldest first. */
  lambdaEvents(): CloudTrailRecord[];
}

/** One endpoint per test file, with the execution role EXEC_ROLE_ARN created before the tests run. */
export function useLambdaEndpoint(): LambdaTestEnv {
  const handle = withLocalAws();
  const env = {} as LambdaTestEnv;
  const clients: LambdaClient[] = [];
  beforeAll(async () => {
    env.aws = handle.instance();
    env.client = (region: string) => {
      const c = new LambdaClient(handle.clientConfig('admin', region));
      clients.push(c);
      return c;
    };
    env.clientAs = (identity: CredentialName) => {
      const c = new LambdaClient(handle.clientConfig(identity));
      clients.push(c);
      return c;
    };
    env.lambda = env.client('us-east-1');
    env.iam = new IAMClient(handle.clientConfig('admin'));
    env.cloudtrail = new CloudTrailClient(handle.clientConfig('admin'));
    await env.iam.send(new CreateRoleCommand({ RoleName: EXEC_ROLE_NAME, AssumeRolePolicyDocument: LAMBDA_TRUST }));
    env.lambdaEvents = () => env.aws.cloudTrailEvents().filter((e) => e.eventSource === 'lambda.amazonaws.com');
  });
  afterAll(() => {
    clients.forEach((c) => c.destroy());
    env.iam?.destroy();
    env.cloudtrail?.destroy();
  });
  return env;
}

/** Creates a published nodejs20.x function with the execution role and one file, index.js, holding `code`. */
export async function createPublishedFunction(lambda: LambdaClient, name: string, code: string): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: EXEC_ROLE_ARN,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: zipWith('index.js', code) },
      Publish: true,
    }),
  );
}
