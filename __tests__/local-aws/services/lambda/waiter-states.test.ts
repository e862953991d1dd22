/**
 * The states the AWS provider's waiters poll. After CreateFunction it polls GetFunction until
 * `Configuration.State` leaves `Pending`; after a code or configuration update, until `LastUpdateStatus`
 * leaves `InProgress`. The endpoint answers the final state at once, so an apply waits only the provider's
 * own fixed delay (5 s per created function in provider 5.100.0) and never a second poll.
 */
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { EXEC_ROLE_ARN, useLambdaEndpoint, zipWith } from './fixtures';

const env = useLambdaEndpoint();

/** What a waiter reads from a configuration, so a mismatch prints the whole answer. */
const waiterView = (c: FunctionConfiguration | undefined) => ({
  State: c?.State,
  StateReasonCode: c?.StateReasonCode,
  LastUpdateStatus: c?.LastUpdateStatus,
  LastUpdateStatusReasonCode: c?.LastUpdateStatusReasonCode,
});
const FINAL = { State: 'Active', StateReasonCode: undefined, LastUpdateStatus: 'Successful', LastUpdateStatusReasonCode: undefined };

describe('Lambda answers the states the provider waits on as final at once', () => {
  const name = 'waited-on';
  const get = async () => (await env.lambda.send(new GetFunctionCommand({ FunctionName: name }))).Configuration;

  it('CreateFunction and the first GetFunction after it say Active and Successful', async () => {
    const created = await env.lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Role: EXEC_ROLE_ARN,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: zipWith('index.js', 'exports.handler = async () => 1;') },
      }),
    );
    expect(waiterView(created)).toEqual(FINAL);
    expect(waiterView(await get())).toEqual(FINAL);
  });

  it('UpdateFunctionCode and the GetFunction after it say Successful, not InProgress', async () => {
    const updated = await env.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zipWith('index.js', 'exports.handler = async () => 2;') }),
    );
    expect(waiterView(updated)).toEqual(FINAL);
    expect(waiterView(await get())).toEqual(FINAL);
  });

  it('UpdateFunctionConfiguration and the GetFunction after it say Successful, not InProgress', async () => {
    const updated = await env.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Timeout: 30 }));
    expect(waiterView(updated)).toEqual(FINAL);
    expect(waiterView(await get())).toEqual(FINAL);
  });

  it('PublishVersion answers the new version Active', async () => {
    const published = await env.lambda.send(new PublishVersionCommand({ FunctionName: name }));
    expect(published.Version).toBe('1');
    expect(waiterView(published)).toEqual(FINAL);
  });
});
