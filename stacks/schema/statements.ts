/**
 * Schemas of policy statements and trust grants in a definition. Structural only: which elements a
 * statement needs depends on where it is used (identity policy or trust), so those rules run after the
 * shape is known (validate-definition.ts, with modules/policy-types.ts checkStatementShape).
 */
import { z } from 'zod';
import { ASSUME_ACTION, EXTERNAL_ID, LAMBDA_PRINCIPAL, SERVICE_PRINCIPAL } from '../../modules/trust';
import { ACCOUNT_ID_PATTERN, sidSchema } from './common';
import { ANY_ARN_PATTERN, jsonRule, orInterpolation } from './json-rules';

export const stringOrList = z.union([z.string(), z.array(z.string())]);
/** operator → condition key → value(s), e.g. { StringEquals: { 'aws:SourceAccount': '123456789012' } }. */
export const conditionsSchema = z.record(z.string(), z.record(z.string(), stringOrList));
export const principalSchema = z.union([
  z.literal('*'),
  z
    .object({
      /** Service principals, e.g. 'scheduler.amazonaws.com'. */
      Service: stringOrList.optional(),
      /** Account ids or IAM principal ARNs. */
      AWS: stringOrList.optional(),
      /** OIDC or SAML provider ARNs. */
      Federated: stringOrList.optional(),
    })
    .strict(),
]);
const nonEmptyList = (what: string) => z.array(z.string().min(1)).min(1, `${what} needs at least one value (or leave it out)`);

export const policyStatementSchema = z
  .object({
    sid: sidSchema,
    effect: z.enum(['Allow', 'Deny']).optional(),
    actions: nonEmptyList('actions').optional(),
    notActions: nonEmptyList('notActions').optional(),
    resources: nonEmptyList('resources').optional(),
    notResources: nonEmptyList('notResources').optional(),
    conditions: conditionsSchema.optional(),
    principals: principalSchema.optional(),
    notPrincipals: principalSchema.optional(),
  })
  .strict();

const TRUST_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithWebIdentity',
  'sts:AssumeRoleWithSAML',
  'sts:TagSession',
  'sts:SetSourceIdentity',
] as const;
const ASSUME_ACTIONS = [...new Set(Object.values(ASSUME_ACTION))];
type GrantKind = keyof typeof ASSUME_ACTION;
/** The kind's assume action must be listed, another kind's must not (trust.ts checks the same). */
const trustActions = (kind: GrantKind) =>
  jsonRule(z.array(z.enum(TRUST_ACTIONS)).min(1), {
    contains: { const: ASSUME_ACTION[kind] },
    not: { contains: { enum: ASSUME_ACTIONS.filter((a) => a !== ASSUME_ACTION[kind]) } },
  }).optional();
const sid = sidSchema;
const conditions = conditionsSchema.optional();
const trustBase = (kind: GrantKind) => ({ sid, actions: trustActions(kind), conditions });
/** An IAM principal ARN of `types` (root, role/…, oidc-provider/…) in any partition, or an interpolation. */
const iamArn = (types: string) => `^(?:arn:aws(?:-cn|-us-gov)?:iam:[^:]*:\\d{12}:(?:${types}).*|.*\\$\\{.*)$`;

/** role.trust: who besides Lambda may assume the role; see modules/trust.ts for each field. */
export const trustGrantSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('service'),
      ...trustBase('service'),
      service: jsonRule(z.string().min(1), {
        pattern: orInterpolation(SERVICE_PRINCIPAL),
        not: { type: 'string', pattern: LAMBDA_PRINCIPAL.source },
      }),
      sourceArn: jsonRule(z.string().min(1), { pattern: ANY_ARN_PATTERN }).optional(),
      sourceAccount: jsonRule(z.string(), { pattern: orInterpolation(ACCOUNT_ID_PATTERN) }).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('account'),
      ...trustBase('account'),
      principal: jsonRule(z.string().min(1), {
        anyOf: [{ pattern: orInterpolation(ACCOUNT_ID_PATTERN) }, { pattern: iamArn('root|role/|user/') }],
      }),
      externalId: jsonRule(z.string(), { pattern: orInterpolation(EXTERNAL_ID) }).optional(),
      requireMfa: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('oidc'),
      ...trustBase('oidc'),
      providerArn: jsonRule(z.string().min(1), { pattern: iamArn('oidc-provider/') }),
      audience: stringOrList.optional(),
      subject: stringOrList.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('saml'),
      ...trustBase('saml'),
      providerArn: jsonRule(z.string().min(1), { pattern: iamArn('saml-provider/') }),
      audience: z.string().min(1).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('statement'), statement: policyStatementSchema }).strict(),
]);
