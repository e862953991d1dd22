/**
 * The function side of an import: aws_lambda_function arguments → `code` and `features`, log groups →
 * `logging`, aws_lambda_permission → `invokers`, aws_lambda_alias → `aliases`, event source mappings →
 * `eventSourceMappings`. Each returns what it could not carry over, by argument, for the findings list.
 */
import type { FunctionDefinition, InvokerDefinition } from '../definition';
import { INVOKER_SERVICES } from '../../modules/invoker-services';
import { isObject, Unknown } from './hcl/values';
import type { ResourceInstance } from './model';

type Json = Record<string, unknown>;
export type Problem = { readonly arg?: string; readonly message: string };
type Code = NonNullable<FunctionDefinition['code']>;

const block = (v: unknown): Json | undefined => (Array.isArray(v) ? v.find((x): x is Json => isObject(x)) : isObject(v) ? v : undefined);
const set = (v: unknown): v is NonNullable<unknown> => v !== undefined && v !== null;

/** Arguments each type carries over; any other argument set to a value is a finding. */
export const FUNCTION_ARGS = new Set([
  'function_name',
  'role',
  'runtime',
  'handler',
  'memory_size',
  'timeout',
  'description',
  'environment',
  'kms_key_arn',
  'dead_letter_config',
  'architectures',
  'layers',
  'ephemeral_storage',
  'reserved_concurrent_executions',
  'publish',
  'filename',
  's3_bucket',
  's3_key',
  's3_object_version',
  'image_uri',
  'package_type',
  'image_config',
  'vpc_config',
  'tracing_config',
  'logging_config',
  'tags',
]);

export function translateCode(
  fn: ResourceInstance,
  relativePath: (p: string) => string,
): { code: Code; features: FunctionDefinition['features']; problems: Problem[] } {
  const a = (n: string) => fn.arg(n);
  const problems: Problem[] = [];
  const code: Record<string, unknown> = {};
  const copy = (arg: string, field: string) => {
    if (set(a(arg))) code[field] = a(arg);
  };
  if (set(a('filename'))) code.zipFile = relativePath(String(a('filename')));
  if (set(a('s3_bucket')))
    code.s3 = {
      bucket: a('s3_bucket'),
      key: a('s3_key'),
      ...(set(a('s3_object_version')) ? { objectVersion: a('s3_object_version') } : {}),
    };
  if (set(a('image_uri'))) code.imageUri = a('image_uri');
  const image = block(a('image_config'));
  if (image)
    code.image = Object.fromEntries(
      Object.entries({ command: image.command, entryPoint: image.entry_point, workingDirectory: image.working_directory }).filter(([, v]) =>
        set(v),
      ),
    );
  copy('runtime', 'runtime');
  copy('handler', 'handler');
  copy('memory_size', 'memorySize');
  copy('timeout', 'timeout');
  copy('description', 'description');
  copy('kms_key_arn', 'environmentKmsKeyArn');
  copy('layers', 'layers');
  copy('publish', 'publish');
  const env = block(a('environment'));
  if (env && isObject(env.variables)) code.environment = env.variables;
  const dlq = block(a('dead_letter_config'));
  if (dlq && set(dlq.target_arn)) code.deadLetterTargetArn = dlq.target_arn;
  const arch = a('architectures');
  if (Array.isArray(arch) && arch.length) code.architecture = arch[0];
  const storage = block(a('ephemeral_storage'));
  if (storage && set(storage.size)) code.ephemeralStorageMb = storage.size;
  const reserved = a('reserved_concurrent_executions');
  if (typeof reserved === 'number' && reserved >= 0) code.reservedConcurrency = reserved;
  const features: NonNullable<FunctionDefinition['features']> = {};
  const vpc = block(a('vpc_config'));
  if (vpc) features.vpc = { subnetIds: (vpc.subnet_ids as string[]) ?? [], securityGroupIds: (vpc.security_group_ids as string[]) ?? [] };
  const tracing = block(a('tracing_config'));
  if (tracing?.mode === 'Active') features.tracing = true;
  if (!set(a('filename')) && !set(a('s3_bucket')) && !set(a('image_uri')))
    problems.push({
      arg: 'filename',
      message: 'the function has no code source the definition can name (filename, s3_bucket/s3_key or image_uri)',
    });
  return { code: code, features: Object.keys(features).length ? features : undefined, problems };
}

/** An aws_lambda_permission → an invoker; the kind follows from the principal and the fields set. */
export function translatePermission(p: ResourceInstance, account: string, partition: string): InvokerDefinition | Problem {
  const a = (n: string) => p.arg(n);
  const principal = String(a('principal'));
  const sid = typeof a('statement_id') === 'string' ? String(a('statement_id')) : p.decl.name;
  const name = (/^Allow[A-Za-z0-9]+-([\w.-]{1,80})$/.exec(sid)?.[1] ?? sid.replace(/[^\w.-]/g, '-')).slice(0, 80);
  const common = { name, ...(typeof a('qualifier') === 'string' ? { qualifier: String(a('qualifier')) } : {}) };
  if (set(a('event_source_token')) && principal !== 'alexa-appkit.amazon.com')
    return { arg: 'event_source_token', message: 'an event source token is carried over only for alexa-appkit.amazon.com' };
  if (a('action') === 'lambda:InvokeFunctionUrl' || set(a('function_url_auth_type'))) {
    const authType = a('function_url_auth_type');
    if (authType !== 'AWS_IAM' && authType !== 'NONE')
      return { arg: 'function_url_auth_type', message: 'a function URL permission needs function_url_auth_type AWS_IAM or NONE' };
    return { kind: 'function-url', ...common, authType, ...(principal !== '*' ? { principal } : {}) };
  }
  if (a('action') !== 'lambda:InvokeFunction')
    return { arg: 'action', message: `the action ${JSON.stringify(a('action'))} is not lambda:InvokeFunction` };
  const service = /^([\w-]+)\.amazonaws\.com$/.exec(principal)?.[1];
  const kind = Object.entries(INVOKER_SERVICES).find(([, s]) => s.service === service)?.[0];
  if (kind) {
    const inv: Record<string, unknown> = { kind, ...common };
    if (set(a('source_arn'))) inv.sourceArn = a('source_arn');
    // S3: the generator sets the stack account when none is given; keep an explicit one only when it differs.
    if (set(a('source_account')) && !(kind === 's3' && a('source_account') === account)) inv.sourceAccount = a('source_account');
    if (kind === 's3' && !set(a('source_account')) && set(a('source_arn')))
      return {
        arg: 'source_account',
        message: 'an S3 permission without source_account: the definition always pins the bucket owner (the stack account)',
      };
    if (set(a('principal_org_id'))) inv.principalOrgId = a('principal_org_id');
    if (!set(a('source_arn'))) inv.noSource = { reason: `imported from ${p.decl.file}:${p.decl.line}, which names no source ARN` };
    return inv as InvokerDefinition;
  }
  if (principal === 'alexa-appkit.amazon.com')
    return set(a('event_source_token'))
      ? { kind: 'alexa-skill', ...common, skillId: String(a('event_source_token')) }
      : { kind: 'alexa-skill', ...common, noSource: { reason: `imported from ${p.decl.file}:${p.decl.line}, which names no skill id` } };
  if (principal === '*' && set(a('principal_org_id'))) return { kind: 'organization', ...common, orgId: String(a('principal_org_id')) };
  const accountPrincipal = new RegExp(`^(\\d{12}|arn:${partition}:(iam|sts)::\\d{12}:.+)$`);
  if (accountPrincipal.test(principal) && !set(a('source_arn')) && !set(a('principal_org_id')))
    return { kind: 'account', ...common, principal: /^arn:[\w-]+:iam::(\d{12}):root$/.exec(principal)?.[1] ?? principal };
  return { arg: 'principal', message: `the principal ${JSON.stringify(principal)} with these fields matches no invoker kind` };
}

/** An SQS, Kinesis or DynamoDB mapping → an event source (permissions decided by the caller). */
export function translateMapping(m: ResourceInstance): Json | Problem {
  const a = (n: string) => m.arg(n);
  const arn = a('event_source_arn');
  if (typeof arn !== 'string')
    return { arg: 'event_source_arn', message: 'only mappings with an event_source_arn (SQS, Kinesis, DynamoDB) are imported' };
  const service = arn.split(':')[2];
  const kind = service === 'sqs' ? 'sqs' : service === 'kinesis' ? 'kinesis' : service === 'dynamodb' ? 'dynamodb' : undefined;
  if (!kind)
    return { arg: 'event_source_arn', message: `a ${service} event source is not imported (SQS, Kinesis and DynamoDB streams are)` };
  const name = (arn.split(':')[5] ?? m.decl.name).split('/').filter((x) => x && x !== 'table' && x !== 'stream')[0] ?? m.decl.name;
  const out: Json = { kind, name: name.replace(/[^\w-]/g, '-') };
  if (kind === 'sqs') out.queueArn = arn;
  else out.streamArn = arn;
  const copy = (arg: string, field: string) => {
    if (set(a(arg))) out[field] = a(arg);
  };
  copy('batch_size', 'batchSize');
  copy('maximum_batching_window_in_seconds', 'maximumBatchingWindowInSeconds');
  copy('enabled', 'enabled');
  copy('starting_position', 'startingPosition');
  copy('parallelization_factor', 'parallelizationFactor');
  copy('maximum_retry_attempts', 'maximumRetryAttempts');
  copy('maximum_record_age_in_seconds', 'maximumRecordAgeInSeconds');
  copy('bisect_batch_on_function_error', 'bisectBatchOnFunctionError');
  copy('tumbling_window_in_seconds', 'tumblingWindowInSeconds');
  copy('kms_key_arn', 'kmsKeyArn');
  const scaling = block(a('scaling_config'));
  if (scaling && set(scaling.maximum_concurrency)) out.maximumConcurrency = scaling.maximum_concurrency;
  const types = a('function_response_types');
  if (Array.isArray(types) && types.includes('ReportBatchItemFailures')) out.reportBatchItemFailures = true;
  const filters = block(a('filter_criteria'))?.filter;
  if (Array.isArray(filters)) {
    const patterns = filters.filter(isObject).map((f) => f.pattern);
    if (patterns.some((p) => typeof p !== 'string')) return { arg: 'filter_criteria', message: 'a filter pattern is not known' };
    out.filters = patterns.map((p) => JSON.parse(String(p)) as unknown);
  }
  const dest = block(block(a('destination_config'))?.on_failure);
  if (dest && set(dest.destination_arn)) out.onFailure = { destinationArn: dest.destination_arn };
  return out;
}

export const MAPPING_ARGS = new Set([
  'function_name',
  'event_source_arn',
  'batch_size',
  'maximum_batching_window_in_seconds',
  'enabled',
  'starting_position',
  'parallelization_factor',
  'maximum_retry_attempts',
  'maximum_record_age_in_seconds',
  'bisect_batch_on_function_error',
  'tumbling_window_in_seconds',
  'kms_key_arn',
  'scaling_config',
  'function_response_types',
  'filter_criteria',
  'destination_config',
]);

export const PERMISSION_ARGS = new Set([
  'function_name',
  'statement_id',
  'action',
  'principal',
  'source_arn',
  'source_account',
  'principal_org_id',
  'event_source_token',
  'function_url_auth_type',
  'qualifier',
]);

export { Unknown };
