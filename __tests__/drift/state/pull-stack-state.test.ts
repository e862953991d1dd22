/**
 * pullStackState runs the real terraform binary in cdktf.out/stacks/<name>: `init` when .terraform is
 * missing, then `state pull`. The stack here declares only a local backend (what cdktf writes for a local
 * stack), so init needs no provider download.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pullStackState, readStateFile } from '../../../drift/state/read-state';
import { UserError } from '../../../cli/errors';

const FIXTURE = join(__dirname, '..', 'fixtures', 'plain-hcl.tfstate.json');
let outDir: string;

function makeStack(name: string, withState: boolean): string {
  const dir = join(outDir, 'stacks', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'cdk.tf.json'),
    JSON.stringify({ terraform: { backend: { local: { path: `terraform.${name}.tfstate` } } } }, null, 2),
  );
  if (withState) copyFileSync(FIXTURE, join(dir, `terraform.${name}.tfstate`));
  return dir;
}

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'pull-state-'));
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('pullStackState', () => {
  it('initialises the stack directory, pulls its state and reads it like a state file', async () => {
    const dir = makeStack('orders', true);
    const inv = await pullStackState('orders', { outDir });
    expect(existsSync(join(dir, '.terraform'))).toBe(true);
    expect(inv.sources).toEqual(['stack orders']);
    const fromFile = readStateFile(FIXTURE);
    expect(inv.roles.map((r) => [r.name, r.address, r.managedPolicies])).toEqual(
      fromFile.roles.map((r) => [r.name, r.address, r.managedPolicies]),
    );
    expect(inv.functions.map((f) => f.name)).toEqual(['orders']);
    // A second pull reuses the initialised directory.
    expect((await pullStackState('orders', { outDir })).roles).toHaveLength(inv.roles.length);
  });

  it('says to run cdktf synth when the stack directory is missing', async () => {
    await expect(pullStackState('nope', { outDir })).rejects.toThrow(UserError);
    await expect(pullStackState('nope', { outDir })).rejects.toThrow(/stack nope: .*stacks\/nope does not exist\. Run `cdktf synth`/);
    // The flag is --outdir (cli/commands/drift.ts), not --out-dir.
    await expect(pullStackState('nope', { outDir })).rejects.toThrow(/or pass the right --outdir\.$/);
  });

  it('says to deploy first when the stack has no state yet', async () => {
    makeStack('fresh', false);
    await expect(pullStackState('fresh', { outDir })).rejects.toThrow(/stack fresh: Terraform has no state for it .* Deploy it first/);
  });

  it('rejects a stack name that is a path', async () => {
    await expect(pullStackState('../etc', { outDir })).rejects.toThrow(/stack name "\.\.\/etc": not a valid cdktf stack name/);
  });
});
