/**
 * The benchmark's stack: N functions, each with its own execution role, 2 managed attachments, 1 inline
 * policy and 1 invoke permission: the resource types the constructs generate, written as Terraform JSON.
 *
 * Why raw Terraform JSON rather than buildStack(): the benchmark compares the drift check with
 * `terraform plan -refresh-only` on real, terraform-applied state; how fast our constructs synthesize is a
 * separate question (bench/synth.ts). Raw JSON also lets the apply be split into parts whose resource
 * addresses are the same as in the whole stack, so the parts' states merge into one real state.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../shared/atomic-write';

export const BENCH_ACCOUNT = '000000000000';
export const BENCH_REGION = 'us-east-1';
export const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
export const XRAY = 'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess';
export const STATEMENT_ID = 'AllowSns-bench';

export const functionName = (i: number) => `bench-fn-${String(i).padStart(4, '0')}`;
export const roleName = (i: number) => `${functionName(i)}-exec`;
export const INLINE_POLICY = 'inline-least-privilege';

/** The smallest valid zip: an empty end-of-central-directory record (one shared archive: synth is not measured here). */
const EMPTY_ZIP = Buffer.concat([Buffer.from('PK\u0005\u0006'), Buffer.alloc(18)]);

const trust = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': BENCH_ACCOUNT } },
    },
  ],
};

const inline = (i: number) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bench-bucket-${i}/*` }],
});

/** The resources of function i, keyed by type then by name (Terraform JSON's `resource` block). */
function functionResources(i: number, zipPath: string): Record<string, Record<string, unknown>> {
  const id = `f${i}`;
  return {
    aws_iam_role: {
      [id]: { name: roleName(i), assume_role_policy: JSON.stringify(trust), description: `bench role ${i}` },
    },
    aws_iam_role_policy_attachment: {
      [`${id}_basic`]: { role: `\${aws_iam_role.${id}.name}`, policy_arn: BASIC },
      [`${id}_xray`]: { role: `\${aws_iam_role.${id}.name}`, policy_arn: XRAY },
    },
    aws_iam_role_policy: {
      [id]: { role: `\${aws_iam_role.${id}.name}`, name: INLINE_POLICY, policy: JSON.stringify(inline(i)) },
    },
    aws_lambda_function: {
      [id]: {
        function_name: functionName(i),
        role: `\${aws_iam_role.${id}.arn}`,
        runtime: 'nodejs20.x',
        handler: 'index.handler',
        filename: zipPath,
        source_code_hash: `\${filebase64sha256(${JSON.stringify(zipPath)})}`,
      },
    },
    aws_lambda_permission: {
      [id]: {
        function_name: `\${aws_lambda_function.${id}.function_name}`,
        statement_id: STATEMENT_ID,
        action: 'lambda:InvokeFunction',
        principal: 'sns.amazonaws.com',
        source_arn: `arn:aws:sns:${BENCH_REGION}:${BENCH_ACCOUNT}:bench-topic-${i}`,
      },
    },
  };
}

/**
 * Writes `main.tf.json` for functions [from, to) into `dir`. The provider makes no STS/IAM call at configure
 * time (the endpoint comes from AWS_ENDPOINT_URL in the environment), so plan counts only refresh reads.
 */
export function writeStack(dir: string, from: number, to: number, zipPath: string): void {
  mkdirSync(dir, { recursive: true });
  const resource: Record<string, Record<string, unknown>> = {};
  for (let i = from; i < to; i++) {
    for (const [type, byName] of Object.entries(functionResources(i, zipPath))) Object.assign((resource[type] ??= {}), byName);
  }
  const config = {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
    provider: {
      aws: {
        region: BENCH_REGION,
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: 'true',
      },
    },
    resource,
  };
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config, null, 1));
}

/** The shared deployment package. */
export function writeZip(path: string): string {
  writeFileSync(path, EMPTY_ZIP);
  return path;
}

interface TfState {
  version: number;
  terraform_version: string;
  serial: number;
  lineage: string;
  outputs: Record<string, unknown>;
  resources: unknown[];
  check_results?: unknown;
}

/**
 * Joins the states the parts' applies wrote into one state for the whole stack. Addresses are the same
 * in a part and in the whole (same resource names), so this is the state one apply of the whole would leave.
 */
export function mergeStates(partStates: readonly string[], target: string): void {
  const states = partStates.map((p) => JSON.parse(readFileSync(p, 'utf8')) as TfState);
  const merged: TfState = {
    version: 4,
    terraform_version: states[0].terraform_version,
    serial: 1,
    lineage: 'lambda-roles-bench',
    outputs: {},
    resources: states.flatMap((s) => s.resources),
    check_results: null,
  };
  writeFileAtomic(target, JSON.stringify(merged));
}
