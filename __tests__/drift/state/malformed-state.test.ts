/**
 * A state whose policy attribute is JSON but not an IAM policy, or whose structure is damaged, is one
 * UserError naming the state, the resource address and the attribute, with the fix: never a finding, never
 * a crash, never an exit without the file name. The same for trust, inline and customer policies.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTerraformState, readStateFile } from '../../../drift/state/read-state';
import { UserError } from '../../../shared/errors';
import { main } from '../../../cli/main';
import { captureIo } from '../../helpers/cli-io';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const GOOD = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

const resource = (type: string, name: string, attributes: Record<string, unknown>) => ({
  mode: 'managed',
  type,
  name,
  instances: [{ attributes }],
});
const state = (...resources: unknown[]) => JSON.stringify({ version: 4, resources });

/** Where each kind of policy lives in state, and a state holding `doc` there. */
const PLACES: [string, string, (doc: unknown) => string][] = [
  [
    'an inline policy (aws_iam_role_policy)',
    'aws_iam_role_policy.x.policy',
    (doc) => state(resource('aws_iam_role_policy', 'x', { role: 'r', name: 'p', policy: doc })),
  ],
  [
    'a customer policy (aws_iam_policy)',
    'aws_iam_policy.x.policy',
    (doc) => state(resource('aws_iam_policy', 'x', { arn: 'arn:aws:iam::000000000000:policy/p', name: 'p', policy: doc })),
  ],
  [
    'a trust policy (aws_iam_role)',
    'aws_iam_role.x.assume_role_policy',
    (doc) => state(resource('aws_iam_role', 'x', { name: 'r', assume_role_policy: doc })),
  ],
  [
    "a role's inline_policy block",
    'aws_iam_role.x.inline_policy["p"].policy',
    (doc) => state(resource('aws_iam_role', 'x', { name: 'r', assume_role_policy: TRUST, inline_policy: [{ name: 'p', policy: doc }] })),
  ],
];

const JUNK: [string, unknown, RegExp][] = [
  ['JSON of another shape', '{"foo":[1,2,3]}', /unknown top-level element "foo"/],
  ['a Statement that is a number', '{"Version":"2012-10-17","Statement":5}', /Statement is number 5; expected a statement object/],
  ['a Statement list holding a string', '{"Statement":["Allow"]}', /Statement\[0\] is string "Allow"; expected a statement object/],
  [
    'an Effect in the wrong case',
    '{"Statement":[{"Effect":"allow","Action":"s3:*","Resource":"*"}]}',
    /Statement\[0\]\.Effect is "allow"; expected "Allow" or "Deny"/,
  ],
  ['a statement without Effect', '{"Statement":{"Action":"s3:*","Resource":"*"}}', /Statement\.Effect is missing/],
  ['a statement without Action', '{"Statement":{"Effect":"Allow","Resource":"*"}}', /Statement has neither Action nor NotAction/],
  ['an Action that is a number', '{"Statement":{"Effect":"Allow","Action":7}}', /Statement\.Action is number 7/],
  ['an unknown Version', '{"Version":"2020-01-01","Statement":[]}', /Version is "2020-01-01"/],
  ['a JSON array', '[{"Effect":"Allow"}]', /the document is an array/],
  ['a number instead of text', 42, /a number, expected a JSON string/],
  ['text that is not JSON', '{not json', /not a JSON policy document/],
];

describe.each(PLACES)('%s that is not an IAM policy', (_place, attribute, stateWith) => {
  test.each(JUNK)('%s is a UserError naming the file, address, attribute, problem and fix', (_what, doc, problem) => {
    const run = () => parseTerraformState(stateWith(doc), 'state.tfstate');
    expect(run).toThrow(UserError);
    expect(run).toThrow(`state.tfstate: ${attribute}: not a`);
    expect(run).toThrow(problem);
    expect(run).toThrow(/; fix the policy in the Terraform configuration and re-apply, or restore the state file from a good copy$/);
  });

  test('a valid document is read', () => {
    expect(() => parseTerraformState(stateWith(attribute.includes('assume_role') ? TRUST : GOOD), 'state.tfstate')).not.toThrow();
  });
});

describe('a damaged state structure is a UserError naming the file and the place', () => {
  test.each([
    ['a JSON array', '[]', /state\.tfstate: not a Terraform state file: the JSON is an array, not a state object/],
    ['JSON null', 'null', /state\.tfstate: not a Terraform state file: the JSON is null, not a state object/],
    ['a JSON string', '"hello"', /the JSON is a string, not a state object/],
    [
      'a resource that is not an object',
      '{"version":4,"resources":[7]}',
      /state\.tfstate: resources\[0\] is number, expected a resource object/,
    ],
    [
      'instances that are not a list',
      '{"version":4,"resources":[{"type":"aws_iam_role","name":"x","instances":{}}]}',
      /state\.tfstate: aws_iam_role\.x\.instances is object, expected a list/,
    ],
    [
      'an instance that is not an object',
      '{"version":4,"resources":[{"type":"aws_iam_role","name":"x","instances":[null]}]}',
      /state\.tfstate: aws_iam_role\.x: an instance is null, expected an object/,
    ],
    [
      'attributes that are not an object',
      '{"version":4,"resources":[{"type":"aws_iam_role","name":"x","instances":[{"attributes":"a"}]}]}',
      /state\.tfstate: aws_iam_role\.x\.attributes is string, expected an object/,
    ],
  ])('%s', (_what, text, message) => {
    const run = () => parseTerraformState(text, 'state.tfstate');
    expect(run).toThrow(UserError);
    expect(run).toThrow(message);
  });
});

describe('the drift command on a state with a non-policy document', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lr-malformed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each(PLACES)('%s: exit 1, one line naming the file, address and attribute, no stack trace', async (_place, attribute, stateWith) => {
    const file = join(dir, 'state.tfstate');
    writeFileSync(file, stateWith('{"foo":[1,2,3]}'));
    expect(() => readStateFile(file)).toThrow(`${file}: ${attribute}: not an IAM policy document (unknown top-level element "foo"`);
    const io = captureIo();
    expect(await main(['node', 'lambda-roles', 'drift', '--state', file], io)).toBe(1);
    expect(io.out()).toBe('');
    // Progress lines (`drift: …`) aside, the error is one line.
    const lines = io
      .err()
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('drift: '));
    expect(lines).toEqual([expect.stringContaining(`error: ${file}: ${attribute}: not an IAM policy document`) as unknown]);
    expect(io.err()).not.toMatch(/\bat .*\.ts:\d+|--debug/);
  });
});
