/**
 * The multi-account config (lambda-roles.drift.yaml): what a valid file gives (paths relative to the file),
 * the errors that name the file, line, field, value and fix, the targets' inputs checked before any call,
 * and --target selection.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SESSION_NAME, loadDriftConfig, selectTargets } from '../../../drift/targets/config';
import { UserError } from '../../../shared/errors';
import { runDriftJob } from '../../../drift/job';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'drift-config-'));
  mkdirSync(join(dir, 'states'));
  writeFileSync(join(dir, 'states', 'prod.tfstate'), '{}');
  mkdirSync(join(dir, 'cdktf.out', 'stacks', 'orders-api'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (text: string) => {
  const file = join(dir, 'lambda-roles.drift.yaml');
  writeFileSync(file, text);
  return file;
};
const errorOf = (text: string): string[] => {
  const file = write(text);
  try {
    loadDriftConfig(file);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message.split(`${file}:`).join('F:').split('\n');
  }
  throw new Error('expected a UserError');
};

const VALID = `targets:
  - name: prod
    account: "111111111111"
    regions: [eu-west-1, us-east-1]
    role:
      arn: arn:aws:iam::111111111111:role/drift-job
      externalId: ci-drift
    states: [states/prod.tfstate]
  - name: staging
    account: "000000000000"
    regions: [us-east-1]
    stacks: [orders-api]
    deployIdentity: arn:aws:iam::000000000000:role/deploy
`;

test('a valid config: defaults filled in, paths relative to the file (shown relative to the working directory when under it)', () => {
  const file = write(VALID);
  expect(loadDriftConfig(file)).toEqual([
    {
      name: 'prod',
      account: '111111111111',
      regions: ['eu-west-1', 'us-east-1'],
      role: { arn: 'arn:aws:iam::111111111111:role/drift-job', externalId: 'ci-drift', sessionName: DEFAULT_SESSION_NAME },
      stacks: [],
      stateFiles: [join(dir, 'states/prod.tfstate')],
      outDir: join(dir, 'cdktf.out'),
      at: `${file}:2`,
    },
    {
      name: 'staging',
      account: '000000000000', // quoted or not, an account id keeps its leading zeros
      regions: ['us-east-1'],
      stacks: ['orders-api'],
      stateFiles: [],
      outDir: join(dir, 'cdktf.out'),
      deployIdentity: 'arn:aws:iam::000000000000:role/deploy',
      at: `${file}:9`,
    },
  ]);
  expect(loadDriftConfig(write(VALID.replace('"000000000000"', '000000000000')))[1].account).toBe('000000000000');
  const cwd = process.cwd();
  try {
    process.chdir(dir);
    const [prod, staging] = loadDriftConfig('lambda-roles.drift.yaml');
    expect([prod.stateFiles, staging.outDir]).toEqual([['states/prod.tfstate'], 'cdktf.out']);
  } finally {
    process.chdir(cwd);
  }
});

test('each bad field is named by file, line, field, value and fix', () => {
  expect(
    errorOf(`targets:
  - name: prod
    account: 11111111111
    regions: us-east-1
    role:
      arn: arn:aws:iam::222222222222:role/drift-job
      sessionName: "a b"
    states: [states/prod.tfstate]
  - name: prod
    account: "000000000000"
    regions: [mars-1]
    colour: red
`),
  ).toEqual([
    'F:3: targets[0].account: "11111111111": expected a 12-digit account id, quoted, e.g. "111111111111"',
    'F:4: targets[0].regions: "us-east-1": expected a list, e.g. [us-east-1]',
    'F:7: targets[0].role.sessionName: "a b": expected 2 to 64 letters, digits or +=,.@_- (AWS RoleSessionName)',
    'F:9: targets[1].stacks: the target has no state; give stacks: [NAME] or states: [FILE], or both',
    'F:11: targets[1].regions[0]: "mars-1": expected an AWS region such as us-east-1',
    'F:12: targets[1].colour: unknown field; a target has name, account, regions, role, stacks, states, outdir, deployIdentity and timeout',
  ]);
});

test("a target's timeout is a duration with its unit, within --timeout's bounds; it reaches the target", () => {
  expect(
    errorOf(`targets:
  - name: a
    account: "000000000000"
    regions: [us-east-1]
    states: [states/prod.tfstate]
    timeout: 90
  - name: b
    account: "000000000000"
    regions: [us-east-1]
    states: [states/prod.tfstate]
    timeout: 2d
`),
  ).toEqual([
    'F:6: targets[0].timeout: "90": expected a duration with its unit, from 1s to 24h, e.g. 90s, 10m or 1h',
    'F:11: targets[1].timeout: "2d": expected a duration with its unit, from 1s to 24h, e.g. 90s, 10m or 1h',
  ]);
  mkdirSync(join(dir, 'states'), { recursive: true });
  writeFileSync(join(dir, 'states', 'prod.tfstate'), '{}');
  const [t] = loadDriftConfig(write(VALID.replace('externalId: ci-drift', 'externalId: ci-drift\n    timeout: 10m')));
  expect(t.timeout).toBe('10m');
});

test('cross-field rules: a role in another account, a target without state, a name used twice', () => {
  expect(
    errorOf(`targets:
  - name: prod
    account: "111111111111"
    regions: [us-east-1]
    role:
      arn: arn:aws:iam::222222222222:role/drift-job
    states: [states/prod.tfstate]
  - name: prod
    account: "000000000000"
    regions: [us-east-1]
`),
  ).toEqual([
    'F:6: targets[0].role.arn: "arn:aws:iam::222222222222:role/drift-job": the role is in account 222222222222, the target is account 111111111111; assume a role in the target\'s account',
    'F:8: targets[1].stacks: the target has no state; give stacks: [NAME] or states: [FILE], or both',
    'F:8: targets[1].name: "prod": a second target with this name; give each target its own name',
  ]);
  expect(errorOf('targets: []\n')).toEqual(['F:1: targets: []: empty; list at least one target']);
});

test("the targets' states and stacks are checked before any call, each by its line", () => {
  expect(
    errorOf(`targets:
  - name: prod
    account: "111111111111"
    regions: [us-east-1]
    states:
      - states/missing.tfstate
    stacks: [billing]
`),
  ).toEqual([
    'F:6: targets[0].states[0]: "states/missing.tfstate": no such file (paths are relative to the config file); give the path of a terraform.tfstate',
    'F:7: targets[0].stacks[0]: "billing": not synthesized in ' +
      join(dir, 'cdktf.out') +
      " (paths are relative to the config file); run `npm run synth`, or set the target's outdir",
  ]);
});

test('a missing config file names the flag', () => {
  expect(() => loadDriftConfig(join(dir, 'nope.yaml'))).toThrow(
    `--config ${join(dir, 'nope.yaml')}: file not found; pass the path of the drift config (lambda-roles.drift.yaml)`,
  );
});

test('--target selects targets in config order; an unknown name lists the targets', () => {
  const file = write(VALID);
  const all = loadDriftConfig(file);
  expect(selectTargets(all, [], file).map((t) => t.name)).toEqual(['prod', 'staging']);
  expect(selectTargets(all, ['staging'], file).map((t) => t.name)).toEqual(['staging']);
  expect(() => selectTargets(all, ['staging', 'qa'], file)).toThrow(
    `--target "qa": not a target in ${file}; the targets are prod, staging`,
  );
});

test('the job refuses state flags beside --config (the config sets them per target), and --target without --config', async () => {
  const config = write(VALID);
  await expect(runDriftJob({ config, stacks: ['orders-api'], region: 'us-east-1', reports: [{ format: 'json' }] })).rejects.toThrow(
    `--stack, --region: not with --config ${config}; set stacks, states, outdir and regions per target in the config`,
  );
  await expect(runDriftJob({ config, outDir: 'cdktf.out', reports: [{ format: 'json' }] })).rejects.toThrow(/^--outdir: not with --config/);
  // One checkpoint holds one run's inputs: the targets would overwrite each other's.
  await expect(runDriftJob({ config, incremental: { checkpoint: 'cp.json' }, reports: [{ format: 'json' }] })).rejects.toThrow(
    /^--incremental: not with --config/,
  );
  await expect(runDriftJob({ stateFiles: ['x.tfstate'], targets: ['prod'], reports: [{ format: 'json' }] })).rejects.toThrow(
    '--target prod: needs --config FILE, the file that lists the targets',
  );
});

test('the documented example passes the schema: only its states and stacks are missing here', () => {
  const example = join(__dirname, '..', '..', '..', 'docs', 'examples', 'lambda-roles.drift.yaml');
  const lines = (() => {
    try {
      loadDriftConfig(example);
      return [];
    } catch (err) {
      return (err as Error).message.split('\n');
    }
  })();
  expect(
    lines.map((l) => l.replace(/^.*lambda-roles\.drift\.yaml:(\d+): ([^:]+): .*?(no such file|not synthesized).*$/, '$1 $2 $3')),
  ).toEqual(['13 targets[0].stacks[0] not synthesized', '13 targets[0].stacks[1] not synthesized', '23 targets[1].states[0] no such file']);
});
