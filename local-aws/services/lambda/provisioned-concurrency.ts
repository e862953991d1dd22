/**
 * Provisioned concurrency (API 2019-09-30, `/functions/{name}/provisioned-concurrency?Qualifier=`): Put, Get,
 * Delete, and List (`?List=ALL`). AWS allocates the environments over minutes: Put answers 202
 * IN_PROGRESS and a later Get says READY. Here allocation is instant, so Get already answers READY with
 * everything allocated and the provider's waiter returns on its first poll.
 */
import { AwsError, type CallContext } from '../../types';
import { read } from '../../protocols/rest-json';
import { deleteOwn, getOwn, setOwn } from '../../core/own';
import { configurationAt, functionArn, lambdaTimestamp, resolveFunction, type LambdaState } from './model';

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, 400);
}

/** Provisioned concurrency is set on a published version or an alias, never on `$LATEST`. */
function target(state: LambdaState, ctx: CallContext, ref: string, queryQualifier: string | null) {
  const { fn, name, qualifier } = resolveFunction(state, ctx, ref, queryQualifier);
  if (qualifier === undefined) throw invalid('Qualifier is required: the published version or alias to provision.');
  if (qualifier === '$LATEST') throw invalid('Provisioned Concurrency Configs cannot be applied to unpublished function versions.');
  configurationAt(fn, ctx, qualifier);
  return { fn, name, qualifier };
}

function view(
  ctx: CallContext,
  name: string,
  qualifier: string,
  c: { requested: number; lastModified: string },
  status: string,
  withArn = false,
) {
  const allocated = status === 'READY' ? c.requested : 0;
  return {
    ...(withArn ? { FunctionArn: functionArn(ctx, name, qualifier) } : {}),
    RequestedProvisionedConcurrentExecutions: c.requested,
    AvailableProvisionedConcurrentExecutions: allocated,
    AllocatedProvisionedConcurrentExecutions: allocated,
    Status: status,
    LastModified: c.lastModified,
  };
}

export function putProvisionedConcurrencyConfig(
  state: LambdaState,
  ctx: CallContext,
  ref: string,
  qualifier: string | null,
  input: Record<string, unknown>,
) {
  const t = target(state, ctx, ref, qualifier);
  const requested = read.integer(input, 'ProvisionedConcurrentExecutions');
  if (requested === undefined || requested < 1) {
    throw invalid(`ProvisionedConcurrentExecutions ${JSON.stringify(requested)} is not valid: use an integer of at least 1.`);
  }
  if (t.fn.reservedConcurrency !== undefined && requested > t.fn.reservedConcurrency) {
    throw invalid(
      `Requested Provisioned Concurrency (${requested}) should not be greater than the reserved concurrency for the function (${t.fn.reservedConcurrency}).`,
    );
  }
  const config = { requested, lastModified: lambdaTimestamp(ctx.now) };
  setOwn((t.fn.provisionedConcurrency ??= {}), t.qualifier, config);
  return { name: t.name, qualifier: t.qualifier, view: view(ctx, t.name, t.qualifier, config, 'IN_PROGRESS') };
}

function notFound(): AwsError {
  return new AwsError('ProvisionedConcurrencyConfigNotFoundException', 'No Provisioned Concurrency Config found for this function', 404);
}

export function getProvisionedConcurrencyConfig(state: LambdaState, ctx: CallContext, ref: string, qualifier: string | null) {
  const t = target(state, ctx, ref, qualifier);
  const config = getOwn(t.fn.provisionedConcurrency, t.qualifier);
  if (!config) throw notFound();
  return view(ctx, t.name, t.qualifier, config, 'READY');
}

export function deleteProvisionedConcurrencyConfig(state: LambdaState, ctx: CallContext, ref: string, qualifier: string | null) {
  const t = target(state, ctx, ref, qualifier);
  if (!getOwn(t.fn.provisionedConcurrency, t.qualifier)) throw notFound();
  deleteOwn(t.fn.provisionedConcurrency, t.qualifier);
  return { name: t.name, qualifier: t.qualifier };
}

export function listProvisionedConcurrencyConfigs(state: LambdaState, ctx: CallContext, ref: string) {
  const { fn, name } = resolveFunction(state, ctx, ref);
  const configs = fn.provisionedConcurrency ?? {};
  return {
    ProvisionedConcurrencyConfigs: Object.keys(configs)
      .sort()
      .map((q) => view(ctx, name, q, getOwn(configs, q)!, 'READY', true)),
  };
}
