/**
 * The stack definition teams write (TypeScript, JSON or YAML). The TypeScript type is derived from the zod
 * schema (`z.infer`), so the two cannot drift apart; a compile-time check below ties the invoker schema to
 * the construct library's `Invoker` union. Field rules reuse modules/validation.ts so a bad role name reads
 * the same whether it comes from a construct or a definition.
 */
import { z } from 'zod';
import type { Invoker } from '../modules/invokers';
import type { PolicyStatement } from '../modules/policy-types';
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

/** Wraps a modules/validation rule as a zod refinement whose message carries value, rule and fix. */
function rule<T>(check: (v: T) => Problem | undefined) {
  return (value: T, ctx: z.RefinementCtx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${JSON.stringify(value)} ${problem.rule}. Fix: ${problem.fix}` });
  };
}

const tagsSchema = z.record(z.string(), z.string());
const stringOrList = z.union([z.string(), z.array(z.string())]);

export const policyStatementSchema = z
  .object({
    sid: z
      .string()
      .regex(/^[A-Za-z0-9]*$/, 'a statement Sid may hold only letters and digits')
      .optional(),
    effect: z.enum(['Allow', 'Deny']).optional(),
    actions: z.array(z.string().min(1)).min(1, 'a statement needs at least one action'),
    resources: z.array(z.string().min(1)).min(1, 'an identity policy statement needs at least one resource').optional(),
    conditions: z.record(z.string(), z.record(z.string(), stringOrList)).optional(),
    principals: z
      .union([
        z.literal('*'),
        z.object({ Service: stringOrList.optional(), AWS: stringOrList.optional(), Federated: stringOrList.optional() }).strict(),
      ])
      .optional(),
  })
  .strict();

const noSourceSchema = z
  .object({ reason: z.string().min(10, 'explain in at least 10 characters why this invoker needs no source') })
  .strict();
const invokerBase = {
  name: z.string().regex(/^[\w.-]{1,80}$/, 'an invoker name is 1–80 characters of letters, digits, "-", "_" and "."'),
  qualifier: z.string().min(1).optional(),
};
const serviceInvoker = <K extends string>(kind: K) =>
  z
    .object({
      kind: z.literal(kind),
      ...invokerBase,
      sourceArn: z.string().optional(),
      sourceAccount: z.string().optional(),
      noSource: noSourceSchema.optional(),
    })
    .strict();

export const invokerSchema = z.discriminatedUnion('kind', [
  serviceInvoker('s3'),
  serviceInvoker('sns'),
  serviceInvoker('eventbridge'),
  serviceInvoker('api-gateway'),
  serviceInvoker('cloudwatch-logs'),
  serviceInvoker('iot'),
  serviceInvoker('cognito-user-pool'),
  z
    .object({ kind: z.literal('alexa-skill'), ...invokerBase, skillId: z.string().min(1).optional(), noSource: noSourceSchema.optional() })
    .strict(),
  z.object({ kind: z.literal('account'), ...invokerBase, principal: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('organization'), ...invokerBase, orgId: z.string().min(1) }).strict(),
  z
    .object({
      kind: z.literal('function-url'),
      ...invokerBase,
      authType: z.enum(['AWS_IAM', 'NONE']),
      principal: z.string().min(1).optional(),
    })
    .strict(),
]);

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
    /** @default true */
    basicLogging: z.boolean().optional(),
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

export const codeSchema = z
  .object({
    /** A file or folder; relative paths are resolved against the definition file (or the cwd for TS). */
    path: z.string().min(1),
    runtime: z.string().min(1),
    handler: z.string().min(1),
    memorySize: z.number().int().min(128).max(10240).optional(),
    timeout: z.number().int().min(1).max(900).optional(),
    description: z.string().max(256).optional(),
    environment: z.record(z.string().regex(/^[a-zA-Z]\w*$/, 'environment variable names start with a letter'), z.string()).optional(),
    deadLetterTargetArn: z
      .string()
      .regex(/^arn:aws(-cn|-us-gov)?:(sqs|sns):/, 'the dead-letter target must be an SQS queue or SNS topic ARN')
      .optional(),
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

// Compile-time ties between the schema and the construct library: if either side changes shape, this
// stops compiling instead of silently accepting definitions the constructs cannot build.
type Assert<T extends true> = T;
export type _InvokerMatches = Assert<InvokerDefinition extends Invoker ? true : false>;
export type _StatementMatches = Assert<z.infer<typeof policyStatementSchema> extends PolicyStatement ? true : false>;

/** The role name used when a definition gives none. */
export function defaultRoleName(functionName: string): string {
  return `${functionName}-exec`;
}
