/**
 * JSON Schema (draft 2019-09) of the stack definition, generated from the zod schema, so editors can
 * complete and check JSON/YAML definitions (`"$schema": "./stack-definition.schema.json"`, or
 * `# yaml-language-server: $schema=…`). It carries every rule about a single value that the definition
 * enforces (patterns, ranges, catalogue enums: stacks/schema/json-rules.ts) and each field's description,
 * taken from the TSDoc of the definition and construct types (stacks/schema/field-docs.ts). Rules that
 * relate fields to each other stay in `lambda-roles check` (docs/generator.md lists them).
 */
import { zodToJsonSchema } from 'zod-to-json-schema';
import type { ZodTypeAny } from 'zod';
import {
  aliasSchema,
  asyncInvokeSchema,
  backendSchema,
  codeSchema,
  customerPolicySchema,
  eventSourceSchema,
  featuresSchema,
  functionSchema,
  invokerSchema,
  loggingSchema,
  policyStatementSchema,
  roleSettingsSchema,
  stackDefinitionSchema,
  suppressionSchema,
  tagsSchema,
  trustGrantSchema,
  vpcSchema,
} from './definition';
import { accountIdSchema, iamPathSchema, policyArnSchema, roleNameSchema } from './schema/common';
import { invokeTargetSchema } from './schema/invokers';
import { conditionsSchema, principalSchema, stringOrList } from './schema/statements';
import { jsonRuleOf } from './schema/json-rules';
import { applyFieldDocs } from './schema/apply-docs';
import { FIELD_DOCS } from './schema/field-docs';

/**
 * Shared parts named once under $defs, leaves first: a part met inside another before its own entry would
 * be written inline there.
 */
const DEFINITIONS: Readonly<Record<string, ZodTypeAny>> = {
  StringOrList: stringOrList,
  Conditions: conditionsSchema,
  Principal: principalSchema,
  Tags: tagsSchema,
  AccountId: accountIdSchema,
  PolicyArn: policyArnSchema,
  IamPath: iamPathSchema,
  RoleName: roleNameSchema,
  PolicyStatement: policyStatementSchema,
  TrustGrant: trustGrantSchema,
  InvokeTarget: invokeTargetSchema,
  Invoker: invokerSchema,
  EventSource: eventSourceSchema,
  Code: codeSchema,
  Alias: aliasSchema,
  AsyncInvoke: asyncInvokeSchema,
  Logging: loggingSchema,
  Suppression: suppressionSchema,
  CustomerPolicy: customerPolicySchema,
  Role: roleSettingsSchema,
  Vpc: vpcSchema,
  Features: featuresSchema,
  Function: functionSchema,
  Backend: backendSchema,
};

/**
 * zod-to-json-schema writes draft-04 style `exclusiveMinimum: true` beside `minimum` for every target but
 * draft-07; draft 2019-09 wants the bound itself as `exclusiveMinimum`.
 */
function exclusiveBoundsAsNumbers<T extends object>(json: T): T {
  const out = { ...json } as Record<string, unknown>;
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[exclusive] === true && typeof out[bound] === 'number') {
      out[exclusive] = out[bound];
      delete out[bound];
    }
  }
  return out as T;
}

export function definitionJsonSchema(): Record<string, unknown> {
  // zod-to-json-schema's types lag zod 3.25's; the runtime schema objects are what it reads.
  type Input = Parameters<typeof zodToJsonSchema>[0];
  const schema = zodToJsonSchema(stackDefinitionSchema as unknown as Input, {
    target: 'jsonSchema2019-09',
    definitionPath: '$defs',
    $refStrategy: 'root',
    definitions: Object.fromEntries(Object.entries(DEFINITIONS).map(([name, s]) => [name, s as unknown as Input])),
    postProcess: (json, def) => {
      const rule = jsonRuleOf(def);
      return json && exclusiveBoundsAsNumbers(rule ? { ...json, ...rule } : json);
    },
  }) as Record<string, unknown>;
  applyFieldDocs(schema, FIELD_DOCS);
  const { $schema, ...rest } = schema;
  return {
    $schema,
    title: 'lambda-roles stack definition',
    description: 'One Terraform stack: the execution roles, invoke permissions and settings of its Lambda functions.',
    ...rest,
  };
}
