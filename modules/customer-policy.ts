/**
 * A customer-managed policy (aws_iam_policy) that a stack creates and attaches to one or more execution
 * roles — for permissions a team wants to version and reuse rather than inline.
 */
import { Construct } from 'constructs';
import { Token } from './cdk/core';
import { IamPolicy } from './cdk/aws';
import type { CheckSubject, Checkable, Suppression } from './checks/types';
import { addSuppressions } from './checks/suppressions';
import { toPolicyDocument, type PolicyStatement } from './policy-types';
import { assertValid, checkDescription, checkIamPath, checkTags } from './validation';

export interface CustomerPolicyProps {
  /** IAM policy name: 1–128 characters of [\w+=,.@-]. */
  readonly policyName: string;
  readonly statements: readonly PolicyStatement[];
  /** @default '/' */
  readonly path?: string;
  /** @default - no description (the provider sends an empty one) */
  readonly description?: string;
  /** @default - no tags */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly suppressions?: readonly Suppression[];
}

export class CustomerPolicy extends Construct implements Checkable {
  readonly policy: IamPolicy;
  readonly policyName: string;
  readonly policyArn: string;
  readonly statements: readonly PolicyStatement[];
  readonly checkSuppressions: readonly Suppression[];

  constructor(scope: Construct, id: string, props: CustomerPolicyProps) {
    super(scope, id);
    const at = (field: string) => `${this.node.path} ${field}`;
    if (!Token.isUnresolved(props.policyName) && !/^[\w+=,.@-]{1,128}$/.test(props.policyName)) {
      assertValid(at('policyName'), props.policyName, {
        rule: 'is not a valid IAM policy name (1–128 characters of letters, digits and +=,.@_-)',
        fix: 'rename the policy',
      });
    }
    if (!props.statements.length)
      assertValid(at('statements'), [], {
        rule: 'is empty; a policy needs at least one statement',
        fix: 'add a statement or drop the policy',
      });
    if (props.path !== undefined) assertValid(at('path'), props.path, checkIamPath(props.path));
    if (props.description !== undefined) assertValid(at('description'), props.description, checkDescription(props.description));
    if (props.tags) assertValid(at('tags'), props.tags, checkTags(props.tags));

    this.policyName = props.policyName;
    this.statements = props.statements;
    this.checkSuppressions = props.suppressions ?? [];
    addSuppressions(this, this.checkSuppressions);
    this.policy = new IamPolicy(this, 'policy', {
      name: props.policyName,
      path: props.path ?? '/',
      description: props.description,
      policy: JSON.stringify(toPolicyDocument(props.statements)),
      tags: props.tags && Object.keys(props.tags).length ? { ...props.tags } : undefined,
    });
    this.policyArn = this.policy.arn;
  }

  checkSubjects(): readonly CheckSubject[] {
    return [{ kind: 'identity-policy', path: this.node.path, policyName: this.policyName, statements: this.statements }];
  }
}
