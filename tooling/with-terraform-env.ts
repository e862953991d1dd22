/**
 * Runs a command (cdktf, terraform, …) with the project's Terraform environment: the offline provider
 * mirror when one exists, and checkpoint/telemetry turned off. Used by the npm scripts, e.g.
 *   npm run synth        →  tsx tooling/with-terraform-env.ts cdktf synth
 *   npm run cdktf -- deploy --auto-approve
 */
import { spawnSync } from 'node:child_process';
import { terraformEnv } from './terraform-env';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: tsx tooling/with-terraform-env.ts <command> [args…]');
  process.exit(1);
}
const result = spawnSync(cmd, args, { stdio: 'inherit', env: terraformEnv() });
if (result.error) {
  console.error(`could not run ${cmd}: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
