/**
 * Aliases (CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases): named pointers to a version,
 * and the usual qualifier of an invoke permission (`aws_lambda_permission.qualifier = "live"`). Policies
 * attached through an alias stay with the alias when it is repointed, as on AWS.
 */
import { randomUUID } from 'node:crypto';
import { AwsError, type CallContext } from '../../types';
import { read } from '../../protocols/rest-json';
import { configurationAt, functionArn, resolveFunction, type AliasConfiguration, type LambdaState, type StoredFunction } from './model';
import { deleteOwn, getOwn, hasOwnKey, setOwn } from '../../core/own';

/** Alias names may not be all digits (those are versions) and may not be `$LATEST`. */
const ALIAS_NAME = /^(?!\d+$)[a-zA-Z0-9_-]{1,128}$/;

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, 400);
}

function aliasesOf(fn: StoredFunction): Record<string, AliasConfiguration> {
  return (fn.aliases ??= {});
}

function notFound(ctx: CallContext, fn: StoredFunction, name: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Alias not found: ${functionArn(ctx, fn.latest.FunctionName, name)}`, 404);
}

/** A target version must exist; `$LATEST` is allowed, as on AWS. */
function targetVersion(fn: StoredFunction, ctx: CallContext, version: string | undefined): string {
  if (!version) throw invalid('FunctionVersion is required: the version the alias points to (a number, or $LATEST).');
  if (version !== '$LATEST' && !/^\d+$/.test(version))
    throw invalid(`FunctionVersion '${version}' is not valid: use a published version number or $LATEST.`);
  configurationAt(fn, ctx, version);
  return version;
}

/** Weighted routing: at most one extra version with a weight in [0, 1]; no weights means no RoutingConfig. */
function routingFrom(fn: StoredFunction, ctx: CallContext, input: Record<string, unknown>): AliasConfiguration['RoutingConfig'] {
  const routing = read.object(input, 'RoutingConfig');
  const weights = (routing?.AdditionalVersionWeights ?? {}) as Record<string, unknown>;
  const entries = Object.entries(weights);
  if (!entries.length) return undefined;
  if (entries.length > 1) throw invalid('RoutingConfig.AdditionalVersionWeights may name only one additional version.');
  const [version, weight] = entries[0];
  if (typeof weight !== 'number' || weight < 0 || weight > 1)
    throw invalid(`RoutingConfig weight for version ${version} is ${JSON.stringify(weight)}; use a number from 0.0 to 1.0.`);
  configurationAt(fn, ctx, version);
  return { AdditionalVersionWeights: { [version]: weight } };
}

function withoutUndefined(alias: AliasConfiguration): AliasConfiguration {
  return JSON.parse(JSON.stringify(alias)) as AliasConfiguration;
}

export function createAlias(state: LambdaState, ctx: CallContext, ref: string, input: Record<string, unknown>): AliasConfiguration {
  const { fn, name: fnName } = resolveFunction(state, ctx, ref);
  const name = read.string(input, 'Name');
  if (!name || !ALIAS_NAME.test(name))
    throw invalid(`Name '${name ?? ''}' is not a valid alias name: use 1-128 of [a-zA-Z0-9-_], not all digits.`);
  const aliases = aliasesOf(fn);
  if (hasOwnKey(aliases, name))
    throw new AwsError('ResourceConflictException', `Alias already exists: ${functionArn(ctx, fnName, name)}`, 409);
  const alias = withoutUndefined({
    AliasArn: functionArn(ctx, fnName, name),
    Name: name,
    FunctionVersion: targetVersion(fn, ctx, read.string(input, 'FunctionVersion')),
    Description: read.string(input, 'Description') ?? '',
    RoutingConfig: routingFrom(fn, ctx, input),
    RevisionId: randomUUID(),
  });
  setOwn(aliases, name, alias);
  return alias;
}

export function getAlias(state: LambdaState, ctx: CallContext, ref: string, name: string): AliasConfiguration {
  const { fn } = resolveFunction(state, ctx, ref);
  const alias = getOwn(fn.aliases, name);
  if (!alias) throw notFound(ctx, fn, name);
  return alias;
}

export function updateAlias(
  state: LambdaState,
  ctx: CallContext,
  ref: string,
  name: string,
  input: Record<string, unknown>,
): AliasConfiguration {
  const { fn } = resolveFunction(state, ctx, ref);
  const current = getOwn(fn.aliases, name);
  if (!current) throw notFound(ctx, fn, name);
  const revisionId = read.string(input, 'RevisionId');
  if (revisionId !== undefined && revisionId !== current.RevisionId) {
    throw new AwsError(
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetAlias API to retrieve the latest Revision Id',
      412,
    );
  }
  const version = read.string(input, 'FunctionVersion');
  const description = read.string(input, 'Description');
  const next = withoutUndefined({
    ...current,
    FunctionVersion: version !== undefined ? targetVersion(fn, ctx, version) : current.FunctionVersion,
    Description: description ?? current.Description,
    // An absent RoutingConfig keeps the weights; a present one (even empty) replaces them.
    RoutingConfig: 'RoutingConfig' in input ? routingFrom(fn, ctx, input) : current.RoutingConfig,
    RevisionId: randomUUID(),
  });
  setOwn(aliasesOf(fn), name, next);
  return next;
}

export function deleteAlias(state: LambdaState, ctx: CallContext, ref: string, name: string): { functionName: string } {
  const { fn, name: fnName } = resolveFunction(state, ctx, ref);
  if (!getOwn(fn.aliases, name)) throw notFound(ctx, fn, name);
  deleteOwn(fn.aliases, name);
  deleteOwn(fn.policies, name);
  // What was configured on the alias goes with it: its URL, async invocation settings, provisioned concurrency.
  deleteOwn(fn.urlConfigs, name);
  deleteOwn(fn.eventInvokeConfigs, name);
  deleteOwn(fn.provisionedConcurrency, name);
  return { functionName: fnName };
}

export function listAliases(state: LambdaState, ctx: CallContext, ref: string, query: URLSearchParams): { Aliases: AliasConfiguration[] } {
  const { fn } = resolveFunction(state, ctx, ref);
  const version = query.get('FunctionVersion');
  const all = Object.keys(fn.aliases ?? {})
    .sort()
    .map((n) => fn.aliases![n])
    .filter((a) => version === null || a.FunctionVersion === version);
  return { Aliases: all };
}

/** Versions an alias points to (or routes to) cannot be deleted; AWS names the aliases in the error. */
export function assertVersionUnreferenced(fn: StoredFunction, version: string): void {
  const users = Object.values(fn.aliases ?? {})
    .filter((a) => a.FunctionVersion === version || (a.RoutingConfig && version in a.RoutingConfig.AdditionalVersionWeights))
    .map((a) => a.Name);
  if (users.length) {
    throw new AwsError(
      'ResourceConflictException',
      `Unable to delete version because the following aliases reference it: [${users.join(', ')}]. Repoint or delete them first.`,
      409,
    );
  }
}
