/**
 * Authentication at the edge: every default identity is recognised, unknown keys and bad signatures are
 * refused in the target service's protocol, and our canonical request agrees with the SDK's own signer.
 */
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { withLocalAws } from '../../helpers/local-aws';
import { rawPost as rawPostTo } from '../../helpers/raw-http';
import { parseAuthorization, signatureMatches } from '../../../local-aws/core/sigv4';
import { startLocalAws } from '../../../local-aws';
import { stringMatching } from '../support';

const aws = withLocalAws();
const rawPost = (path: string, headers: Record<string, string>, body: string) => rawPostTo(aws.endpoint(), path, headers, body);

const toBytes = (d: string | ArrayBuffer | ArrayBufferView): string | Buffer =>
  typeof d === 'string' ? d : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

/** The signer's hash interface over node:crypto (HMAC when given a secret), as the SDK's Node hash does. */
class NodeSha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret ? createHmac('sha256', toBytes(secret)) : createHash('sha256');
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(toBytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.h.digest());
  }
}

const signer = (service: string) =>
  new SignatureV4({ service, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, sha256: NodeSha256 });

describe('identities', () => {
  test.each([
    ['admin', '000000000000', 'arn:aws:iam::000000000000:root', '000000000000'],
    [
      'console',
      '000000000000',
      'arn:aws:sts::000000000000:assumed-role/Admin/console-user',
      stringMatching(/^AROA[A-Z2-7]{17}:console-user$/),
    ],
    ['other', '111111111111', 'arn:aws:iam::111111111111:root', '111111111111'],
  ] as const)('GetCallerIdentity as %s answers account %s and its ARN', async (name, account, arn, userId) => {
    const out = await new STSClient(aws.clientConfig(name)).send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({ Account: account, Arn: arn, UserId: userId });
  });
});

describe('refusals', () => {
  test('an unknown access key gets InvalidClientTokenId (403) from STS', async () => {
    const sts = new STSClient(aws.clientConfig({ accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' }));
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      $metadata: { httpStatusCode: 403 },
    });
  });

  test('a wrong secret gets SignatureDoesNotMatch (403) from IAM', async () => {
    const iam = new IAMClient(aws.clientConfig({ accessKeyId: 'test', secretAccessKey: 'wrong' }));
    await expect(iam.send(new ListRolesCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
  });

  test('JSON services answer with their own names: UnrecognizedClientException / InvalidSignatureException', async () => {
    const unknown = new CloudTrailClient(aws.clientConfig({ accessKeyId: 'nobody', secretAccessKey: 'x' }));
    await expect(unknown.send(new LookupEventsCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 403 },
    });
    const badSecret = new LambdaClient(aws.clientConfig({ accessKeyId: 'test', secretAccessKey: 'wrong' }));
    await expect(badSecret.send(new ListFunctionsCommand({}))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 403 },
    });
  });

  test('an unsigned Query request gets MissingAuthenticationToken as Query XML', async () => {
    const res = await rawPost('/', { 'content-type': 'application/x-www-form-urlencoded' }, 'Action=GetCallerIdentity&Version=2011-06-15');
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>MissingAuthenticationToken</Code>');
  });

  test('a long-term key sent with a session token is refused with InvalidClientTokenId, as on AWS', async () => {
    const sts = new STSClient(aws.clientConfig({ accessKeyId: 'test', secretAccessKey: 'test', sessionToken: 'stale-token' }));
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  });

  test('a request signed more than 15 minutes off the clock is refused as an expired signature', async () => {
    const sts = new STSClient({ ...aws.clientConfig(), systemClockOffset: -20 * 60 * 1000 });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      message: stringMatching(/Signature expired/),
    });
  });

  test('a request signed for a service the endpoint does not serve names the services it does', async () => {
    const signed = await signer('s3').sign({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: '/',
      query: {},
      headers: { host: '127.0.0.1', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=ListBuckets',
    });
    const res = await rawPost('/', signed.headers, 'Action=ListBuckets');
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/serves iam, sts, lambda, cloudtrail, logs; the request was signed for &quot;s3&quot;/);
  });

  test('refused calls are not counted as operations', async () => {
    aws.instance().resetCallCounts();
    const refused = new STSClient(aws.clientConfig({ accessKeyId: 'test', secretAccessKey: 'wrong' })).send(
      new GetCallerIdentityCommand({}),
    );
    // The refusal itself, as the SDK sees it: the Query error code, a client fault, HTTP 403.
    await expect(refused).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      Code: 'SignatureDoesNotMatch',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    });
    expect(aws.instance().callCounts()).toEqual({});
  });
});

describe('canonical request agrees with @smithy/signature-v4', () => {
  test.each([
    [
      'lambda',
      '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Aorders/policy',
      { Qualifier: 'live', Marker: 'a b+c/d' },
    ],
    ['lambda', '/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Ax', {}],
    ['iam', '/', { 'Z-last': '1', a: "it's (odd)*!" }],
  ] as const)('%s %s verifies, and a changed byte does not', async (service, path, query) => {
    const body = '{"x":1}';
    const signed = await signer(service).sign({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4566,
      path,
      query: { ...query },
      headers: { host: '127.0.0.1:4566', 'content-type': 'application/json' },
      body,
    });
    const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const rawQuery = Object.entries(signed.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    const auth = parseAuthorization(headers['authorization'])!;
    expect(auth.service).toBe(service);
    expect(auth.region).toBe('eu-west-1');
    const wire = { method: 'POST', rawPath: path, rawQuery, headers, body: Buffer.from(body) };
    expect(signatureMatches(wire, auth, 'test')).toBe(true);
    expect(signatureMatches({ ...wire, body: Buffer.from('{"x":2}') }, auth, 'test')).toBe(false);
    expect(signatureMatches(wire, auth, 'other')).toBe(false);
  });
});

describe('custom identities', () => {
  test('an IAM user identity answers with an AIDA… UserId; its account is a known account', async () => {
    const local = await startLocalAws({
      port: 0,
      identities: [
        {
          accessKeyId: 'AKIAALICE',
          secretAccessKey: 's3cret',
          accountId: '123456789012',
          arn: 'arn:aws:iam::123456789012:user/team/alice',
        },
      ],
    });
    try {
      const sts = new STSClient({
        endpoint: local.endpoint,
        region: 'us-east-1',
        maxAttempts: 1,
        credentials: { accessKeyId: 'AKIAALICE', secretAccessKey: 's3cret' },
      });
      expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({
        Account: '123456789012',
        Arn: 'arn:aws:iam::123456789012:user/team/alice',
        UserId: stringMatching(/^AIDA[A-Z2-7]{17}$/),
      });
      // The defaults are replaced, not merged.
      const admin = new STSClient({
        endpoint: local.endpoint,
        region: 'us-east-1',
        maxAttempts: 1,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      await expect(admin.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    } finally {
      await local.close();
    }
  });

  test.each([
    [
      [{ accessKeyId: 'k', secretAccessKey: 's', accountId: '123456789012', arn: 'arn:aws:iam::999999999999:root' }],
      /identities\[k\]\.arn: .*account "123456789012"/,
    ],
    [
      [
        { accessKeyId: 'k', secretAccessKey: 's', accountId: '123456789012', arn: 'arn:aws:iam::123456789012:root' },
        { accessKeyId: 'k', secretAccessKey: 't', accountId: '123456789012', arn: 'arn:aws:iam::123456789012:root' },
      ],
      /access key "k" is listed twice/,
    ],
  ])('a bad identity list is refused at start with the field and the fix (%#)', async (identities, message) => {
    await expect(startLocalAws({ port: 0, identities })).rejects.toThrow(message);
  });
});
