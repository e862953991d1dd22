/**
 * Schema of the invokers of a function (modules/invokers.ts holds the types, their documentation and the
 * planner, whose rules run in validate-definition.ts; the JSON Schema gets the same rules as keywords).
 */
import { z } from 'zod';
import { INVOKER_SERVICES, type ServiceInvokerKind } from '../../modules/invoker-services';
import { ORG_ID, statementIdFor, type InvokerKind } from '../../modules/invokers';
import { ACCOUNT_ID_PATTERN } from './common';
import { anchored, jsonRule } from './json-rules';

const noSourceSchema = z
  .object({
    /** Why this invoker needs no source (at least 10 characters); it is the suppression of the finding. */
    reason: z.string().min(10, 'explain in at least 10 characters why this invoker needs no source'),
  })
  .strict();

/** 'unqualified', 'current-version' or { alias } (an alias of this function, from `aliases`). */
export const invokeTargetSchema = z.union([
  z.enum(['unqualified', 'current-version']),
  z
    .object({
      /** An alias of `aliases`. */
      alias: z.string().min(1),
    })
    .strict(),
]);

const INVOKER_NAME = /^[\w.-]{1,80}$/;
const qualifier = z.string().min(1).optional();
const targets = jsonRule(z.array(invokeTargetSchema).min(1), { uniqueItems: true }).optional();
/** Lambda statement ids are at most 100 characters, and the id is Allow<Label>-<name>: the name gets the rest. */
const invokerBase = (kind: InvokerKind) => ({
  name: jsonRule(z.string().regex(INVOKER_NAME, 'an invoker name is 1–80 characters of letters, digits, "-", "_" and "."'), {
    maxLength: Math.min(80, 100 - statementIdFor(kind, '').length),
  }),
  qualifier,
  targets,
});

const sourceAccount = jsonRule(z.string(), { pattern: anchored(ACCOUNT_ID_PATTERN) }).optional();
const principalOrgId = jsonRule(z.string(), { pattern: anchored(ORG_ID) }).optional();
const noSource = noSourceSchema.optional();

/** The source ARN of a service: its ARN service and resource type; wildcards allowed (Lambda matches with ArnLike). */
function sourceArnPattern(kind: ServiceInvokerKind): string {
  const spec = INVOKER_SERVICES[kind];
  const part = kind === 's3' ? '[^:]*' : '[^:]+'; // bucket ARNs carry no region or account
  const resource = spec.resource.source.replace(/^\^/, '').replace(/\$$/, '');
  return `^arn:aws(?:-cn|-us-gov)?:${spec.arnService}:${part}:${part}:(?:${resource})$`;
}

const serviceInvoker = <K extends ServiceInvokerKind>(kind: K) =>
  z
    .object({
      kind: z.literal(kind),
      ...invokerBase(kind),
      sourceArn: jsonRule(z.string(), { pattern: sourceArnPattern(kind) }).optional(),
      sourceAccount,
      noSource,
      principalOrgId,
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
    .object({
      kind: z.literal('alexa-skill'),
      ...invokerBase('alexa-skill'),
      skillId: z.string().min(1).optional(),
      noSource,
    })
    .strict(),
  z
    .object({
      kind: z.literal('account'),
      ...invokerBase('account'),
      principal: jsonRule(z.string().min(1), {
        pattern: `^(?:\\d{12}|arn:aws(?:-cn|-us-gov)?:(?:iam|sts)::\\d{12}:.*)$`,
      }),
    })
    .strict(),
  z
    .object({
      kind: z.literal('organization'),
      ...invokerBase('organization'),
      orgId: jsonRule(z.string().min(1), { pattern: anchored(ORG_ID) }),
    })
    .strict(),
  z
    .object({
      kind: z.literal('function-url'),
      ...invokerBase('function-url'),
      authType: z.enum(['AWS_IAM', 'NONE']),
      principal: z.string().min(1).optional(),
    })
    .strict(),
]);
