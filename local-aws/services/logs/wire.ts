/**
 * CloudWatch Logs speaks AWS JSON 1.1: POST / with `X-Amz-Target: Logs_20140328.<Operation>` and a JSON
 * object body. Client errors are all HTTP 400 with `__type` naming the exception (the Go SDK v2 and SDK v3
 * read it from there or from `X-Amzn-ErrorType`). Member validation answers the way the service does: a
 * wrong JSON type is a SerializationException, a missing or malformed member an InvalidParameterException
 * with AWS's "1 validation error detected" wording, plus the fix.
 */
import { AwsError, type WireRequest, type WireResponse } from '../../types';

export const JSON_11 = 'application/x-amz-json-1.1';

/** The service's own spelling of a bad member: 400 InvalidParameterException. */
export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message, 400);
}

export function parseRequestBody(req: Pick<WireRequest, 'body'>): Record<string, unknown> {
  const text = req.body.length ? req.body.toString('utf8').trim() : '';
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AwsError('SerializationException', 'The request body is not a JSON object. Send the operation input as a JSON object.', 400);
}

function wrongType(key: string, value: unknown, expected: string): AwsError {
  return new AwsError(
    'SerializationException',
    `Member '${key}' must be ${expected}; got ${JSON.stringify(value)}. Send it as ${expected}.`,
    400,
  );
}

function missing(key: string): AwsError {
  return invalidParameter(
    `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null. Pass ${key}.`,
  );
}

/** Typed readers for JSON members; `required` variants throw AWS's null-member error. */
export const member = {
  string(input: Record<string, unknown>, key: string): string | undefined {
    const v = input[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw wrongType(key, v, 'a string');
    return v;
  },
  requiredString(input: Record<string, unknown>, key: string): string {
    const v = member.string(input, key);
    if (v === undefined) throw missing(key);
    return v;
  },
  integer(input: Record<string, unknown>, key: string): number | undefined {
    const v = input[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw wrongType(key, v, 'an integer');
    return v;
  },
  stringList(input: Record<string, unknown>, key: string): string[] | undefined {
    const v = input[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw wrongType(key, v, 'a list of strings');
    return v as string[];
  },
  stringMap(input: Record<string, unknown>, key: string): Record<string, string> | undefined {
    const v = input[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
      throw wrongType(key, v, 'a map of strings to strings');
    }
    return v as Record<string, string>;
  },
};

/** A JSON 1.1 answer; operations without output answer 200 with an empty body, as CloudWatch Logs does. */
export function jsonAnswer(body: unknown, requestId: string): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': JSON_11, 'x-amzn-requestid': requestId },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

export function renderJsonError(err: AwsError, ctx: { requestId: string }): WireResponse {
  return {
    status: err.status,
    headers: { 'content-type': JSON_11, 'x-amzn-requestid': ctx.requestId, 'x-amzn-errortype': err.code },
    body: JSON.stringify({ __type: err.code, message: err.message }),
  };
}
