/**
 * Schemas of what a function built by the stack is (code and settings), its aliases, its asynchronous
 * invocation settings and its logging. Ranges and ARN rules live in modules (function-settings.ts,
 * log-group.ts, async-invoke.ts) and run in validate-definition.ts, so a construct and a definition reject
 * the same values with the same words.
 */
import { z } from 'zod';
import { invokeTargetSchema } from './invokers';

const tagsSchema = z.record(z.string(), z.string());

export const codeSchema = z
  .object({
    /** A file or folder zipped at synth; relative paths are resolved against the definition file (or the cwd for TS). */
    path: z.string().min(1).optional(),
    /** A zip built elsewhere, uploaded as it is (resolved like path). */
    zipFile: z.string().min(1).optional(),
    /** A zip in S3. */
    s3: z
      .object({ bucket: z.string().min(1), key: z.string().min(1), objectVersion: z.string().min(1).optional() })
      .strict()
      .optional(),
    /** A container image in ECR (package type Image; no runtime or handler). */
    imageUri: z.string().min(1).optional(),
    image: z
      .object({
        command: z.array(z.string()).optional(),
        entryPoint: z.array(z.string()).optional(),
        workingDirectory: z.string().optional(),
      })
      .strict()
      .optional(),
    /** Required for zip code (path, zipFile, s3); not for images. */
    runtime: z.string().min(1).optional(),
    handler: z.string().min(1).optional(),
    memorySize: z.number().int().min(128).max(10240).optional(),
    timeout: z.number().int().min(1).max(900).optional(),
    description: z.string().max(256).optional(),
    environment: z.record(z.string().regex(/^[a-zA-Z]\w*$/, 'environment variable names start with a letter'), z.string()).optional(),
    /** The customer managed KMS key of the environment variables (the role gets kms:Decrypt on it). */
    environmentKmsKeyArn: z.string().min(1).optional(),
    /** SQS queue or SNS topic for failed asynchronous invocations (the role gets SendMessage/Publish on it). */
    deadLetterTargetArn: z.string().min(1).optional(),
    architecture: z.enum(['x86_64', 'arm64']).optional(),
    layers: z.array(z.string().min(1)).optional(),
    ephemeralStorageMb: z.number().int().optional(),
    reservedConcurrency: z.number().int().optional(),
    /** Publish a version on every change (for current-version targets and aliases). */
    publish: z.boolean().optional(),
    fileSystem: z
      .object({ accessPointArn: z.string(), fileSystemArn: z.string(), localMountPath: z.string(), readOnly: z.boolean().optional() })
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
    maximumRetryAttempts: z.number().int().optional(),
    maximumEventAgeInSeconds: z.number().int().optional(),
    onSuccess: z.string().min(1).optional(),
    onFailure: z.string().min(1).optional(),
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
      logGroup: z
        .object({
          /** @default '/aws/lambda/<function name>' */
          name: z.string().min(1).optional(),
          /** false: the group exists already (created elsewhere); it is named and granted, not created. @default true */
          create: z.boolean().optional(),
          retentionInDays: z.number().int().optional(),
          kmsKeyArn: z.string().min(1).optional(),
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
