/**
 * Console edits the benchmark makes (as the endpoint's console identity, so CloudTrail records a console
 * session) to give the drift check findings to attribute, and the reverse edits that bring the stack back in
 * sync for the next measurement.
 */
import { AttachRolePolicyCommand, DetachRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { AddPermissionCommand, LambdaClient, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { DEFAULT_CREDENTIALS } from '../local-aws';
import { BENCH_REGION, functionName, roleName } from './stack';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const SID = 'console-added';

export interface Edit {
  readonly kind: 'attach' | 'permission';
  readonly index: number;
}

/** `count` edits spread evenly over functions [0, n): alternately an attachment and an invoke permission. */
export function spreadEdits(n: number, count: number): Edit[] {
  return Array.from({ length: count }, (_, k) => ({
    kind: k % 2 ? 'permission' : 'attach',
    index: Math.floor(((k + 0.5) * n) / count),
  }));
}

function clients(endpoint: string) {
  const config = { endpoint, region: BENCH_REGION, credentials: DEFAULT_CREDENTIALS.console, maxAttempts: 8 };
  return { iam: new IAMClient(config), lambda: new LambdaClient(config) };
}

export async function applyEdits(endpoint: string, edits: readonly Edit[]): Promise<void> {
  const { iam, lambda } = clients(endpoint);
  try {
    for (const e of edits) {
      if (e.kind === 'attach') await iam.send(new AttachRolePolicyCommand({ RoleName: roleName(e.index), PolicyArn: ADMIN }));
      else
        await lambda.send(
          new AddPermissionCommand({
            FunctionName: functionName(e.index),
            StatementId: SID,
            Action: 'lambda:InvokeFunction',
            Principal: 'events.amazonaws.com',
          }),
        );
    }
  } finally {
    iam.destroy();
    lambda.destroy();
  }
}

export async function revertEdits(endpoint: string, edits: readonly Edit[]): Promise<void> {
  const { iam, lambda } = clients(endpoint);
  try {
    for (const e of edits) {
      if (e.kind === 'attach') await iam.send(new DetachRolePolicyCommand({ RoleName: roleName(e.index), PolicyArn: ADMIN }));
      else await lambda.send(new RemovePermissionCommand({ FunctionName: functionName(e.index), StatementId: SID }));
    }
  } finally {
    iam.destroy();
    lambda.destroy();
  }
}
