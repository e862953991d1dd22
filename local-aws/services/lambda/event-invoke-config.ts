/**
 * Asynchronous invocation settings (API 2019-09-25, `/functions/{name}/event-invoke-config`): Put (replaces
 * every setting), Update (changes only the members given), Get, Delete and List. A config belongs to one
 * qualifier: none means `$LATEST`. Destinations must be ARNs of the kinds Lambda delivers to (SQS, SNS,
 * Lambda, EventBridge; S3 on failure only); they are not looked up, and whether the execution role may
 * send to them is not checked (IAM policies are not evaluated for service calls here).
 */
import { AwsError, type CallContext } from '../../types';
import { read } from '../../protocols/rest-json';
import { deleteOwn, getOwn, setOwn } from '../../core/own';
import { configurationAt, functionArn, resolveFunction, type EventInvokeConfig, type LambdaState } from './model';

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, 400);
}

const DESTINATION_KINDS: readonly { readonly pattern: RegExp; readonly onSuccess: boolean }[] = [
  { pattern: /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/, onSuccess: true },
  { pattern: /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/, onSuccess: true },
  { pattern: /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/, onSuccess: true },
  { pattern: /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[A-Za-z0-9_./-]+$/, onSuccess: true },
  { pattern: /^arn:aws[a-z-]*:s3:::[a-z0-9.-]{3,63}$/, onSuccess: false },
];

/** AWS's wording ("The destination ARN … is invalid"), which the provider retries on for IAM propagation. */
function destination(config: Record<string, unknown> | undefined, key: 'OnSuccess' | 'OnFailure'): string | undefined {
  const target = config ? read.object(config, key) : undefined;
  const arn = target ? read.string(target, 'Destination') : undefined;
  if (!arn) return undefined;
  const kind = DESTINATION_KINDS.find((k) => k.pattern.test(arn));
  if (!kind || (key === 'OnSuccess' && !kind.onSuccess)) {
    throw invalid(
      `The destination ARN ${arn} is invalid. ${key} takes an SQS queue, SNS topic, Lambda function or EventBridge event bus ARN` +
        (key === 'OnFailure' ? ', or an S3 bucket ARN.' : '.'),
    );
  }
  return arn;
}

function settingsFrom(input: Record<string, unknown>): { settings: Partial<EventInvokeConfig>; hasDestinations: boolean } {
  const retries = read.integer(input, 'MaximumRetryAttempts');
  if (retries !== undefined && (retries < 0 || retries > 2))
    throw invalid(`MaximumRetryAttempts ${retries} is out of range. Use 0, 1 or 2.`);
  const age = read.integer(input, 'MaximumEventAgeInSeconds');
  if (age !== undefined && (age < 60 || age > 21600)) {
    throw invalid(`MaximumEventAgeInSeconds ${age} is out of range. Use a value from 60 to 21600.`);
  }
  const destinations = read.object(input, 'DestinationConfig');
  return {
    settings: {
      MaximumRetryAttempts: retries,
      MaximumEventAgeInSeconds: age,
      OnSuccess: destination(destinations, 'OnSuccess'),
      OnFailure: destination(destinations, 'OnFailure'),
    },
    hasDestinations: destinations !== undefined,
  };
}

function target(state: LambdaState, ctx: CallContext, ref: string, queryQualifier: string | null) {
  const { fn, name, qualifier } = resolveFunction(state, ctx, ref, queryQualifier);
  const q = qualifier ?? '$LATEST';
  configurationAt(fn, ctx, q);
  return { fn, name, qualifier: q };
}

/** The wire shape: empty OnSuccess/OnFailure objects when unset, as AWS answers (the provider expects it). */
export function eventInvokeView(ctx: CallContext, name: string, qualifier: string, c: EventInvokeConfig) {
  return {
    LastModified: c.LastModified,
    FunctionArn: functionArn(ctx, name, qualifier),
    ...(c.MaximumRetryAttempts !== undefined ? { MaximumRetryAttempts: c.MaximumRetryAttempts } : {}),
    ...(c.MaximumEventAgeInSeconds !== undefined ? { MaximumEventAgeInSeconds: c.MaximumEventAgeInSeconds } : {}),
    DestinationConfig: {
      OnSuccess: c.OnSuccess ? { Destination: c.OnSuccess } : {},
      OnFailure: c.OnFailure ? { Destination: c.OnFailure } : {},
    },
  };
}

function clean(config: EventInvokeConfig): EventInvokeConfig {
  return JSON.parse(JSON.stringify(config)) as EventInvokeConfig;
}

export function putFunctionEventInvokeConfig(
  state: LambdaState,
  ctx: CallContext,
  ref: string,
  qualifier: string | null,
  input: Record<string, unknown>,
) {
  const t = target(state, ctx, ref, qualifier);
  const config = clean({ ...settingsFrom(input).settings, LastModified: ctx.now.getTime() / 1000 });
  setOwn((t.fn.eventInvokeConfigs ??= {}), t.qualifier, config);
  return { name: t.name, view: eventInvokeView(ctx, t.name, t.qualifier, config) };
}

export function updateFunctionEventInvokeConfig(
  state: LambdaState,
  ctx: CallContext,
  ref: string,
  qualifier: string | null,
  input: Record<string, unknown>,
) {
  const t = target(state, ctx, ref, qualifier);
  const current = getOwn(t.fn.eventInvokeConfigs, t.qualifier) ?? { LastModified: 0 };
  const { settings: given, hasDestinations } = settingsFrom(input);
  const config = clean({
    ...current,
    ...(given.MaximumRetryAttempts !== undefined ? { MaximumRetryAttempts: given.MaximumRetryAttempts } : {}),
    ...(given.MaximumEventAgeInSeconds !== undefined ? { MaximumEventAgeInSeconds: given.MaximumEventAgeInSeconds } : {}),
    // A DestinationConfig in an update replaces both destinations; without one they stay.
    ...(hasDestinations ? { OnSuccess: given.OnSuccess, OnFailure: given.OnFailure } : {}),
    LastModified: ctx.now.getTime() / 1000,
  });
  setOwn((t.fn.eventInvokeConfigs ??= {}), t.qualifier, config);
  return { name: t.name, view: eventInvokeView(ctx, t.name, t.qualifier, config) };
}

function configNotFound(ctx: CallContext, name: string, qualifier: string): AwsError {
  return new AwsError(
    'ResourceNotFoundException',
    `The function ${functionArn(ctx, name, qualifier)} doesn't have an EventInvokeConfig`,
    404,
  );
}

export function getFunctionEventInvokeConfig(state: LambdaState, ctx: CallContext, ref: string, qualifier: string | null) {
  const t = target(state, ctx, ref, qualifier);
  const config = getOwn(t.fn.eventInvokeConfigs, t.qualifier);
  if (!config) throw configNotFound(ctx, t.name, t.qualifier);
  return eventInvokeView(ctx, t.name, t.qualifier, config);
}

export function deleteFunctionEventInvokeConfig(state: LambdaState, ctx: CallContext, ref: string, qualifier: string | null) {
  const t = target(state, ctx, ref, qualifier);
  if (!getOwn(t.fn.eventInvokeConfigs, t.qualifier)) throw configNotFound(ctx, t.name, t.qualifier);
  deleteOwn(t.fn.eventInvokeConfigs, t.qualifier);
  return { name: t.name, qualifier: t.qualifier };
}

/** Every qualifier's config of one function, `$LATEST` first, then versions and aliases by name. */
export function listFunctionEventInvokeConfigs(state: LambdaState, ctx: CallContext, ref: string) {
  const { fn, name } = resolveFunction(state, ctx, ref);
  const configs = fn.eventInvokeConfigs ?? {};
  const order = (q: string) => (q === '$LATEST' ? '' : q);
  return {
    FunctionEventInvokeConfigs: Object.keys(configs)
      .sort((a, b) => order(a).localeCompare(order(b)))
      .map((q) => eventInvokeView(ctx, name, q, getOwn(configs, q)!)),
  };
}
