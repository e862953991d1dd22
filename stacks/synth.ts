/**
 * Synthesizes definitions into a cdktf output directory without the cdktf CLI: the demo, the benchmark
 * and the deploy tests use it to get `<outDir>/stacks/<name>` ready for `terraform init/apply`.
 */
import { join } from 'node:path';
import { App } from '../modules/cdk/core';
import { assertIamReferenceLoaded } from '../modules/checks/iam-data';
import { buildStack, type BuildStackOptions } from './build-stack';
import type { StackDefinition } from './definition';

export interface SynthOptions extends Pick<BuildStackOptions, 'providerOverrides' | 'baseDir' | 'functionProviderShards'> {
  readonly outDir: string;
  /** Where local-backend state files go. @default outDir */
  readonly stateDir?: string;
}

/**
 * Writes one stack per definition; returns each stack's Terraform working directory, in order.
 * The policy checks run at synth: `await loadIamReference()` (modules) first, or this throws saying so.
 */
export function synthDefinitions(defs: readonly StackDefinition[], options: SynthOptions): string[] {
  assertIamReferenceLoaded();
  const app = new App({ outdir: options.outDir });
  for (const def of defs) {
    buildStack(app, def, {
      providerOverrides: options.providerOverrides,
      baseDir: options.baseDir,
      functionProviderShards: options.functionProviderShards,
      stateDir: options.stateDir ?? options.outDir,
      // Policy findings were already reported when the definition was checked; keep these runs quiet.
      policyChecks: { log: () => undefined },
    });
  }
  app.synth();
  return defs.map((d) => join(options.outDir, 'stacks', d.name));
}
