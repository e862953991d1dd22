/**
 * Where Lambda sends records or events on the function's behalf — a dead-letter queue, an asynchronous
 * invocation destination, an event source mapping's on-failure destination — and the one permission the
 * execution role needs for each, scoped to that target's ARN. Lambda makes these calls with the execution
 * role, so without the grant the records are silently dropped (or the mapping refuses to be created).
 */
import { ARN_RULES, arnService, checkArn, isUnresolvedValue, type ArnRule } from './arn-rules';
import type { PolicyStatement } from './policy-types';
import type { Problem } from './validation';

export type DestinationKind = 'sqs' | 'sns' | 'lambda' | 'eventbridge' | 's3';

interface DestinationType {
  readonly rule: ArnRule;
  /** The statements granting delivery to `arn`. */
  statements(arn: string, sid: string): PolicyStatement[];
}

const DESTINATIONS: Readonly<Record<DestinationKind, DestinationType>> = {
  sqs: { rule: ARN_RULES.sqsQueue, statements: (arn, sid) => [{ sid, actions: ['sqs:SendMessage'], resources: [arn] }] },
  sns: { rule: ARN_RULES.snsTopic, statements: (arn, sid) => [{ sid, actions: ['sns:Publish'], resources: [arn] }] },
  lambda: { rule: ARN_RULES.lambdaFunction, statements: (arn, sid) => [{ sid, actions: ['lambda:InvokeFunction'], resources: [arn] }] },
  eventbridge: { rule: ARN_RULES.eventBus, statements: (arn, sid) => [{ sid, actions: ['events:PutEvents'], resources: [arn] }] },
  // Lambda writes one object per failed batch and lists the bucket to name it (AWS's documented pair).
  s3: {
    rule: ARN_RULES.s3Bucket,
    statements: (arn, sid) => [
      { sid: `${sid}Objects`, actions: ['s3:PutObject'], resources: [`${arn}/*`] },
      { sid: `${sid}Bucket`, actions: ['s3:ListBucket'], resources: [arn] },
    ],
  },
};

const BY_ARN_SERVICE: Readonly<Record<string, DestinationKind>> = {
  sqs: 'sqs',
  sns: 'sns',
  lambda: 'lambda',
  events: 'eventbridge',
  s3: 's3',
};

/** Which destination kinds each use accepts, as AWS documents them. */
export const DEAD_LETTER_KINDS: readonly DestinationKind[] = ['sqs', 'sns'];
export const ASYNC_DESTINATION_KINDS: readonly DestinationKind[] = ['sqs', 'sns', 'lambda', 'eventbridge'];
export const STREAM_FAILURE_KINDS: readonly DestinationKind[] = ['sqs', 'sns', 's3'];

/** The ARN rules of the kinds a use accepts (the definition's JSON Schema states them as patterns). */
export function destinationArnRules(kinds: readonly DestinationKind[]): ArnRule[] {
  return kinds.map((k) => DESTINATIONS[k].rule);
}

export type DestinationPlan =
  | { readonly ok: true; readonly kind?: DestinationKind; readonly statements: readonly PolicyStatement[] }
  | { readonly ok: false; readonly problem: Problem };

/**
 * The statements that let the execution role deliver to `arn`, or why `arn` is not an accepted target.
 * An unresolved ARN (a token) gets no statement: its type is unknown at synth, so grant it yourself.
 */
export function planDestination(arn: string, accepted: readonly DestinationKind[], partition: string, sid: string): DestinationPlan {
  if (isUnresolvedValue(arn)) return { ok: true, statements: [] };
  const service = arnService(arn);
  const kind = service !== undefined ? BY_ARN_SERVICE[service] : undefined;
  if (kind === undefined || !accepted.includes(kind)) {
    const names = accepted.map((k) => DESTINATIONS[k].rule.label);
    return {
      ok: false,
      problem: {
        rule: `is not ${names.length > 2 ? `one of: ${names.join(', ')}` : names.join(' or ')} ARN`,
        fix: `use e.g. ${DESTINATIONS[accepted[0]].rule.example.replace(/^arn:aws:/, `arn:${partition}:`)}`,
      },
    };
  }
  const problem = checkArn(arn, DESTINATIONS[kind].rule, partition);
  if (problem) return { ok: false, problem };
  return { ok: true, kind, statements: DESTINATIONS[kind].statements(arn, sid) };
}
