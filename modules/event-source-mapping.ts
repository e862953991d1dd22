/**
 * EventSourceMapping: one aws_lambda_event_source_mapping for one typed event source. The execution role
 * must already hold the polling permissions when the mapping is created (Lambda checks them then), so pass
 * the role's policies as `dependsOn`; `plan` says which statements and managed policy the role needs, and
 * buildStack gives them to the role before creating the mapping.
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from './cdk/core';
import { LambdaEventSourceMapping } from './cdk/aws';
import type { Partition } from '../shared/aws/partition';
import type { EventSource } from './event-source-types';
import { planEventSource, type EventSourcePlan } from './event-sources';
import type { InvokableFunction } from './invoke-permission';
import { ValidationError } from './validation';

export interface EventSourceMappingProps {
  /** The function that processes the records (a function of this stack, or an existing one). */
  readonly function: InvokableFunction;
  readonly source: EventSource;
  /** The stack's partition; ARNs of another partition are refused. */
  readonly partition: Partition;
  /** The role's policies and attachments, so Lambda finds its permissions in place. @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** @default - no tags */
  readonly tags?: Readonly<Record<string, string>>;
}

export class EventSourceMapping extends Construct {
  readonly plan: EventSourcePlan;
  readonly resource: LambdaEventSourceMapping;

  /** Adds the mapping under `scope` with construct id `esm-<kind>-<name>` (stable across list reorders). */
  static forSource(scope: Construct, props: EventSourceMappingProps): EventSourceMapping {
    return new EventSourceMapping(scope, `esm-${props.source.kind}-${props.source.name}`, props);
  }

  constructor(scope: Construct, id: string, props: EventSourceMappingProps) {
    super(scope, id);
    const result = planEventSource(props.source, props.partition);
    if (!result.ok)
      throw new ValidationError(
        `${this.node.path} event source "${props.source.name}" (${props.source.kind}) ${result.field}`,
        result.value,
        result.problem,
      );
    this.plan = result.plan;
    this.resource = new LambdaEventSourceMapping(this, 'mapping', {
      functionName: props.function.functionName,
      ...this.plan.mapping,
      tags: props.tags && Object.keys(props.tags).length ? { ...props.tags } : undefined,
      dependsOn: props.dependsOn?.length ? [...props.dependsOn] : undefined,
    });
  }
}
