/**
 * The REST-JSON protocol (Lambda): the operation is chosen by HTTP method + path template, inputs come
 * from URL path segments, the query string and a JSON body, and errors travel as a status code plus an
 * `X-Amzn-ErrorType` header. The SDKs (v3 JS, Go v2) pick the error class from that header, so the code
 * must be there even when the body is empty; the message is read from `message` or `Message`.
 */
import { AwsError, type WireRequest, type WireResponse } from '../types';

export const JSON_CONTENT_TYPE = 'application/json';

/** One operation's route, e.g. `GET /2015-03-31/functions/{FunctionName}/policy`. */
export interface RestRoute {
  readonly operation: string;
  readonly method: string;
  /** Path template; `{Name}` captures one segment, `{Name+}` captures the rest of the path. */
  readonly path: string;
}

export interface RouteMatch {
  readonly operation: string;
  /** URL-decoded path parameters by template name. */
  readonly params: Readonly<Record<string, string>>;
}

export interface CompiledRoute extends RestRoute {
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

/**
 * Compiles templates once. A trailing slash is optional, because SDK generations differ
 * (`/2015-03-31/functions` in JS v3 today, `/2015-03-31/functions/` in older clients).
 */
export function compileRoutes(routes: readonly RestRoute[]): readonly CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const body = route.path
      .replace(/\/+$/, '')
      .split('/')
      .map((segment) => {
        const m = /^\{(\w+)(\+?)\}$/.exec(segment);
        if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(m[1]);
        // Raw segments never contain '/', because clients encode it as %2F; greedy labels may.
        return m[2] ? '(.+)' : '([^/]+)';
      })
      .join('/');
    return { ...route, names, pattern: new RegExp(`^${body}/?$`) };
  });
}

/** Finds the route for a request, or throws the error the real service gives for an unknown path. */
export function matchRoute(routes: readonly CompiledRoute[], req: Pick<WireRequest, 'method' | 'rawPath'>): RouteMatch {
  let pathMatched = false;
  for (const route of routes) {
    const m = route.pattern.exec(req.rawPath);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== req.method.toUpperCase()) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeSegment(m[i + 1], name);
    });
    return { operation: route.operation, params };
  }
  if (pathMatched) throw new AwsError('MethodNotAllowedException', `${req.method} is not allowed on ${req.rawPath}`, 405);
  throw new AwsError('UnknownOperationException', `No operation matches ${req.method} ${req.rawPath}`, 404);
}

function decodeSegment(raw: string, name: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AwsError('InvalidParameterValueException', `The path parameter ${name} is not valid URL encoding: ${raw}`, 400);
  }
}

/** Parses the JSON request body; an empty body is an empty object, as the SDKs send no body for no input. */
export function parseJsonBody(req: Pick<WireRequest, 'body'>): Record<string, unknown> {
  const text = req.body.length ? req.body.toString('utf8').trim() : '';
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new AwsError('InvalidRequestContentException', `Could not parse request body into json: ${(e as Error).message}`, 400);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsError('InvalidRequestContentException', 'Could not parse request body into json: expected an object', 400);
  }
  return parsed as Record<string, unknown>;
}

/** A JSON response; `undefined` body means no content (e.g. 204 for RemovePermission). */
export function jsonResponse(status: number, body: unknown, requestId: string, extraHeaders: Record<string, string> = {}): WireResponse {
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId, ...extraHeaders };
  if (body === undefined) return { status, headers };
  return { status, headers: { ...headers, 'content-type': JSON_CONTENT_TYPE }, body: JSON.stringify(body) };
}

/**
 * Renders an error as Lambda does: `X-Amzn-ErrorType: Code` and `{"Type":"User","message":…}`.
 * We send both `Message` and `message` because clients differ in which one they read.
 */
export function renderRestJsonError(err: AwsError, ctx: { requestId: string }): WireResponse {
  const type = err.type === 'Receiver' ? 'Service' : 'User';
  const headers: Record<string, string> = {
    'content-type': JSON_CONTENT_TYPE,
    'x-amzn-errortype': err.code,
    'x-amzn-requestid': ctx.requestId,
  };
  // Throttling details (Retry-After, Reason) are added by the endpoint core, which knows the quota.
  const body = { Type: type, Message: err.message, message: err.message };
  return { status: err.status, headers, body: JSON.stringify(body) };
}

/** Typed readers for JSON input members; each names the member and the fix when the type is wrong. */
export const read = {
  string(input: Record<string, unknown>, key: string): string | undefined {
    const v = input[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw typeError(key, v, 'a string');
    return v;
  },
  integer(input: Record<string, unknown>, key: string): number | undefined {
    const v = input[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError(key, v, 'an integer');
    return v;
  },
  boolean(input: Record<string, unknown>, key: string): boolean | undefined {
    const v = input[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw typeError(key, v, 'a boolean');
    return v;
  },
  stringList(input: Record<string, unknown>, key: string): string[] | undefined {
    const v = input[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw typeError(key, v, 'a list of strings');
    return v as string[];
  },
  stringMap(input: Record<string, unknown>, key: string): Record<string, string> | undefined {
    const v = input[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
      throw typeError(key, v, 'a map of strings');
    }
    return v as Record<string, string>;
  },
  object(input: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
    const v = input[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw typeError(key, v, 'an object');
    return v as Record<string, unknown>;
  },
};

function typeError(key: string, value: unknown, expected: string): AwsError {
  return new AwsError(
    'InvalidParameterValueException',
    `${key} must be ${expected}; got ${JSON.stringify(value)}. Send ${key} as ${expected}.`,
    400,
  );
}
