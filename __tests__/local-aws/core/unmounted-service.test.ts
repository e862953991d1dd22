/**
 * A request for a service the endpoint does not serve (CloudWatch Logs, KMS, DynamoDB, API Gateway, SQS…) is
 * answered in the wire protocol it was sent in, so the caller's SDK (or the Terraform provider) parses the
 * error and shows the useful message: which services this endpoint serves.
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { withLocalAws } from '../../helpers/local-aws';
import { rawPost } from '../../helpers/raw-http';
import { rejectionOf } from '../support';
import { iamService } from '../../../local-aws/services/iam';
import { stsService } from '../../../local-aws/services/sts';
import { lambdaService } from '../../../local-aws/services/lambda';
import { cloudTrailService } from '../../../local-aws/services/cloudtrail';

// The four services named explicitly, so these stay requests for unserved services if more are mounted by default.
const aws = withLocalAws({ modules: [iamService, stsService, lambdaService, cloudTrailService] });
const SERVED = 'This endpoint serves iam, sts, lambda, cloudtrail';

const bytes = (d: string | ArrayBuffer | ArrayBufferView) =>
  typeof d === 'string' ? d : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

/** The signer's hash interface over node:crypto (HMAC when given a secret). */
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

/** A request signed for `service` with the test identity, as its SDK would send it. */
async function signed(service: string, headers: Record<string, string>, body: string, path = '/') {
  const url = new URL(aws.endpoint());
  const signer = new SignatureV4({
    service,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    sha256: Sha256,
  });
  const req = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path,
    query: {},
    headers: { host: url.host, ...headers },
    body,
  });
  return rawPost(aws.endpoint(), path, req.headers, body);
}

test('a CloudWatch Logs call (JSON 1.1) gets a JSON 1.1 error with X-Amzn-ErrorType and the message', async () => {
  const res = await signed(
    'logs',
    { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' },
    '{}',
  );
  expect(res.status).toBe(400);
  expect(res.errorType).toBe('UnknownOperationException');
  expect(JSON.parse(res.body)).toEqual({
    __type: 'UnknownOperationException',
    message: `${SERVED}; it does not serve "logs".`,
  });
});

test('the real CloudWatch Logs SDK client receives the message as its error', async () => {
  const logs = new CloudWatchLogsClient(aws.clientConfig());
  const err = await rejectionOf(logs.send(new DescribeLogGroupsCommand({})));
  logs.destroy();
  expect(err).toMatchObject({
    name: 'UnknownOperationException',
    message: `${SERVED}; it does not serve "logs".`,
    $metadata: { httpStatusCode: 400 },
  });
});

test('a DynamoDB call (JSON 1.0) is answered as JSON 1.0', async () => {
  const res = await signed(
    'dynamodb',
    { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' },
    '{}',
  );
  expect(res.status).toBe(400);
  expect(res.errorType).toBe('UnknownOperationException');
  expect(JSON.parse(res.body)).toMatchObject({ message: `${SERVED}; the request was signed for "dynamodb".` });
});

test('a REST-JSON call (API Gateway) gets X-Amzn-ErrorType and a JSON message', async () => {
  const res = await signed('apigateway', { 'content-type': 'application/json' }, '{"name":"x"}', '/restapis');
  expect(res.status).toBe(400);
  expect(res.errorType).toBe('UnknownOperationException');
  expect(JSON.parse(res.body)).toMatchObject({ message: `${SERVED}; the request was signed for "apigateway".` });
});

test('a Query call (SQS) still gets Query XML', async () => {
  const res = await signed('sqs', { 'content-type': 'application/x-www-form-urlencoded' }, 'Action=ListQueues&Version=2012-11-05');
  expect(res.status).toBe(400);
  expect(res.errorType).toBe('');
  expect(res.body).toContain('<Code>InvalidAction</Code>');
  expect(res.body).toContain('signed for &quot;sqs&quot;');
});

test('a real JSON 1.1 SDK client signing for KMS receives the message as its error', async () => {
  // The CloudTrail client is the installed JSON 1.1 client: sign it as KMS and send a KMS target, as the KMS
  // client would, so the answer goes through the SDK's own JSON 1.1 error parser.
  const cloudTrail = new CloudTrailClient(aws.clientConfig());
  const signAsCloudTrail = cloudTrail.config.httpAuthSchemeProvider;
  const kms = new CloudTrailClient({
    ...aws.clientConfig(),
    httpAuthSchemeProvider: (params) =>
      signAsCloudTrail(params).map((o) => ({ ...o, signingProperties: { ...o.signingProperties, name: 'kms', signingName: 'kms' } })),
  });
  kms.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-amz-target'] = 'TrentService.ListKeys';
      return next(args);
    },
    { step: 'build', name: 'asKms' },
  );
  const err = await rejectionOf(kms.send(new LookupEventsCommand({})));
  kms.destroy();
  cloudTrail.destroy();
  expect(err).toMatchObject({
    name: 'UnknownOperationException',
    message: `${SERVED}; the request was signed for "kms".`,
    $metadata: { httpStatusCode: 400 },
  });
});
