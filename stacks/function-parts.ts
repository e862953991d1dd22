/**
 * Reads a function definition into the construct library's terms: the code source, the function
 * settings and the normalized logging choice. One place, so validation (validate-function.ts), the stack
 * (build-function.ts) and the summary (describe.ts) agree on what a definition means.
 */
import { resolve } from 'node:path';
import type { FunctionCode, FunctionSettings } from '../modules/function-settings';
import { defaultLogGroupName, type LoggingPermissions } from '../modules/log-group';
import type { CodeDefinition, FunctionDefinition } from './definition';

export interface NormalizedLogging {
  readonly permissions: LoggingPermissions;
  readonly logGroup: {
    readonly name?: string;
    readonly create: boolean;
    readonly retentionInDays?: number;
    readonly kmsKeyArn?: string;
    readonly logClass?: 'STANDARD' | 'INFREQUENT_ACCESS';
    readonly tags?: Readonly<Record<string, string>>;
  };
  readonly format?: 'JSON' | 'Text';
  readonly applicationLogLevel?: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
  readonly systemLogLevel?: 'DEBUG' | 'INFO' | 'WARN';
}

/** `logging: scoped` and the object form alike; undefined when the definition has no `logging` (the old behaviour). */
export function loggingOf(fn: FunctionDefinition): NormalizedLogging | undefined {
  const l = fn.logging;
  if (l === undefined) return undefined;
  if (typeof l === 'string') return { permissions: l, logGroup: { create: true } };
  return {
    permissions: l.permissions ?? 'scoped',
    logGroup: { ...l.logGroup, create: l.logGroup?.create ?? true },
    format: l.format,
    applicationLogLevel: l.applicationLogLevel,
    systemLogLevel: l.systemLogLevel,
  };
}

/** The name of a function's log group: the custom one, or /aws/lambda/<name> (of an existing function's ARN too). */
export function logGroupNameOf(fn: FunctionDefinition): string {
  const custom = loggingOf(fn)?.logGroup.name;
  if (custom) return custom;
  const name = fn.existing?.startsWith('arn:') ? fn.existing.split(':')[6] : fn.name;
  return defaultLogGroupName(name);
}

/** The code source other than `path` (which LambdaFunction zips at synth); relative zip paths resolve against baseDir. */
export function codeSource(code: CodeDefinition, baseDir: string): FunctionCode | undefined {
  if (code.zipFile !== undefined) return { kind: 'zip-file', path: resolve(baseDir, code.zipFile) };
  if (code.s3) return { kind: 's3', ...code.s3 };
  if (code.imageUri !== undefined) return { kind: 'image', imageUri: code.imageUri, ...code.image };
  return undefined;
}

/** The settings of a function built here, with the logging config when the definition asks for one. */
export function codeSettings(fn: FunctionDefinition, logging: NormalizedLogging | undefined): FunctionSettings {
  const c = fn.code ?? {};
  const customGroup = logging?.logGroup.name;
  const wantsConfig = logging && (logging.format || logging.applicationLogLevel || logging.systemLogLevel || customGroup);
  return {
    architecture: c.architecture,
    layers: c.layers,
    ephemeralStorageMb: c.ephemeralStorageMb,
    reservedConcurrency: c.reservedConcurrency,
    environmentKmsKeyArn: c.environmentKmsKeyArn,
    publish: c.publish,
    fileSystem: c.fileSystem,
    logging: wantsConfig
      ? {
          format: logging.format,
          applicationLogLevel: logging.applicationLogLevel,
          systemLogLevel: logging.systemLogLevel,
          logGroupName: customGroup,
        }
      : undefined,
  };
}
