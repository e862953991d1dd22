/**
 * Runs a command (cdktf, terraform, …) with the project's Terraform environment (shared/terraform/env.ts):
 * the user's own CLI config when they have one, the offline provider mirror when asked for or when they
 * have none, and checkpoint/telemetry turned off. Used by the npm scripts, e.g.
 *   npm run synth        →  tsx tooling/with-terraform-env.ts cdktf synth
 *   npm run cdktf -- deploy image-processor --auto-approve
 *
 * With a provider mirror in use, `cdktf deploy|destroy|diff` get `--skip-provider-lock`: cdktf otherwise
 * runs `terraform providers lock`, which ignores CLI mirrors and asks the registry (it only matters for
 * remote HCP Terraform runs, which need registry access anyway).
 */
import { spawnSync } from 'node:child_process';
import { terraformSetup } from '../shared/terraform/env';

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
  // The mirror actually in use: none when the user's own CLI config decides (theirs may hold one we cannot see).
  let setup: ReturnType<typeof terraformSetup>;
  try {
    setup = terraformSetup();
  } catch (err) {
    console.error((err as Error).message); // a bad LAMBDA_ROLES_PROVIDER_MIRROR: the message names it and the fix
    process.exit(1);
  }
  const { env, mirror } = setup;
  const result = spawnSync(cmd, withOfflineLockFlag(cmd, args, mirror), { stdio: 'inherit', env });
  if (result.error) {
    console.error(`could not run ${cmd}: ${result.error.message}`);
    process.exit(1);
  }
  process.exit(result.status ?? 1);
}
