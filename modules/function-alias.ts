/**
 * FunctionAlias: an aws_lambda_alias, a stable name for a version (or $LATEST) that invoke permissions and
 * event invoke configs can target. Its `aliasName` is the resource's attribute, so a permission on the
 * alias waits for the alias to exist.
 */
import { Construct } from 'constructs';
import { Token } from './cdk/core';
import { LambdaAlias } from './cdk/aws';
import type { InvokableFunction } from './invoke-permission';
import { assertValid } from './validation';

export interface FunctionAliasProps {
  readonly function: InvokableFunction;
  /** 1–128 letters, digits, "-" and "_", not only digits (those are versions). */
  readonly name: string;
  /** '$LATEST', a version number, or the function's published version (`LambdaFunction.version`). */
  readonly functionVersion: string;
  /** @default - no description */
  readonly description?: string;
  /** Send `weight` (0–1, exclusive) of the traffic to another version. @default - all traffic to functionVersion */
  readonly routing?: {
    /** The other version (a number). */
    readonly version: string;
    /** Its share of the traffic, between 0 and 1 (exclusive). */
    readonly weight: number;
  };
}

export class FunctionAlias extends Construct {
  readonly resource: LambdaAlias;
  /** The alias name as a reference to the resource (orders what targets it). */
  readonly aliasName: string;
  readonly aliasArn: string;

  constructor(scope: Construct, id: string, props: FunctionAliasProps) {
    super(scope, id);
    const at = (field: string) => `${this.node.path} ${field}`;
    if (!Token.isUnresolved(props.name) && !/^(?!\d+$)[\w-]{1,128}$/.test(props.name))
      assertValid(at('name'), props.name, {
        rule: 'is not an alias name (1–128 letters, digits, "-" and "_", not only digits)',
        fix: "use e.g. 'live'",
      });
    if (!Token.isUnresolved(props.functionVersion) && !/^(\$LATEST|\d+)$/.test(props.functionVersion))
      assertValid(at('functionVersion'), props.functionVersion, {
        rule: "is neither '$LATEST' nor a version number",
        fix: 'use the published version, e.g. fn.version',
      });
    const r = props.routing;
    if (r && (!(r.weight > 0 && r.weight < 1) || !/^\d+$/.test(r.version)))
      assertValid(at('routing'), r, {
        rule: 'needs a version number and a weight between 0 and 1 (exclusive)',
        fix: "write { version: '3', weight: 0.1 }",
      });
    this.resource = new LambdaAlias(this, 'alias', {
      functionName: props.function.functionName,
      name: props.name,
      functionVersion: props.functionVersion,
      description: props.description,
      routingConfig: r ? { additionalVersionWeights: { [r.version]: r.weight } } : undefined,
    });
    this.aliasName = this.resource.name;
    this.aliasArn = this.resource.arn;
  }
}
