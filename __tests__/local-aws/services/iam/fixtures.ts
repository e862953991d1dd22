/** Shared setup for the IAM module's tests: a real endpoint on a free port and real SDK v3 clients. */
import { IAMClient } from '@aws-sdk/client-iam';
import type { LocalAws } from '../../../../local-aws';
import { withLocalAws } from '../../../helpers/local-aws';

export const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export const LOGS_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: 'arn:aws:logs:*:*:log-group:/aws/lambda/a b+c:*' },
  ],
});

export interface IamTestEnv {
  aws: LocalAws;
  iam: IAMClient;
  /** Same endpoint, another account (the `other` key). */
  otherIam: IAMClient;
}

/** One endpoint for the file (the shared withLocalAws helper), reset between tests. */
export function useIamEndpoint(): IamTestEnv {
  const handle = withLocalAws();
  const env = {} as IamTestEnv;
  beforeAll(() => {
    env.aws = handle.instance();
    env.iam = new IAMClient(handle.clientConfig('admin'));
    env.otherIam = new IAMClient(handle.clientConfig('other'));
  });
  afterEach(() => env.aws.reset());
  afterAll(() => {
    env.iam?.destroy();
    env.otherIam?.destroy();
  });
  return env;
}

/** The error an SDK call rejected with, with its HTTP status, for asserting Code/status/message together. */
export async function errorOf(p: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
