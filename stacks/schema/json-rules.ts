/**
 * The JSON Schema side of rules that run as code in the definition schema (a refinement, a planner): the
 * keywords are attached to the zod schema they belong to and added when the JSON Schema is generated
 * (stacks/json-schema.ts). Why not zod's own .regex()/.min(): the code rules keep their messages (value,
 * rule, fix) and their partition awareness, and both sides are built from the same constants (the
 * patterns, the ARN rules, the catalogues), so they cannot drift apart; the invalid-definition corpus test
 * proves they reject the same values. What JSON Schema cannot say (a rule across fields, the stack's
 * partition) stays in `check` only: docs/generator.md lists those rules.
 */
import type { ZodTypeAny } from 'zod';
import type { ArnRule } from '../../modules/arn-rules';

/** JSON Schema keywords for one value. */
export interface JsonSchemaRule {
  readonly pattern?: string;
  readonly enum?: readonly (string | number)[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly maxItems?: number;
  readonly anyOf?: readonly JsonSchemaRule[];
  readonly propertyNames?: Record<string, unknown>;
  readonly additionalProperties?: Record<string, unknown>;
  readonly type?: string;
  readonly uniqueItems?: boolean;
  readonly not?: Record<string, unknown>;
  readonly contains?: Record<string, unknown>;
}

// Keyed by the zod definition object: zod-to-json-schema hands each definition to its postProcess hook.
const RULES = new WeakMap<object, JsonSchemaRule>();

/** Attaches JSON Schema keywords to `schema` (returned as it is, for use inline). */
export function jsonRule<T extends ZodTypeAny>(schema: T, rule: JsonSchemaRule): T {
  RULES.set(schema._def as object, rule);
  return schema;
}

/** The keywords attached to a zod definition, if any. */
export function jsonRuleOf(def: object): JsonSchemaRule | undefined {
  return RULES.get(def);
}

/** A RegExp's source as an anchored JSON Schema pattern. */
export function anchored(re: RegExp): string {
  const body = re.source.replace(/^\^/, '').replace(/\$$/, '');
  return `^(?:${body})$`;
}

/** Partitions a definition's ARNs may name; which one must match the stack's region is checked by `check`. */
const PARTITION = 'aws(?:-cn|-us-gov)?';
/** Terraform interpolations are judged at apply time by `check` too (arn-rules.ts isUnresolvedValue). */
const INTERPOLATION = '.*\\$\\{.*';

/** `re` as a pattern that also accepts an interpolation (for fields whose code rule skips unresolved values). */
export function orInterpolation(re: RegExp): string {
  return `^(?:${re.source.replace(/^\^/, '').replace(/\$$/, '')}|${INTERPOLATION})$`;
}

/** One pattern accepting an ARN that fits any of `rules` in any partition, or an interpolation. */
export function arnPattern(...rules: readonly ArnRule[]): string {
  const alternatives = rules.map((rule) => {
    const resource = rule.resource.source.replace(/^\^/, '').replace(/\$$/, '');
    const scope = rule.global ? ':::' : ':[a-z0-9-]+:\\d{12}:';
    return `arn:${PARTITION}:${rule.service}${scope}(?:${resource})`;
  });
  return `^(?:${[...alternatives, INTERPOLATION].join('|')})$`;
}

/** Any ARN (six parts, as the ARN parser takes them) in any partition, or an interpolation; for fields of open resource type. */
export const ANY_ARN_PATTERN = `^(?:arn:${PARTITION}:[^:]*:[^:]*:[^:]*:.*|${INTERPOLATION})$`;
