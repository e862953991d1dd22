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
import { checkDescription, POLICY_ARN_PATTERN } from '../modules/validation';
import { checkManagedPolicyRef, LAMBDA_MANAGED_POLICY_NAMES } from '../modules/managed-policies';
import { policyStatementSchema, trustGrantSchema } from './schema/statements';
import { invokerSchema } from './schema/invokers';
import { aliasSchema, asyncInvokeSchema, codeSchema, loggingSchema } from './schema/function-settings';
import { eventSourceSchema } from './schema/event-sources';
import {
  accountIdSchema,
  iamPathSchema,
  maxSessionDurationSchema,
  policyArnSchema,
  roleNameSchema,
  rule,
  tagsSchema,
} from './schema/common';
import { anchored, jsonRule } from './schema/json-rules';

export {
  policyStatementSchema,
  trustGrantSchema,
  invokerSchema,
  codeSchema,
  aliasSchema,
  asyncInvokeSchema,
  loggingSchema,
  eventSourceSchema,
  tagsSchema,
};

export const suppressionSchema = z
  .object({
    /** The check to suppress, e.g. 'LR-IAM-WILDCARD-ACTION'. */
    id: z.string().min(1),
    /** Only these findings of the check, e.g. ['Action::s3:*']. @default - every finding of the check on this function */
    appliesTo: z.array(z.string().min(1)).optional(),
    /** Why the finding is accepted (at least 10 characters); printed with the suppressed finding. */
    reason: z.string().min(10, 'a suppression reason must explain the decision in at least 10 characters'),
  })
  .strict();

export const roleSettingsSchema = z
  .object({
    /** The role's name. @default '<function name>-exec' */
    name: roleNameSchema.optional(),
    /** The role's IAM path, "/" or like "/lambda/payments/". @default '/' */
    path: iamPathSchema.optional(),
    /** The role's description, at most 1000 characters. @default - none */
    description: jsonRule(z.string().superRefine(rule(checkDescription)), { maxLength: 1000 }).optional(),
    /** Longest session of the role, 3600–43200 seconds. @default 3600 */
    maxSessionDuration: maxSessionDurationSchema.optional(),
    /** ARN of the policy that bounds the role's permissions. @default - the stack default boundary */
    permissionsBoundary: policyArnSchema.optional(),
    /** Tags of the role, on top of the stack's and the function's. @default - the function's tags */
    tags: tagsSchema.optional(),
    /** A Lambda@Edge function: edgelambda.amazonaws.com may assume the role too (needs region us-east-1). @default false */
    edge: z.boolean().optional(),
    /** Attach AWSLambdaBasicExecutionRole. With `logging` set on the function, use logging.permissions instead. @default true */
    basicLogging: z.boolean().optional(),
    /** Who besides Lambda may assume the role (services, accounts, OIDC/SAML providers). @default - only Lambda */
    trust: z.array(trustGrantSchema).optional(),
    /**
     * Leave out the aws:SourceAccount condition of Lambda's trust statement, with the reason (a check finding
     * otherwise). @default - the condition is written
     */
    confusedDeputyProtection: z
      .object({
        /** Only false: the protection is on unless switched off. */
        enabled: z.literal(false),
        /** Why the role may be assumed by Lambda for any account's function (at least 10 characters). */
        reason: z.string().min(10, 'explain the opt-out in at least 10 characters'),
      })
      .strict()
      .optional(),
  })
  .strict();

const subnetsAndGroups = {
  /** Subnet ids (subnet-…) the function's network interfaces are created in. */
  subnetIds: z.array(z.string().min(1)).min(1),
  /** Security group ids (sg-…) of those network interfaces. */
  securityGroupIds: z.array(z.string().min(1)).min(1),
};
export const vpcSchema = z.object(subnetsAndGroups).strict();

export const featuresSchema = z
  .object({
    /** Run the function in a VPC (implies AWSLambdaVPCAccessExecutionRole, or scoped ENI statements with scoped logging). @default - no VPC */
    vpc: vpcSchema.optional(),
    /** Active X-Ray tracing (implies AWSXRayDaemonWriteAccess). @default false */
    tracing: z.boolean().optional(),
    /** Lambda Insights (implies CloudWatchLambdaInsightsExecutionRolePolicy; add the extension layer yourself). @default false */
    insights: z.boolean().optional(),
    /** Polled sources whose AWS managed execution policy to attach (prefer eventSourceMappings, scoped). @default - none */
    eventSources: z.array(z.enum(['sqs', 'kinesis', 'dynamodb', 'msk'])).optional(),
  })
  .strict();

const IAM_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

export const customerPolicySchema = z
  .object({
    /** The policy's name, unique in the account. */
    name: z.string().regex(IAM_POLICY_NAME, 'an IAM policy name is 1–128 characters of letters, digits and +=,.@_-'),
    /** @default - none */
    description: z.string().max(1000).optional(),
    /** @default '/' */
    path: iamPathSchema.optional(),
    /** The policy's statements (identity policy: resources or notResources in each). */
    statements: z.array(policyStatementSchema).min(1),
  })
  .strict();

/** A catalogue name (editors complete them) or a policy ARN. */
const managedPolicyRefSchema = jsonRule(z.string().superRefine(rule(checkManagedPolicyRef)), {
  anyOf: [{ enum: LAMBDA_MANAGED_POLICY_NAMES }, { pattern: anchored(POLICY_ARN_PATTERN) }],
});

export const functionSchema = z
  .object({
    /** The Lambda function's name, 1–64 letters, digits, "-" and "_"; also names its role and statement ids. */
    name: z.string().regex(/^[\w-]{1,64}$/, 'a Lambda function name is 1–64 characters of letters, digits, "-" and "_"'),
    /** The execution role's settings. @default - a role named '<function name>-exec' trusted by Lambda alone */
    role: roleSettingsSchema.optional(),
    /**
     * AWS managed policies to attach: names of the Lambda catalogue (resolved in the stack's partition) or
     * policy ARNs. @default - only what the settings imply (basic logging, VPC, tracing, …)
     */
    managedPolicies: z.array(managedPolicyRefSchema).optional(),
    /** Statements of the role's inline policy (least privilege: name the resources). @default - no inline policy */
    statements: z.array(policyStatementSchema).optional(),
    /** Customer managed policies this stack creates and attaches to the role. @default - none */
    customerPolicies: z.array(customerPolicySchema).optional(),
    /** Also declare aws_iam_role_policy_attachments_exclusive: apply detaches what was attached by hand. @default false */
    exclusiveAttachments: z.boolean().optional(),
    /** Who may invoke the function: one aws_lambda_permission per invoker and target. @default - nobody */
    invokers: z.array(invokerSchema).optional(),
    /** Settings that imply managed policies (VPC, tracing, Insights, event sources). @default - none */
    features: featuresSchema.optional(),
    /** Build the function here: its code and settings. Exactly one of code and existing. @default - existing names the function */
    code: codeSchema.optional(),
    /** Aliases of the function built here (aws_lambda_alias). @default - none */
    aliases: z.array(aliasSchema).optional(),
    /** Asynchronous invocation: retries, event age, destinations (aws_lambda_function_event_invoke_config). @default - Lambda's defaults */
    asyncInvoke: asyncInvokeSchema.optional(),
    /** Polled sources (aws_lambda_event_source_mapping), with scoped permissions by default. @default - none */
    eventSourceMappings: z.array(eventSourceSchema).optional(),
    /** The function's log group and how the role may write to it. @default - AWSLambdaBasicExecutionRole, no log group */
    logging: loggingSchema.optional(),
    /** A function owned elsewhere: its name or ARN (only its role and permissions are built). @default - code builds the function */
    existing: z.string().min(1).optional(),
    /** Tags of everything built for this function, on top of the stack's. @default - the stack's default tags */
    tags: tagsSchema.optional(),
    /** Accepted check findings, each with its reason. @default - none */
    suppressions: z.array(suppressionSchema).optional(),
  })
  .strict();

export const backendSchema = z.discriminatedUnion('type', [
  z
    .object({
      /** State in a local file. */
      type: z.literal('local'),
      /** The state file, relative to the directory Terraform runs in (the stack's output folder). @default 'terraform.<stack>.tfstate' */
      path: z.string().min(1).optional(),
    })
    .strict(),
  z
    .object({
      /** State in an S3 bucket. */
      type: z.literal('s3'),
      /** The bucket holding the state. */
      bucket: z.string().min(3),
      /** The state object's key, e.g. 'lambda/payments.tfstate'. */
      key: z.string().min(1),
      /** The bucket's region. */
      region: z.string().min(1),
      /** DynamoDB table for state locking (older setups). @default - none */
      dynamodbTable: z.string().min(1).optional(),
      /** S3-native state locking (Terraform 1.10+). @default - Terraform's default (off) */
      useLockfile: z.boolean().optional(),
    })
    .strict(),
]);

export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

export const stackDefinitionSchema = z
  .object({
    /**
     * The JSON Schema this file follows, for editors (e.g. './stack-definition.schema.json', written by
     * `lambda-roles schema`). Ignored by lambda-roles. @default - none
     */
    $schema: z.string().optional(),
    /** The stack's name: one Terraform stack (cdktf.out/stacks/<name>) per definition. */
    name: z.string().regex(/^[A-Za-z][\w-]{0,63}$/, 'a stack name starts with a letter and has at most 64 letters, digits, "-" and "_"'),
    /** The region the stack's functions live in, e.g. 'us-east-1'; it decides the partition of every ARN. */
    region: z.string().regex(REGION_PATTERN, 'a region looks like "us-east-1"'),
    /** The AWS account (12 digits) the stack deploys to: the aws:SourceAccount of Lambda's trust and the owner of its ARNs. */
    account: accountIdSchema,
    /** Where Terraform keeps the stack's state. @default { type: 'local' } */
    backend: backendSchema.optional(),
    /** Settings every function of the stack starts from. @default - none */
    defaults: z
      .object({
        /** Permissions boundary of every role that sets none. @default - none */
        permissionsBoundary: policyArnSchema.optional(),
        /** Tags of everything the stack builds. @default - none */
        tags: tagsSchema.optional(),
      })
      .strict()
      .optional(),
    /** The stack's functions (at least one): each gets its own execution role. */
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
