/** Schema of the invokers of a function (modules/invokers.ts holds the types and the planner). */
import { z } from 'zod';

const noSourceSchema = z
  .object({ reason: z.string().min(10, 'explain in at least 10 characters why this invoker needs no source') })
  .strict();

/** 'unqualified', 'current-version' or { alias } (an alias of this function, from `aliases`). */
export const invokeTargetSchema = z.union([z.enum(['unqualified', 'current-version']), z.object({ alias: z.string().min(1) }).strict()]);

const invokerBase = {
  name: z.string().regex(/^[\w.-]{1,80}$/, 'an invoker name is 1–80 characters of letters, digits, "-", "_" and "."'),
  qualifier: z.string().min(1).optional(),
  targets: z.array(invokeTargetSchema).min(1).optional(),
};
const serviceInvoker = <K extends string>(kind: K) =>
  z
    .object({
      kind: z.literal(kind),
      ...invokerBase,
      sourceArn: z.string().optional(),
      sourceAccount: z.string().optional(),
      noSource: noSourceSchema.optional(),
      principalOrgId: z.string().optional(),
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
  serviceInvoker('config'),
  serviceInvoker('secrets-manager'),
  serviceInvoker('elastic-load-balancing'),
  serviceInvoker('ses'),
  serviceInvoker('lex'),
  serviceInvoker('codecommit'),
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
