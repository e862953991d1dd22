/**
 * Field schemas several parts of a definition share (tags, account ids, IAM names, paths and policy ARNs),
 * each one zod instance, so the JSON Schema names it once ($defs) instead of repeating it. Their rules are
 * modules/validation.ts's, wrapped as refinements whose message carries value, rule and fix, with the same
 * constants as JSON Schema keywords (json-rules.ts).
 */
import { z } from 'zod';
import type { Problem } from '../../modules/validation';
import {
  checkAccountId,
  checkIamPath,
  checkMaxSessionDuration,
  checkPolicyArn,
  checkRoleName,
  checkTags,
  MAX_SESSION_SECONDS,
  MIN_SESSION_SECONDS,
  POLICY_ARN_PATTERN,
  ROLE_NAME_PATTERN,
} from '../../modules/validation';
import { anchored, jsonRule } from './json-rules';

/** Wraps a modules/validation rule as a zod refinement whose message carries value, rule and fix. */
export function rule<T>(check: (v: T) => Problem | undefined) {
  return (value: T, ctx: z.RefinementCtx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${JSON.stringify(value)} ${problem.rule}. Fix: ${problem.fix}` });
  };
}

/** Tag keys and values as AWS takes them (modules/validation.ts checkTags, which the constructs apply too). */
export const tagsSchema = jsonRule(z.record(z.string(), z.string()).superRefine(rule(checkTags)), {
  propertyNames: { type: 'string', minLength: 1, maxLength: 128, not: { type: 'string', pattern: '^aws:' } },
  additionalProperties: { type: 'string', maxLength: 256 },
});

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
export const accountIdSchema = jsonRule(z.string().superRefine(rule(checkAccountId)), { pattern: anchored(ACCOUNT_ID_PATTERN) });

export const roleNameSchema = jsonRule(z.string().superRefine(rule(checkRoleName)), { pattern: anchored(ROLE_NAME_PATTERN) });

/** "/" or "/a/b/": printable characters between single slashes, at most 512 (checkIamPath). */
export const iamPathSchema = jsonRule(z.string().superRefine(rule(checkIamPath)), {
  pattern: '^/(?:[\\u0021-\\u002e\\u0030-\\u007e]+/)*$',
  maxLength: 512,
});

export const policyArnSchema = jsonRule(z.string().superRefine(rule(checkPolicyArn)), { pattern: anchored(POLICY_ARN_PATTERN) });

export const maxSessionDurationSchema = jsonRule(z.number().superRefine(rule(checkMaxSessionDuration)), {
  type: 'integer',
  minimum: MIN_SESSION_SECONDS,
  maximum: MAX_SESSION_SECONDS,
});

/** Statement ids: letters and digits only (IAM accepts no other characters in a Sid). */
export const sidSchema = z
  .string()
  .regex(/^[A-Za-z0-9]*$/, 'a statement Sid may hold only letters and digits')
  .optional();
