/**
 * Function URLs (API 2021-10-31, `/functions/{name}/url` and `/urls`): Create, Get, Update, Delete and List.
 * A URL belongs to the function or to one alias (Lambda refuses versions and `$LATEST` as its qualifier).
 * The URL has AWS's form, https://<32 characters>.lambda-url.<region>.on.aws/, with a random id as AWS
 * assigns; nothing serves it. Who may invoke it is the function policy's business (AuthType NONE needs a
 * `lambda:InvokeFunctionUrl` statement with `lambda:FunctionUrlAuthType`, which the provider adds itself).
 */
import { randomBytes } from 'node:crypto';
import { AwsError, type CallContext } from '../../types';
import { read } from '../../protocols/rest-json';
import { deleteOwn, getOwn, hasOwnKey, setOwn } from '../../core/own';
import { functionArn, resolveFunction, type FunctionUrlConfig, type LambdaState } from './model';

const AUTH_TYPES = ['NONE', 'AWS_IAM'];
const INVOKE_MODES = ['BUFFERED', 'RESPONSE_STREAM'];
const METHODS = ['GET', 'PUT', 'HEAD', 'POST', 'PATCH', 'DELETE', '*'];
/** Alias names only: not all digits (a version), no `$LATEST`. */
const URL_QUALIFIER = /^(?!\d+$)[0-9a-zA-Z_-]{1,128}$/;

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, 400);
}

function oneOf(field: string, value: string, allowed: readonly string[]): string {
  if (!allowed.includes(value)) throw invalid(`${field} '${value}' is not valid. Use one of: ${allowed.join(', ')}.`);
  return value;
}

function target(state: LambdaState, ctx: CallContext, ref: string, queryQualifier: string | null) {
  const { fn, name, qualifier } = resolveFunction(state, ctx, ref, queryQualifier);
  if (qualifier !== undefined) {
    if (!URL_QUALIFIER.test(qualifier)) {
      throw invalid(
        `1 validation error detected: Value '${qualifier}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ` +
          '((?!^\\d+$)^[0-9a-zA-Z-_]+$). A function URL takes an alias as its qualifier, not a version or $LATEST.',
      );
    }
    if (!getOwn(fn.aliases, qualifier)) {
      throw new AwsError('ResourceNotFoundException', `Alias not found: ${functionArn(ctx, name, qualifier)}`, 404);
    }
  }
  return { fn, name, qualifier: qualifier ?? '', arn: functionArn(ctx, name, qualifier) };
}

function corsFrom(input: Record<string, unknown>): Record<string, unknown> | undefined {
  const cors = read.object(input, 'Cors');
  if (cors === undefined) return undefined;
  const out: Record<string, unknown> = {};
  const credentials = read.boolean(cors, 'AllowCredentials');
  if (credentials !== undefined) out.AllowCredentials = credentials;
  for (const key of ['AllowHeaders', 'AllowMethods', 'AllowOrigins', 'ExposeHeaders']) {
    const list = read.stringList(cors, key);
    if (list === undefined) continue;
    if (list.length > 100) throw invalid(`Cors.${key} has ${list.length} entries; use at most 100.`);
    if (key === 'AllowMethods') list.forEach((m) => oneOf('Cors.AllowMethods', m, METHODS));
    out[key] = list;
  }
  const maxAge = read.integer(cors, 'MaxAge');
  if (maxAge !== undefined) {
    if (maxAge < 0 || maxAge > 86400) throw invalid(`Cors.MaxAge ${maxAge} is out of range. Use a value from 0 to 86400.`);
    out.MaxAge = maxAge;
  }
  return out;
}

/** Lambda's URL timestamps: ISO 8601 with microseconds. */
function urlTimestamp(d: Date): string {
  return d.toISOString().replace('Z', '000Z');
}

export function urlView(arn: string, c: FunctionUrlConfig, withModified = true) {
  return {
    FunctionUrl: c.FunctionUrl,
    FunctionArn: arn,
    AuthType: c.AuthType,
    ...(c.Cors ? { Cors: c.Cors } : {}),
    CreationTime: c.CreationTime,
    ...(withModified ? { LastModifiedTime: c.LastModifiedTime } : {}),
    InvokeMode: c.InvokeMode,
  };
}

export function createFunctionUrlConfig(
  state: LambdaState,
  ctx: CallContext,
  ref: string,
  qualifier: string | null,
  input: Record<string, unknown>,
) {
  const t = target(state, ctx, ref, qualifier);
  const urls = (t.fn.urlConfigs ??= {});
  if (hasOwnKey(urls, t.qualifier)) {
    throw new AwsError(
      'ResourceConflictException',
      `Failed to create function url config for [functionArn = ${t.arn}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
      409,
    );
  }
  const authType = read.string(input, 'AuthType');
  if (authType === undefined) throw invalid(`AuthType is required: ${AUTH_TYPES.join(' or ')}.`);
  const now = urlTimestamp(ctx.now);
  // 32 characters of [a-z0-9], like the ids AWS assigns.
  const id = [...randomBytes(32)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
  const cors = corsFrom(input);
  const config: FunctionUrlConfig = {
    FunctionUrl: `https://${id}.lambda-url.${ctx.region}.on.aws/`,
    AuthType: oneOf('AuthType', authType, AUTH_TYPES),
    ...(cors ? { Cors: cors } : {}),
    InvokeMode: oneOf('InvokeMode', read.string(input, 'InvokeMode') ?? 'BUFFERED', INVOKE_MODES),
    CreationTime: now,
    LastModifiedTime: now,
  };
  setOwn(urls, t.qualifier, config);
  return { name: t.name, view: urlView(t.arn, config, false) };
}

function existing(state: LambdaState, ctx: CallContext, ref: string, qualifier: string | null) {
  const t = target(state, ctx, ref, qualifier);
  const config = getOwn(t.fn.urlConfigs, t.qualifier);
  if (!config) throw new AwsError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
  return { ...t, config };
}

export function getFunctionUrlConfig(state: LambdaState, ctx: CallContext, ref: string, qualifier: string | null) {
  const { arn, config } = existing(state, ctx, ref, qualifier);
  return urlView(arn, config);
}

/** Members given replace the current ones; a Cors object replaces the whole CORS configuration. */
export function updateFunctionUrlConfig(
  state: LambdaState,
  ctx: CallContext,
  ref: string,
  qualifier: string | null,
  input: Record<string, unknown>,
) {
  const { name, arn, config } = existing(state, ctx, ref, qualifier);
  const authType = read.string(input, 'AuthType');
  if (authType !== undefined) config.AuthType = oneOf('AuthType', authType, AUTH_TYPES);
  const mode = read.string(input, 'InvokeMode');
  if (mode !== undefined) config.InvokeMode = oneOf('InvokeMode', mode, INVOKE_MODES);
  const cors = corsFrom(input);
  if (cors !== undefined) {
    if (Object.keys(cors).length) config.Cors = cors;
    else delete config.Cors;
  }
  config.LastModifiedTime = urlTimestamp(ctx.now);
  return { name, view: urlView(arn, config) };
}

export function deleteFunctionUrlConfig(state: LambdaState, ctx: CallContext, ref: string, qualifier: string | null) {
  const { fn, name, qualifier: q } = existing(state, ctx, ref, qualifier);
  deleteOwn(fn.urlConfigs, q);
  return { name };
}

export function listFunctionUrlConfigs(state: LambdaState, ctx: CallContext, ref: string) {
  const { fn, name } = resolveFunction(state, ctx, ref);
  const urls = fn.urlConfigs ?? {};
  return {
    FunctionUrlConfigs: Object.keys(urls)
      .sort()
      .map((q) => urlView(functionArn(ctx, name, q || undefined), getOwn(urls, q)!)),
  };
}
