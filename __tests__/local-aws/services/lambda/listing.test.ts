import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
} from '@aws-sdk/client-lambda';
import { EXEC_ROLE_ARN, useLambdaEndpoint, zipWith } from './fixtures';

const ZIP = zipWith('index.js', 'exports.handler = async () => "ok";\n');
const env = useLambdaEndpoint();

const create = (name: string) => ({
  FunctionName: name,
  Role: EXEC_ROLE_ARN,
  Runtime: 'nodejs20.x' as const,
  Handler: 'index.handler',
  Code: { ZipFile: ZIP },
});

describe('Lambda list pagination', () => {
  test('the marker holds the last key, so deleting an item already listed skips nothing on the next page', async () => {
    const lambda = env.client('eu-west-1');
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) await lambda.send(new CreateFunctionCommand(create(name)));
    const first = await lambda.send(new ListFunctionsCommand({ MaxItems: 3 }));
    expect(first.Functions?.map((f) => f.FunctionName)).toEqual(['a', 'b', 'c']);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'a' }));
    const second = await lambda.send(new ListFunctionsCommand({ MaxItems: 3, Marker: first.NextMarker }));
    expect(second.Functions?.map((f) => f.FunctionName)).toEqual(['d', 'e', 'f']);
    const third = await lambda.send(new ListFunctionsCommand({ MaxItems: 3, Marker: second.NextMarker }));
    expect(third.Functions?.map((f) => f.FunctionName)).toEqual(['g']);
    expect(third.NextMarker).toBeUndefined();
  });

  test('ListFunctions returns at most 50 a page even when MaxItems asks for 1000', async () => {
    const lambda = env.client('ap-southeast-2');
    const names = Array.from({ length: 55 }, (_, i) => `many-${String(i).padStart(2, '0')}`);
    for (const name of names) await lambda.send(new CreateFunctionCommand(create(name)));
    const first = await lambda.send(new ListFunctionsCommand({ MaxItems: 1000 }));
    expect(first.Functions).toHaveLength(50);
    expect(first.NextMarker).toBeTruthy();
    const rest = await lambda.send(new ListFunctionsCommand({ MaxItems: 1000, Marker: first.NextMarker }));
    expect([...first.Functions!, ...rest.Functions!].map((f) => f.FunctionName)).toEqual(names);
  });

  test('ListVersionsByFunction caps pages at 50 and resumes after the last version number listed', async () => {
    const lambda = env.client('ca-central-1');
    await lambda.send(new CreateFunctionCommand(create('versioned')));
    for (let i = 0; i < 51; i++) {
      await lambda.send(new PublishVersionCommand({ FunctionName: 'versioned', Description: `v${i}` }));
    }
    const first = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'versioned', MaxItems: 1000 }));
    expect(first.Versions).toHaveLength(50);
    expect(first.Versions?.[0]?.Version).toBe('$LATEST');
    const rest = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'versioned', Marker: first.NextMarker }));
    expect(rest.Versions?.map((v) => v.Version)).toEqual(['50', '51']);
    expect(rest.NextMarker).toBeUndefined();
  });

  test('ListFunctions with FunctionVersion=ALL lists $LATEST and every published version of every function, paged by key', async () => {
    const lambda = env.client('sa-east-1');
    for (const name of ['alpha', 'beta']) {
      await lambda.send(new CreateFunctionCommand(create(name)));
      for (let i = 0; i < 2; i++) await lambda.send(new PublishVersionCommand({ FunctionName: name, Description: `v${i}` }));
    }
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await lambda.send(new ListFunctionsCommand({ FunctionVersion: 'ALL', MaxItems: 4, Marker: marker }));
      expect(page.Functions!.length).toBeLessThanOrEqual(4);
      seen.push(...page.Functions!.map((f) => `${f.FunctionName}:${f.Version}`));
      marker = page.NextMarker;
      pages++;
    } while (marker);
    expect(pages).toBe(2);
    expect(seen).toEqual(['alpha:$LATEST', 'alpha:1', 'alpha:2', 'beta:$LATEST', 'beta:1', 'beta:2']);
    // Without the filter, one entry per function ($LATEST).
    const plain = await lambda.send(new ListFunctionsCommand({}));
    expect(plain.Functions!.map((f) => `${f.FunctionName}:${f.Version}`)).toEqual(['alpha:$LATEST', 'beta:$LATEST']);
  });

  test('ListFunctions refuses a FunctionVersion other than ALL, as AWS does', async () => {
    const lambda = env.client('sa-east-1');
    await expect(lambda.send(new ListFunctionsCommand({ FunctionVersion: 'LATEST' as 'ALL' }))).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
  });
});
