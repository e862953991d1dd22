/**
 * Schemas of what a function built by the stack is (code and settings), its aliases, its asynchronous
 * invocation settings and its logging. Ranges and ARN rules live in modules (function-settings.ts,
 * log-group.ts, async-invoke.ts) and run in validate-definition.ts, so a construct and a definition reject
 * the same values with the same words.
 */
import { z } from 'zod';
import { ARN_RULES, type ArnRule } from '../../modules/arn-rules';
import { ASYNC_DESTINATION_KINDS, DEAD_LETTER_KINDS, destinationArnRules } from '../../modules/destinations';
import { IMAGE_URI } from '../../modules/function-settings';
import { LOCAL_MOUNT_PATH } from '../../modules/function-permissions';
import { LOG_GROUP_NAME, LOG_RETENTION_DAYS } from '../../modules/log-group';
import type { Problem } from '../../modules/validation';
import { isLambdaRuntime, LAMBDA_RUNTIMES } from '../../shared/aws/lambda-runtimes';
import { rule, tagsSchema } from './common';
import { invokeTargetSchema } from './invokers';
import { anchored, arnPattern, jsonRule, orInterpolation } from './json-rules';

const int = (minimum: number, maximum?: number) => jsonRule(z.number().int(), { minimum, ...(maximum !== undefined ? { maximum } : {}) });
const arn = (...rules: ArnRule[]) => jsonRule(z.string().min(1), { pattern: arnPattern(...rules) });

function checkRuntime(runtime: string): Problem | undefined {
  if (isLambdaRuntime(runtime)) return undefined;
  return {
    rule: 'is not a Lambda runtime identifier',
    fix: 'use one such as nodejs20.x, python3.12 or provided.al2023 (the JSON Schema of `lambda-roles schema` lists them all)',
  };
}

export const codeSchema = z
  .object({
    /** A file or folder zipped at synth; relative paths are resolved against the definition file (or the cwd for TS). */
    path: z.string().min(1).optional(),
    /** A zip built elsewhere, uploaded as it is (resolved like path). */
    zipFile: z.string().min(1).optional(),
    /** A zip in S3. */
    s3: z
      .object({
        /** The bucket's name (not its ARN). */
        bucket: jsonRule(z.string().min(1), { pattern: orInterpolation(ARN_RULES.s3Bucket.resource) }),
        /** The zip's object key. */
        key: z.string().min(1),
        /** @default - the latest version */
        objectVersion: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** A container image in ECR (package type Image; no runtime or handler). */
    imageUri: jsonRule(z.string().min(1), { pattern: orInterpolation(IMAGE_URI) }).optional(),
    /** Overrides of the image's CMD, ENTRYPOINT and WORKDIR (imageUri only). @default - the image's own */
    image: z
      .object({
        command: z.array(z.string()).optional(),
        entryPoint: z.array(z.string()).optional(),
        workingDirectory: z.string().optional(),
      })
      .strict()
      .optional(),
    /** Required for zip code (path, zipFile, s3); not for images. */
    runtime: jsonRule(z.string().superRefine(rule(checkRuntime)), { enum: LAMBDA_RUNTIMES }).optional(),
    /** The handler, e.g. 'index.handler'. Required for zip code; not for images. */
    handler: z.string().min(1).optional(),
    memorySize: z.number().int().min(128).max(10240).optional(),
    timeout: z.number().int().min(1).max(900).optional(),
    description: z.string().max(256).optional(),
    environment: z.record(z.string().regex(/^[a-zA-Z]\w*$/, 'environment variable names start with a letter'), z.string()).optional(),
    /** The customer managed KMS key of the environment variables (the role gets kms:Decrypt on it). */
    environmentKmsKeyArn: arn(ARN_RULES.kmsKey).optional(),
    /** SQS queue or SNS topic for failed asynchronous invocations (the role gets SendMessage/Publish on it). */
    deadLetterTargetArn: arn(...destinationArnRules(DEAD_LETTER_KINDS)).optional(),
    architecture: z.enum(['x86_64', 'arm64']).optional(),
    layers: jsonRule(z.array(arn(ARN_RULES.layerVersion)), { maxItems: 5 }).optional(),
    ephemeralStorageMb: int(512, 10240).optional(),
    reservedConcurrency: int(0).optional(),
    /** Publish a version on every change (for current-version targets and aliases). */
    publish: z.boolean().optional(),
    fileSystem: z
      .object({
        accessPointArn: arn(ARN_RULES.efsAccessPoint),
        fileSystemArn: arn(ARN_RULES.efsFileSystem),
        localMountPath: jsonRule(z.string(), { pattern: anchored(LOCAL_MOUNT_PATH) }),
        readOnly: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const aliasSchema = z
  .object({
    name: z.string().regex(/^(?!\d+$)[\w-]{1,128}$/, 'an alias name is 1–128 letters, digits, "-" and "_", not only digits'),
    description: z.string().max(256).optional(),
    /** 'current' (the version this apply publishes; needs code.publish), '$LATEST' or a version number. @default 'current' with publish, else '$LATEST' */
    version: z
      .string()
      .regex(/^(current|\$LATEST|\d+)$/, "an alias version is 'current', '$LATEST' or a version number")
      .optional(),
    /** Shift a share of traffic to one other version: { version: '3', weight: 0.1 }. */
    routing: z
      .object({ version: z.string().regex(/^\d+$/, 'a version number'), weight: z.number().gt(0).lt(1) })
      .strict()
      .optional(),
  })
  .strict();

export const asyncInvokeSchema = z
  .object({
    maximumRetryAttempts: int(0, 2).optional(),
    maximumEventAgeInSeconds: int(60, 21600).optional(),
    onSuccess: arn(...destinationArnRules(ASYNC_DESTINATION_KINDS)).optional(),
    onFailure: arn(...destinationArnRules(ASYNC_DESTINATION_KINDS)).optional(),
    /** @default 'unqualified' */
    target: invokeTargetSchema.optional(),
  })
  .strict();

const loggingPermissions = z.enum(['scoped', 'managed', 'none']);

/**
 * `logging: scoped` (the shorthand) or the object. With `logging` set the stack creates the function's log
 * group; `permissions` defaults to scoped. Without it nothing changes from before: AWSLambdaBasicExecutionRole
 * (or role.basicLogging: false), no log group.
 */
export const loggingSchema = z.union([
  loggingPermissions,
  z
    .object({
      /** @default 'scoped' */
      permissions: loggingPermissions.optional(),
      /** The function's log group: created by the stack, or (create: false) one that exists already. @default - /aws/lambda/<function name>, created */
      logGroup: z
        .object({
          /** @default '/aws/lambda/<function name>' */
          name: jsonRule(z.string().min(1), { pattern: orInterpolation(LOG_GROUP_NAME) }).optional(),
          /** false: the group exists already (created elsewhere); it is named and granted, not created. @default true */
          create: z.boolean().optional(),
          /** Days CloudWatch Logs keeps the events. @default - forever */
          retentionInDays: jsonRule(z.number().int(), { enum: LOG_RETENTION_DAYS }).optional(),
          /** KMS key encrypting the group (the key policy must let CloudWatch Logs use it). @default - CloudWatch Logs' own encryption */
          kmsKeyArn: arn(ARN_RULES.kmsKey).optional(),
          logClass: z.enum(['STANDARD', 'INFREQUENT_ACCESS']).optional(),
          tags: tagsSchema.optional(),
        })
        .strict()
        .optional(),
      format: z.enum(['JSON', 'Text']).optional(),
      applicationLogLevel: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']).optional(),
      systemLogLevel: z.enum(['DEBUG', 'INFO', 'WARN']).optional(),
    })
    .strict(),
]);
