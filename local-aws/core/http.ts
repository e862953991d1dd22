/**
 * Why this exists: the HTTP edge. It reads the whole body (SigV4 hashes it), hands a `WireRequest` to the
 * pipeline, writes the answer, and honours the "connection reset" fault by destroying the socket, which
 * is what a flaky load balancer does to an SDK.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AwsError, type WireRequest, type WireResponse } from '../types';
import type { Endpoint } from './endpoint';
import { ADMIN_PREFIX, adminRefusal, handleAdmin, type AdminDeps } from './admin';

/** Lambda zips arrive base64 in the JSON body (50 MB zip → ~67 MB). */
export const MAX_BODY_BYTES = 80 * 1024 * 1024;

/**
 * The whole body, or `tooLarge` once it passes MAX_BODY_BYTES. The rest is still read (and dropped) so the
 * client, which is still sending, gets to read our 413 instead of a reset connection.
 */
function readBody(req: IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () =>
      resolve({ body: size > MAX_BODY_BYTES ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge: size > MAX_BODY_BYTES }),
    );
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }
  return out;
}

function send(res: ServerResponse, wire: WireResponse): void {
  const body = wire.body === undefined ? '' : wire.body;
  res.writeHead(wire.status, { ...(wire.headers ?? {}), 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/**
 * Idle keep-alive connections are kept longer than any client keeps them (the Go SDK: 90 s). If the server
 * closed first, a client could send its next POST on a socket that is being closed and see a reset that no
 * fault asked for; the Go transport does not replay POSTs on its own.
 */
const KEEP_ALIVE_MS = 10 * 60 * 1000;

export function createEndpointServer(
  endpoint: Endpoint,
  admin: Omit<AdminDeps, 'endpoint'>,
  onMutation: () => void,
  log: (line: string) => void,
): Server {
  const server = createServer((req, res) => {
    void (async () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const rawPath = q < 0 ? url : url.slice(0, q);
      const rawQuery = q < 0 ? '' : url.slice(q + 1);
      const { body, tooLarge } = await readBody(req);
      const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');

      if (rawPath.startsWith(ADMIN_PREFIX)) {
        const refusal = adminRefusal(req.method ?? 'GET', flatHeaders(req), admin.port());
        if (refusal)
          return send(res, { status: 403, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: refusal }) });
        if (tooLarge)
          return send(res, {
            status: 413,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ error: `request body larger than ${MAX_BODY_BYTES} bytes` }),
          });
        return send(res, handleAdmin(req.method ?? 'GET', rawPath, body, { ...admin, endpoint }));
      }
      const wire: WireRequest = {
        method: req.method ?? 'GET',
        rawPath,
        query: new URLSearchParams(rawQuery),
        headers: flatHeaders(req),
        body,
      };
      if (tooLarge) {
        const err = new AwsError('RequestEntityTooLargeException', `Request must be smaller than ${MAX_BODY_BYTES} bytes.`, 413);
        return send(res, endpoint.refuse(wire, err));
      }
      const outcome = await endpoint.dispatch(wire, rawQuery, sourceIp);
      if (outcome.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      send(res, outcome.response);
      if (outcome.mutated) onMutation();
    })().catch((err: unknown) => {
      log(`500 http edge: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) send(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: 'InternalFailure' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  return server;
}
