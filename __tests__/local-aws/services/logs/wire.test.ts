/**
 * CloudWatch Logs on the wire, with hand-signed requests where the SDK hides the bytes: JSON 1.1 answers,
 * errors as `__type` + `message` with X-Amzn-ErrorType, the target forms AWS accepts, and the errors the
 * core answers for Logs (signature, throttling) in Logs' own JSON family.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { withLocalAws } from '../../../helpers/local-aws';
import { rawPost, type RawResponse } from '../../../helpers/raw-http';
import { rejectionOf } from '../../support';

const aws = withLocalAws();

const bytes = (d: string | ArrayBuffer | ArrayBufferView) =>
  typeof d === 'string' ? d : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.h.digest());
  }
}

/** A Logs call as the SDK sends it: POST /, JSON 1.1, signed for `logs` with the test identity. */
async function call(target: string, body: object, secretAccessKey = 'test'): Promise<RawResponse> {
  const url = new URL(aws.endpoint());
  const text = JSON.stringify(body);
  const signer = new SignatureV4({
    service: 'logs',
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey },
    sha256: Sha256,
  });
  const req = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: text,
  });
  return rawPost(aws.endpoint(), '/', req.headers, text);
}

beforeEach(() => aws.instance().reset());

test('a call without output answers 200 with an empty body; DescribeLogGroups answers JSON', async () => {
  const created = await call('Logs_20140328.CreateLogGroup', { logGroupName: 'w' });
  expect(created).toEqual({ status: 200, body: '', errorType: '' });
  const described = await call('Logs_20140328.DescribeLogGroups', {});
  expect(described.status).toBe(200);
  expect((JSON.parse(described.body) as { logGroups: { logGroupName: string }[] }).logGroups[0].logGroupName).toBe('w');
});

test('the long target form (smithy namespace) is accepted as AWS accepts it', async () => {
  expect((await call('com.amazonaws.logs.v20140328.Logs_20140328.CreateLogGroup', { logGroupName: 'long' })).status).toBe(200);
});

test('a service error is 400 with X-Amzn-ErrorType and {__type, message}', async () => {
  const res = await call('Logs_20140328.DeleteLogGroup', { logGroupName: 'missing' });
  expect(res.status).toBe(400);
  expect(res.errorType).toBe('ResourceNotFoundException');
  expect(JSON.parse(res.body)).toEqual({ __type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
});

test('a missing required member is InvalidParameterException in AWS words; a wrong JSON type is SerializationException', async () => {
  const missing = await call('Logs_20140328.CreateLogGroup', {});
  expect(JSON.parse(missing.body)).toMatchObject({
    __type: 'InvalidParameterException',
    message: expect.stringContaining("Value null at 'logGroupName' failed to satisfy constraint: Member must not be null") as unknown,
  });
  const wrongType = await call('Logs_20140328.PutRetentionPolicy', { logGroupName: 'x', retentionInDays: '7' });
  expect(wrongType.errorType).toBe('SerializationException');
});

test('an operation the module does not serve is UnknownOperationException listing the ones it does', async () => {
  const res = await call('Logs_20140328.PutLogEvents', { logGroupName: 'w', logStreamName: 's', logEvents: [] });
  expect(res.status).toBe(400);
  expect(res.errorType).toBe('UnknownOperationException');
  expect(res.body).toContain('CreateLogGroup, DeleteLogGroup, DescribeLogGroups');
});

test('core errors come in the JSON family: a bad signature is InvalidSignatureException', async () => {
  const res = await call('Logs_20140328.DescribeLogGroups', {}, 'wrong-secret');
  expect(res.status).toBe(403);
  expect(res.errorType).toBe('InvalidSignatureException');
  expect(JSON.parse(res.body)).toMatchObject({ __type: 'InvalidSignatureException' });
});

test('a quota on logs throttles with ThrottlingException 400, which the SDK reads as a throttling error', async () => {
  aws.instance().setControls({ quotas: { rules: [{ service: 'logs', perSecond: 1, burst: 1 }] } });
  try {
    const logs = new CloudWatchLogsClient(aws.clientConfig());
    await logs.send(new DescribeLogGroupsCommand({}));
    const err = await rejectionOf(logs.send(new DescribeLogGroupsCommand({})));
    logs.destroy();
    expect(err).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
  } finally {
    aws.instance().setControls({ quotas: 'none' });
  }
});
