/** Shared pieces of the drift end-to-end tests: names from the example stacks, the CLI runner, lookups. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { DriftFinding, DriftReport, FindingCode } from '../../../drift/model';
import { awsEndpointEnv } from '../../../tooling/terraform';
import { PROJECT_ROOT } from '../../../tooling/terraform-env';
import type { StackDefinition } from '../../../stacks/definition';

export const ACCOUNT = '000000000000';
export const CONSOLE_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/console-user`;
export const DEPLOY_ARN = `arn:aws:iam::${ACCOUNT}:root`;
export const ROLES = { orders: 'orders-api-exec', image: 'image-processor-exec', queue: 'queue-consumer-exec', bounded: 'bounded-worker-exec' } as const;
export const KMS_POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/image-processor-kms-decrypt`;
export const BOUNDARY_ARN = 'arn:aws:iam::aws:policy/PowerUserAccess';

/** A fourth, tiny stack: the examples declare no permissions boundary, and two finding codes need one. */
export const boundedStack: StackDefinition = {
  name: 'bounded',
  region: 'us-east-1',
  account: ACCOUNT,
  defaults: { permissionsBoundary: BOUNDARY_ARN, tags: { team: 'platform' } },
  functions: [{ name: 'bounded-worker', existing: 'bounded-worker' }],
};

/** The local-backend state files buildStack writes next to the outdir (`terraform.<stack>.tfstate`). */
export function stateFiles(outDir: string, stacks: readonly string[]): string[] {
  return stacks.map((s) => join(outDir, `terraform.${s}.tfstate`));
}

/** Points the SDK default chain of this process (what runDrift uses) at the endpoint as the drift reader. */
export function useEndpoint(endpoint: string): void {
  Object.assign(process.env, awsEndpointEnv(endpoint));
}

export function findingsWith(report: DriftReport, code: FindingCode): DriftFinding[] {
  return report.findings.filter((f) => f.code === code);
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real binary (`node bin/lambda-roles.js …`) against the endpoint. */
export function runCli(args: readonly string[], endpoint: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'lambda-roles.js'), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...awsEndpointEnv(endpoint), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}
