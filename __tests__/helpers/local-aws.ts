/**
 * Starts the local AWS endpoint on a free port for one test file and hands out SDK v3 client configs.
 *
 *   const aws = withLocalAws();
 *   const iam = new IAMClient(aws.clientConfig());            // test/test, the deploy identity
 *   const iamConsole = new IAMClient(aws.clientConfig('console'));
 *   aws.instance().cloudTrailEvents();
 */
import { startLocalAws, DEFAULT_CREDENTIALS, type LocalAws, type LocalAwsOptions } from '../../local-aws';

export type CredentialName = keyof typeof DEFAULT_CREDENTIALS;

export interface SdkClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts: number;
}

export interface LocalAwsHandle {
  /** The running endpoint (only valid inside tests, after beforeAll). */
  instance(): LocalAws;
  endpoint(): string;
  /** SDK config for a default identity or explicit keys; maxAttempts 1 so errors surface at once. */
  clientConfig(creds?: CredentialName | SdkClientConfig['credentials'], region?: string): SdkClientConfig;
}

export function withLocalAws(opts: Omit<LocalAwsOptions, 'port'> = {}): LocalAwsHandle {
  let aws: LocalAws | undefined;
  beforeAll(async () => {
    aws = await startLocalAws({ ...opts, port: 0 });
  });
  afterAll(async () => {
    await aws?.close();
  });
  const instance = () => {
    if (!aws) throw new Error('withLocalAws(): the endpoint is not started yet; use it inside tests or beforeEach, not at describe time.');
    return aws;
  };
  return {
    instance,
    endpoint: () => instance().endpoint,
    clientConfig: (creds = 'admin', region = 'us-east-1') => ({
      endpoint: instance().endpoint,
      region,
      credentials: typeof creds === 'string' ? { ...DEFAULT_CREDENTIALS[creds] } : creds,
      maxAttempts: 1,
    }),
  };
}
