/**
 * ExecutionRole: one IAM role per Lambda function, with its trust policy, AWS-managed policies implied by
 * the function's features, inline least-privilege statements and customer-managed policy attachments.
 * Built in small conditional steps (aws-cdk lambda/function.ts style) so each attachment has one reason.
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from './cdk/core';
import { IamRole } from './cdk/aws';
import { IamRolePolicy } from './cdk/aws';
import type { CheckSubject, Checkable, Suppression } from './checks/types';
import { addSuppressions } from './checks/suppressions';
import { toPolicyDocument, type PolicyStatement } from './policy-types';
import { partitionForRegion, servicePrincipal, type Partition } from '../shared/aws/partition';
import {
  EVENT_SOURCE_POLICIES,
  checkManagedPolicyRef,
  resolveManagedPolicy,
  type EventSourceKind,
  type LambdaManagedPolicyName,
  type ManagedPolicyRef,
} from './managed-policies';
import { PolicyAttachments, type PolicyToAttach } from './policy-attachments';
import { planTrustStatement, type TrustGrant } from './trust';
import { vpcAccessStatements } from './function-permissions';
import {
  assertValid,
  checkAccountId,
  checkDescription,
  checkIamPath,
  checkMaxSessionDuration,
  checkPolicyArn,
  checkRoleName,
  checkTags,
} from './validation';

/** Features of the function that need permissions on its role. */
export interface RoleFeatures {
  /** The function runs in a VPC → AWSLambdaVPCAccessExecutionRole (or see `vpcPermissions`). @default false */
  readonly vpc?: boolean;
  /**
   * How VPC access is granted: 'managed' attaches AWSLambdaVPCAccessExecutionRole, which also allows
   * creating and writing every log group; 'scoped' grants only its EC2 actions, in the inline policy
   * `implied-vpc` (use it when logging is scoped, or the managed policy undoes that).
   * @default 'managed'
   */
  readonly vpcPermissions?: 'managed' | 'scoped';
  /** Active X-Ray tracing → AWSXRayDaemonWriteAccess. @default false */
  readonly tracing?: boolean;
  /** Lambda Insights → CloudWatchLambdaInsightsExecutionRolePolicy. @default false */
  readonly insights?: boolean;
  /** Polled event sources → the matching AWSLambda<Source>ExecutionRole. @default - none */
  readonly eventSources?: readonly EventSourceKind[];
}

/** An explicit opt-out of the aws:SourceAccount trust condition; the reason is kept for reviewers. */
export interface ConfusedDeputyOptOut {
  readonly enabled: false;
  readonly reason: string;
}

export interface ExecutionRoleProps {
  /** IAM role name: 1–64 characters of [\w+=,.@-]. */
  readonly roleName: string;
  /** The stack's region; decides the partition of managed-policy ARNs. */
  readonly region: string;
  /**
   * The account the function runs in. When known, the trust policy carries
   * `StringEquals aws:SourceAccount` so only this account's Lambda service can assume the role.
   * @default - unknown: no SourceAccount condition.
   */
  readonly account?: string;
  /** Opt out of the SourceAccount condition although the account is known. @default - protection on */
  readonly confusedDeputyProtection?: ConfusedDeputyOptOut;
  /** Also trust edgelambda.amazonaws.com (Lambda@Edge). @default false */
  readonly edge?: boolean;
  /** @default '/' */
  readonly path?: string;
  /** At most 1000 characters. @default - no description */
  readonly description?: string;
  /** Seconds, 3600–43200. @default 3600 */
  readonly maxSessionDuration?: number;
  /** Permissions boundary policy ARN. @default - none */
  readonly permissionsBoundary?: string;
  /** @default - no tags */
  readonly tags?: Readonly<Record<string, string>>;
  /** Catalogue names (see managed-policies.ts) or policy ARNs. @default - none beyond the implied ones */
  readonly managedPolicies?: readonly ManagedPolicyRef[];
  /** @default - no feature policies */
  readonly features?: RoleFeatures;
  /**
   * Attach AWSLambdaBasicExecutionRole. We attach it even when VPC access (which also grants the log
   * actions) is on: logging must not disappear when a function later leaves its VPC, and every role then
   * looks the same to reviewers and the drift check. The cost is one attachment.
   * @default true
   */
  readonly basicLogging?: boolean;
  /** Least-privilege statements → one aws_iam_role_policy named `inline-least-privilege`. @default - none */
  readonly statements?: readonly PolicyStatement[];
  /**
   * Who else may assume the role (another service, account, OIDC or SAML provider): one trust statement
   * each, after Lambda's. @default - only Lambda (and Lambda@Edge with `edge`)
   */
  readonly trust?: readonly TrustGrant[];
  /**
   * Permissions the function's settings imply (scoped logging, event sources, destinations, file system,
   * keys): one aws_iam_role_policy per concern, named `implied-<name>`, so each reads on its own.
   * @default - none
   */
  readonly impliedPolicies?: readonly ImpliedPolicy[];
  /** Further policies to attach, e.g. customer-managed ones of this stack (with a key). @default - none */
  readonly additionalPolicies?: readonly PolicyToAttach[];
  /** Also create aws_iam_role_policy_attachments_exclusive. @default false */
  readonly exclusiveAttachments?: boolean;
  /** Suppressions of synth-time checks, each with a reason. @default - none */
  readonly suppressions?: readonly Suppression[];
}

/** The inline policy has one stable name per role, so editing statements updates it in place. */
export const INLINE_POLICY_NAME = 'inline-least-privilege';

/** One concern's implied statements; becomes the inline policy `implied-<name>`. */
export interface ImpliedPolicy {
  /** e.g. 'logs', 'event-sources', 'destinations': letters, digits and "-". */
  readonly name: string;
  readonly statements: readonly PolicyStatement[];
}

export function impliedPolicyName(name: string): string {
  return `implied-${name}`;
}

export class ExecutionRole extends Construct implements Checkable {
  readonly role: IamRole;
  readonly roleName: string;
  readonly roleArn: string;
  readonly partition: Partition;
  readonly trustStatements: readonly PolicyStatement[];
  readonly inlineStatements: readonly PolicyStatement[];
  readonly inlinePolicy?: IamRolePolicy;
  /** The `implied-<name>` inline policies, by name. */
  readonly impliedPolicies: ReadonlyMap<string, { readonly resource: IamRolePolicy; readonly statements: readonly PolicyStatement[] }>;
  readonly attachments: PolicyAttachments;
  readonly checkSuppressions: readonly Suppression[];

  constructor(scope: Construct, id: string, props: ExecutionRoleProps) {
    super(scope, id);
    this.validate(props);
    this.partition = partitionForRegion(props.region);
    this.roleName = props.roleName;
    this.checkSuppressions = props.suppressions ?? [];
    addSuppressions(this, this.checkSuppressions);
    this.trustStatements = [trustStatement(props), ...(props.trust ?? []).map((grant) => planned(grant, this.partition))];

    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      path: props.path ?? '/',
      description: props.description,
      maxSessionDuration: props.maxSessionDuration ?? 3600,
      permissionsBoundary: props.permissionsBoundary,
      assumeRolePolicy: JSON.stringify(toPolicyDocument(this.trustStatements)),
      tags: props.tags && Object.keys(props.tags).length ? { ...props.tags } : undefined,
    });
    this.roleArn = this.role.arn;
    // One reference for every policy and attachment below (each read of `name` makes a new token).
    const roleReference = this.role.name;

    this.inlineStatements = props.statements ?? [];
    if (this.inlineStatements.length) {
      this.inlinePolicy = new IamRolePolicy(this, 'inline', {
        name: INLINE_POLICY_NAME,
        role: roleReference,
        policy: JSON.stringify(toPolicyDocument(this.inlineStatements)),
      });
    }

    const implied = new Map<string, { resource: IamRolePolicy; statements: readonly PolicyStatement[] }>();
    const concerns = [
      ...(props.features?.vpc && props.features.vpcPermissions === 'scoped' ? [{ name: 'vpc', statements: vpcAccessStatements() }] : []),
      ...(props.impliedPolicies ?? []),
    ];
    for (const { name, statements } of concerns) {
      if (!statements.length) continue;
      const policyName = impliedPolicyName(name);
      if (implied.has(policyName))
        throw new Error(`${this.node.path}: two implied policies are named ${policyName}. Fix: merge their statements`);
      const resource = new IamRolePolicy(this, policyName, {
        name: policyName,
        role: roleReference,
        policy: JSON.stringify(toPolicyDocument(statements)),
      });
      implied.set(policyName, { resource, statements });
    }
    this.impliedPolicies = implied;

    const managed = impliedManagedPolicies(props).map((ref) => ({ arn: resolveManagedPolicy(ref, this.partition) }));
    this.attachments = new PolicyAttachments(this, 'attach', {
      roleName: roleReference,
      policies: [...managed, ...(props.additionalPolicies ?? [])],
      exclusive: props.exclusiveAttachments,
    });
  }

  /**
   * Everything that gives the role its permissions (attachments, inline and implied policies): make the
   * function, its event source mappings and invoke configs depend on these, so the permissions are in
   * place before Lambda checks or uses them.
   */
  get permissionResources(): ITerraformDependable[] {
    return [
      ...this.attachments.attachments.values(),
      ...(this.inlinePolicy ? [this.inlinePolicy] : []),
      ...[...this.impliedPolicies.values()].map((p) => p.resource),
    ];
  }

  /** ARNs of every attached managed policy (AWS and customer), in attachment order. */
  get managedPolicyArns(): readonly string[] {
    return this.attachments.policyArns;
  }

  checkSubjects(): readonly CheckSubject[] {
    const path = this.node.path;
    const subjects: CheckSubject[] = [{ kind: 'trust-policy', path, roleName: this.roleName, statements: this.trustStatements }];
    if (this.inlineStatements.length)
      subjects.push({ kind: 'identity-policy', path: `${path}/inline`, policyName: INLINE_POLICY_NAME, statements: this.inlineStatements });
    for (const [policyName, { statements }] of this.impliedPolicies)
      subjects.push({ kind: 'identity-policy', path: `${path}/${policyName}`, policyName, statements });
    for (const policyArn of this.managedPolicyArns)
      subjects.push({ kind: 'managed-policy-attachment', path: `${path}/attach`, roleName: this.roleName, policyArn });
    return subjects;
  }

  private validate(props: ExecutionRoleProps): void {
    const at = (field: string) => `${this.node.path} ${field}`;
    assertValid(at('roleName'), props.roleName, checkRoleName(props.roleName));
    if (props.path !== undefined) assertValid(at('path'), props.path, checkIamPath(props.path));
    if (props.description !== undefined) assertValid(at('description'), props.description, checkDescription(props.description));
    if (props.maxSessionDuration !== undefined)
      assertValid(at('maxSessionDuration'), props.maxSessionDuration, checkMaxSessionDuration(props.maxSessionDuration));
    if (props.permissionsBoundary !== undefined)
      assertValid(at('permissionsBoundary'), props.permissionsBoundary, checkPolicyArn(props.permissionsBoundary));
    if (props.account !== undefined) assertValid(at('account'), props.account, checkAccountId(props.account));
    if (props.tags) assertValid(at('tags'), props.tags, checkTags(props.tags));
    for (const ref of props.managedPolicies ?? []) assertValid(at('managedPolicies'), ref, checkManagedPolicyRef(ref));
    const partition = partitionForRegion(props.region);
    (props.trust ?? []).forEach((grant, i) => {
      const plan = planTrustStatement(grant, partition);
      if (!plan.ok) assertValid(at(`trust[${i}].${plan.field}`), plan.value, plan.problem);
    });
    for (const p of props.impliedPolicies ?? [])
      if (!/^[a-z0-9-]{1,40}$/.test(p.name))
        assertValid(at('impliedPolicies'), p.name, {
          rule: 'is not a policy name part (1–40 lower-case letters, digits, "-")',
          fix: "use e.g. 'logs'",
        });
    const optOut = props.confusedDeputyProtection;
    if (optOut && (optOut.enabled !== false || !optOut.reason?.trim())) {
      assertValid(at('confusedDeputyProtection'), optOut, {
        rule: 'is not a valid opt-out',
        fix: "write { enabled: false, reason: '<why this role may be assumed without aws:SourceAccount>' }",
      });
    }
  }
}

function trustStatement(props: ExecutionRoleProps): PolicyStatement {
  const services = [servicePrincipal('lambda'), ...(props.edge ? [servicePrincipal('edgelambda')] : [])];
  const protect = props.account !== undefined && props.confusedDeputyProtection?.enabled !== false;
  return {
    effect: 'Allow',
    principals: { Service: services.length === 1 ? services[0] : services },
    actions: ['sts:AssumeRole'],
    conditions: protect ? { StringEquals: { 'aws:SourceAccount': props.account } } : undefined,
  };
}

/** A trust grant already checked by validate(). */
function planned(grant: TrustGrant, partition: Partition): PolicyStatement {
  const plan = planTrustStatement(grant, partition);
  if (!plan.ok) throw new Error('unreachable: validate() checked every trust grant');
  return plan.statement;
}

/** Catalogue names (or ARNs) in a fixed order: logging, features, then what the caller listed. */
export function impliedManagedPolicies(
  props: Pick<ExecutionRoleProps, 'basicLogging' | 'features' | 'managedPolicies'>,
): ManagedPolicyRef[] {
  const refs: ManagedPolicyRef[] = [];
  const add = (ref: ManagedPolicyRef) => {
    if (!refs.includes(ref)) refs.push(ref);
  };
  if (props.basicLogging !== false) add('AWSLambdaBasicExecutionRole');
  const f = props.features ?? {};
  if (f.vpc && f.vpcPermissions !== 'scoped') add('AWSLambdaVPCAccessExecutionRole');
  if (f.tracing) add('AWSXRayDaemonWriteAccess');
  if (f.insights) add('CloudWatchLambdaInsightsExecutionRolePolicy');
  for (const source of f.eventSources ?? []) add(EVENT_SOURCE_POLICIES[source] satisfies LambdaManagedPolicyName);
  for (const ref of props.managedPolicies ?? []) add(ref);
  return refs;
}
