import {
  AddPermissionCommand,
  CreateFunctionCommand,
  GetPolicyCommand,
  InvalidParameterValueException,
  LambdaClient,
  PreconditionFailedException,
  RemovePermissionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  type AddPermissionCommandInput,
} from '@aws-sdk/client-lambda';
import { createPublishedFunction, EXEC_ROLE_ARN, functionArn, useLambdaEndpoint, zipWith } from './fixtures';
import { parseJson, rejectionOf, type PolicyJson, type PolicyStatementJson } from '../../support';

const FN = 'perm-target';
const FN_ARN = functionArn(FN);

const env = useLambdaEndpoint();
let lambda: LambdaClient;
beforeAll(async () => {
  lambda = env.lambda;
  await createPublishedFunction(lambda, FN, 'exports.handler = async () => 1;');
});

async function add(input: Omit<AddPermissionCommandInput, 'FunctionName' | 'Action'> & { Action?: string }): Promise<PolicyStatementJson> {
  const out = await lambda.send(new AddPermissionCommand({ FunctionName: FN, Action: 'lambda:InvokeFunction', ...input }));
  expect(out.$metadata.httpStatusCode).toBe(201);
  return parseJson<PolicyStatementJson>(out.Statement);
}

async function statement(sid: string, qualifier?: string): Promise<PolicyStatementJson | undefined> {
  const out = await lambda.send(new GetPolicyCommand({ FunctionName: FN, Qualifier: qualifier }));
  const policy = parseJson<PolicyJson>(out.Policy);
  expect(policy).toMatchObject({ Version: '2012-10-17', Id: 'default' });
  expect(out.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
  return policy.Statement.find((s) => s.Sid === sid);
}

describe('Lambda resource policy statements, as Lambda writes them', () => {
  test('service principal with SourceArn and SourceAccount: Service principal, ArnLike + StringEquals, unqualified Resource', async () => {
    const written = await add({
      StatementId: 's3',
      Principal: 's3.amazonaws.com',
      SourceArn: 'arn:aws:s3:::my-bucket',
      SourceAccount: '111122223333',
    });
    const expected = {
      Sid: 's3',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: FN_ARN,
      Condition: { StringEquals: { 'AWS:SourceAccount': '111122223333' }, ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::my-bucket' } },
    };
    expect(written).toEqual(expected);
    expect(await statement('s3')).toEqual(expected);
  });

  test('an account id principal becomes the account root ARN under AWS', async () => {
    const s = await add({ StatementId: 'acct', Principal: '444455556666' });
    expect(s.Principal).toEqual({ AWS: 'arn:aws:iam::444455556666:root' });
    expect(s.Condition).toBeUndefined();
  });

  test('an IAM role ARN principal is kept as given under AWS', async () => {
    const s = await add({ StatementId: 'role', Principal: 'arn:aws:iam::444455556666:role/caller' });
    expect(s.Principal).toEqual({ AWS: 'arn:aws:iam::444455556666:role/caller' });
  });

  test('principal * with an organization id: plain "*" and aws:PrincipalOrgID', async () => {
    const s = await add({ StatementId: 'org', Principal: '*', PrincipalOrgID: 'o-abcdefghij' });
    expect(s.Principal).toBe('*');
    expect(s.Condition).toEqual({ StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } });
  });

  test('event source token (Alexa) goes under StringEquals lambda:EventSourceToken', async () => {
    const s = await add({ StatementId: 'alexa', Principal: 'alexa-appkit.amazon.com', EventSourceToken: 'amzn1.ask.skill.1234' });
    expect(s.Principal).toEqual({ Service: 'alexa-appkit.amazon.com' });
    expect(s.Condition).toEqual({ StringEquals: { 'lambda:EventSourceToken': 'amzn1.ask.skill.1234' } });
  });

  test('function URL auth type goes under StringEquals lambda:FunctionUrlAuthType with action InvokeFunctionUrl', async () => {
    const s = await add({ StatementId: 'url', Principal: '*', Action: 'lambda:InvokeFunctionUrl', FunctionUrlAuthType: 'NONE' });
    expect(s).toMatchObject({ Action: 'lambda:InvokeFunctionUrl', Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } } });
  });

  test("a qualifier puts the statement in that version's own policy with the qualified Resource", async () => {
    const s = await add({
      StatementId: 'v1',
      Principal: 'events.amazonaws.com',
      Qualifier: '1',
      SourceArn: 'arn:aws:events:us-east-1:000000000000:rule/r',
    });
    expect(s.Resource).toBe(`${FN_ARN}:1`);
    expect(await statement('v1', '1')).toEqual(s);
    expect(await statement('v1')).toBeUndefined();
    // The qualifier may also ride in the function name itself.
    const viaName = parseJson<PolicyStatementJson>(
      (
        await lambda.send(
          new AddPermissionCommand({
            FunctionName: `${FN}:1`,
            StatementId: 'v1b',
            Action: 'lambda:InvokeFunction',
            Principal: 'sns.amazonaws.com',
          }),
        )
      ).Statement,
    );
    expect(viaName.Resource).toBe(`${FN_ARN}:1`);
  });

  test('$LATEST and unknown versions cannot carry policies', async () => {
    await expect(add({ StatementId: 'latest', Principal: 's3.amazonaws.com', Qualifier: '$LATEST' })).rejects.toBeInstanceOf(
      InvalidParameterValueException,
    );
    await expect(add({ StatementId: 'v9', Principal: 's3.amazonaws.com', Qualifier: '9' })).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  test('duplicate Sid: ResourceConflictException 409', async () => {
    await add({ StatementId: 'dup', Principal: 'sns.amazonaws.com' });
    const err = await rejectionOf(add({ StatementId: 'dup', Principal: 'sns.amazonaws.com' }));
    expect(err).toBeInstanceOf(ResourceConflictException);
    expect(err.$metadata?.httpStatusCode).toBe(409);
  });

  test('invalid principal and source account are refused with the value named', async () => {
    const bad = await rejectionOf(add({ StatementId: 'bad', Principal: 'not a principal' }));
    expect(bad).toBeInstanceOf(InvalidParameterValueException);
    expect(bad.message).toContain('not a principal');
    const acct = await rejectionOf(add({ StatementId: 'bad2', Principal: 's3.amazonaws.com', SourceAccount: '12' }));
    expect(acct.message).toContain("SourceAccount '12'");
  });

  test('RevisionId: a stale one is PreconditionFailedException, the current one is accepted', async () => {
    const { RevisionId } = await lambda.send(new GetPolicyCommand({ FunctionName: FN }));
    await add({ StatementId: 'rev-ok', Principal: 'sns.amazonaws.com', RevisionId });
    const err = await rejectionOf(add({ StatementId: 'rev-stale', Principal: 'sns.amazonaws.com', RevisionId }));
    expect(err).toBeInstanceOf(PreconditionFailedException);
  });

  test('RemovePermission deletes one statement; unknown Sid is 404; an emptied policy is 404 on GetPolicy', async () => {
    const out = await lambda.send(new RemovePermissionCommand({ FunctionName: FN_ARN, StatementId: 'dup' }));
    expect(out.$metadata.httpStatusCode).toBe(204);
    expect(await statement('dup')).toBeUndefined();
    await expect(lambda.send(new RemovePermissionCommand({ FunctionName: FN, StatementId: 'dup' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    for (const sid of ['v1', 'v1b']) await lambda.send(new RemovePermissionCommand({ FunctionName: FN, StatementId: sid, Qualifier: '1' }));
    const err = await rejectionOf(lambda.send(new GetPolicyCommand({ FunctionName: FN, Qualifier: '1' })));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.message).toBe('The resource you requested does not exist.');
  });

  test('GetPolicy on a function with no statements: 404 ResourceNotFoundException', async () => {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'no-policy',
        Role: EXEC_ROLE_ARN,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: zipWith('index.js', '//') },
      }),
    );
    const err = await rejectionOf(lambda.send(new GetPolicyCommand({ FunctionName: 'no-policy' })));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.$metadata?.httpStatusCode).toBe(404);
    expect(err.message).toBe('The resource you requested does not exist.');
  });

  test('AddPermission/RemovePermission are recorded in CloudTrail with its parameters and the statement JSON', async () => {
    const before = env.lambdaEvents().length;
    const s = await add({
      StatementId: 'audit',
      Principal: 's3.amazonaws.com',
      SourceArn: 'arn:aws:s3:::b',
      SourceAccount: '111122223333',
    });
    await lambda.send(new RemovePermissionCommand({ FunctionName: FN, StatementId: 'audit' }));
    const [added, removed] = env.lambdaEvents().slice(before);
    expect(added).toMatchObject({
      eventName: 'AddPermission20150331v2',
      eventSource: 'lambda.amazonaws.com',
      requestParameters: {
        functionName: FN,
        statementId: 'audit',
        action: 'lambda:InvokeFunction',
        principal: 's3.amazonaws.com',
        sourceArn: 'arn:aws:s3:::b',
        sourceAccount: '111122223333',
      },
    });
    expect(parseJson<PolicyStatementJson>((added.responseElements as { statement: string }).statement)).toEqual(s);
    expect(removed).toMatchObject({
      eventName: 'RemovePermission20150331v2',
      requestParameters: { functionName: FN, statementId: 'audit' },
      responseElements: null,
    });
  });
});
