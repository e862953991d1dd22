/**
 * pullStackState runs the real terraform binary in cdktf.out/stacks/<name>: `init` when .terraform is
 * missing, then `state pull`. The stack here declares only a local backend (what cdktf writes for a local
 * stack), so init needs no provider download.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type Socket } from 'node:net';
import { pullStackState, readStateFile } from '../../../drift/state/read-state';
import { runDrift } from '../../../drift/run-drift';
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

  it("a state pull that hangs (a backend that never answers) is stopped by the run's deadline: one error naming the stack and --timeout", async () => {
    // A real backend fault: terraform's http backend pointed at a socket that accepts and never answers.
    const sockets: Socket[] = [];
    const server: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const dir = join(outDir, 'stacks', 'hung');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'cdk.tf.json'),
      JSON.stringify({ terraform: { backend: { http: { address: `http://127.0.0.1:${port}/state` } } } }),
    );
    try {
      const started = Date.now();
      const error = await runDrift({ stacks: ['hung'], outDir, timeout: '3s' }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toMatch(
        /^stack hung: `terraform (init -input=false -no-color|state pull)` in \S+ was stopped: the run's deadline \(--timeout 3s\) passed before the state was read\. Raise --timeout/,
      );
      // Stopped at the deadline, not at the 3-minute cap of one terraform command.
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(sockets.length).toBeGreaterThan(0); // terraform did reach the backend: the hang was real
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  }, 60_000);

  it('rejects a stack name that is a path', async () => {
    await expect(pullStackState('../etc', { outDir })).rejects.toThrow(/stack name "\.\.\/etc": not a valid cdktf stack name/);
  });
});
