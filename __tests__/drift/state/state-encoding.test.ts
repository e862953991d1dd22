/**
 * A state file that is not UTF-8 (a Latin-1 description) is one error naming the file and the byte
 * offset, instead of a false DESCRIPTION_CHANGED with replacement characters; a UTF-8 byte-order mark is
 * accepted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStateFile } from '../../../drift/state/read-state';
import { UserError } from '../../../shared/errors';
import { main } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** A state with one role whose description is `description`, encoded as `encoding`. */
function stateBytes(description: string, encoding: BufferEncoding): Buffer {
  const json = JSON.stringify({
    version: 4,
    resources: [
      {
        mode: 'managed',
        type: 'aws_iam_role',
        name: 'r',
        instances: [{ attributes: { name: 'r', assume_role_policy: TRUST, description } }],
      },
    ],
  });
  return Buffer.from(json, encoding);
}

const dir = mkdtempSync(join(tmpdir(), 'lr-state-enc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a Latin-1 state file is a UserError naming the file and the byte offset', () => {
  const file = join(dir, 'latin1.tfstate');
  const content = stateBytes('Café role', 'latin1');
  writeFileSync(file, content);
  const offset = content.indexOf(0xe9);
  expect(() => readStateFile(file)).toThrow(UserError);
  expect(() => readStateFile(file)).toThrow(
    `state file ${file}: is not valid UTF-8: byte 0xE9 at offset ${offset} (line 1) is not part of a UTF-8 character; re-save the file as UTF-8`,
  );
});

test('the drift command exits 1 on it before any AWS call, naming the file', async () => {
  const file = join(dir, 'latin1-cli.tfstate');
  writeFileSync(file, stateBytes('Café role', 'latin1'));
  const io = captureIo();
  expect(await main(['node', 'lambda-roles', 'drift', '--state', file], io)).toBe(1);
  expect(io.err()).toContain(`error: state file ${file}: is not valid UTF-8: byte 0xE9 at offset`);
  expect(io.err()).not.toContain('\ufffd');
});

test('a state file with a UTF-8 byte-order mark is read (the mark is dropped)', () => {
  const file = join(dir, 'bom.tfstate');
  writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), stateBytes('Café role', 'utf8')]));
  expect(readStateFile(file).roles[0].description).toBe('Café role');
});

test('a UTF-16 state file is refused by name', () => {
  const file = join(dir, 'utf16.tfstate');
  writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), stateBytes('x', 'utf16le')]));
  expect(() => readStateFile(file)).toThrow(`state file ${file}: is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8`);
});
