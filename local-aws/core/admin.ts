/**
 * Why this exists: tests in other processes (terraform runs, the CLI demo, the benchmark) need to steer the
 * endpoint without an SDK: read call counters, change quotas and faults, take and restore snapshots.
 * Routes live under /_localaws/, are unsigned, and answer local non-browser callers only (see adminRefusal).
 */
import { z } from 'zod';
import type { WireResponse } from '../types';
import type { Endpoint, LocalAwsSnapshot } from './endpoint';

export const ADMIN_PREFIX = '/_localaws/';

const quotaRule = z.object({
  service: z.string().min(1),
  operation: z.string().min(1).optional(),
  perSecond: z.number().positive(),
  burst: z.number().positive().optional(),
});
const controlsSchema = z
  .object({
    latencyMs: z.number().min(0).optional(),
    quotas: z.union([z.literal('aws-defaults'), z.literal('none'), z.object({ rules: z.array(quotaRule) }).strict()]).optional(),
    faults: z
      .object({
        throttlePercent: z.number().min(0).max(100).optional(),
        serverErrorPercent: z.number().min(0).max(100).optional(),
        resetPercent: z.number().min(0).max(100).optional(),
        seed: z.number().int().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const json = (status: number, value: unknown): WireResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value, null, 2),
});

/**
 * Why an admin request is refused, or undefined when it may proceed. The socket is always loopback (we
 * listen on 127.0.0.1), so the threat is a web page in a local browser: DNS rebinding (a foreign Host),
 * a cross-origin fetch (it carries Origin), or a "simple" form POST that skips the CORS preflight (only a
 * JSON content type forces one).
 */
export function adminRefusal(method: string, headers: Readonly<Record<string, string | undefined>>, port: number): string | undefined {
  const host = (headers['host'] ?? '').toLowerCase();
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    return `admin routes answer Host 127.0.0.1:${port} or localhost:${port} only; got ${JSON.stringify(headers['host'] ?? '')}.`;
  }
  if (headers['origin'] !== undefined)
    return 'admin routes refuse browser requests (an Origin header was sent). Call them from a script or curl.';
  if (method === 'POST' && !/^application\/json\s*(;|$)/i.test(headers['content-type'] ?? '')) {
    return 'admin POST routes need content-type application/json.';
  }
  return undefined;
}

export interface AdminDeps {
  readonly endpoint: Endpoint;
  readonly port: () => number;
  /** Called after routes that change state, so the state file follows. */
  readonly changed: () => void;
}

function parseBody(body: Buffer): unknown {
  try {
    return body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch (err) {
    throw new Error(`request body: not JSON (${(err as Error).message}). Send a JSON object with content-type application/json.`);
  }
}

export function handleAdmin(method: string, path: string, body: Buffer, deps: AdminDeps): WireResponse {
  const route = `${method} ${path.slice(ADMIN_PREFIX.length).replace(/\/$/, '')}`;
  const { endpoint } = deps;
  try {
    switch (route) {
      case 'GET health':
        return json(200, { status: 'ok', port: deps.port(), accounts: endpoint.identities.accounts() });
      case 'GET calls':
        return json(200, endpoint.callCounts());
      case 'POST calls/reset':
        endpoint.resetCallCounts();
        return json(200, {});
      case 'GET controls':
        return json(200, endpoint.getControls());
      case 'POST controls': {
        const parsed = controlsSchema.safeParse(parseBody(body));
        if (!parsed.success) {
          const lines = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
          return json(400, {
            error: `invalid controls: ${lines.join('; ')}. Example: {"latencyMs":20,"quotas":"aws-defaults","faults":{"throttlePercent":10,"seed":7}}`,
          });
        }
        endpoint.setControls(parsed.data);
        return json(200, endpoint.getControls());
      }
      case 'GET snapshot':
        return json(200, endpoint.snapshot());
      case 'POST restore':
        endpoint.restore(parseBody(body) as LocalAwsSnapshot);
        deps.changed();
        return json(200, {});
      case 'POST reset':
        endpoint.reset();
        deps.changed();
        return json(200, {});
      default:
        return json(404, {
          error: `no admin route "${route}". Routes: GET health, GET calls, POST calls/reset, GET|POST controls, GET snapshot, POST restore, POST reset (under ${ADMIN_PREFIX}).`,
        });
    }
  } catch (err) {
    return json(400, { error: (err as Error).message });
  }
}
