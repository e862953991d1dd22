/** `lambda-roles local-aws`: flag validation at the edge, and a run that serves until told to stop. */
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { main } from '../../../cli/main';
import { parseLocalAwsOptions, runLocalAws } from '../../../cli/commands/local-aws';
import { captureIo } from '../../helpers/cli-io';

test('defaults: port 4566, no quotas, no faults', () => {
  expect(parseLocalAwsOptions({})).toEqual({
    port: 4566,
    latency: 0,
    quotas: 'none',
    throttlePercent: 0,
    errorPercent: 0,
    resetPercent: 0,
    seed: 1,
  });
});

test.each([
  [{ port: 'abc' }, /--port "abc": expected a port number/],
  [{ port: '70000' }, /--port "70000": expected 0 \(any free port\) to 65535/],
  [{ quotas: 'lots' }, /--quotas "lots": expected aws-defaults or none/],
  [{ throttlePercent: '150' }, /--throttle-percent "150": expected 0 to 100/],
  [{ latency: '-1' }, /--latency "-1": expected milliseconds/],
  [{ throttlePercent: '60', errorPercent: '50' }, /keep the sum at or below 100/],
  [{ stateFile: '/no/such/dir/state.json' }, /--state-file \/no\/such\/dir\/state.json: directory \/no\/such\/dir does not exist/],
])('rejects %j with the flag, the value and the fix', (raw, message) => {
  expect(() => parseLocalAwsOptions(raw)).toThrow(message);
});

test('through main(): a bad flag exits 1 with the message on stderr', async () => {
  const io = captureIo();
  expect(await main(['node', 'lambda-roles', 'local-aws', '--quotas', 'lots'], io)).toBe(1);
  expect(io.err()).toMatch(/error: --quotas "lots": expected aws-defaults or none/);
});

test('--help shows the flags and examples', async () => {
  const io = captureIo();
  expect(await main(['node', 'lambda-roles', 'local-aws', '--help'], io)).toBe(0);
  expect(io.out()).toMatch(/--throttle-percent <p>[\s\S]*Examples:[\s\S]*lambda-roles local-aws --quotas aws-defaults/);
});

test('runs: prints the endpoint and the env to export, serves SDK calls, stops when asked', async () => {
  const io = captureIo();
  let stop!: () => void;
  const stopped = new Promise<void>((r) => (stop = r));
  const running = runLocalAws(parseLocalAwsOptions({ port: '0' }), io, stopped);
  while (!io.out().includes('Ctrl-C')) await new Promise((r) => setTimeout(r, 20));
  const endpoint = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.out())![1];
  expect(io.out()).toContain(`export AWS_ENDPOINT_URL=${endpoint} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1`);
  const sts = new STSClient({
    endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('000000000000');
  expect(io.err()).toMatch(/200 sts:GetCallerIdentity/);
  stop();
  await running;
  expect(io.out()).toContain('local AWS endpoint stopped');
  await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toThrow();
});

test('a port already in use is a user error naming the port and the fix', async () => {
  const io = captureIo();
  let stop!: () => void;
  const first = runLocalAws(parseLocalAwsOptions({ port: '0' }), io, new Promise<void>((r) => (stop = r)));
  while (!io.out().includes('Ctrl-C')) await new Promise((r) => setTimeout(r, 20));
  const port = /127\.0\.0\.1:(\d+)/.exec(io.out())![1];
  await expect(runLocalAws(parseLocalAwsOptions({ port }), captureIo(), Promise.resolve())).rejects.toThrow(
    new RegExp(`port ${port}: already in use.*pick another port`),
  );
  stop();
  await first;
});
