/**
 * A temp directory holding one Terraform configuration that the real AWS provider 5.100.0 applies against
 * the local endpoint. It writes the pinned provider block, points the provider at the endpoint
 * (awsEndpointEnv) and runs every command through tooling/terraform.ts with a timeout.
 *
 *   const wd = createTerraformWorkdir({ endpoint: aws.endpoint(), hcl: 'resource "aws_iam_role" "r" { ... }' });
 *   await wd.init();
 *   await wd.apply();
 *   await wd.expectEmptyPlan();
 *   wd.cleanup();
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  awsEndpointEnv,
  ensureInit,
  runTerraform,
  terraform,
  type TerraformResult,
  type TerraformRunOptions,
} from '../../shared/terraform/run';

export interface TerraformWorkdirOptions {
  /** The local endpoint's URL (AWS_ENDPOINT_URL for the provider). */
  readonly endpoint: string;
  /** The configuration after the provider block: resources, data sources, variables, outputs. */
  readonly hcl: string;
  /** More `provider "aws"` arguments, e.g. `{ skip_credentials_validation: true }`. @default - none */
  readonly providerExtra?: Readonly<Record<string, string | number | boolean>>;
  /** Per-command timeout. @default 120000 (2 minutes) */
  readonly timeoutMs?: number;
  /** Prefix of the temp directory's name, to tell leftovers apart. @default 'terraform-' */
  readonly prefix?: string;
}

export interface TerraformWorkdir {
  readonly dir: string;
  /** Replaces main.tf: the provider block followed by `hcl`. */
  write(hcl: string): void;
  /** Writes another file into the directory (a zip, terraform.tfvars.json). */
  writeFile(name: string, data: string | Buffer): void;
  /** `terraform init` unless already initialised. */
  init(): Promise<void>;
  /** `apply -auto-approve`; throws on a non-zero exit. `args` e.g. `-var` pairs. */
  apply(args?: readonly string[]): Promise<TerraformResult>;
  /** `plan -detailed-exitcode` (0 no changes, 1 error, 2 changes); never throws on the exit code. `env` overrides the endpoint env. */
  plan(args?: readonly string[], env?: NodeJS.ProcessEnv): Promise<TerraformResult>;
  /** A plan that must be empty (exit 0); otherwise throws with the plan text, which explains the diff. */
  expectEmptyPlan(args?: readonly string[]): Promise<void>;
  /** `destroy -auto-approve`; throws on a non-zero exit. */
  destroy(args?: readonly string[]): Promise<TerraformResult>;
  /** `output -json`, as output name → value. */
  outputs<T = string>(): Promise<Record<string, T>>;
  /** Removes the directory. */
  cleanup(): void;
}

const AUTOMATION = ['-input=false', '-no-color'];

/** The pinned provider; max_retries = 1 so a wrong answer fails a test in seconds, not after minutes of retries. */
function providerBlock(extra: Readonly<Record<string, string | number | boolean>>): string {
  const args = { region: 'us-east-1', max_retries: 1, ...extra };
  return [
    'terraform {',
    '  required_providers {',
    '    aws = { source = "hashicorp/aws", version = "5.100.0" }',
    '  }',
    '}',
    'provider "aws" {',
    ...Object.entries(args).map(([key, value]) => `  ${key} = ${JSON.stringify(value)}`),
    '}',
    '',
  ].join('\n');
}

export function createTerraformWorkdir(opts: TerraformWorkdirOptions): TerraformWorkdir {
  const dir = mkdtempSync(join(tmpdir(), opts.prefix ?? 'terraform-'));
  const run = (env?: NodeJS.ProcessEnv): TerraformRunOptions => ({
    cwd: dir,
    env: { ...awsEndpointEnv(opts.endpoint), ...env },
    timeoutMs: opts.timeoutMs ?? 120_000,
  });
  const wd: TerraformWorkdir = {
    dir,
    write: (hcl) => writeFileSync(join(dir, 'main.tf'), providerBlock(opts.providerExtra ?? {}) + hcl),
    writeFile: (name, data) => writeFileSync(join(dir, name), data),
    init: () => ensureInit(run()),
    apply: (args = []) => terraform(['apply', '-auto-approve', ...AUTOMATION, ...args], run()),
    plan: (args = [], env) => runTerraform(['plan', '-detailed-exitcode', ...AUTOMATION, ...args], run(env)),
    async expectEmptyPlan(args = []) {
      const plan = await wd.plan(args);
      if (plan.code !== 0) throw new Error(`plan is not empty (exit ${plan.code}):\n${plan.stdout}\n${plan.stderr}`);
    },
    destroy: (args = []) => terraform(['destroy', '-auto-approve', ...AUTOMATION, ...args], run()),
    async outputs<T>() {
      const raw = JSON.parse((await terraform(['output', '-json'], run())).stdout) as Record<string, { value: T }>;
      return Object.fromEntries(Object.entries(raw).map(([name, o]) => [name, o.value]));
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  wd.write(opts.hcl);
  return wd;
}
