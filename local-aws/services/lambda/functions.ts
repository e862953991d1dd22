/**
 * Function lifecycle: create, read, update code/configuration, publish, delete. Functions become
 * `Active` / `Successful` immediately: the provider only waits while they are `Pending`/`InProgress`,
 * so reporting the final state at once keeps applies fast without changing what it sees.
 */
import { randomUUID } from 'node:crypto';
import { AwsError, type CallContext, type ServiceRegistry } from '../../types';
import { read } from '../../protocols/rest-json';
import { assertVersionUnreferenced } from './aliases';
import { codeFrom, imageLocation } from './code';
import { applyConfigurationInput, defaultConfiguration } from './config';
import { assertExecutionRoleExists } from './execution-role';
import {
  configurationAt,
  functionArn,
  lambdaTimestamp,
  NAME_PATTERN,
  regionOf,
  resolveFunction,
  type FunctionConfiguration,
  type LambdaState,
  type StoredFunction,
} from './model';
import { deleteOwn, getOwn, hasOwnKey, setOwn } from '../../core/own';

function checkRevision(current: FunctionConfiguration, revisionId: string | undefined): void {
  if (revisionId !== undefined && revisionId !== current.RevisionId) {
    throw new AwsError(
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      412,
    );
  }
}

function touched(config: FunctionConfiguration, ctx: CallContext, patch: Partial<FunctionConfiguration> = {}): FunctionConfiguration {
  return { ...config, ...patch, LastModified: lambdaTimestamp(ctx.now), RevisionId: randomUUID() };
}

/** Snapshots `$LATEST` as the next version; an unchanged `$LATEST` returns the newest version instead, as AWS does. */
export function publishVersion(fn: StoredFunction, ctx: CallContext, description?: string): FunctionConfiguration {
  const newest = fn.versions[fn.versions.length - 1];
  if (newest && newest.CodeSha256 === fn.latest.CodeSha256 && sameConfiguration(newest, fn.latest)) return newest;
  const version = String(fn.nextVersion++);
  const published: FunctionConfiguration = {
    ...fn.latest,
    FunctionArn: `${fn.latest.FunctionArn}:${version}`,
    Version: version,
    Description: description ?? fn.latest.Description,
    RevisionId: randomUUID(),
    SnapStart: { ...fn.latest.SnapStart, OptimizationStatus: fn.latest.SnapStart.ApplyOn === 'PublishedVersions' ? 'On' : 'Off' },
  };
  fn.versions.push(published);
  return published;
}

/** What differs between any two versions and so does not count as a change worth publishing. */
const PER_VERSION_FIELDS: ReadonlySet<string> = new Set(['FunctionArn', 'Version', 'RevisionId', 'LastModified', 'SnapStart']);

function sameConfiguration(a: FunctionConfiguration, b: FunctionConfiguration): boolean {
  const strip = (config: FunctionConfiguration) =>
    Object.fromEntries(Object.entries(config).filter(([key]) => !PER_VERSION_FIELDS.has(key)));
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

function packageTypeOf(value: string | undefined): FunctionConfiguration['PackageType'] {
  if (value === undefined || value === 'Zip') return 'Zip';
  if (value === 'Image') return 'Image';
  throw new AwsError('InvalidParameterValueException', `PackageType '${value}' is not valid. Use Zip or Image.`, 400);
}

export function createFunction(
  state: LambdaState,
  ctx: CallContext,
  input: Record<string, unknown>,
  services?: ServiceRegistry,
): FunctionConfiguration {
  const name = read.string(input, 'FunctionName');
  if (!name || !NAME_PATTERN.test(name)) {
    throw new AwsError(
      'InvalidParameterValueException',
      `FunctionName '${name ?? ''}' is not valid: use 1-64 characters of [a-zA-Z0-9-_].`,
      400,
    );
  }
  const packageType = packageTypeOf(read.string(input, 'PackageType'));
  const role = read.string(input, 'Role');
  if (!role) throw new AwsError('InvalidParameterValueException', 'Role is required: pass the ARN of the function execution role.', 400);
  if (
    packageType === 'Image' &&
    (read.string(input, 'Runtime') || read.string(input, 'Handler') || read.stringList(input, 'Layers')?.length)
  ) {
    throw new AwsError(
      'InvalidParameterValueException',
      'Runtime, Handler and Layers are not supported for PackageType Image: the image brings them.',
      400,
    );
  }
  if (packageType === 'Zip' && (!read.string(input, 'Runtime') || !read.string(input, 'Handler'))) {
    throw new AwsError(
      'InvalidParameterValueException',
      'Runtime and Handler are required for a Zip function, e.g. Runtime nodejs20.x and Handler index.handler.',
      400,
    );
  }
  const region = regionOf(state, ctx);
  if (hasOwnKey(region.functions, name)) throw new AwsError('ResourceConflictException', `Function already exist: ${name}`, 409);

  const { imageUri, ...code } = codeFrom(read.object(input, 'Code'), 'Code', packageType, ctx.region);
  const base = {
    ...defaultConfiguration(name, functionArn(ctx, name)),
    PackageType: packageType,
    ...code,
    LastModified: lambdaTimestamp(ctx.now),
    RevisionId: randomUUID(),
  };
  const latest = applyConfigurationInput(base, input) as FunctionConfiguration;
  assertExecutionRoleExists(services, latest.Role);
  const tags = read.stringMap(input, 'Tags') ?? {};

  const fn: StoredFunction = { latest, versions: [], nextVersion: 1, policies: {}, tags: { ...tags } };
  if (imageUri) fn.images = { [code.CodeSha256]: imageUri };
  setOwn(region.functions, name, fn);
  // CreateFunction with Publish answers with the published version's configuration.
  return read.boolean(input, 'Publish') ? publishVersion(fn, ctx) : fn.latest;
}

export function getFunction(state: LambdaState, ctx: CallContext, ref: string, qualifier: string | null) {
  const { fn, qualifier: q } = resolveFunction(state, ctx, ref, qualifier);
  const configuration = configurationAt(fn, ctx, q);
  return {
    Configuration: configuration,
    Code: fn.images?.[configuration.CodeSha256]
      ? imageLocation(fn.images[configuration.CodeSha256], configuration.CodeSha256)
      : {
          RepositoryType: 'S3',
          // A presigned-looking URL, as AWS gives; nothing serves it because the zip is not kept.
          Location: `https://awslambda-${ctx.region}-tasks.s3.${ctx.region}.amazonaws.com/snapshots/${ctx.caller.accountId}/${configuration.FunctionName}-${configuration.RevisionId}?X-Amz-Expires=600`,
        },
    // Tags and reserved concurrency belong to the function, so only the unqualified read returns them.
    ...(q === undefined && Object.keys(fn.tags).length ? { Tags: { ...fn.tags } } : {}),
    ...(q === undefined && fn.reservedConcurrency !== undefined
      ? { Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency } }
      : {}),
  };
}

export function getFunctionConfiguration(
  state: LambdaState,
  ctx: CallContext,
  ref: string,
  qualifier: string | null,
): FunctionConfiguration {
  const { fn, qualifier: q } = resolveFunction(state, ctx, ref, qualifier);
  return configurationAt(fn, ctx, q);
}

function resolveLatestForUpdate(state: LambdaState, ctx: CallContext, ref: string) {
  const resolved = resolveFunction(state, ctx, ref);
  if (resolved.qualifier !== undefined && resolved.qualifier !== '$LATEST') {
    throw new AwsError(
      'InvalidParameterValueException',
      `Only $LATEST can be updated; '${ref}' names version or alias ${resolved.qualifier}. Pass the unqualified function name.`,
      400,
    );
  }
  return resolved;
}

export function updateFunctionCode(
  state: LambdaState,
  ctx: CallContext,
  ref: string,
  input: Record<string, unknown>,
): FunctionConfiguration {
  const { fn } = resolveLatestForUpdate(state, ctx, ref);
  checkRevision(fn.latest, read.string(input, 'RevisionId'));
  const { imageUri, ...code } = codeFrom(input, 'UpdateFunctionCode', fn.latest.PackageType, ctx.region);
  const arch = read.stringList(input, 'Architectures');
  const next = applyConfigurationInput(touched(fn.latest, ctx, code), arch ? { Architectures: arch } : {});
  if (read.boolean(input, 'DryRun')) return next;
  fn.latest = next;
  if (imageUri) fn.images = { ...fn.images, [code.CodeSha256]: imageUri };
  return read.boolean(input, 'Publish') ? publishVersion(fn, ctx) : fn.latest;
}

export function updateFunctionConfiguration(
  state: LambdaState,
  ctx: CallContext,
  ref: string,
  input: Record<string, unknown>,
  services?: ServiceRegistry,
): FunctionConfiguration {
  const { fn } = resolveLatestForUpdate(state, ctx, ref);
  checkRevision(fn.latest, read.string(input, 'RevisionId'));
  const next = applyConfigurationInput(touched(fn.latest, ctx), input);
  if (next.Role !== fn.latest.Role) assertExecutionRoleExists(services, next.Role);
  fn.latest = next;
  return fn.latest;
}

export function publish(state: LambdaState, ctx: CallContext, ref: string, input: Record<string, unknown>): FunctionConfiguration {
  const { fn } = resolveLatestForUpdate(state, ctx, ref);
  checkRevision(fn.latest, read.string(input, 'RevisionId'));
  const expected = read.string(input, 'CodeSha256');
  if (expected !== undefined && expected !== fn.latest.CodeSha256) {
    throw new AwsError(
      'InvalidParameterValueException',
      `CodeSha256 ${expected} does not match the function's current code ${fn.latest.CodeSha256}.`,
      400,
    );
  }
  return publishVersion(fn, ctx, read.string(input, 'Description'));
}

/** Deletes the function, or one published version when a qualifier is given. */
export function deleteFunction(
  state: LambdaState,
  ctx: CallContext,
  ref: string,
  qualifier: string | null,
): { name: string; qualifier?: string } {
  const { fn, name, qualifier: q } = resolveFunction(state, ctx, ref, qualifier);
  if (q === undefined) {
    deleteOwn(regionOf(state, ctx).functions, name);
    return { name };
  }
  if (q === '$LATEST') {
    throw new AwsError(
      'InvalidParameterValueException',
      '$LATEST version cannot be deleted without deleting the function. Omit the Qualifier to delete the function.',
      400,
    );
  }
  if (getOwn(fn.aliases, q)) {
    throw new AwsError(
      'InvalidParameterValueException',
      `Qualifier '${q}' is an alias; DeleteFunction deletes versions. Use DeleteAlias to remove an alias.`,
      400,
    );
  }
  configurationAt(fn, ctx, q);
  assertVersionUnreferenced(fn, q);
  fn.versions = fn.versions.filter((v) => v.Version !== q);
  deleteOwn(fn.policies, q);
  return { name, qualifier: q };
}
