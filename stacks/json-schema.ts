/**
 * JSON Schema (draft 2019-09 compatible) of the stack definition, generated from the zod schema, so
 * editors can complete and check JSON/YAML definitions (e.g. `# yaml-language-server: $schema=…`).
 * Refinements that need code (role-name rules, managed-policy catalogue) stay in `lambda-roles check`.
 */
import { zodToJsonSchema } from 'zod-to-json-schema';
import { stackDefinitionSchema } from './definition';

export function definitionJsonSchema(): Record<string, unknown> {
  // zod-to-json-schema's types lag zod 3.25's; the runtime schema objects are what it reads.
  const input = stackDefinitionSchema as unknown as Parameters<typeof zodToJsonSchema>[0];
  const schema = zodToJsonSchema(input, { name: 'StackDefinition', $refStrategy: 'none' }) as Record<string, unknown>;
  return {
    ...schema,
    title: 'lambda-roles stack definition',
    description: 'One Terraform stack: the execution roles and invoke permissions of its Lambda functions.',
  };
}
