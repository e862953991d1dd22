/**
 * Asynchronous invocation settings (aws_lambda_function_event_invoke_config): retries, event age and the
 * destinations Lambda sends each result to. Lambda delivers with the execution role, so each destination
 * implies one send permission on its ARN (destinations.ts); the planner returns those statements for the
 * role, and the construct should depend on the role's policies (Lambda checks them when the config is put).
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from './cdk/core';
import { LambdaFunctionEventInvokeConfig } from './cdk/aws';
import { ASYNC_DESTINATION_KINDS, planDestination } from './destinations';
import type { InvokableFunction } from './invoke-permission';
import type { PolicyStatement } from './policy-types';
import { ValidationError, type Problem } from './validation';

export interface AsyncInvokeSettings {
  /** Retries after a failed asynchronous invocation, 0–2. @default 2 */
  readonly maximumRetryAttempts?: number;
  /** How long Lambda keeps an event it could not process yet, 60–21600 seconds. @default 21600 */
  readonly maximumEventAgeInSeconds?: number;
  /** SQS queue, SNS topic, Lambda function or EventBridge bus ARN that receives successful results. @default - none */
  readonly onSuccess?: string;
  /** The same kinds of ARN, for events that failed every attempt. @default - none */
  readonly onFailure?: string;
}

export type AsyncInvokePlan =
  | { readonly ok: true; readonly statements: readonly PolicyStatement[] }
  | { readonly ok: false; readonly field: string; readonly value: unknown; readonly problem: Problem };

export function planAsyncInvoke(settings: AsyncInvokeSettings, partition: string): AsyncInvokePlan {
  const { maximumRetryAttempts: retries, maximumEventAgeInSeconds: age } = settings;
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0 && retries <= 2))
    return { ok: false, field: 'maximumRetryAttempts', value: retries, problem: { rule: 'is out of range 0–2', fix: 'use 0, 1 or 2' } };
  if (age !== undefined && !(Number.isInteger(age) && age >= 60 && age <= 21600))
    return {
      ok: false,
      field: 'maximumEventAgeInSeconds',
      value: age,
      problem: { rule: 'is out of range 60–21600 seconds', fix: 'use e.g. 3600' },
    };
  const statements: PolicyStatement[] = [];
  for (const [field, sid] of [
    ['onSuccess', 'AsyncOnSuccess'],
    ['onFailure', 'AsyncOnFailure'],
  ] as const) {
    const arn = settings[field];
    if (arn === undefined) continue;
    const d = planDestination(arn, ASYNC_DESTINATION_KINDS, partition, sid);
    if (!d.ok) return { ok: false, field, value: arn, problem: d.problem };
    statements.push(...d.statements);
  }
  return { ok: true, statements };
}

export interface AsyncInvokeConfigProps extends AsyncInvokeSettings {
  readonly function: InvokableFunction;
  /** Alias or version the settings apply to. @default - the unqualified function */
  readonly qualifier?: string;
  readonly partition: string;
  /** The role's policies, so Lambda finds the destination permissions in place. @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

export class AsyncInvokeConfig extends Construct {
  readonly resource: LambdaFunctionEventInvokeConfig;
  readonly statements: readonly PolicyStatement[];

  constructor(scope: Construct, id: string, props: AsyncInvokeConfigProps) {
    super(scope, id);
    const plan = planAsyncInvoke(props, props.partition);
    if (!plan.ok) throw new ValidationError(`${this.node.path} ${plan.field}`, plan.value, plan.problem);
    this.statements = plan.statements;
    const destination =
      props.onSuccess || props.onFailure
        ? {
            onSuccess: props.onSuccess ? { destination: props.onSuccess } : undefined,
            onFailure: props.onFailure ? { destination: props.onFailure } : undefined,
          }
        : undefined;
    this.resource = new LambdaFunctionEventInvokeConfig(this, 'config', {
      functionName: props.function.functionName,
      qualifier: props.qualifier,
      maximumRetryAttempts: props.maximumRetryAttempts,
      maximumEventAgeInSeconds: props.maximumEventAgeInSeconds,
      destinationConfig: destination,
      dependsOn: props.dependsOn?.length ? [...props.dependsOn] : undefined,
    });
  }
}
