/**
 * Event source mappings (API 2015-03-31, `/event-source-mappings`): Create, Get, Update, Delete and List,
 * plus their tags. AWS moves a mapping through Creating/Updating/Deleting and the provider waits for
 * Enabled/Disabled (or for the mapping to be gone): here the transition finishes at once. Create and
 * Update answer 202 with the transitional state, as AWS does, and the next Get already reports the final
 * one, so the provider's waiters return on their first poll. Mappings belong to the region, not to the
 * function: deleting a function leaves its mappings, as on AWS (DeleteFunction's documentation says to
 * delete them with DeleteEventSourceMapping).
 */
import { randomUUID } from 'node:crypto';
import { AwsError, type CallContext } from '../../types';
import { read } from '../../protocols/rest-json';
import { deleteOwn, getOwn, setOwn } from '../../core/own';
import { partitionForRegion } from '../../../shared/aws/partition';
import { configurationAt, functionArn, regionOf, resolveFunction, type LambdaState, type StoredMapping } from './model';
import { sourceKindOf, validateForKind, type MappingFields, type SourceKind } from './esm-sources';

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, 400);
}

function mappingsOf(state: LambdaState, ctx: CallContext): Record<string, StoredMapping> {
  return (regionOf(state, ctx).eventSourceMappings ??= {});
}

export function mappingArn(ctx: CallContext, uuid: string): string {
  return `arn:${partitionForRegion(ctx.region)}:lambda:${ctx.region}:${ctx.caller.accountId}:event-source-mapping:${uuid}`;
}

function notFound(uuid: string): AwsError {
  return new AwsError(
    'ResourceNotFoundException',
    `The resource you requested does not exist. (Service: Lambda, event source mapping ${uuid})`,
    404,
  );
}

export function findMapping(state: LambdaState, ctx: CallContext, uuid: string): StoredMapping {
  const mapping = getOwn(mappingsOf(state, ctx), uuid);
  if (!mapping) throw notFound(uuid);
  return mapping;
}

/** The mapping an `event-source-mapping` ARN names (for tagging), or undefined when `arn` is not one. */
export function mappingByArn(state: LambdaState, ctx: CallContext, arn: string): { mapping: StoredMapping; uuid: string } | undefined {
  const m = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):event-source-mapping:([0-9a-f-]{36})$/.exec(arn);
  if (!m) return undefined;
  if (m[1] !== ctx.region || m[2] !== ctx.caller.accountId) throw notFound(m[3]);
  return { mapping: findMapping(state, ctx, m[3]), uuid: m[3] };
}

/** The function a mapping invokes, as Lambda stores it: the full ARN, qualified when a version or alias was named. */
function targetFunctionArn(state: LambdaState, ctx: CallContext, ref: string | undefined): string {
  if (!ref) throw invalid('FunctionName is required: the name or ARN of the function the mapping invokes.');
  const { fn, name, qualifier } = resolveFunction(state, ctx, ref);
  if (qualifier !== undefined) configurationAt(fn, ctx, qualifier);
  return functionArn(ctx, name, qualifier);
}

/** Members a request may set, each read with its wire type (the provider sends these). */
const NUMBER_FIELDS = [
  'BatchSize',
  'MaximumBatchingWindowInSeconds',
  'ParallelizationFactor',
  'MaximumRecordAgeInSeconds',
  'MaximumRetryAttempts',
  'TumblingWindowInSeconds',
] as const;
const OBJECT_FIELDS = [
  'DestinationConfig',
  'ScalingConfig',
  'AmazonManagedKafkaEventSourceConfig',
  'SelfManagedKafkaEventSourceConfig',
  'DocumentDBEventSourceConfig',
  'MetricsConfig',
  'ProvisionedPollerConfig',
] as const;
const LIST_FIELDS = ['Topics', 'Queues'] as const;
/** Fixed at creation (the provider marks them ForceNew); an update naming them is refused. */
const CREATE_ONLY = ['EventSourceArn', 'SelfManagedEventSource', 'StartingPosition', 'StartingPositionTimestamp', 'Topics', 'Queues'];

function inputFields(input: Record<string, unknown>): MappingFields {
  const out: MappingFields = {};
  for (const key of NUMBER_FIELDS) if (read.integer(input, key) !== undefined) out[key] = input[key];
  for (const key of OBJECT_FIELDS) if (read.object(input, key) !== undefined) out[key] = input[key];
  for (const key of LIST_FIELDS) if (read.stringList(input, key) !== undefined) out[key] = input[key];
  const bisect = read.boolean(input, 'BisectBatchOnFunctionError');
  if (bisect !== undefined) out.BisectBatchOnFunctionError = bisect;
  const kms = read.string(input, 'KMSKeyArn');
  if (kms !== undefined) out.KMSKeyArn = kms;
  const types = read.stringList(input, 'FunctionResponseTypes');
  if (types !== undefined) {
    const bad = types.find((t) => t !== 'ReportBatchItemFailures');
    if (bad !== undefined) throw invalid(`FunctionResponseTypes value '${bad}' is not valid. The only value is ReportBatchItemFailures.`);
    out.FunctionResponseTypes = types;
  }
  const filters = read.object(input, 'FilterCriteria');
  if (filters !== undefined) out.FilterCriteria = filterCriteriaFrom(filters);
  const access = input.SourceAccessConfigurations;
  if (access !== undefined && access !== null) {
    if (!Array.isArray(access)) throw invalid('SourceAccessConfigurations must be a list of {Type, URI} objects.');
    out.SourceAccessConfigurations = access;
  }
  return out;
}

/** Filter patterns must be JSON (Lambda parses them); an empty FilterCriteria removes the filters. */
function filterCriteriaFrom(criteria: Record<string, unknown>): MappingFields['FilterCriteria'] {
  const filters = (criteria.Filters ?? []) as unknown;
  if (!Array.isArray(filters)) throw invalid('FilterCriteria.Filters must be a list of {Pattern} objects.');
  if (filters.length > 5) throw invalid(`FilterCriteria has ${filters.length} filters; an event source mapping takes at most 5.`);
  for (const f of filters as { Pattern?: unknown }[]) {
    try {
      if (typeof f.Pattern !== 'string') throw new TypeError('not a string');
      JSON.parse(f.Pattern);
    } catch {
      throw invalid(
        `Invalid filter pattern definition: ${JSON.stringify(f.Pattern)} is not JSON. Write the pattern as a JSON object, e.g. {"body":{"type":["order"]}}.`,
      );
    }
  }
  return filters.length ? { Filters: filters } : undefined;
}

/** GetEventSourceMapping's answer; `state` overrides the settled state (the 202 answers' transitional one). */
export function mappingView(ctx: CallContext, uuid: string, mapping: StoredMapping, state?: string): Record<string, unknown> {
  const fields = JSON.parse(JSON.stringify(mapping.fields)) as MappingFields;
  return {
    UUID: uuid,
    ...fields,
    State: state ?? (mapping.enabled ? 'Enabled' : 'Disabled'),
    StateTransitionReason: 'USER_INITIATED',
    EventSourceMappingArn: mappingArn(ctx, uuid),
  };
}

function assertNoDuplicate(state: LambdaState, ctx: CallContext, kind: SourceKind, source: unknown, fnArn: string): void {
  // Kafka sources may map one cluster to a function once per topic; the others once per source and function.
  if (kind === 'kafka' || kind === 'msk') return;
  for (const [uuid, m] of Object.entries(mappingsOf(state, ctx))) {
    if (m.fields.EventSourceArn === source && m.fields.FunctionArn === fnArn) {
      throw new AwsError(
        'ResourceConflictException',
        `An event source mapping with ${String(source)} and function ${fnArn} already exists. Please update or delete the existing mapping with UUID ${uuid}`,
        409,
      );
    }
  }
}

export function createEventSourceMapping(state: LambdaState, ctx: CallContext, input: Record<string, unknown>) {
  const fnArn = targetFunctionArn(state, ctx, read.string(input, 'FunctionName'));
  const source = read.string(input, 'EventSourceArn');
  const selfManaged = read.object(input, 'SelfManagedEventSource');
  const kind = sourceKindOf(ctx, source, selfManaged !== undefined);
  const uuid = randomUUID();
  const fields: MappingFields = { ...inputFields(input) };
  if (source !== undefined) fields.EventSourceArn = source;
  if (selfManaged !== undefined) fields.SelfManagedEventSource = sortedEndpoints(selfManaged);
  const position = read.string(input, 'StartingPosition');
  if (position !== undefined) fields.StartingPosition = position;
  const timestamp = input.StartingPositionTimestamp;
  if (timestamp !== undefined && timestamp !== null) fields.StartingPositionTimestamp = timestamp;
  assertNoDuplicate(state, ctx, kind, source, fnArn);
  const validated = validateForKind(kind, fields);
  for (const key of ['AmazonManagedKafkaEventSourceConfig', 'SelfManagedKafkaEventSourceConfig']) {
    const config = validated[key] as { ConsumerGroupId: string } | undefined;
    if (config && !config.ConsumerGroupId) validated[key] = { ConsumerGroupId: uuid };
  }
  const mapping: StoredMapping = {
    kind,
    fields: { ...validated, FunctionArn: fnArn, LastModified: ctx.now.getTime() / 1000 },
    enabled: read.boolean(input, 'Enabled') ?? true,
    tags: { ...(read.stringMap(input, 'Tags') ?? {}) },
  };
  setOwn(mappingsOf(state, ctx), uuid, mapping);
  return { uuid, mapping, view: mappingView(ctx, uuid, mapping, 'Creating') };
}

/** Lambda reports the bootstrap servers sorted (the provider's diff suppression expects it). */
function sortedEndpoints(source: Record<string, unknown>): Record<string, unknown> {
  const endpoints = read.object(source, 'Endpoints');
  const servers = endpoints ? read.stringList(endpoints, 'KAFKA_BOOTSTRAP_SERVERS') : undefined;
  if (!servers?.length) throw invalid('SelfManagedEventSource.Endpoints.KAFKA_BOOTSTRAP_SERVERS must list at least one host:port.');
  return { Endpoints: { KAFKA_BOOTSTRAP_SERVERS: [...servers].sort() } };
}

export function getEventSourceMapping(state: LambdaState, ctx: CallContext, uuid: string) {
  return mappingView(ctx, uuid, findMapping(state, ctx, uuid));
}

export function updateEventSourceMapping(state: LambdaState, ctx: CallContext, uuid: string, input: Record<string, unknown>) {
  const mapping = findMapping(state, ctx, uuid);
  const fixed = CREATE_ONLY.find((key) => input[key] !== undefined && input[key] !== null);
  if (fixed) throw invalid(`${fixed} cannot be changed on an existing event source mapping. Create a new mapping instead.`);
  const changes = inputFields(input);
  const merged: MappingFields = { ...mapping.fields, ...changes };
  // An empty FilterCriteria or ScalingConfig in an update removes them (how the provider asks for removal).
  if ('FilterCriteria' in changes && changes.FilterCriteria === undefined) delete merged.FilterCriteria;
  if (changes.ScalingConfig && !Object.keys(changes.ScalingConfig).length) delete merged.ScalingConfig;
  const ref = read.string(input, 'FunctionName');
  const fnArn = ref !== undefined ? targetFunctionArn(state, ctx, ref) : mapping.fields.FunctionArn;
  delete merged.LastModified;
  delete merged.FunctionArn;
  mapping.fields = { ...validateForKind(mapping.kind, merged), FunctionArn: fnArn, LastModified: ctx.now.getTime() / 1000 };
  const enabled = read.boolean(input, 'Enabled');
  if (enabled !== undefined) mapping.enabled = enabled;
  return { mapping, view: mappingView(ctx, uuid, mapping, 'Updating') };
}

export function deleteEventSourceMapping(state: LambdaState, ctx: CallContext, uuid: string) {
  const mapping = findMapping(state, ctx, uuid);
  const view = mappingView(ctx, uuid, mapping, 'Deleting');
  deleteOwn(mappingsOf(state, ctx), uuid);
  return { mapping, view };
}

/** ListEventSourceMappings, filtered by source ARN and/or function; pages of at most 100 by UUID order. */
export function listEventSourceMappings(state: LambdaState, ctx: CallContext, query: URLSearchParams) {
  const source = query.get('EventSourceArn');
  const ref = query.get('FunctionName');
  const fnArn = ref === null ? undefined : targetFunctionArn(state, ctx, ref);
  const raw = query.get('MaxItems');
  const max = raw === null ? 100 : Number(raw);
  if (!Number.isInteger(max) || max < 1 || max > 10000) throw invalid(`MaxItems ${raw} is not valid. Use an integer from 1 to 10000.`);
  const marker = query.get('Marker');
  const after = marker === null ? '' : Buffer.from(marker, 'base64url').toString('utf8');
  const all = Object.entries(mappingsOf(state, ctx))
    .filter(([, m]) => (source === null || m.fields.EventSourceArn === source) && (fnArn === undefined || m.fields.FunctionArn === fnArn))
    .sort(([a], [b]) => a.localeCompare(b))
    .filter(([uuid]) => uuid > after);
  const pageItems = all.slice(0, Math.min(max, 100));
  const next = all.length > pageItems.length ? Buffer.from(pageItems[pageItems.length - 1][0]).toString('base64url') : undefined;
  return {
    EventSourceMappings: pageItems.map(([uuid, m]) => mappingView(ctx, uuid, m)),
    ...(next ? { NextMarker: next } : {}),
  };
}

/** The function name a mapping's CloudTrail record names as its resource. */
export function mappingFunctionName(mapping: StoredMapping): string {
  return String(mapping.fields.FunctionArn).split(':')[6] ?? '';
}
