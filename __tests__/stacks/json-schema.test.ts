import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definitionJsonSchema } from '../../stacks/json-schema';
import { SERVICE_INVOKER_KINDS } from '../../modules/invoker-services';
import { captureIo } from '../helpers/cli-io';
import { main } from '../../cli/main';

const COMMITTED = join(__dirname, '..', '..', 'docs', 'stack-definition.schema.json');

describe('JSON Schema of stack definitions', () => {
  it('the committed docs/stack-definition.schema.json is what `lambda-roles schema` prints now', async () => {
    const io = captureIo();
    expect(await main(['node', 'lambda-roles', 'schema'], io)).toBe(0);
    // Regenerate with: node bin/lambda-roles.js schema > docs/stack-definition.schema.json
    expect(io.out()).toBe(readFileSync(COMMITTED, 'utf8'));
  });

  it('describes every invoker kind, event source kind and trust kind, and forbids unknown function fields', () => {
    const text = JSON.stringify(definitionJsonSchema());
    for (const kind of [...SERVICE_INVOKER_KINDS, 'alexa-skill', 'account', 'organization', 'function-url']) {
      expect(text).toContain(`"const":"${kind}"`);
    }
    for (const kind of ['sqs', 'kinesis', 'dynamodb', 'msk', 'kafka', 'mq', 'service', 'oidc', 'saml', 'statement'])
      expect(text).toContain(`"const":"${kind}"`);
    for (const field of [
      'eventSourceMappings',
      'logging',
      'aliases',
      'asyncInvoke',
      'notActions',
      'notResources',
      'notPrincipals',
      'trust',
    ])
      expect(text).toContain(`"${field}":`);
    const fn = (
      definitionJsonSchema() as {
        definitions: { StackDefinition: { properties: { functions: { items: { additionalProperties: unknown } } } } };
      }
    ).definitions.StackDefinition.properties.functions.items;
    expect(fn.additionalProperties).toBe(false);
  });
});
