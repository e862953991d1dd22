import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { loadDefinition, loadDefinitions } from '../../stacks/load-definition';
import { DefinitionError } from '../../stacks/validate-definition';
import { EXAMPLES } from '../../stacks/examples';
import type { StackDefinition } from '../../stacks/definition';
import { synthDefinition } from '../helpers/synth';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambda-roles-defs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The example with code paths relative to `dir`, as a team would write them next to the file. */
function asFileDefinition(def: StackDefinition): StackDefinition {
  return {
    ...def,
    functions: def.functions.map((fn) => (fn.code?.path ? { ...fn, code: { ...fn.code, path: relative(dir, fn.code.path) } } : fn)),
  };
}

describe('loadDefinition: JSON and YAML produce the same stack as the TypeScript form', () => {
  it.each(EXAMPLES.map((d) => [d.name, d] as const))('%s', (_name, def) => {
    const jsonFile = join(dir, `${def.name}.json`);
    const yamlFile = join(dir, `${def.name}.yaml`);
    writeFileSync(jsonFile, JSON.stringify(asFileDefinition(def), null, 2));
    writeFileSync(yamlFile, toYaml(asFileDefinition(def)));
    const fromTs = synthDefinition(def, { stateDir: dir }).synth;
    expect(synthDefinition(loadDefinition(jsonFile), { stateDir: dir }).synth).toBe(fromTs);
    expect(synthDefinition(loadDefinition(yamlFile), { stateDir: dir }).synth).toBe(fromTs);
  });

  it('loads every definition of a directory, sorted by file name', () => {
    const sub = mkdtempSync(join(dir, 'many-'));
    writeFileSync(
      join(sub, 'b.yml'),
      toYaml({ name: 'b', region: 'us-east-1', account: '000000000000', functions: [{ name: 'f', existing: 'f' }] }),
    );
    writeFileSync(
      join(sub, 'a.json'),
      JSON.stringify({ name: 'a', region: 'us-east-1', account: '000000000000', functions: [{ name: 'f', existing: 'f' }] }),
    );
    writeFileSync(join(sub, 'notes.txt'), 'ignored');
    expect(loadDefinitions(sub).map((d) => d.name)).toEqual(['a', 'b']);
  });
});

describe('loadDefinition: errors name the file, the field, the value and the fix', () => {
  it('a field error names file, stack, function and field path', () => {
    const file = join(dir, 'bad-field.yaml');
    writeFileSync(
      file,
      toYaml({
        name: 'billing',
        region: 'us-east-1',
        account: '000000000000',
        functions: [{ name: 'invoice', existing: 'invoice', role: { maxSessionDuration: 99999 } }],
      }),
    );
    expect(() => loadDefinition(file)).toThrow(DefinitionError);
    expect(() => loadDefinition(file)).toThrow(
      `${file}, stack "billing", function "invoice", field functions[0].role.maxSessionDuration: 99999 is out of range`,
    );
  });

  it('a YAML syntax error names the file and line', () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'name: x\nfunctions:\n  - name: [unclosed\n');
    expect(() => loadDefinition(file)).toThrow(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, field \\(file\\): is not valid YAML at line \\d+`),
    );
  });

  it('invalid JSON names the file', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "name": ');
    expect(() => loadDefinition(file)).toThrow(/broken\.json, field \(file\): is not valid JSON/);
  });

  it('an unsupported extension says which ones work', () => {
    const file = join(dir, 'def.toml');
    writeFileSync(file, '');
    expect(() => loadDefinition(file)).toThrow(/"\.toml" is not a definition file extension. Fix: use \.json, \.yaml, \.yml/);
  });
});
