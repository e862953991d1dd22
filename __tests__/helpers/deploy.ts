/**
 * Deploys the example stacks (or edited copies) to the local endpoint with the real terraform binary and
 * AWS provider: synth with cdktf into a temp outdir, then `terraform init` + `apply` in
 * `<outdir>/stacks/<name>`. State lives next to the outdir (local backend), so `terraform state pull`
 * (what the drift check runs for --stack) reads it back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { buildStack } from '../../stacks/build-stack';
import { EXAMPLES } from '../../stacks/examples';
import type { StackDefinition } from '../../stacks/definition';
import { awsEndpointEnv, ensureInit, terraform } from '../../tooling/terraform';

/** The provider makes no STS/IAM call at configure time and gives up fast on a wrong answer. */
const PROVIDER_FOR_LOCAL_ENDPOINT = {
  skipCredentialsValidation: true,
  skipRequestingAccountId: true,
  skipMetadataApiCheck: 'true',
  maxRetries: 2,
};

export interface Deployment {
  /** The cdktf outdir (pass it to pullStackState / `drift --outdir`). */
  readonly outDir: string;
  readonly stacks: readonly string[];
  stackDir(name: string): string;
  /** Re-synthesizes the given definitions into the same outdir and applies them (a Terraform-made change). */
  redeploy(defs: readonly StackDefinition[]): Promise<void>;
  /** Removes the temp directory. */
  cleanup(): void;
}

export function synthStacks(outDir: string, defs: readonly StackDefinition[]): void {
  const app = new App({ outdir: outDir, skipValidation: false });
  for (const def of defs) {
    buildStack(app, def, { providerOverrides: PROVIDER_FOR_LOCAL_ENDPOINT, stateDir: outDir, policyChecks: { log: () => undefined } });
  }
  app.synth();
}

async function applyStacks(outDir: string, names: readonly string[], endpoint: string): Promise<void> {
  const env = awsEndpointEnv(endpoint);
  // Sequential: two cores are shared with other test files, and each apply is mostly provider round trips.
  for (const name of names) {
    const cwd = join(outDir, 'stacks', name);
    await ensureInit({ cwd, env, timeoutMs: 120_000 });
    await terraform(['apply', '-auto-approve', '-input=false', '-no-color'], { cwd, env, timeoutMs: 180_000 });
  }
}

/** Synthesizes and applies `defs` (default: every example) against the endpoint. */
export async function deployExamples(endpoint: string, defs: readonly StackDefinition[] = EXAMPLES): Promise<Deployment> {
  const outDir = mkdtempSync(join(tmpdir(), 'lambda-roles-drift-e2e-'));
  synthStacks(outDir, defs);
  await applyStacks(outDir, defs.map((d) => d.name), endpoint);
  return {
    outDir,
    stacks: defs.map((d) => d.name),
    stackDir: (name) => join(outDir, 'stacks', name),
    redeploy: async (changed) => {
      synthStacks(outDir, changed);
      await applyStacks(outDir, changed.map((d) => d.name), endpoint);
    },
    cleanup: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
