/**
 * Asynchronous invocation settings, function URLs and provisioned concurrency through the real Lambda SDK
 * v3 client: what each call stores and answers, per qualifier, the values Lambda refuses, the error codes
 * the provider looks for, and the CloudTrail records.
 */
import {
  CreateAliasCommand,
  CreateFunctionUrlConfigCommand,
  DeleteAliasCommand,
  DeleteFunctionEventInvokeConfigCommand,
  DeleteFunctionUrlConfigCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetFunctionEventInvokeConfigCommand,
  GetFunctionUrlConfigCommand,
  GetProvisionedConcurrencyConfigCommand,
  ListFunctionEventInvokeConfigsCommand,
  ListFunctionUrlConfigsCommand,
  ListProvisionedConcurrencyConfigsCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  PutProvisionedConcurrencyConfigCommand,
  UpdateFunctionEventInvokeConfigCommand,
  UpdateFunctionUrlConfigCommand,
} from '@aws-sdk/client-lambda';
import { createPublishedFunction, functionArn, useLambdaEndpoint } from './fixtures';
import { rejectionOf } from '../../support';

const env = useLambdaEndpoint();
const FN = 'configured';
const ARN = functionArn(FN);
const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:failed';
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:done';

beforeAll(async () => {
  await createPublishedFunction(env.lambda, FN, 'exports.handler = async () => 1;');
  await env.lambda.send(new CreateAliasCommand({ FunctionName: FN, Name: 'live', FunctionVersion: '1' }));
});

describe('event invoke configs', () => {
  afterEach(async () => {
    for (const Qualifier of [undefined, 'live', '1']) {
      await env.lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: FN, Qualifier })).catch(() => undefined);
    }
  });

  test('Put stores the settings of one qualifier (none is $LATEST) with destinations; Get answers them', async () => {
    const put = await env.lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: FN,
        Qualifier: 'live',
        MaximumRetryAttempts: 1,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: { OnSuccess: { Destination: TOPIC }, OnFailure: { Destination: QUEUE } },
      }),
    );
    expect(put).toMatchObject({ FunctionArn: `${ARN}:live`, MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 3600 });
    expect(put.LastModified).toBeInstanceOf(Date);
    expect(await env.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: FN, Qualifier: 'live' }))).toMatchObject({
      DestinationConfig: { OnSuccess: { Destination: TOPIC }, OnFailure: { Destination: QUEUE } },
    });
    const latest = await env.lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: FN, MaximumRetryAttempts: 0 }));
    expect(latest.FunctionArn).toBe(`${ARN}:$LATEST`);
    // Unset destinations come back as empty objects, as AWS answers them.
    expect(latest.DestinationConfig).toEqual({ OnSuccess: {}, OnFailure: {} });
    expect(latest.MaximumEventAgeInSeconds).toBeUndefined();
  });

  test('Put replaces every setting; Update changes only what it names', async () => {
    await env.lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: FN,
        MaximumRetryAttempts: 1,
        MaximumEventAgeInSeconds: 600,
        DestinationConfig: { OnFailure: { Destination: QUEUE } },
      }),
    );
    const updated = await env.lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: FN, MaximumRetryAttempts: 2 }));
    expect(updated).toMatchObject({
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 600,
      DestinationConfig: { OnFailure: { Destination: QUEUE } },
    });
    const replaced = await env.lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: FN, MaximumRetryAttempts: 0 }));
    expect(replaced.MaximumEventAgeInSeconds).toBeUndefined();
    expect(replaced.DestinationConfig).toEqual({ OnSuccess: {}, OnFailure: {} });
  });

  test('out-of-range settings and destinations of the wrong kind are InvalidParameterValueException in AWS words', async () => {
    const put = (input: object) => env.lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: FN, ...input }));
    expect((await rejectionOf(put({ MaximumRetryAttempts: 3 }))).message).toContain('Use 0, 1 or 2');
    expect((await rejectionOf(put({ MaximumEventAgeInSeconds: 30 }))).message).toContain('from 60 to 21600');
    const s3OnSuccess = await rejectionOf(put({ DestinationConfig: { OnSuccess: { Destination: 'arn:aws:s3:::bucket' } } }));
    expect(s3OnSuccess).toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringContaining('The destination ARN arn:aws:s3:::bucket is invalid') as unknown,
    });
    await expect(put({ DestinationConfig: { OnFailure: { Destination: 'arn:aws:s3:::bucket' } } })).resolves.toBeDefined();
  });

  test('a missing config is ResourceNotFoundException 404 naming the qualified function; List answers every qualifier', async () => {
    const err = await rejectionOf(env.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: FN, Qualifier: '1' })));
    expect(err).toMatchObject({ name: 'ResourceNotFoundException', message: `The function ${ARN}:1 doesn't have an EventInvokeConfig` });
    await env.lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: FN, Qualifier: 'live', MaximumRetryAttempts: 1 }));
    await env.lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: FN, MaximumRetryAttempts: 2 }));
    const listed = await env.lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: FN }));
    expect(listed.FunctionEventInvokeConfigs?.map((c) => c.FunctionArn)).toEqual([`${ARN}:$LATEST`, `${ARN}:live`]);
  });
});

describe('function URLs', () => {
  afterEach(async () => {
    for (const Qualifier of [undefined, 'live']) {
      await env.lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: FN, Qualifier })).catch(() => undefined);
    }
  });

  test('Create answers 201 with an AWS-shaped URL, the auth type, CORS and invoke mode (BUFFERED by default); Get adds LastModifiedTime', async () => {
    const created = await env.lambda.send(
      new CreateFunctionUrlConfigCommand({
        FunctionName: FN,
        AuthType: 'AWS_IAM',
        Cors: { AllowOrigins: ['https://example.com'], MaxAge: 300 },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.FunctionUrl).toMatch(/^https:\/\/[a-z0-9]{32}\.lambda-url\.us-east-1\.on\.aws\/$/);
    expect(created).toMatchObject({
      FunctionArn: ARN,
      AuthType: 'AWS_IAM',
      InvokeMode: 'BUFFERED',
      Cors: { AllowOrigins: ['https://example.com'], MaxAge: 300 },
    });
    const read = await env.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: FN }));
    expect(read).toMatchObject({ FunctionUrl: created.FunctionUrl, CreationTime: created.CreationTime });
    expect(read.LastModifiedTime).toEqual(expect.any(String));
  });

  test('a URL on an alias has the alias ARN; a version or $LATEST qualifier is refused, and a second URL conflicts (409)', async () => {
    const onAlias = await env.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: FN, Qualifier: 'live', AuthType: 'NONE' }));
    expect(onAlias.FunctionArn).toBe(`${ARN}:live`);
    for (const Qualifier of ['1', '$LATEST']) {
      const err = await rejectionOf(env.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: FN, Qualifier, AuthType: 'NONE' })));
      expect(err).toMatchObject({ name: 'InvalidParameterValueException', message: expect.stringContaining('takes an alias') as unknown });
    }
    const again = await rejectionOf(
      env.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: FN, Qualifier: 'live', AuthType: 'NONE' })),
    );
    expect(again).toMatchObject({ name: 'ResourceConflictException', $metadata: { httpStatusCode: 409 } });
  });

  test('Update changes the auth type and replaces CORS; List answers every URL; Delete then Get is ResourceNotFoundException', async () => {
    await env.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: FN, AuthType: 'NONE', Cors: { AllowMethods: ['GET'] } }));
    const updated = await env.lambda.send(
      new UpdateFunctionUrlConfigCommand({
        FunctionName: FN,
        AuthType: 'AWS_IAM',
        Cors: { AllowOrigins: ['*'] },
        InvokeMode: 'RESPONSE_STREAM',
      }),
    );
    expect(updated).toMatchObject({ AuthType: 'AWS_IAM', Cors: { AllowOrigins: ['*'] }, InvokeMode: 'RESPONSE_STREAM' });
    expect(updated.Cors?.AllowMethods).toBeUndefined();
    expect(
      (await rejectionOf(env.lambda.send(new UpdateFunctionUrlConfigCommand({ FunctionName: FN, Cors: { AllowMethods: ['FETCH'] } }))))
        .message,
    ).toContain("Cors.AllowMethods 'FETCH' is not valid");
    await env.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: FN, Qualifier: 'live', AuthType: 'NONE' }));
    const listed = await env.lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: FN }));
    expect(listed.FunctionUrlConfigs?.map((u) => u.FunctionArn)).toEqual([ARN, `${ARN}:live`]);
    await env.lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: FN }));
    expect(await rejectionOf(env.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: FN })))).toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  test('an alias takes its URL, event invoke config and provisioned concurrency with it when deleted', async () => {
    await env.lambda.send(new CreateAliasCommand({ FunctionName: FN, Name: 'temp', FunctionVersion: '1' }));
    await env.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: FN, Qualifier: 'temp', AuthType: 'NONE' }));
    await env.lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: FN, Qualifier: 'temp', MaximumRetryAttempts: 0 }));
    await env.lambda.send(
      new PutProvisionedConcurrencyConfigCommand({ FunctionName: FN, Qualifier: 'temp', ProvisionedConcurrentExecutions: 1 }),
    );
    await env.lambda.send(new DeleteAliasCommand({ FunctionName: FN, Name: 'temp' }));
    await env.lambda.send(new CreateAliasCommand({ FunctionName: FN, Name: 'temp', FunctionVersion: '1' }));
    expect((await rejectionOf(env.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: FN, Qualifier: 'temp' })))).name).toBe(
      'ResourceNotFoundException',
    );
    expect(
      (await rejectionOf(env.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: FN, Qualifier: 'temp' })))).name,
    ).toBe('ResourceNotFoundException');
    expect(
      (await rejectionOf(env.lambda.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: FN, Qualifier: 'temp' })))).name,
    ).toBe('ProvisionedConcurrencyConfigNotFoundException');
    await env.lambda.send(new DeleteAliasCommand({ FunctionName: FN, Name: 'temp' }));
  });
});

describe('provisioned concurrency', () => {
  test('Put answers 202 IN_PROGRESS; Get is READY with everything allocated; List names each; Delete then Get is not found (404)', async () => {
    const put = await env.lambda.send(
      new PutProvisionedConcurrencyConfigCommand({ FunctionName: FN, Qualifier: 'live', ProvisionedConcurrentExecutions: 3 }),
    );
    expect(put).toMatchObject({ Status: 'IN_PROGRESS', RequestedProvisionedConcurrentExecutions: 3, $metadata: { httpStatusCode: 202 } });
    expect(await env.lambda.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: FN, Qualifier: 'live' }))).toMatchObject({
      Status: 'READY',
      RequestedProvisionedConcurrentExecutions: 3,
      AllocatedProvisionedConcurrentExecutions: 3,
      AvailableProvisionedConcurrentExecutions: 3,
    });
    await env.lambda.send(
      new PutProvisionedConcurrencyConfigCommand({ FunctionName: FN, Qualifier: '1', ProvisionedConcurrentExecutions: 1 }),
    );
    const listed = await env.lambda.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: FN }));
    expect(listed.ProvisionedConcurrencyConfigs?.map((c) => c.FunctionArn)).toEqual([`${ARN}:1`, `${ARN}:live`]);
    await env.lambda.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: FN, Qualifier: 'live' }));
    await env.lambda.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: FN, Qualifier: '1' }));
    expect(
      await rejectionOf(env.lambda.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: FN, Qualifier: 'live' }))),
    ).toMatchObject({
      name: 'ProvisionedConcurrencyConfigNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  test('$LATEST is refused, and so is more than the function reserves', async () => {
    const latest = await rejectionOf(
      env.lambda.send(
        new PutProvisionedConcurrencyConfigCommand({ FunctionName: FN, Qualifier: '$LATEST', ProvisionedConcurrentExecutions: 1 }),
      ),
    );
    expect(latest.message).toBe('Provisioned Concurrency Configs cannot be applied to unpublished function versions.');
    await env.lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: FN, ReservedConcurrentExecutions: 2 }));
    const over = await rejectionOf(
      env.lambda.send(
        new PutProvisionedConcurrencyConfigCommand({ FunctionName: FN, Qualifier: 'live', ProvisionedConcurrentExecutions: 3 }),
      ),
    );
    expect(over.message).toContain('should not be greater than the reserved concurrency for the function (2)');
  });
});

test('the mutating calls are CloudTrail events under their versioned names', async () => {
  const before = env.lambdaEvents().length;
  await env.lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: FN, MaximumRetryAttempts: 0 }));
  await env.lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: FN, MaximumRetryAttempts: 1 }));
  await env.lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: FN }));
  await env.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: FN, AuthType: 'NONE' }));
  await env.lambda.send(new UpdateFunctionUrlConfigCommand({ FunctionName: FN, AuthType: 'AWS_IAM' }));
  await env.lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: FN }));
  await env.lambda.send(
    new PutProvisionedConcurrencyConfigCommand({ FunctionName: FN, Qualifier: '1', ProvisionedConcurrentExecutions: 1 }),
  );
  await env.lambda.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: FN, Qualifier: '1' }));
  const events = env.lambdaEvents().slice(before);
  expect(events.map((e) => e.eventName)).toEqual([
    'PutFunctionEventInvokeConfig20190925',
    'UpdateFunctionEventInvokeConfig20190925',
    'DeleteFunctionEventInvokeConfig20190925',
    'CreateFunctionUrlConfig20211031',
    'UpdateFunctionUrlConfig20211031',
    'DeleteFunctionUrlConfig20211031',
    'PutProvisionedConcurrencyConfig20190930',
    'DeleteProvisionedConcurrencyConfig20190930',
  ]);
  expect(events[3].requestParameters).toEqual({ functionName: FN, authType: 'NONE' });
  expect(events[7].requestParameters).toEqual({ functionName: FN, qualifier: '1' });
});
