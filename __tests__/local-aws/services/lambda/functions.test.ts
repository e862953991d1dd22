import { createHash } from 'node:crypto';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvalidParameterValueException,
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PreconditionFailedException,
  PublishVersionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  TagResourceCommand,
  TooManyRequestsException,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  paginateListFunctions,
  type CreateFunctionCommandInput,
} from '@aws-sdk/client-lambda';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ACCOUNT, EXEC_ROLE_ARN, useLambdaEndpoint, zipWith } from './fixtures';
import { rejectionOf } from '../../support';

const ROLE = EXEC_ROLE_ARN;
const ZIP = zipWith('index.js', 'exports.handler = async () => "ok";\n');
const ZIP_SHA = createHash('sha256').update(ZIP).digest('base64');

const env = useLambdaEndpoint();
let lambda: LambdaClient;
beforeAll(() => {
  lambda = env.lambda;
});

function createInput(name: string, extra: Partial<CreateFunctionCommandInput> = {}): CreateFunctionCommandInput {
  return { FunctionName: name, Role: ROLE, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: ZIP }, ...extra };
}

describe('Lambda functions over the SDK v3', () => {
  test('CreateFunction echoes the configuration with Lambda defaults and the zip hash, without keeping the zip', async () => {
    const out = await lambda.send(new CreateFunctionCommand(createInput('create-defaults', { Environment: { Variables: { A: '1' } } })));
    expect(out).toMatchObject({
      FunctionName: 'create-defaults',
      FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:create-defaults`,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      CodeSize: ZIP.length,
      CodeSha256: ZIP_SHA,
      Description: '',
      Timeout: 3,
      MemorySize: 128,
      Version: '$LATEST',
      Environment: { Variables: { A: '1' } },
      TracingConfig: { Mode: 'PassThrough' },
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: ['x86_64'],
      EphemeralStorage: { Size: 512 },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      LoggingConfig: { LogFormat: 'Text', LogGroup: '/aws/lambda/create-defaults' },
    });
    expect(out.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(out.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(env.aws.snapshot())).not.toContain(Buffer.from(ZIP).toString('base64'));
  });

  test('GetFunction returns Configuration, an S3 Code location and Tags; name, ARN and partial ARN all resolve', async () => {
    await lambda.send(new CreateFunctionCommand(createInput('get-me', { Tags: { team: 'a' } })));
    for (const ref of ['get-me', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:get-me`, `${ACCOUNT}:function:get-me`]) {
      const out = await lambda.send(new GetFunctionCommand({ FunctionName: ref }));
      expect(out.Configuration?.FunctionName).toBe('get-me');
      expect(out.Code?.RepositoryType).toBe('S3');
      expect(out.Code?.Location).toMatch(/^https:\/\//);
      expect(out.Tags).toEqual({ team: 'a' });
    }
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'get-me' }));
    expect(config.FunctionArn).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:get-me`);
    const signing = await lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'get-me' }));
    expect(signing).toMatchObject({ FunctionName: 'get-me', CodeSigningConfigArn: '' });
  });

  test('missing function: ResourceNotFoundException 404 with the function ARN in the message', async () => {
    const err = await rejectionOf(lambda.send(new GetFunctionCommand({ FunctionName: 'nope' })));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.$metadata?.httpStatusCode).toBe(404);
    expect(err.message).toBe(`Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:nope`);
  });

  test('over the quota: TooManyRequestsException 429 with X-Amzn-ErrorType, through the real endpoint', async () => {
    await lambda.send(new CreateFunctionCommand(createInput('throttled')));
    env.aws.setControls({ quotas: { rules: [{ service: 'lambda', operation: 'GetFunctionConfiguration', perSecond: 1, burst: 1 }] } });
    try {
      await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'throttled' }));
      const err = await rejectionOf(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'throttled' })));
      expect(err).toBeInstanceOf(TooManyRequestsException);
      expect(err.$metadata?.httpStatusCode).toBe(429);
      expect(err.$response?.headers?.['x-amzn-errortype']).toBe('TooManyRequestsException');
    } finally {
      env.aws.setControls({ quotas: 'none' });
    }
  });

  test("state is per account and region: another region's ARN is not reachable, another account is denied", async () => {
    await lambda.send(new CreateFunctionCommand(createInput('mine')));
    const crossRegion = await rejectionOf(
      lambda.send(new GetFunctionCommand({ FunctionName: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:mine` })),
    );
    expect(crossRegion).toBeInstanceOf(ResourceNotFoundException);
    expect(crossRegion.message).toBe("Functions from 'eu-west-1' are not reachable in this region ('us-east-1')");
    const other = env.clientAs('other');
    expect((await other.send(new ListFunctionsCommand({}))).Functions).toEqual([]);
    const denied = await rejectionOf(
      other.send(new GetFunctionCommand({ FunctionName: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:mine` })),
    );
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.$metadata?.httpStatusCode).toBe(403);
  });

  test('duplicate name: ResourceConflictException 409', async () => {
    await lambda.send(new CreateFunctionCommand(createInput('dup')));
    const err = await rejectionOf(lambda.send(new CreateFunctionCommand(createInput('dup'))));
    expect(err).toBeInstanceOf(ResourceConflictException);
    expect(err.$metadata?.httpStatusCode).toBe(409);
  });

  test.each([
    ['Role', { Role: 'not-an-arn' }, /not-an-arn.*role/],
    ['Runtime', { Runtime: 'nodejs4.3' as never }, /runtime parameter of nodejs4\.3/],
    ['FunctionName', { FunctionName: 'bad name!' }, /bad name!/],
    ['Timeout', { Timeout: 901 }, /Timeout 901/],
    ['Code', { Code: { ZipFile: Buffer.from('not a zip') } }, /unzip/],
  ])('invalid %s: InvalidParameterValueException naming the value', async (_field, patch, message) => {
    const err = await rejectionOf(lambda.send(new CreateFunctionCommand(createInput('invalid-fn', patch))));
    expect(err).toBeInstanceOf(InvalidParameterValueException);
    expect(err.$metadata?.httpStatusCode).toBe(400);
    expect(err.message).toMatch(message);
  });

  test('an execution role unknown to IAM is refused the way Lambda words it', async () => {
    const err = await rejectionOf(
      lambda.send(new CreateFunctionCommand(createInput('no-role', { Role: `arn:aws:iam::${ACCOUNT}:role/ghost` }))),
    );
    expect(err).toBeInstanceOf(InvalidParameterValueException);
    expect(err.message).toBe('The role defined for the function cannot be assumed by Lambda.');
  });

  test.each([
    ['no slash after role', `arn:aws:iam::${ACCOUNT}:rolefn-exec`],
    ['no role name', `arn:aws:iam::${ACCOUNT}:role/`],
    ['a trailing slash', `arn:aws:iam::${ACCOUNT}:role/fn-exec/`],
    ['an empty partition', `arn::iam::${ACCOUNT}:role/fn-exec`],
  ])('a Role that passes the API pattern but is no role ARN (%s) cannot be assumed, on create and on update', async (_case, role) => {
    const err = await rejectionOf(lambda.send(new CreateFunctionCommand(createInput('odd-role', { Role: role }))));
    expect(err).toBeInstanceOf(InvalidParameterValueException);
    expect(err.$metadata?.httpStatusCode).toBe(400);
    expect(err.message).toBe('The role defined for the function cannot be assumed by Lambda.');
    await lambda.send(new CreateFunctionCommand(createInput('odd-role-upd'))).catch(() => undefined);
    const upd = await rejectionOf(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'odd-role-upd', Role: role })));
    expect(upd).toBeInstanceOf(InvalidParameterValueException);
    expect(upd.message).toBe('The role defined for the function cannot be assumed by Lambda.');
  });

  test('UpdateFunctionConfiguration and UpdateFunctionCode change RevisionId and echo new values; stale RevisionId is refused', async () => {
    const created = await lambda.send(new CreateFunctionCommand(createInput('upd')));
    const updated = await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'upd',
        Timeout: 30,
        MemorySize: 256,
        Description: 'd',
        TracingConfig: { Mode: 'Active' },
        VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] },
        DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq' },
      }),
    );
    expect(updated).toMatchObject({
      Timeout: 30,
      MemorySize: 256,
      Description: 'd',
      TracingConfig: { Mode: 'Active' },
      DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq' },
    });
    expect(updated.VpcConfig).toMatchObject({ SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'], VpcId: 'vpc-local' });
    expect(updated.RevisionId).not.toBe(created.RevisionId);
    const zip2 = zipWith('index.js', 'exports.handler = async () => "v2";\n');
    const code = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'upd', ZipFile: zip2, RevisionId: updated.RevisionId }));
    expect(code.CodeSha256).toBe(createHash('sha256').update(zip2).digest('base64'));
    expect(code.RevisionId).not.toBe(updated.RevisionId);
    const stale = await rejectionOf(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'upd', Timeout: 5, RevisionId: updated.RevisionId })),
    );
    expect(stale).toBeInstanceOf(PreconditionFailedException);
    expect(stale.$metadata?.httpStatusCode).toBe(412);
  });

  test('Publish creates versions 1, 2, … and ListVersionsByFunction lists $LATEST first', async () => {
    const v1 = await lambda.send(new CreateFunctionCommand(createInput('versioned', { Publish: true })));
    expect(v1.Version).toBe('1');
    expect(v1.FunctionArn).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:versioned:1`);
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'versioned', ZipFile: zipWith('index.js', '//2'), Publish: true }));
    const same = await lambda.send(new PublishVersionCommand({ FunctionName: 'versioned' }));
    expect(same.Version).toBe('2');
    const list = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'versioned' }));
    expect(list.Versions?.map((v) => [v.Version, v.FunctionArn?.split(':').pop()])).toEqual([
      ['$LATEST', '$LATEST'],
      ['1', '1'],
      ['2', '2'],
    ]);
    const old = await lambda.send(new GetFunctionCommand({ FunctionName: 'versioned', Qualifier: '1' }));
    expect(old.Configuration?.CodeSha256).toBe(ZIP_SHA);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'versioned', Qualifier: '1' }));
    const after = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'versioned' }));
    expect(after.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '2']);
  });

  test('DeleteFunction removes the function; deleting again is ResourceNotFoundException', async () => {
    await lambda.send(new CreateFunctionCommand(createInput('doomed')));
    const out = await lambda.send(new DeleteFunctionCommand({ FunctionName: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:doomed` }));
    expect(out.$metadata.httpStatusCode).toBe(204);
    await expect(lambda.send(new DeleteFunctionCommand({ FunctionName: 'doomed' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test('ListFunctions pages with Marker/MaxItems through paginateListFunctions; regions are separate', async () => {
    const west = env.client('us-west-2');
    const names = Array.from({ length: 7 }, (_, i) => `paged-${i}`);
    for (const n of names) await west.send(new CreateFunctionCommand(createInput(n)));
    const first = await west.send(new ListFunctionsCommand({ MaxItems: 3 }));
    expect(first.Functions).toHaveLength(3);
    expect(first.NextMarker).toBeTruthy();
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListFunctions({ client: west, pageSize: 3 }, {})) {
      pages++;
      seen.push(...(page.Functions ?? []).map((f) => f.FunctionName!));
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(names);
    const east = await lambda.send(new ListFunctionsCommand({}));
    expect(east.Functions?.map((f) => f.FunctionName)).not.toContain('paged-0');
  });

  test('TagResource, ListTags and UntagResource work on the function ARN', async () => {
    const { FunctionArn } = await lambda.send(new CreateFunctionCommand(createInput('tagged')));
    await lambda.send(new TagResourceCommand({ Resource: FunctionArn, Tags: { a: '1', b: '2' } }));
    expect((await lambda.send(new ListTagsCommand({ Resource: FunctionArn }))).Tags).toEqual({ a: '1', b: '2' });
    await lambda.send(new UntagResourceCommand({ Resource: FunctionArn, TagKeys: ['a'] }));
    expect((await lambda.send(new ListTagsCommand({ Resource: FunctionArn }))).Tags).toEqual({ b: '2' });
    const missing = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:untagged-ghost`;
    await expect(lambda.send(new ListTagsCommand({ Resource: missing }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test('mutating calls are recorded in CloudTrail under the versioned Lambda event names', async () => {
    const before = env.lambdaEvents().length;
    const { FunctionArn } = await lambda.send(
      new CreateFunctionCommand(createInput('audited', { Environment: { Variables: { SECRET: 's3cr3t' } } })),
    );
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'audited', Timeout: 9 }));
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'audited', ZipFile: ZIP }));
    await lambda.send(new TagResourceCommand({ Resource: FunctionArn, Tags: { a: '1' } }));
    await lambda.send(new UntagResourceCommand({ Resource: FunctionArn, TagKeys: ['a'] }));
    await lambda.send(new GetFunctionCommand({ FunctionName: 'audited' }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'audited' }));
    const events = env.lambdaEvents().slice(before);
    expect(events.map((e) => e.eventName)).toEqual([
      'CreateFunction20150331',
      'UpdateFunctionConfiguration20150331v2',
      'UpdateFunctionCode20150331v2',
      'TagResource20170331v2',
      'UntagResource20170331v2',
      'DeleteFunction20150331',
    ]);
    expect(events[0].requestParameters).toMatchObject({
      functionName: 'audited',
      role: ROLE,
      runtime: 'nodejs20.x',
      handler: 'index.handler',
    });
    expect(events[0].responseElements).toMatchObject({ functionName: 'audited', functionArn: FunctionArn });
    expect(events[3].requestParameters).toEqual({ resource: FunctionArn, tags: { a: '1' } });
    expect(events[5].requestParameters).toEqual({ functionName: 'audited' });
    expect(JSON.stringify(events)).not.toContain('s3cr3t');
    const looked = await env.cloudtrail.send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'audited' }] }),
    );
    expect(looked.Events).toHaveLength(6);
    expect(
      looked.Events?.every((e) => e.Resources?.[0]?.ResourceType === 'AWS::Lambda::Function' && e.EventSource === 'lambda.amazonaws.com'),
    ).toBe(true);
  });
});
