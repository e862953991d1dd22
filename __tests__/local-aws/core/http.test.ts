/** The HTTP edge: a body over the size limit is refused with 413 in the target service's protocol. */
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { withLocalAws } from '../../helpers/local-aws';
import { rawPost, type RawResponse } from '../../helpers/raw-http';
import { MAX_BODY_BYTES } from '../../../local-aws/core/http';

const aws = withLocalAws();

function post(path: string, headers: Record<string, string>, body: Buffer): Promise<RawResponse> {
  return rawPost(aws.endpoint(), path, headers, body);
}

test('a Lambda CreateFunction whose body passes the limit gets 413 RequestEntityTooLargeException, which the SDK names', async () => {
  const lambda = new LambdaClient({ ...aws.clientConfig(), maxAttempts: 1 });
  // base64 grows the zip by 4/3 in the JSON body.
  const zip = Buffer.alloc(Math.ceil((MAX_BODY_BYTES * 3) / 4) + 1024, 7);
  await expect(
    lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'huge',
        Role: 'arn:aws:iam::000000000000:role/x',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: zip },
      }),
    ),
  ).rejects.toMatchObject({ name: 'RequestEntityTooLargeException', $metadata: { httpStatusCode: 413 } });
  lambda.destroy();
}, 60_000);

test('an oversized Query request gets 413 as Query XML', async () => {
  const res = await post('/', { 'content-type': 'application/x-www-form-urlencoded' }, Buffer.alloc(MAX_BODY_BYTES + 1, 'a'));
  expect(res.status).toBe(413);
  expect(res.body).toContain('<Code>RequestEntityTooLargeException</Code>');
}, 60_000);
