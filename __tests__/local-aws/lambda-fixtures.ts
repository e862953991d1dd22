/**
 * Serves only the Lambda module over HTTP for its own tests, so they can use the real SDK v3 client and
 * real Terraform before (and independently of) the endpoint core. No SigV4 check, one fixed identity:
 * what is under test here is the Lambda wire surface, not authentication. Mutating calls' audit entries
 * are collected so tests can assert what CloudTrail would record.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { lambdaService, type LambdaState } from '../../local-aws/services/lambda';
import { AwsError, type AuditEntry, type CallContext, type ServiceRegistry } from '../../local-aws/types';

export const ACCOUNT = '000000000000';

export interface LambdaHarness {
  readonly endpoint: string;
  readonly state: LambdaState;
  readonly audits: { operation: string; entry: AuditEntry }[];
  /** Role names the fake IAM state knows; tests add to it to satisfy the execution-role check. */
  readonly roles: Record<string, { RoleName: string }>;
  client(region?: string): LambdaClient;
  close(): Promise<void>;
}

export async function startLambdaHarness(): Promise<LambdaHarness> {
  const state = lambdaService.initialState();
  const audits: LambdaHarness['audits'] = [];
  const roles: Record<string, { RoleName: string }> = {};
  const services: ServiceRegistry = {
    stateOf: <T>(name: string) => (name === 'iam' ? ({ accounts: { [ACCOUNT]: { roles } } } as T) : ({} as T)),
    identities: { lookup: () => undefined, addSession: () => undefined, accounts: () => [ACCOUNT] },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://local');
      const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? 'us-east-1';
      const ctx: CallContext = {
        caller: { accessKeyId: 'test', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, principalId: ACCOUNT, type: 'Root', console: false },
        region,
        requestId: randomUUID(),
        sourceIp: '127.0.0.1',
        userAgent: String(req.headers['user-agent'] ?? ''),
        now: new Date(),
      };
      const wire = {
        method: req.method ?? 'GET',
        rawPath: url.pathname,
        query: url.searchParams,
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks),
      };
      let out;
      try {
        const operation = lambdaService.operationOf(wire);
        const result = await lambdaService.handle(operation, wire, ctx, state, services);
        if (result.audit) audits.push({ operation, entry: result.audit });
        out = result.response;
      } catch (e) {
        const err = e instanceof AwsError ? e : new AwsError('ServiceException', String(e), 500, 'Receiver');
        out = lambdaService.renderError(err, ctx);
      }
      res.writeHead(out.status, out.headers as Record<string, string>);
      res.end(out.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: LambdaClient[] = [];
  return {
    endpoint,
    state,
    audits,
    roles,
    client(region = 'us-east-1') {
      const c = new LambdaClient({ endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
      clients.push(c);
      return c;
    },
    close: async () => {
      clients.forEach((c) => c.destroy());
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A minimal valid zip (one stored file) built in memory, so tests need no fixture or archive tool. */
export function zipWith(fileName: string, content: string): Buffer {
  const data = Buffer.from(content);
  const name = Buffer.from(fileName);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const centralOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

function crc32(buf: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}
