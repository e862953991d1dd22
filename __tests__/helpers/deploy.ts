/**
 * Deploys the example stacks (or edited copies) to the local endpoint with the real terraform binary and
 * AWS provider: synth with cdktf into a temp outdir, then `terraform init` + `apply` in
 * `<outdir>/stacks/<name>`. State lives next to the outdir (local backend), so `terraform state pull`
 * (what the drift check runs for --stack) reads it back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthDefinitions } from '../../stacks/synth';
import { EXAMPLES } from '../../stacks/examples';
import type { StackDefinition } from '../../stacks/definition';
import { applyDirs, awsEndpointEnv } from '../../shared/terraform/run';

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

/** Synthesizes and applies `defs` (default: every example) against the endpoint. */
export async function deployExamples(endpoint: string, defs: readonly StackDefinition[] = EXAMPLES): Promise<Deployment> {
  const outDir = mkdtempSync(join(tmpdir(), 'lambda-roles-drift-e2e-'));
  const env = awsEndpointEnv(endpoint);
  await applyDirs(synthDefinitions(defs, { outDir, providerOverrides: PROVIDER_FOR_LOCAL_ENDPOINT }), env);
  return {
    outDir,
    stacks: defs.map((d) => d.name),
    stackDir: (name) => join(outDir, 'stacks', name),
    redeploy: async (changed) => {
      await applyDirs(synthDefinitions(changed, { outDir, providerOverrides: PROVIDER_FOR_LOCAL_ENDPOINT }), env);
    },
    cleanup: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
