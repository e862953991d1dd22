/**
 * Runs a command (cdktf, terraform, …) with the project's Terraform environment: the offline provider
 * mirror when one exists, and checkpoint/telemetry turned off. Used by the npm scripts, e.g.
 *   npm run synth        →  tsx tooling/with-terraform-env.ts cdktf synth
 *   npm run cdktf -- deploy image-processor --auto-approve
 *
 * With a provider mirror in use, `cdktf deploy|destroy|diff` get `--skip-provider-lock`: cdktf otherwise
 * runs `terraform providers lock`, which ignores CLI mirrors and asks the registry (it only matters for
 * remote HCP Terraform runs, which need registry access anyway).
 */
import { spawnSync } from 'node:child_process';
import { resolveProviderMirror, terraformEnv } from '../shared/terraform/env';

const LOCKING_CDKTF_COMMANDS = new Set(['deploy', 'destroy', 'diff', 'apply', 'plan']);

export function withOfflineLockFlag(cmd: string, args: readonly string[], mirror: string | undefined): string[] {
  const needsFlag =
    mirror !== undefined && /(^|\/)cdktf$/.test(cmd) && LOCKING_CDKTF_COMMANDS.has(args[0] ?? '') && !args.includes('--skip-provider-lock');
  return needsFlag ? [...args, '--skip-provider-lock'] : [...args];
}

if (require.main === module) {
  const [cmd, ...args] = process.argv.slice(2);
  if (!cmd) {
    console.error('usage: tsx tooling/with-terraform-env.ts <command> [args…]');
    process.exit(1);
  }
  const result = spawnSync(cmd, withOfflineLockFlag(cmd, args, resolveProviderMirror()), { stdio: 'inherit', env: terraformEnv() });
  if (result.error) {
    console.error(`could not run ${cmd}: ${result.error.message}`);
    process.exit(1);
  }
  process.exit(result.status ?? 1);
}
