/**
 * LambdaFunction archives against the real terraform and AWS provider 5.100.0 on the local endpoint: after
 * an apply, a fresh clone of the code (another folder, new mtimes) plans no change, a code change plans
 * a function update, and moving the functions between provider aliases (functionProviderShards) plans
 * no change either.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIamReference } from '../../modules/checks/iam-data';
import type { StackDefinition } from '../../stacks/definition';
import { synthDefinitions, type SynthOptions } from '../../stacks/synth';
import { applyDirs, awsEndpointEnv, ensureInit, runTerraform } from '../../shared/terraform/run';
import { withLocalAws } from '../helpers/local-aws';

jest.setTimeout(240_000);

const aws = withLocalAws();
const PROVIDER = { skipCredentialsValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: 'true', maxRetries: 2 };
// Names whose hashes put them on different aliases of two.
const FUNCTIONS = ['archive-a', 'archive-c'];

let work: string;
let env: NodeJS.ProcessEnv;

/** Two functions, each with its own code folder under `codeRoot`. */
function definition(codeRoot: string): StackDefinition {
  return {
    name: 'archives',
    region: 'us-east-1',
    account: '000000000000',
    functions: FUNCTIONS.map((name) => ({ name, code: { path: join(codeRoot, name), runtime: 'nodejs20.x', handler: 'index.handler' } })),
  };
}

function setMtimes(dir: string, when: Date): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) setMtimes(p, when);
    else utimesSync(p, when, when);
  }
  utimesSync(dir, when, when);
}

/** Synthesizes into `outDir` (state shared through `work`) and runs `plan -detailed-exitcode`. */
async function plan(codeRoot: string, outDir: string, options: Partial<SynthOptions> = {}) {
  const [cwd] = synthDefinitions([definition(codeRoot)], { outDir, stateDir: work, providerOverrides: PROVIDER, ...options });
  await ensureInit({ cwd, env, timeoutMs: 120_000 });
  const result = await runTerraform(['plan', '-detailed-exitcode', '-input=false', '-no-color'], { cwd, env, timeoutMs: 180_000 });
  if (result.code === 1) throw new Error(`terraform plan failed:\n${result.stderr}`);
  return { code: result.code, changes: result.stdout.split('\n').filter((l) => /^\s+[~+-] |will be|must be/.test(l)) };
}

beforeAll(async () => {
  await loadIamReference();
  work = mkdtempSync(join(tmpdir(), 'lambda-roles-archive-apply-'));
  env = awsEndpointEnv(aws.endpoint());
  for (const name of FUNCTIONS) {
    mkdirSync(join(work, 'code', name, 'lib'), { recursive: true });
    writeFileSync(join(work, 'code', name, 'index.js'), `exports.handler = async () => require('./lib/name').name;\n`);
    writeFileSync(join(work, 'code', name, 'lib', 'name.js'), `exports.name = '${name}';\n`);
  }
  setMtimes(join(work, 'code'), new Date('2022-02-02T02:02:02Z'));
  const dirs = synthDefinitions([definition(join(work, 'code'))], {
    outDir: join(work, 'applied'),
    stateDir: work,
    providerOverrides: PROVIDER,
    functionProviderShards: 2,
  });
  await applyDirs(dirs, env);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('plans no change for a fresh clone of the code: another folder, new mtimes', async () => {
  const clone = join(work, 'clone');
  cpSync(join(work, 'code'), clone, { recursive: true });
  setMtimes(clone, new Date('2033-03-03T03:03:03Z'));
  expect(await plan(clone, join(work, 'clone-out'), { functionProviderShards: 2 })).toEqual({ code: 0, changes: [] });
});

it('plans an in-place update of the function when its code changes', async () => {
  const edited = join(work, 'edited');
  cpSync(join(work, 'code'), edited, { recursive: true });
  writeFileSync(join(edited, 'archive-a', 'lib', 'name.js'), `exports.name = 'renamed';\n`);
  const result = await plan(edited, join(work, 'edited-out'), { functionProviderShards: 2 });
  expect(result.code).toBe(2);
  expect(result.changes.filter((l) => l.includes('will be'))).toEqual([expect.stringMatching(/archive-a.* will be updated in-place/)]);
  expect(result.changes).toContainEqual(expect.stringMatching(/~ source_code_hash/));
});

it('plans no change when the functions move to the default provider (functionProviderShards 2 → 1)', async () => {
  expect(await plan(join(work, 'code'), join(work, 'one-provider-out'))).toEqual({ code: 0, changes: [] });
});
