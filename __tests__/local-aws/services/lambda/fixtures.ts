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

/** A minimal valid zip (one stored file) built in memory, so tests need no fixture or archive tool. */
export function zipWith(fileName: string, content: string): Buffer {
  const data = Buffer.from(content);
  const name = Buffer.from(fileName);
  const crc = crc32(data);
  // The local header and its central directory entry share the fields from "version needed" on; the
  // central entry has them 2 bytes further in, after its "version made by".
  const header = (length: number, signature: number, shared: number) => {
    const h = Buffer.alloc(length);
    h.writeUInt32LE(signature, 0);
    h.writeUInt16LE(20, shared); // version needed: 2.0
    h.writeUInt32LE(crc, shared + 10);
    h.writeUInt32LE(data.length, shared + 14); // compressed size = size: the file is stored
    h.writeUInt32LE(data.length, shared + 18);
    h.writeUInt16LE(name.length, shared + 22);
    return h;
  };
  const local = header(30, 0x04034b50, 4);
  const central = header(46, 0x02014b50, 6);
  central.writeUInt16LE(20, 4); // version made by: 2.0
  const centralOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

function crc32(buf: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}
