/** The unsigned admin routes under /_localaws/, and where the endpoint listens. */
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { withLocalAws } from '../../helpers/local-aws';

const aws = withLocalAws();

/** The admin routes' JSON answers, as far as these tests read into them. */
interface AdminAnswer {
  readonly error?: string;
  readonly faults?: unknown;
  readonly format?: string;
  readonly sessions?: readonly unknown[];
}

const admin = async (method: 'GET' | 'POST', route: string, body?: unknown) => {
  const res = await fetch(`${aws.endpoint()}/_localaws/${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as AdminAnswer };
};

/** Resolves 'connected' or the socket error code. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

test('listens on 127.0.0.1 only: the endpoint string says so, loopback connects, other local addresses are refused', async () => {
  expect(aws.endpoint()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const port = aws.instance().port;
  expect(await tryConnect('127.0.0.1', port)).toBe('connected');
  const others = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && a.family === 'IPv4')
    .map((a) => a!.address);
  for (const address of [...others, '::1']) {
    expect([address, await tryConnect(address, port)]).toEqual([
      address,
      expect.stringMatching(/ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH|timeout/),
    ]);
  }
});

test('GET health answers ok with the port and the known accounts', async () => {
  expect(await admin('GET', 'health')).toEqual({
    status: 200,
    json: { status: 'ok', port: aws.instance().port, accounts: ['000000000000', '111111111111'] },
  });
});

test('GET calls and POST calls/reset mirror callCounts()', async () => {
  await admin('POST', 'calls/reset');
  await new STSClient(aws.clientConfig()).send(new GetCallerIdentityCommand({}));
  expect((await admin('GET', 'calls')).json).toEqual({ 'sts:GetCallerIdentity': 1 });
  await admin('POST', 'calls/reset');
  expect((await admin('GET', 'calls')).json).toEqual({});
});

test('POST controls changes behaviour; GET controls shows it; bad controls are a 400 naming the field', async () => {
  const set = await admin('POST', 'controls', { faults: { throttlePercent: 100 } });
  expect(set.json.faults).toEqual({ throttlePercent: 100 });
  await expect(new STSClient(aws.clientConfig()).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'Throttling' });
  await admin('POST', 'controls', { faults: {}, latencyMs: 0, quotas: 'aws-defaults' });
  expect((await admin('GET', 'controls')).json).toEqual({ latencyMs: 0, quotas: 'aws-defaults', faults: {} });
  const bad = await admin('POST', 'controls', { faults: { throttlePercent: 'lots' } });
  expect(bad.status).toBe(400);
  expect(bad.json.error).toMatch(/faults\.throttlePercent/);
  expect((await admin('POST', 'controls', '{oops')).json.error).toMatch(/not JSON/);
  await admin('POST', 'controls', { quotas: 'none' });
});

test('GET snapshot, POST reset and POST restore round-trip the state', async () => {
  await new STSClient(aws.clientConfig()).send(
    new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/a', RoleSessionName: 'admin-route' }),
  );
  const snap = (await admin('GET', 'snapshot')).json;
  expect(snap.format).toBe('lambda-roles/local-aws@1');
  expect(snap.sessions?.length).toBeGreaterThan(0);
  await admin('POST', 'reset');
  expect(aws.instance().cloudTrailEvents()).toEqual([]);
  expect((await admin('POST', 'restore', snap)).status).toBe(200);
  expect(
    aws
      .instance()
      .cloudTrailEvents()
      .map((e) => e.eventName),
  ).toEqual(['AssumeRole']);
  expect((await admin('POST', 'restore', { format: 'v0' })).status).toBe(400);
});

test('an unknown admin route is a 404 listing the routes', async () => {
  const res = await admin('GET', 'nope');
  expect(res.status).toBe(404);
  expect(res.json.error).toMatch(/GET health.*POST reset/);
});

/** A raw request, so Host, Origin and content-type are exactly what a browser or a rebinding page would send. */
function raw(method: string, route: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: aws.instance().port, method, path: `/_localaws/${route}`, headers, setHost: false },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('admin routes refuse what a web page in a local browser could send', () => {
  const port = () => aws.instance().port;

  test('a foreign Host (DNS rebinding) is 403; 127.0.0.1:<port> and localhost:<port> pass', async () => {
    expect((await raw('GET', 'health', { host: `attacker.example:${port()}` })).status).toBe(403);
    expect((await raw('GET', 'health', { host: '127.0.0.1' })).status).toBe(403);
    expect((await raw('GET', 'health', { host: `127.0.0.1:${port()}` })).status).toBe(200);
    expect((await raw('GET', 'health', { host: `localhost:${port()}` })).status).toBe(200);
  });

  test('a request carrying Origin is 403, even with the right Host', async () => {
    const res = await raw('GET', 'snapshot', { host: `127.0.0.1:${port()}`, origin: 'http://attacker.example' });
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/Origin/);
  });

  test('a POST without content-type application/json (a form post skips the preflight) is 403 and changes nothing', async () => {
    aws.instance().setControls({ faults: {} });
    const res = await raw(
      'POST',
      'controls',
      { host: `127.0.0.1:${port()}`, 'content-type': 'text/plain' },
      JSON.stringify({ faults: { throttlePercent: 100 } }),
    );
    expect(res.status).toBe(403);
    expect((await admin('GET', 'controls')).json.faults).toEqual({});
    const reset = await raw('POST', 'reset', { host: `127.0.0.1:${port()}`, 'content-type': 'application/x-www-form-urlencoded' });
    expect(reset.status).toBe(403);
    const ok = await raw('POST', 'calls/reset', { host: `127.0.0.1:${port()}`, 'content-type': 'application/json; charset=utf-8' }, '{}');
    expect(ok.status).toBe(200);
  });
});
