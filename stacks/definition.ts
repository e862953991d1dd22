/**
 * The stack definition teams write (TypeScript, JSON or YAML). The TypeScript type is derived from the zod
 * schema (`z.infer`), so the two cannot drift apart; a compile-time check below ties the invoker schema to
 * the construct library's `Invoker` union. Field rules reuse modules/validation.ts so a bad role name reads
 * the same whether it comes from a construct or a definition.
 */
import { z } from 'zod';
import type { Invoker } from '../modules/invokers';
import type { PolicyStatement } from '../modules/policy-types';
import type { TrustGrant } from '../modules/trust';
import type { EventSource } from '../modules/event-source-types';
import type { Problem } from '../modules/validation';
import {
  checkAccountId,
  checkDescription,
  checkIamPath,
  checkMaxSessionDuration,
  checkPolicyArn,
  checkRoleName,
} from '../modules/validation';
import { checkManagedPolicyRef } from '../modules/managed-policies';
import { policyStatementSchema, trustGrantSchema } from './schema/statements';
import { invokerSchema } from './schema/invokers';
import { aliasSchema, asyncInvokeSchema, codeSchema, loggingSchema } from './schema/function-settings';
import { eventSourceSchema } from './schema/event-sources';

export {
  policyStatementSchema,
  trustGrantSchema,
  invokerSchema,
  codeSchema,
  aliasSchema,
  asyncInvokeSchema,
  loggingSchema,
  eventSourceSchema,
};

/** Wraps a modules/validation rule as a zod refinement whose message carries value, rule and fix. */
function rule<T>(check: (v: T) => Problem | undefined) {
  return (value: T, ctx: z.RefinementCtx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${JSON.stringify(value)} ${problem.rule}. Fix: ${problem.fix}` });
  };
}

const tagsSchema = z.record(z.string(), z.string());

export const suppressionSchema = z
  .object({
    id: z.string().min(1),
    appliesTo: z.array(z.string().min(1)).optional(),
    reason: z.string().min(10, 'a suppression reason must explain the decision in at least 10 characters'),
  })
  .strict();

export const roleSettingsSchema = z
  .object({
    /** @default '<function name>-exec' */
    name: z.string().superRefine(rule(checkRoleName)).optional(),
    path: z.string().superRefine(rule(checkIamPath)).optional(),
    description: z.string().superRefine(rule(checkDescription)).optional(),
    maxSessionDuration: z.number().superRefine(rule(checkMaxSessionDuration)).optional(),
    /** @default - the stack default boundary */
    permissionsBoundary: z.string().superRefine(rule(checkPolicyArn)).optional(),
    tags: tagsSchema.optional(),
    edge: z.boolean().optional(),
    /** @default true; with `logging` set on the function, use logging.permissions instead */
    basicLogging: z.boolean().optional(),
    /** Who besides Lambda may assume the role (services, accounts, OIDC/SAML providers). @default - only Lambda */
    trust: z.array(trustGrantSchema).optional(),
    confusedDeputyProtection: z
      .object({ enabled: z.literal(false), reason: z.string().min(10, 'explain the opt-out in at least 10 characters') })
      .strict()
      .optional(),
  })
  .strict();

const vpcSchema = z.object({ subnetIds: z.array(z.string().min(1)).min(1), securityGroupIds: z.array(z.string().min(1)).min(1) }).strict();

export const featuresSchema = z
  .object({
    vpc: vpcSchema.optional(),
    tracing: z.boolean().optional(),
    insights: z.boolean().optional(),
    eventSources: z.array(z.enum(['sqs', 'kinesis', 'dynamodb', 'msk'])).optional(),
  })
  .strict();

export const customerPolicySchema = z
  .object({
    name: z.string().regex(/^[\w+=,.@-]{1,128}$/, 'an IAM policy name is 1–128 characters of letters, digits and +=,.@_-'),
    description: z.string().max(1000).optional(),
    path: z.string().superRefine(rule(checkIamPath)).optional(),
    statements: z.array(policyStatementSchema).min(1),
  })
  .strict();

export const functionSchema = z
  .object({
    name: z.string().regex(/^[\w-]{1,64}$/, 'a Lambda function name is 1–64 characters of letters, digits, "-" and "_"'),
    role: roleSettingsSchema.optional(),
    managedPolicies: z.array(z.string().superRefine(rule(checkManagedPolicyRef))).optional(),
    statements: z.array(policyStatementSchema).optional(),
    customerPolicies: z.array(customerPolicySchema).optional(),
    /** @default false */
    exclusiveAttachments: z.boolean().optional(),
    invokers: z.array(invokerSchema).optional(),
    features: featuresSchema.optional(),
    code: codeSchema.optional(),
    /** Aliases of the function built here (aws_lambda_alias). @default - none */
    aliases: z.array(aliasSchema).optional(),
    /** Asynchronous invocation: retries, event age, destinations (aws_lambda_function_event_invoke_config). @default - Lambda's defaults */
    asyncInvoke: asyncInvokeSchema.optional(),
    /** Polled sources (aws_lambda_event_source_mapping), with scoped permissions by default. @default - none */
    eventSourceMappings: z.array(eventSourceSchema).optional(),
    /** The function's log group and how the role may write to it. @default - AWSLambdaBasicExecutionRole, no log group */
    logging: loggingSchema.optional(),
    /** A function owned elsewhere: its name or ARN. */
    existing: z.string().min(1).optional(),
    tags: tagsSchema.optional(),
    suppressions: z.array(suppressionSchema).optional(),
  })
  .strict();

export const backendSchema = z.discriminatedUnion('type', [
  /** @default path 'terraform.<stack>.tfstate' */
  z.object({ type: z.literal('local'), path: z.string().min(1).optional() }).strict(),
  z
    .object({
      type: z.literal('s3'),
      bucket: z.string().min(3),
      key: z.string().min(1),
      region: z.string().min(1),
      dynamodbTable: z.string().min(1).optional(),
      useLockfile: z.boolean().optional(),
    })
    .strict(),
]);

export const stackDefinitionSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z][\w-]{0,63}$/, 'a stack name starts with a letter and has at most 64 letters, digits, "-" and "_"'),
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'a region looks like "us-east-1"'),
    account: z.string().superRefine(rule(checkAccountId)),
    /** @default { type: 'local' } */
    backend: backendSchema.optional(),
    defaults: z
      .object({ permissionsBoundary: z.string().superRefine(rule(checkPolicyArn)).optional(), tags: tagsSchema.optional() })
      .strict()
      .optional(),
    functions: z.array(functionSchema).min(1, 'a stack defines at least one function'),
  })
  .strict();

export type StackDefinition = z.infer<typeof stackDefinitionSchema>;
export type FunctionDefinition = z.infer<typeof functionSchema>;
export type InvokerDefinition = z.infer<typeof invokerSchema>;
export type LoggingDefinition = z.infer<typeof loggingSchema>;
export type CodeDefinition = z.infer<typeof codeSchema>;

// Compile-time ties between the schema and the construct library: if either side changes shape, this
// stops compiling instead of silently accepting definitions the constructs cannot build.
// Not exported (packaging): unexported, they stay out of the emitted .d.ts, where a consumer's
// exactOptionalPropertyTypes would evaluate them to `false` (zod's `?: T | undefined` vs the constructs' `?: T`).
type Assert<T extends true> = T;
type _InvokerMatches = Assert<InvokerDefinition extends Invoker ? true : false>;
type _StatementMatches = Assert<z.infer<typeof policyStatementSchema> extends PolicyStatement ? true : false>;
type _TrustMatches = Assert<z.infer<typeof trustGrantSchema> extends TrustGrant ? true : false>;
type _EventSourceMatches = Assert<z.infer<typeof eventSourceSchema> extends EventSource ? true : false>;

/** The role name used when a definition gives none. */
export function defaultRoleName(functionName: string): string {
  return `${functionName}-exec`;
}
