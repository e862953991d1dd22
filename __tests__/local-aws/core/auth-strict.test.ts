/**
 * What a signature must cover beyond the HMAC itself: the body (whatever x-amz-content-sha256 claims), a
 * readable signed date within the skew window that matches the credential scope, and the host. Requests
 * are signed by hand here so each rule can be broken alone; the SDK-signed tests elsewhere prove the real
 * clients still pass.
 */
import { createHash, createHmac } from 'node:crypto';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { withLocalAws } from '../../helpers/local-aws';
import { rawPost, type RawResponse } from '../../helpers/raw-http';
import { parseJson } from '../support';

const aws = withLocalAws();

/** A JSON protocol's error body: JSON 1.1 names the error in `__type`, REST-JSON sends `message`. */
interface JsonError {
  readonly __type?: string;
  readonly message?: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (k: Buffer | string, s: string) => createHmac('sha256', k).update(s).digest();

interface HandSigned {
  /** Headers sent (lower-case names); host is added. */
  headers: Record<string, string>;
  signedHeaders: string[];
  /** The timestamp in the string to sign. */
  stringToSignDate: string;
  scopeDate: string;
  service: string;
  path?: string;
  /** The body the signature covers. */
  signedBody: string;
  /** The payload hash in the canonical request (default: the hash of signedBody). */
  payloadHash?: string;
}

function post(path: string, headers: Record<string, string>, body: string): Promise<RawResponse> {
  return rawPost(aws.endpoint(), path, headers, body);
}

/** SigV4 by the book, for path-only requests without a query. Returns the headers to send. */
function sign(s: HandSigned): Record<string, string> {
  const host = new URL(aws.endpoint()).host;
  const headers: Record<string, string> = { host, ...s.headers };
  const canonical = [
    'POST',
    s.path ?? '/',
    '',
    s.signedHeaders.map((h) => `${h}:${(headers[h] ?? '').trim()}\n`).join(''),
    s.signedHeaders.join(';'),
    s.payloadHash ?? sha256(s.signedBody),
  ].join('\n');
  const scope = `${s.scopeDate}/us-east-1/${s.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', s.stringToSignDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac('AWS4test', s.scopeDate), 'us-east-1'), s.service), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=test/${scope}, SignedHeaders=${s.signedHeaders.join(';')}, Signature=${signature}`,
  };
}

const now = () =>
  new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
const STS_BODY = 'Action=GetCallerIdentity&Version=2011-06-15';
const FORM = 'application/x-www-form-urlencoded';

describe('the payload is always covered', () => {
  test('x-amz-content-sha256: UNSIGNED-PAYLOAD does not let an IAM body be swapped (SignatureDoesNotMatch)', async () => {
    const date = now();
    const headers = sign({
      headers: { 'content-type': FORM, 'x-amz-date': date, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      signedHeaders: ['content-type', 'host', 'x-amz-content-sha256', 'x-amz-date'],
      stringToSignDate: date,
      scopeDate: date.slice(0, 8),
      service: 'iam',
      signedBody: 'Action=ListRoles&Version=2010-05-08',
      payloadHash: 'UNSIGNED-PAYLOAD',
    });
    const res = await post('/', headers, 'Action=CreateRole&Version=2010-05-08&RoleName=swapped&AssumeRolePolicyDocument=%7B%7D');
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(JSON.stringify(aws.instance().snapshot())).not.toContain('swapped');
  });

  test('the same trick on CloudTrail is InvalidSignatureException; a stale declared hash is refused too', async () => {
    const date = now();
    const base = {
      signedHeaders: ['content-type', 'host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-target'],
      stringToSignDate: date,
      scopeDate: date.slice(0, 8),
      service: 'cloudtrail',
      signedBody: '{}',
    };
    const json = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-date': date,
      'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
    };
    const unsigned = sign({ ...base, headers: { ...json, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, payloadHash: 'UNSIGNED-PAYLOAD' });
    const a = await post('/', unsigned, '{"MaxResults":1}');
    expect(a.status).toBe(403);
    expect(parseJson<JsonError>(a.body).__type).toMatch(/InvalidSignatureException/);
    // The header names the signed body's hash, the body sent is another one.
    const stale = sign({ ...base, headers: { ...json, 'x-amz-content-sha256': sha256('{}') } });
    const b = await post('/', stale, '{"MaxResults":1}');
    expect(b.status).toBe(403);
    expect(parseJson<JsonError>(b.body).__type).toMatch(/InvalidSignatureException/);
    // Control: the same request with the body it signed passes.
    expect((await post('/', stale, '{}')).status).toBe(200);
  });
});

describe('the date and the host must be signed and consistent', () => {
  const sts = (over: Partial<HandSigned> & { headers: Record<string, string> }) => {
    const date = now();
    return sign({
      signedHeaders: ['content-type', 'host', 'x-amz-date'],
      stringToSignDate: date,
      scopeDate: date.slice(0, 8),
      service: 'sts',
      signedBody: STS_BODY,
      ...over,
    });
  };

  test('no x-amz-date and no Date header is IncompleteSignature (403), not a pass that skips the clock check', async () => {
    const date = now();
    const res = await post(
      '/',
      sts({
        headers: { 'content-type': FORM },
        signedHeaders: ['content-type', 'host'],
        stringToSignDate: '',
        scopeDate: date.slice(0, 8),
      }),
      STS_BODY,
    );
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>IncompleteSignature</Code>');
  });

  test('a malformed x-amz-date is refused', async () => {
    const date = now();
    const res = await post(
      '/',
      sts({ headers: { 'content-type': FORM, 'x-amz-date': 'yesterday' }, stringToSignDate: 'yesterday', scopeDate: date.slice(0, 8) }),
      STS_BODY,
    );
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>IncompleteSignature</Code>');
  });

  test('a credential scope dated another day than x-amz-date is SignatureDoesNotMatch', async () => {
    const date = now();
    const res = await post(
      '/',
      sts({ headers: { 'content-type': FORM, 'x-amz-date': date }, stringToSignDate: date, scopeDate: '20200101' }),
      STS_BODY,
    );
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(res.body).toMatch(/Credential scope/);
  });

  test('SignedHeaders without host is IncompleteSignature', async () => {
    const date = now();
    const res = await post(
      '/',
      sts({ headers: { 'content-type': FORM, 'x-amz-date': date }, stringToSignDate: date, signedHeaders: ['content-type', 'x-amz-date'] }),
      STS_BODY,
    );
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>IncompleteSignature</Code>');
    expect(res.body).toMatch(/Host/);
  });

  test('SignedHeaders without the date header is IncompleteSignature', async () => {
    const date = now();
    const res = await post(
      '/',
      sts({ headers: { 'content-type': FORM, 'x-amz-date': date }, stringToSignDate: date, signedHeaders: ['content-type', 'host'] }),
      STS_BODY,
    );
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>IncompleteSignature</Code>');
  });

  test('Lambda answers a missing date with IncompleteSignatureException', async () => {
    const date = now();
    const headers = sign({
      headers: {},
      signedHeaders: ['host'],
      stringToSignDate: '',
      scopeDate: date.slice(0, 8),
      service: 'lambda',
      path: '/2015-03-31/functions/x/policy',
      signedBody: '',
    });
    const res = await post('/2015-03-31/functions/x/policy', headers, '');
    expect(res.status).toBe(403);
    expect(res.errorType).toMatch(/IncompleteSignatureException/);
    expect(res.body).toMatch(/Authorization header requires existence/);
  });

  test('a signed HTTP Date header works in place of x-amz-date (ISO basic form in the string to sign)', async () => {
    const at = new Date();
    at.setUTCMilliseconds(0);
    const iso = at
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}Z$/, 'Z');
    const res = await post(
      '/',
      sts({
        headers: { 'content-type': FORM, date: at.toUTCString() },
        signedHeaders: ['content-type', 'date', 'host'],
        stringToSignDate: iso,
        scopeDate: iso.slice(0, 8),
      }),
      STS_BODY,
    );
    expect(res.status).toBe(200);
    expect(res.body).toContain('<Account>000000000000</Account>');
  });

  test('a malformed Authorization header is IncompleteSignature (Query), not MissingAuthenticationToken', async () => {
    const date = now();
    const res = await post(
      '/',
      { 'content-type': FORM, 'x-amz-date': date, authorization: 'AWS4-HMAC-SHA256 Credential=test/garbage' },
      STS_BODY,
    );
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>IncompleteSignature</Code>');
    expect(res.body).toContain('Authorization header requires &apos;SignedHeaders&apos; parameter.');
    const other = await post('/', { 'content-type': FORM, 'x-amz-date': date, authorization: 'Bearer abc' }, STS_BODY);
    expect(other.status).toBe(403);
    expect(other.body).toContain('<Code>IncompleteSignature</Code>');
  });

  test('Lambda answers a malformed Authorization header with IncompleteSignatureException', async () => {
    const res = await post(
      '/2015-03-31/functions/x/policy',
      { 'x-amz-date': now(), authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, Signature=zz' },
      '',
    );
    expect(res.status).toBe(403);
    expect(res.errorType).toBe('IncompleteSignatureException');
    expect(parseJson<JsonError>(res.body).message).toMatch(/^Authorization header requires 'SignedHeaders' parameter\./);
  });

  test('the SDK still signs through', async () => {
    await expect(new STSClient(aws.clientConfig()).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
      Account: '000000000000',
    });
  });
});
