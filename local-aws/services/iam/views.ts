/**
 * How IAM entities look on the wire (Query XML via `XmlObject`) and in CloudTrail `responseElements`.
 * Customer and AWS managed policies share one read view so every read operation treats them alike.
 */
import { urlEncodeDocument, type XmlObject } from '../../protocols/query';
import { AwsError } from '../../types';
import { awsManagedPolicy, isAwsManagedArn } from './aws-managed';
import type { AccountIam, RoleRecord, Tag } from './state';
import { getOwn } from '../../core/own';

export interface PolicyVersionView {
  readonly versionId: string;
  readonly createDate: string;
  document(): string;
}

export interface PolicyView {
  readonly policyName: string;
  readonly policyId: string;
  readonly arn: string;
  readonly path: string;
  readonly description?: string;
  readonly createDate: string;
  readonly updateDate: string;
  readonly defaultVersionId: string;
  readonly versions: readonly PolicyVersionView[];
  readonly tags: readonly Tag[];
  readonly awsManaged: boolean;
}

/** A customer policy of this account or an AWS managed policy; undefined when neither exists. */
export function findPolicy(acct: AccountIam, arn: string): PolicyView | undefined {
  if (isAwsManagedArn(arn)) {
    const p = awsManagedPolicy(arn);
    return p && { ...p, tags: [], awsManaged: true };
  }
  const p = getOwn(acct.policies, arn);
  if (!p) return undefined;
  return {
    ...p,
    versions: p.versions.map((v) => ({ versionId: v.versionId, createDate: v.createDate, document: () => v.document })),
    awsManaged: false,
  };
}

export function policyNotFound(arn: string): AwsError {
  return new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
}

export function roleNotFound(name: string): AwsError {
  return new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
}

export function getRoleRecord(acct: AccountIam, name: string): RoleRecord {
  const role = getOwn(acct.roles, name.toLowerCase());
  if (!role) throw roleNotFound(name);
  return role;
}

/** How many roles attach each policy, and use it as permissions boundary (computed, never stored stale). */
export function policyUsage(acct: AccountIam): Map<string, { attachments: number; boundaries: number }> {
  const usage = new Map<string, { attachments: number; boundaries: number }>();
  const entry = (arn: string) => usage.get(arn) ?? usage.set(arn, { attachments: 0, boundaries: 0 }).get(arn)!;
  for (const role of Object.values(acct.roles)) {
    for (const arn of role.attachedPolicyArns) entry(arn).attachments++;
    if (role.permissionsBoundaryArn) entry(role.permissionsBoundaryArn).boundaries++;
  }
  return usage;
}

export function tagsXml(tags: readonly Tag[]): XmlObject[] {
  return tags.map((t) => ({ Key: t.Key, Value: t.Value }));
}

export interface RoleXmlOptions {
  /** GetRole/CreateRole include Tags, PermissionsBoundary and RoleLastUsed; ListRoles leaves them out. */
  readonly detail: boolean;
}

/** The leading fields of both the Role shape (roleXml) and GetAccountAuthorizationDetails' RoleDetail. */
export function roleIdentityXml(role: RoleRecord): XmlObject {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: urlEncodeDocument(role.assumeRolePolicyDocument),
  };
}

export function roleXml(role: RoleRecord, opts: RoleXmlOptions): XmlObject {
  return {
    ...roleIdentityXml(role),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    PermissionsBoundary: opts.detail ? boundaryXml(role) : undefined,
    Tags: opts.detail && role.tags.length ? tagsXml(role.tags) : undefined,
    RoleLastUsed: opts.detail ? lastUsedXml(role) : undefined,
  };
}

export function boundaryXml(role: RoleRecord): XmlObject | undefined {
  return role.permissionsBoundaryArn
    ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: role.permissionsBoundaryArn }
    : undefined;
}

export function lastUsedXml(role: RoleRecord): XmlObject {
  return role.lastUsed ? { LastUsedDate: role.lastUsed.date, Region: role.lastUsed.region } : {};
}

export interface PolicyXmlOptions {
  /** GetPolicy/CreatePolicy include Description and Tags; ListPolicies does not. */
  readonly detail: boolean;
}

export function policyXml(
  p: PolicyView,
  usage: { attachments: number; boundaries: number } | undefined,
  opts: PolicyXmlOptions,
): XmlObject {
  return {
    PolicyName: p.policyName,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: usage?.attachments ?? 0,
    PermissionsBoundaryUsageCount: usage?.boundaries ?? 0,
    IsAttachable: true,
    Description: opts.detail ? p.description : undefined,
    CreateDate: p.createDate,
    UpdateDate: p.updateDate,
    Tags: opts.detail && p.tags.length ? tagsXml(p.tags) : undefined,
  };
}

export function policyVersionXml(p: PolicyView, v: PolicyVersionView, withDocument: boolean): XmlObject {
  return {
    Document: withDocument ? urlEncodeDocument(v.document()) : undefined,
    VersionId: v.versionId,
    IsDefaultVersion: v.versionId === p.defaultVersionId,
    CreateDate: v.createDate,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** CloudTrail writes IAM dates in responseElements as e.g. "Nov 23, 2026, 6:55:01 PM" (UTC). */
export function cloudTrailDate(iso: string): string {
  const d = new Date(iso);
  const h = d.getUTCHours() % 12 || 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

export function trailTags(tags: readonly Tag[]): { key: string; value: string }[] | undefined {
  return tags.length ? tags.map((t) => ({ key: t.Key, value: t.Value })) : undefined;
}

/** CloudTrail's `role` object in responseElements (camelCase, URL-encoded trust policy like the API). */
export function roleTrail(role: RoleRecord): Record<string, unknown> {
  return {
    path: role.path,
    roleName: role.roleName,
    roleId: role.roleId,
    arn: role.arn,
    createDate: cloudTrailDate(role.createDate),
    assumeRolePolicyDocument: urlEncodeDocument(role.assumeRolePolicyDocument),
    ...(role.description !== undefined ? { description: role.description } : {}),
    maxSessionDuration: role.maxSessionDuration,
    ...(role.permissionsBoundaryArn
      ? {
          permissionsBoundary: {
            permissionsBoundaryType: 'PermissionsBoundaryPolicy',
            permissionsBoundaryArn: role.permissionsBoundaryArn,
          },
        }
      : {}),
    ...(role.tags.length ? { tags: trailTags(role.tags) } : {}),
  };
}

export const ROLE_RESOURCE = 'AWS::IAM::Role';
export const POLICY_RESOURCE = 'AWS::IAM::Policy';
