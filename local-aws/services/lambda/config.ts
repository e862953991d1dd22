/**
 * Builds and validates a function configuration from CreateFunction / UpdateFunctionConfiguration input.
 * Both operations share one path so a value accepted on create is accepted on update and echoed the
 * same way; the Terraform provider compares what it sent with what GetFunction returns, so every
 * default here (Timeout 3, MemorySize 128, TracingConfig PassThrough, …) must be the service's default.
 */
import { AwsError } from '../../types';
import { read } from '../../protocols/rest-json';
import type { FunctionConfiguration, LoggingConfig, VpcConfigResponse } from './model';

/** Runtimes Lambda accepts for new functions and updates (deprecated ones are refused, as on AWS). */
export const SUPPORTED_RUNTIMES: readonly string[] = [
  'nodejs18.x',
  'nodejs20.x',
  'nodejs22.x',
  'python3.9',
  'python3.10',
  'python3.11',
  'python3.12',
  'python3.13',
  'java8.al2',
  'java11',
  'java17',
  'java21',
  'dotnet8',
  'ruby3.2',
  'ruby3.3',
  'ruby3.4',
  'provided',
  'provided.al2',
  'provided.al2023',
];

/** The pattern Lambda documents for the Role member. */
export const ROLE_ARN_PATTERN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;

const ARCHITECTURES = ['x86_64', 'arm64'];
const TRACING_MODES = ['Active', 'PassThrough'];
const LOG_FORMATS = ['Text', 'JSON'];
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const SNAPSTART_APPLY_ON = ['PublishedVersions', 'None'];

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, 400);
}

function oneOf(field: string, value: string, allowed: readonly string[]): string {
  if (!allowed.includes(value)) throw invalid(`${field} '${value}' is not valid. Use one of: ${allowed.join(', ')}.`);
  return value;
}

function inRange(field: string, value: number, min: number, max: number): number {
  if (value < min || value > max) throw invalid(`${field} ${value} is out of range. Use a value from ${min} to ${max}.`);
  return value;
}

export function validateRole(role: string): string {
  if (!ROLE_ARN_PATTERN.test(role)) {
    throw invalid(
      `1 validation error detected: Value '${role}' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: ` +
        'arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+. Pass the execution role ARN, e.g. arn:aws:iam::123456789012:role/my-role.',
    );
  }
  return role;
}

export function validateRuntime(runtime: string): string {
  if (!SUPPORTED_RUNTIMES.includes(runtime)) {
    throw invalid(
      `The runtime parameter of ${runtime} is no longer supported or not valid for creating or updating AWS Lambda functions. ` +
        `Use one of: ${SUPPORTED_RUNTIMES.join(', ')}.`,
    );
  }
  return runtime;
}

/** Defaults for a new function, before the request's values are applied. */
export function defaultConfiguration(
  name: string,
  arn: string,
): Omit<FunctionConfiguration, 'Role' | 'CodeSize' | 'CodeSha256' | 'LastModified' | 'RevisionId'> {
  return {
    FunctionName: name,
    FunctionArn: arn,
    Description: '',
    Timeout: 3,
    MemorySize: 128,
    Version: '$LATEST',
    TracingConfig: { Mode: 'PassThrough' },
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
  };
}

/**
 * Applies the configuration members of a request over `base`. Members that are absent keep their value;
 * members that are present but empty clear it (an empty DeadLetterConfig.TargetArn, empty VPC lists),
 * which is how the provider asks for removal.
 */
export function applyConfigurationInput<T extends Partial<FunctionConfiguration>>(base: T, input: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...base };
  const role = read.string(input, 'Role');
  if (role !== undefined) out.Role = validateRole(role);
  const runtime = read.string(input, 'Runtime');
  if (runtime !== undefined) out.Runtime = validateRuntime(runtime);
  const handler = read.string(input, 'Handler');
  if (handler !== undefined) {
    if (!/^[^\s]{1,128}$/.test(handler))
      throw invalid(`Handler '${handler}' is not valid: use 1-128 characters without whitespace, e.g. index.handler.`);
    out.Handler = handler;
  }
  const description = read.string(input, 'Description');
  if (description !== undefined) {
    if (description.length > 256) throw invalid(`Description is ${description.length} characters long. Use at most 256.`);
    out.Description = description;
  }
  const timeout = read.integer(input, 'Timeout');
  if (timeout !== undefined) out.Timeout = inRange('Timeout', timeout, 1, 900);
  const memory = read.integer(input, 'MemorySize');
  if (memory !== undefined) out.MemorySize = inRange('MemorySize', memory, 128, 10240);
  const env = read.object(input, 'Environment');
  if (env !== undefined) {
    const vars = read.stringMap(env, 'Variables') ?? {};
    // Lambda drops an empty Environment entirely; echoing `{Variables: {}}` would show as a diff.
    if (Object.keys(vars).length) out.Environment = { Variables: vars };
    else delete out.Environment;
  }
  const tracing = read.object(input, 'TracingConfig');
  if (tracing !== undefined)
    out.TracingConfig = { Mode: oneOf('TracingConfig.Mode', read.string(tracing, 'Mode') ?? 'PassThrough', TRACING_MODES) };
  const vpc = read.object(input, 'VpcConfig');
  if (vpc !== undefined) out.VpcConfig = vpcConfigFrom(vpc);
  const dlq = read.object(input, 'DeadLetterConfig');
  if (dlq !== undefined) {
    const target = read.string(dlq, 'TargetArn') ?? '';
    if (target) out.DeadLetterConfig = { TargetArn: target };
    else delete out.DeadLetterConfig;
  }
  const kms = read.string(input, 'KMSKeyArn');
  if (kms !== undefined) {
    if (kms) out.KMSKeyArn = kms;
    else delete out.KMSKeyArn;
  }
  const layers = read.stringList(input, 'Layers');
  if (layers !== undefined) {
    if (layers.length > 5) throw invalid(`Layers has ${layers.length} entries. A function can use at most 5 layers.`);
    layers.forEach(validateLayerArn);
    if (layers.length) out.Layers = layers.map((Arn) => ({ Arn, CodeSize: 0 }));
    else delete out.Layers;
  }
  const arch = read.stringList(input, 'Architectures');
  if (arch !== undefined) {
    if (arch.length !== 1) throw invalid(`Architectures must hold exactly one value; got ${JSON.stringify(arch)}.`);
    out.Architectures = [oneOf('Architectures[0]', arch[0], ARCHITECTURES)];
  }
  const storage = read.object(input, 'EphemeralStorage');
  if (storage !== undefined)
    out.EphemeralStorage = { Size: inRange('EphemeralStorage.Size', read.integer(storage, 'Size') ?? 512, 512, 10240) };
  const snap = read.object(input, 'SnapStart');
  if (snap !== undefined)
    out.SnapStart = {
      ApplyOn: oneOf('SnapStart.ApplyOn', read.string(snap, 'ApplyOn') ?? 'None', SNAPSTART_APPLY_ON),
      OptimizationStatus: 'Off',
    };
  applyPackagingInput(out, input);
  const logging = read.object(input, 'LoggingConfig');
  if (logging !== undefined) out.LoggingConfig = loggingConfigFrom(logging, out.LoggingConfig as LoggingConfig, String(out.FunctionName));
  return out as T;
}

function vpcConfigFrom(vpc: Record<string, unknown>): VpcConfigResponse | undefined {
  const subnets = read.stringList(vpc, 'SubnetIds') ?? [];
  const groups = read.stringList(vpc, 'SecurityGroupIds') ?? [];
  const ipv6 = read.boolean(vpc, 'Ipv6AllowedForDualStack') ?? false;
  if (!subnets.length && !groups.length) return undefined;
  if (!subnets.length || !groups.length) {
    throw invalid('VpcConfig needs both SubnetIds and SecurityGroupIds, or neither (to detach the function from its VPC).');
  }
  // There is no EC2 here to look the subnet up in; one fixed VPC id keeps the echo stable.
  return { SubnetIds: [...subnets], SecurityGroupIds: [...groups], VpcId: 'vpc-local', Ipv6AllowedForDualStack: ipv6 };
}

function loggingConfigFrom(input: Record<string, unknown>, current: LoggingConfig | undefined, name: string): LoggingConfig {
  const format = oneOf('LoggingConfig.LogFormat', read.string(input, 'LogFormat') ?? current?.LogFormat ?? 'Text', LOG_FORMATS);
  const group = read.string(input, 'LogGroup') || current?.LogGroup || `/aws/lambda/${name}`;
  if (format === 'Text') return { LogFormat: format, LogGroup: group };
  // Log levels only exist for JSON logs; Lambda fills INFO/INFO when they are not given.
  const app = oneOf('LoggingConfig.ApplicationLogLevel', read.string(input, 'ApplicationLogLevel') || 'INFO', LOG_LEVELS);
  const sys = oneOf('LoggingConfig.SystemLogLevel', read.string(input, 'SystemLogLevel') || 'INFO', ['DEBUG', 'INFO', 'WARN']);
  return { LogFormat: format, LogGroup: group, ApplicationLogLevel: app, SystemLogLevel: sys };
}

/**
 * A layer version ARN of any account in the partition. There is no PublishLayerVersion here, so layers are
 * not looked up: any well-formed version ARN is accepted and reported with CodeSize 0.
 */
function validateLayerArn(arn: string): void {
  if (!/^arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:layer:[a-zA-Z0-9_-]{1,140}:[1-9]\d*$/.test(arn)) {
    throw invalid(`Layer '${arn}' is not a layer version ARN. Use arn:aws:lambda:<region>:<account>:layer:<name>:<version>.`);
  }
}

/** FileSystemConfigs (EFS access points) and ImageConfig: members present replace, empty ones clear. */
function applyPackagingInput(out: Record<string, unknown>, input: Record<string, unknown>): void {
  const fileSystems = input.FileSystemConfigs;
  if (fileSystems !== undefined && fileSystems !== null) {
    if (!Array.isArray(fileSystems) || fileSystems.length > 1) {
      throw invalid('FileSystemConfigs must be a list of at most one {Arn, LocalMountPath}: a function mounts one EFS access point.');
    }
    const configs = (fileSystems as Record<string, unknown>[]).map((fs) => {
      const arn = read.string(fs, 'Arn') ?? '';
      const path = read.string(fs, 'LocalMountPath') ?? '';
      if (!/^arn:aws[a-zA-Z-]*:elasticfilesystem:[a-z0-9-]+:\d{12}:access-point\/fsap-[a-f0-9]{17}$/.test(arn)) {
        throw invalid(
          `FileSystemConfigs Arn '${arn}' is not an EFS access point ARN (arn:aws:elasticfilesystem:<region>:<account>:access-point/fsap-<17 hex>).`,
        );
      }
      if (!/^\/mnt\/[a-zA-Z0-9-_.]+$/.test(path)) throw invalid(`LocalMountPath '${path}' is not valid: use /mnt/<name>.`);
      return { Arn: arn, LocalMountPath: path };
    });
    if (configs.length && !out.VpcConfig) {
      throw invalid("A function that mounts an EFS file system must be connected to a VPC: set VpcConfig with the file system's subnets.");
    }
    if (configs.length) out.FileSystemConfigs = configs;
    else delete out.FileSystemConfigs;
  }
  const image = read.object(input, 'ImageConfig');
  if (image !== undefined) {
    const config: Record<string, unknown> = {};
    for (const key of ['EntryPoint', 'Command']) {
      const list = read.stringList(image, key);
      if (list?.length) config[key] = list;
    }
    const dir = read.string(image, 'WorkingDirectory');
    if (dir) config.WorkingDirectory = dir;
    if (Object.keys(config).length) out.ImageConfigResponse = { ImageConfig: config };
    else delete out.ImageConfigResponse;
  }
}
