/**
 * The check API in one import: the pure runner (runner.ts) and the ways to run it over a construct tree.
 * `attachPolicyChecks` and `collectCheckEntries` predate the Aspect and now go through it (one path).
 */
import { Aspects, type TerraformStack } from '../cdk/core';
import type { IConstruct } from 'constructs';
import { LambdaRolesChecks, type LambdaRolesChecksProps } from './aspect';
import type { CheckEntry } from './types';

export * from './runner';

/** The Aspect's props, under the name attachPolicyChecks has always taken. */
export type AttachPolicyChecksOptions = LambdaRolesChecksProps;

const attached = new WeakSet<TerraformStack>();

/**
 * Adds the LambdaRolesChecks Aspect to a stack (what buildStack does): errors fail synth, warnings are
 * annotations, suppressions and the summary go to stdout. Attaching twice to one stack is a no-op.
 */
export function attachPolicyChecks(stack: TerraformStack, opts: AttachPolicyChecksOptions = {}): void {
  if (attached.has(stack)) return;
  attached.add(stack);
  Aspects.of(stack).add(new LambdaRolesChecks(opts));
}

/** The subjects of every checked resource under `scope` (from its synthesized attributes), with their suppressions. */
export function collectCheckEntries(scope: IConstruct): CheckEntry[] {
  return [...LambdaRolesChecks.entriesFor(scope)];
}
