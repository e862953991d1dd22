/**
 * DriftJobRole: the IAM role the scheduled drift job runs as. It may read exactly what `lambda-roles
 * drift` reads, and nothing else: role and customer-policy reads scoped to this account's ARNs, Lambda
 * reads scoped to the function ARNs of the listed regions, the few list/CloudTrail calls that IAM offers
 * no resource-level permission for, and GetObject on the Terraform state keys. A test runs the drift
 * check against the local endpoint and proves this list equals the set of calls it makes.
 */
import { Construct } from 'constructs';
import { IamRole } from './cdk/aws';
import { IamRolePolicy } from './cdk/aws';
import type { CheckSubject, Checkable, Suppression } from './checks/types';
import { addSuppressions } from './checks/suppressions';
import { toPolicyDocument, type PolicyStatement, type Principal } from './policy-types';
import { partitionForRegion } from '../shared/aws/partition';
import { assertValid, checkAccountId, checkPolicyArn, checkRoleName, checkTags } from './validation';
import { gitLabTrust, type GitLabOidcPrincipal } from './gitlab-oidc-trust';

export type { GitLabOidcPrincipal } from './gitlab-oidc-trust';

/** Who runs the drift job. */
export type DriftJobPrincipal =
  /** A CI role or user in some account; `externalId` adds the sts:ExternalId condition. */
  | { readonly kind: 'aws'; readonly arn: string; readonly externalId?: string }
  /** GitHub Actions through the account's OIDC provider, limited to one repository (and optionally one ref). */
  | { readonly kind: 'github-oidc'; readonly providerArn: string; readonly repository: string; readonly ref?: string }
  | GitLabOidcPrincipal;

export interface DriftJobRoleProps {
  /** @default 'lambda-roles-drift' */
  readonly roleName?: string;
  /** The account whose roles and functions the job checks. */
  readonly account: string;
  /** Regions whose Lambda functions the job reads (the first one decides the partition). */
  readonly regions: readonly string[];
  readonly assumedBy: DriftJobPrincipal;
  /**
   * S3 Terraform state the job pulls (`terraform state pull` needs GetObject, and ListBucket to find
   * workspaces). @default - no S3 access (local state files, or another backend)
   */
  readonly stateBucket?: { readonly bucket: string; readonly keys: readonly string[] };
  /** @default - none */
  readonly permissionsBoundary?: string;
  /** @default - no tags */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly suppressions?: readonly Suppression[];
}

/** The IAM actions the drift check calls, by what they read (kept in step with drift/live and drift/attribute). */
export const DRIFT_JOB_ACTIONS = {
  roles: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies'],
  customerPolicies: ['iam:GetPolicy', 'iam:GetPolicyVersion'],
  /** No resource-level permissions exist for these: they need Resource "*". */
  accountWide: ['cloudtrail:LookupEvents', 'iam:GetAccountAuthorizationDetails', 'iam:ListRoles', 'lambda:ListFunctions'],
  functions: ['lambda:GetFunctionConfiguration', 'lambda:GetPolicy', 'lambda:ListAliases', 'lambda:ListVersionsByFunction'],
} as const;

export function driftJobStatements(props: Pick<DriftJobRoleProps, 'account' | 'regions' | 'stateBucket'>): PolicyStatement[] {
  const partition = partitionForRegion(props.regions[0]);
  const statements: PolicyStatement[] = [
    { sid: 'ReadRoles', actions: DRIFT_JOB_ACTIONS.roles, resources: [`arn:${partition}:iam::${props.account}:role/*`] },
    {
      sid: 'ReadCustomerPolicies',
      actions: DRIFT_JOB_ACTIONS.customerPolicies,
      resources: [`arn:${partition}:iam::${props.account}:policy/*`],
    },
    {
      sid: 'ReadFunctions',
      actions: DRIFT_JOB_ACTIONS.functions,
      resources: props.regions.map((r) => `arn:${partition}:lambda:${r}:${props.account}:function:*`),
    },
    { sid: 'ListAndAttribute', actions: DRIFT_JOB_ACTIONS.accountWide, resources: ['*'] },
  ];
  if (props.stateBucket) {
    const { bucket, keys } = props.stateBucket;
    statements.push(
      { sid: 'PullTerraformState', actions: ['s3:GetObject'], resources: keys.map((k) => `arn:${partition}:s3:::${bucket}/${k}`) },
      { sid: 'FindStateWorkspaces', actions: ['s3:ListBucket'], resources: [`arn:${partition}:s3:::${bucket}`] },
    );
  }
  return statements;
}

function trustStatement(who: DriftJobPrincipal, account: string, partition: string): PolicyStatement {
  if (who.kind === 'gitlab-oidc') return gitLabTrust(who, account, partition);
  if (who.kind === 'aws') {
    const principals: Principal = { AWS: who.arn };
    return who.externalId
      ? { actions: ['sts:AssumeRole'], principals, conditions: { StringEquals: { 'sts:ExternalId': who.externalId } } }
      : { actions: ['sts:AssumeRole'], principals };
  }
  // GitHub's OIDC tokens carry the repository (and ref) in `sub`; without this condition any repository
  // on GitHub could assume the role.
  return {
    actions: ['sts:AssumeRoleWithWebIdentity'],
    principals: { Federated: who.providerArn },
    conditions: {
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': `repo:${who.repository}:${who.ref ? `ref:${who.ref}` : '*'}` },
    },
  };
}

export class DriftJobRole extends Construct implements Checkable {
  readonly role: IamRole;
  readonly statements: readonly PolicyStatement[];
  readonly checkSuppressions: readonly Suppression[];
  private readonly trust: PolicyStatement;
  private readonly roleName: string;

  constructor(scope: Construct, id: string, props: DriftJobRoleProps) {
    super(scope, id);
    const roleName = (this.roleName = props.roleName ?? 'lambda-roles-drift');
    assertValid('roleName', roleName, checkRoleName(roleName));
    assertValid('account', props.account, checkAccountId(props.account));
    if (props.regions.length === 0)
      throw new Error('regions: the drift job needs at least one region to read functions in. Fix: e.g. regions: ["us-east-1"]');
    if (props.permissionsBoundary) assertValid('permissionsBoundary', props.permissionsBoundary, checkPolicyArn(props.permissionsBoundary));
    if (props.tags) assertValid('tags', props.tags, checkTags(props.tags));

    this.trust = trustStatement(props.assumedBy, props.account, partitionForRegion(props.regions[0]));
    this.statements = driftJobStatements(props);
    this.checkSuppressions = props.suppressions ?? [];
    addSuppressions(this, this.checkSuppressions);
    this.role = new IamRole(this, 'role', {
      name: roleName,
      description: 'Read-only: lambda-roles drift check (roles, policies, Lambda resource policies, CloudTrail)',
      assumeRolePolicy: JSON.stringify(toPolicyDocument([this.trust])),
      permissionsBoundary: props.permissionsBoundary,
      tags: props.tags,
    });
    new IamRolePolicy(this, 'read', {
      name: 'drift-read-only',
      role: this.role.name,
      policy: JSON.stringify(toPolicyDocument(this.statements)),
    });
  }

  checkSubjects(): readonly CheckSubject[] {
    const path = this.node.path;
    return [
      { kind: 'trust-policy', path: `${path}/trust`, roleName: this.roleName, statements: [this.trust] },
      { kind: 'identity-policy', path: `${path}/read`, policyName: 'drift-read-only', statements: this.statements },
    ];
  }
}
