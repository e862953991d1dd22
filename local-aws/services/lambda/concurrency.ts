/**
 * Reserved concurrency (PutFunctionConcurrency, DeleteFunctionConcurrency, GetFunctionConcurrency). The
 * provider sets it on create when `reserved_concurrent_executions >= 0` and reads it back from
 * GetFunction's `Concurrency`, so both must agree. The account's pool per region is 1,000 and AWS keeps
 * 100 unreserved, which bounds the sum of reservations.
 */
import { AwsError, type CallContext } from '../../types';
import { read } from '../../protocols/rest-json';
import { regionOf, resolveFunction, type LambdaState } from './model';

export const ACCOUNT_CONCURRENCY_LIMIT = 1000;
export const MIN_UNRESERVED_CONCURRENCY = 100;

function unqualified(state: LambdaState, ctx: CallContext, ref: string) {
  const resolved = resolveFunction(state, ctx, ref);
  if (resolved.qualifier !== undefined) {
    throw new AwsError(
      'InvalidParameterValueException',
      `Concurrency is set on the function, not a version or alias ('${ref}'). Pass the unqualified name.`,
      400,
    );
  }
  return resolved;
}

export function putFunctionConcurrency(state: LambdaState, ctx: CallContext, ref: string, input: Record<string, unknown>) {
  const { fn, name } = unqualified(state, ctx, ref);
  const value = read.integer(input, 'ReservedConcurrentExecutions');
  if (value === undefined || value < 0) {
    throw new AwsError(
      'InvalidParameterValueException',
      `ReservedConcurrentExecutions ${JSON.stringify(value)} is not valid: use an integer >= 0.`,
      400,
    );
  }
  const reservedElsewhere = Object.entries(regionOf(state, ctx).functions)
    .filter(([n]) => n !== name)
    .reduce((sum, [, f]) => sum + (f.reservedConcurrency ?? 0), 0);
  if (ACCOUNT_CONCURRENCY_LIMIT - reservedElsewhere - value < MIN_UNRESERVED_CONCURRENCY) {
    throw new AwsError(
      'InvalidParameterValueException',
      `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MIN_UNRESERVED_CONCURRENCY}].`,
      400,
    );
  }
  fn.reservedConcurrency = value;
  return { name, value };
}

export function deleteFunctionConcurrency(state: LambdaState, ctx: CallContext, ref: string) {
  const { fn, name } = unqualified(state, ctx, ref);
  delete fn.reservedConcurrency;
  return { name };
}

/** `{}` when nothing is reserved, as AWS answers. */
export function getFunctionConcurrency(state: LambdaState, ctx: CallContext, ref: string): { ReservedConcurrentExecutions?: number } {
  const { fn } = unqualified(state, ctx, ref);
  return fn.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency };
}
