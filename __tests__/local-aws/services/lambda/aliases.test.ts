import {
  AddPermissionCommand,
  CreateAliasCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetPolicyCommand,
  InvalidParameterValueException,
  LambdaClient,
  ListAliasesCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { ACCOUNT, createPublishedFunction, functionArn, useLambdaEndpoint, zipWith } from './fixtures';
import { parseJson, rejectionOf, type PolicyJson, type PolicyStatementJson } from '../../support';
import type { LambdaState } from '../../../../local-aws/services/lambda';

const FN = 'aliased';
const FN_ARN = functionArn(FN);

const env = useLambdaEndpoint();
let lambda: LambdaClient;
beforeAll(async () => {
  lambda = env.lambda;
  await createPublishedFunction(lambda, FN, '//1');
  await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: FN, ZipFile: zipWith('index.js', '//2'), Publish: true }));
});

describe('Lambda aliases', () => {
  test('CreateAlias/GetAlias echo the alias ARN, version and description, without RoutingConfig when unweighted', async () => {
    const created = await lambda.send(
      new CreateAliasCommand({ FunctionName: FN, Name: 'live', FunctionVersion: '1', Description: 'prod traffic', RoutingConfig: {} }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    const got = await lambda.send(new GetAliasCommand({ FunctionName: FN, Name: 'live' }));
    expect(got).toMatchObject({ AliasArn: `${FN_ARN}:live`, Name: 'live', FunctionVersion: '1', Description: 'prod traffic' });
    expect(got.RoutingConfig).toBeUndefined();
    expect(got.RevisionId).toBe(created.RevisionId);
  });

  test('GetFunction through an alias answers the target version under the alias ARN', async () => {
    const out = await lambda.send(new GetFunctionCommand({ FunctionName: `${FN}:live` }));
    expect(out.Configuration).toMatchObject({ FunctionArn: `${FN_ARN}:live`, Version: '1' });
  });

  test('UpdateAlias repoints and sets weights; ListAliases filters by version', async () => {
    const updated = await lambda.send(
      new UpdateAliasCommand({
        FunctionName: FN,
        Name: 'live',
        FunctionVersion: '2',
        RoutingConfig: { AdditionalVersionWeights: { '1': 0.1 } },
      }),
    );
    expect(updated).toMatchObject({
      FunctionVersion: '2',
      RoutingConfig: { AdditionalVersionWeights: { '1': 0.1 } },
      Description: 'prod traffic',
    });
    await lambda.send(new CreateAliasCommand({ FunctionName: FN, Name: 'canary', FunctionVersion: '1' }));
    const all = await lambda.send(new ListAliasesCommand({ FunctionName: FN }));
    expect(all.Aliases?.map((a) => a.Name)).toEqual(['canary', 'live']);
    const onV2 = await lambda.send(new ListAliasesCommand({ FunctionName: FN, FunctionVersion: '2' }));
    expect(onV2.Aliases?.map((a) => a.Name)).toEqual(['live']);
  });

  test('errors: duplicate alias 409, unknown alias 404, all-digit name and unknown version refused, referenced version not deletable', async () => {
    await expect(lambda.send(new CreateAliasCommand({ FunctionName: FN, Name: 'live', FunctionVersion: '1' }))).rejects.toBeInstanceOf(
      ResourceConflictException,
    );
    const missing = await rejectionOf(lambda.send(new GetAliasCommand({ FunctionName: FN, Name: 'nope' })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.message).toBe(`Alias not found: ${FN_ARN}:nope`);
    await expect(lambda.send(new CreateAliasCommand({ FunctionName: FN, Name: '12', FunctionVersion: '1' }))).rejects.toBeInstanceOf(
      InvalidParameterValueException,
    );
    await expect(lambda.send(new CreateAliasCommand({ FunctionName: FN, Name: 'x', FunctionVersion: '99' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    const inUse = await rejectionOf(lambda.send(new DeleteFunctionCommand({ FunctionName: FN, Qualifier: '1' })));
    expect(inUse).toBeInstanceOf(ResourceConflictException);
    expect(inUse.message).toContain('canary');
  });

  test('a permission qualified by an alias names the alias ARN and survives repointing; DeleteAlias drops it', async () => {
    const s = parseJson<PolicyStatementJson>(
      (
        await lambda.send(
          new AddPermissionCommand({
            FunctionName: FN,
            Qualifier: 'canary',
            StatementId: 'api',
            Action: 'lambda:InvokeFunction',
            Principal: 'apigateway.amazonaws.com',
            SourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/*/GET/orders`,
          }),
        )
      ).Statement,
    );
    expect(s.Resource).toBe(`${FN_ARN}:canary`);
    await lambda.send(new PublishVersionCommand({ FunctionName: FN }));
    await lambda.send(new UpdateAliasCommand({ FunctionName: FN, Name: 'canary', FunctionVersion: '2' }));
    const policy = parseJson<PolicyJson>((await lambda.send(new GetPolicyCommand({ FunctionName: FN, Qualifier: 'canary' }))).Policy);
    expect(policy.Statement.map((x) => x.Sid)).toEqual(['api']);
    await lambda.send(new DeleteAliasCommand({ FunctionName: FN, Name: 'canary' }));
    await expect(lambda.send(new GetPolicyCommand({ FunctionName: FN, Qualifier: 'canary' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    // A missing alias alone answers 404; recreate it to see that its old statements went with the delete.
    await lambda.send(new CreateAliasCommand({ FunctionName: FN, Name: 'canary', FunctionVersion: '2' }));
    await expect(lambda.send(new GetPolicyCommand({ FunctionName: FN, Qualifier: 'canary' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    const stored = (env.aws.snapshot().services.lambda as LambdaState).accounts[ACCOUNT]['us-east-1'].functions[FN];
    expect(Object.keys(stored.policies)).not.toContain('canary');
  });

  test('alias changes are recorded in CloudTrail as CreateAlias20150331 / UpdateAlias20150331 / DeleteAlias20150331', async () => {
    const before = env.lambdaEvents().length;
    await lambda.send(new CreateAliasCommand({ FunctionName: FN, Name: 'audit', FunctionVersion: '1' }));
    await lambda.send(new UpdateAliasCommand({ FunctionName: FN, Name: 'audit', FunctionVersion: '2' }));
    await lambda.send(new DeleteAliasCommand({ FunctionName: FN, Name: 'audit' }));
    const events = env.lambdaEvents().slice(before);
    expect(events.map((e) => e.eventName)).toEqual(['CreateAlias20150331', 'UpdateAlias20150331', 'DeleteAlias20150331']);
    expect(events[0].requestParameters).toMatchObject({ functionName: FN, name: 'audit', functionVersion: '1' });
  });
});

describe('Lambda reserved concurrency', () => {
  test('Put/Get/DeleteFunctionConcurrency, and GetFunction reports Concurrency only while reserved', async () => {
    expect(await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: FN }))).not.toHaveProperty('ReservedConcurrentExecutions');
    const put = await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: FN, ReservedConcurrentExecutions: 5 }));
    expect(put.ReservedConcurrentExecutions).toBe(5);
    expect((await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: FN }))).ReservedConcurrentExecutions).toBe(5);
    expect((await lambda.send(new GetFunctionCommand({ FunctionName: FN }))).Concurrency).toEqual({ ReservedConcurrentExecutions: 5 });
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: FN }));
    expect((await lambda.send(new GetFunctionCommand({ FunctionName: FN }))).Concurrency).toBeUndefined();
  });

  test('reserving past the account pool (1000 minus 100 unreserved) is refused with the minimum named', async () => {
    const err = await rejectionOf(lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: FN, ReservedConcurrentExecutions: 901 })));
    expect(err).toBeInstanceOf(InvalidParameterValueException);
    expect(err.message).toContain('minimum value of [100]');
    const ok = await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: FN, ReservedConcurrentExecutions: 900 }));
    expect(ok.ReservedConcurrentExecutions).toBe(900);
  });
});
