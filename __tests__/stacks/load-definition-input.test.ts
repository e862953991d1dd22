/**
 * What a definition file's bytes and YAML may hold: invalid UTF-8 is one error naming the file and the byte
 * offset (and `check` fails on it), a UTF-8 byte-order mark is accepted, and what the YAML parser only warns
 * about (an unknown tag or directive) is an error naming the line, never a raw YAMLWarning on stderr.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDefinition } from '../../stacks/load-definition';
import { DefinitionError } from '../../stacks/validate-definition';
import { main } from '../../cli/main';
import { captureIo } from '../helpers/cli-io';

const DEF = {
  name: 'billing',
  region: 'us-east-1',
  account: '000000000000',
  functions: [{ name: 'f', existing: 'f', role: { description: 'Café' } }],
};
const dir = mkdtempSync(join(tmpdir(), 'lr-def-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer) => {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
};

describe('encoding', () => {
  test.each([
    ['JSON', 'latin1.json', JSON.stringify(DEF)],
    [
      'YAML',
      'latin1.yaml',
      'name: billing\nregion: us-east-1\naccount: "000000000000"\nfunctions:\n  - name: f\n    existing: f\n    role: { description: Café }\n',
    ],
  ])('a Latin-1 %s definition is a DefinitionError naming the file and the byte offset', (_kind, name, text) => {
    const content = Buffer.from(text, 'latin1');
    const file = write(name, content);
    const offset = content.indexOf(0xe9);
    const line = content.subarray(0, offset).toString('latin1').split('\n').length;
    expect(() => loadDefinition(file)).toThrow(DefinitionError);
    expect(() => loadDefinition(file)).toThrow(
      `${file}, field (file): is not valid UTF-8: byte 0xE9 at offset ${offset} (line ${line}) is not part of a UTF-8 character; re-save the file as UTF-8`,
    );
  });

  test('check fails on a Latin-1 definition (exit 1) and names it', async () => {
    const file = write('check-latin1.json', Buffer.from(JSON.stringify(DEF), 'latin1'));
    const io = captureIo();
    expect(await main(['node', 'lambda-roles', 'check', file], io)).toBe(1);
    expect(io.out()).toContain(`FAIL ${file} (stack (not loaded))`);
    expect(io.out()).toMatch(/\[error\] .*check-latin1\.json, field \(file\): is not valid UTF-8: byte 0xE9 at offset \d+/);
  });

  test.each([
    ['JSON', 'bom.json', JSON.stringify(DEF)],
    [
      'YAML',
      'bom.yaml',
      'name: billing\nregion: us-east-1\naccount: "000000000000"\nfunctions:\n  - name: f\n    existing: f\n    role: { description: Café }\n',
    ],
  ])('a %s definition with a UTF-8 byte-order mark loads', (_kind, name, text) => {
    const file = write(name, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    expect(loadDefinition(file).functions[0].role?.description).toBe('Café');
  });

  test('a UTF-16 definition is refused by name', () => {
    const file = write('utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(DEF), 'utf16le')]));
    expect(() => loadDefinition(file)).toThrow(`${file}, field (file): is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8`);
  });
});

describe('YAML the parser only warns about', () => {
  let warnings: jest.SpyInstance;
  beforeEach(() => {
    warnings = jest.spyOn(process, 'emitWarning');
  });
  afterEach(() => warnings.mockRestore());

  test.each([
    [
      'an unknown tag',
      'tag.yaml',
      'name: billing\nregion: us-east-1\naccount: "000000000000"\nfunctions:\n  - name: !fn f\n    existing: f\n',
      5,
      /has a YAML tag the loader cannot use at line 5: Unresolved tag: !fn\. Fix: remove it/,
    ],
    [
      'an unknown directive',
      'directive.yaml',
      '%FOO bar\n---\nname: billing\n',
      1,
      /has a YAML construct the loader cannot use at line 1: Unknown directive %FOO\. Fix: remove it/,
    ],
  ])('%s is an error naming the file and line, and nothing is printed', (_what, name, text, _line, message) => {
    const file = write(name, text);
    expect(() => loadDefinition(file)).toThrow(DefinitionError);
    expect(() => loadDefinition(file)).toThrow(message);
    expect(() => loadDefinition(file)).toThrow(`${file}, field (file): has a YAML`);
    expect(warnings).not.toHaveBeenCalled();
  });

  test('a syntax error still names the line', () => {
    const file = write('broken.yaml', 'name: x\nfunctions:\n  - name: [unclosed\n');
    expect(() => loadDefinition(file)).toThrow(/broken\.yaml, field \(file\): is not valid YAML at line \d+: .*Fix: correct the syntax/);
  });

  test('an alias bomb is refused, not expanded', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(10)
          .fill(`*${'abcdefghij'[i - 1]}`)
          .join(',')}]`,
      );
    const file = write('bomb.yaml', lines.join('\n') + '\nname: x\n');
    expect(() => loadDefinition(file)).toThrow(/bomb\.yaml, field \(file\): cannot be expanded: .*alias.*Fix: write the values out/i);
  });
});
