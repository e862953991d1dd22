/**
 * The drift job's YAML files (ignore rules, the multi-account config) are read as strict UTF-8 through the
 * one helper (shared/text-file): a Latin-1 file is one error naming the byte offset, a UTF-8 BOM is accepted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { readYamlFile } from '../../shared/yaml-file';
import { UserError } from '../../shared/errors';

const dir = mkdtempSync(join(tmpdir(), 'lr-yaml-enc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const schema = z.object({ reason: z.string() });

test('a Latin-1 YAML file is a UserError naming the file and the byte offset', () => {
  const file = join(dir, 'latin1.yaml');
  const bytes = Buffer.from('reason: café\n', 'latin1');
  writeFileSync(file, bytes);
  const read = () => readYamlFile(file, schema, { what: 'ignore file' });
  expect(read).toThrow(UserError);
  expect(read).toThrow(`${file}: is not valid UTF-8: byte 0xE9 at offset ${bytes.indexOf(0xe9)} (line 1)`);
});

test('a UTF-8 byte-order mark is accepted', () => {
  const file = join(dir, 'bom.yaml');
  writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('reason: café\n', 'utf8')]));
  expect(readYamlFile(file, schema, { what: 'ignore file' }).data).toEqual({ reason: 'café' });
});
