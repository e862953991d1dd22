/** `lambda-roles schema`: prints the JSON Schema of stack definitions, for editors and CI linters. */
import type { Command } from 'commander';
import type { CliIo } from '../io';

// A require at run time, not an import(): bin/ runs TypeScript through tsx's CommonJS hook, which serves require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadSchema = () => require('../../stacks/json-schema') as typeof import('../../stacks/json-schema');

export function register(program: Command, io: CliIo): void {
  program
    .command('schema')
    .description('Print the JSON Schema of stack definitions (JSON/YAML), for editor completion.')
    .addHelpText(
      'after',
      '\nExamples:\n  $ lambda-roles schema > stack-definition.schema.json\n  # in a YAML definition: # yaml-language-server: $schema=./stack-definition.schema.json',
    )
    .action(() => {
      // Loaded when the command runs, so other commands start without the definition schema.
      const { definitionJsonSchema } = loadSchema();
      io.stdout.write(JSON.stringify(definitionJsonSchema(), null, 2) + '\n');
    });
}
