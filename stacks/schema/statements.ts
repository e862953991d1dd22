/**
 * Schemas of policy statements and trust grants in a definition. Structural only: which elements a
 * statement needs depends on where it is used (identity policy or trust), so those rules run after the
 * shape is known (validate-definition.ts, with modules/policy-types.ts checkStatementShape).
 */
import { z } from 'zod';

export const stringOrList = z.union([z.string(), z.array(z.string())]);
export const conditionsSchema = z.record(z.string(), z.record(z.string(), stringOrList));
const principalSchema = z.union([
  z.literal('*'),
  z.object({ Service: stringOrList.optional(), AWS: stringOrList.optional(), Federated: stringOrList.optional() }).strict(),
]);
const nonEmptyList = (what: string) => z.array(z.string().min(1)).min(1, `${what} needs at least one value (or leave it out)`);

export const policyStatementSchema = z
  .object({
    sid: z
      .string()
      .regex(/^[A-Za-z0-9]*$/, 'a statement Sid may hold only letters and digits')
      .optional(),
    effect: z.enum(['Allow', 'Deny']).optional(),
    /** Exactly one of actions and notActions. */
    actions: nonEmptyList('actions').optional(),
    notActions: nonEmptyList('notActions').optional(),
    /** An identity policy statement needs resources or notResources. */
    resources: nonEmptyList('resources').optional(),
    notResources: nonEmptyList('notResources').optional(),
    conditions: conditionsSchema.optional(),
    /** Only in trust statements (role.trust kind statement). */
    principals: principalSchema.optional(),
    notPrincipals: principalSchema.optional(),
  })
  .strict();

const trustActions = z
  .array(z.enum(['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity']))
  .min(1)
  .optional();
const trustBase = {
  sid: z
    .string()
    .regex(/^[A-Za-z0-9]*$/, 'a statement Sid may hold only letters and digits')
    .optional(),
  actions: trustActions,
  conditions: conditionsSchema.optional(),
};

/** role.trust: who besides Lambda may assume the role; see modules/trust.ts for each field. */
export const trustGrantSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('service'),
      ...trustBase,
      service: z.string().min(1),
      sourceArn: z.string().min(1).optional(),
      sourceAccount: z.string().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('account'),
      ...trustBase,
      principal: z.string().min(1),
      externalId: z.string().optional(),
      requireMfa: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('oidc'),
      ...trustBase,
      providerArn: z.string().min(1),
      audience: stringOrList.optional(),
      subject: stringOrList.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('saml'), ...trustBase, providerArn: z.string().min(1), audience: z.string().min(1).optional() }).strict(),
  z.object({ kind: z.literal('statement'), statement: policyStatementSchema }).strict(),
]);
