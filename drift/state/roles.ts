/**
 * Why this exists: what a role should look like is spread over many resources in state (the role, its
 * attachments, inline policies, exclusive-ownership resources). We gather them per role name.
 *
 * The rule for expected managed/inline policies: the union of the separate resources
 * (aws_iam_role_policy_attachment, aws_iam_policy_attachment, aws_iam_role_policy and the *_exclusive
 * resources). The role's own `managed_policy_arns` / `inline_policy` are computed: the provider refreshes
 * them from AWS on every plan/apply, so after the next apply they also list whatever was attached in the
 * console. We therefore decide per role:
 *   - a role with any separate policy resource of its own (our constructs always attach at least basic
 *     logging) declares all its policies that way: an inline policy or attachment without a resource is
 *     drift, even though the refreshed computed list now carries it;
 *   - a role with none (inline-argument style, common in plain HCL, and in states that mix both styles):
 *     its computed lists are the only declaration there is, so we use them, and a warning names the role
 *     and says a change made before the last apply is taken as declared.
 * Per role rather than per state, so a state mixing both styles gets no false findings.
 * A declared inline policy whose document state does not record (an exclusive resource names it, nothing
 * stores it) is compared for presence only, and a warning names it: it is "not verified", not "in sync".
 */
import type { ExpectedRole, ReportWarning, TfAddress } from '../model';
import { policyFromState } from './policy-attribute';
import { num, str, strList, strMap, type StateInstance } from './tfstate';

interface RoleParts {
  role?: { address: TfAddress; attrs: Readonly<Record<string, unknown>> };
  managed: Record<string, TfAddress>;
  /** ARNs an aws_iam_role_policy_attachments_exclusive lists; a specific attachment's address wins. */
  exclusiveManaged: Record<string, TfAddress>;
  inline: Record<string, { address: TfAddress; document: unknown }>;
  /** Inline policy names an aws_iam_role_policies_exclusive declares (documents may come from the role). */
  exclusiveInlineNames: Record<string, TfAddress>;
  separateManaged: boolean;
  separateInline: boolean;
  exclusiveAttachments: boolean;
  exclusiveInlinePolicies: boolean;
  exclusiveAttachmentsAddress?: TfAddress;
  exclusiveInlinePoliciesAddress?: TfAddress;
}

export interface CollectedRoles {
  readonly roles: ExpectedRole[];
  /** What this state cannot verify (inline-argument style, unknown documents), one per resource. */
  readonly warnings: ReportWarning[];
}

export function collectRoles(instances: readonly StateInstance[], source: string): CollectedRoles {
  const parts = new Map<string, RoleParts>();
  const get = (name: string): RoleParts => {
    let p = parts.get(name);
    if (!p) {
      p = {
        managed: {},
        exclusiveManaged: {},
        inline: {},
        exclusiveInlineNames: {},
        separateManaged: false,
        separateInline: false,
        exclusiveAttachments: false,
        exclusiveInlinePolicies: false,
      };
      parts.set(name, p);
    }
    return p;
  };
  for (const { type, address, attributes: a } of instances) {
    switch (type) {
      case 'aws_iam_role': {
        const name = str(a, 'name');
        if (name) get(name).role = { address, attrs: a };
        break;
      }
      case 'aws_iam_role_policy_attachment':
        addManaged(get, str(a, 'role'), str(a, 'policy_arn'), address);
        break;
      case 'aws_iam_policy_attachment':
        for (const role of strList(a, 'roles')) addManaged(get, role, str(a, 'policy_arn'), address);
        break;
      case 'aws_iam_role_policy_attachments_exclusive': {
        const role = str(a, 'role_name');
        if (!role) break;
        const p = get(role);
        p.exclusiveAttachments = true;
        p.exclusiveAttachmentsAddress ??= address;
        p.separateManaged = true;
        for (const arn of strList(a, 'policy_arns')) p.exclusiveManaged[arn] ??= address;
        break;
      }
      case 'aws_iam_role_policy': {
        const [roleFromId, nameFromId] = (str(a, 'id') ?? '').split(':');
        const role = str(a, 'role') ?? roleFromId;
        const name = str(a, 'name') ?? nameFromId;
        if (!role || !name) break;
        get(role).separateInline = true;
        get(role).inline[name] = { address, document: policyFromState(a.policy, source, address, 'policy') };
        break;
      }
      case 'aws_iam_role_policies_exclusive': {
        const role = str(a, 'role_name');
        if (!role) break;
        const p = get(role);
        p.exclusiveInlinePolicies = true;
        p.exclusiveInlinePoliciesAddress ??= address;
        p.separateInline = true;
        for (const name of strList(a, 'policy_names')) p.exclusiveInlineNames[name] = address;
        break;
      }
    }
  }
  const warnings: ReportWarning[] = [];
  const roles = [...parts.entries()].map(([name, p]) => toExpectedRole(name, p, source, warnings));
  for (const [name, p] of parts) {
    if (!p.role || usesSeparateResources(p)) continue;
    warnings.push({
      code: 'POLICIES_FROM_ROLE_ARGUMENTS',
      resource: p.role.address,
      source,
      message:
        `role ${name} declares its policies with aws_iam_role's managed_policy_arns / inline_policy ` +
        '(no separate policy resource), which Terraform refreshes from AWS on every apply: a policy attached or added outside ' +
        'Terraform before the last apply counts as declared here. Declare them with aws_iam_role_policy_attachment / ' +
        'aws_iam_role_policy (or the *_exclusive resources) to have such changes reported.',
    });
  }
  return { roles, warnings };
}

function addManaged(get: (name: string) => RoleParts, role: string | undefined, arn: string | undefined, address: TfAddress): void {
  if (!role || !arn) return;
  const p = get(role);
  p.separateManaged = true;
  p.managed[arn] ??= address;
}

function usesSeparateResources(p: RoleParts): boolean {
  return p.separateManaged || p.separateInline;
}

function toExpectedRole(name: string, p: RoleParts, source: string, warnings: ReportWarning[]): ExpectedRole {
  const separateStyle = usesSeparateResources(p);
  const a = p.role?.attrs ?? {};
  const roleAddress = p.role?.address;
  const computedInline = inlineFromRole(a, source, roleAddress ?? name);
  const managed = { ...p.exclusiveManaged, ...p.managed };
  const inline = { ...p.inline };
  // Only for an inline-argument-style role: elsewhere the computed lists include console changes.
  if (roleAddress && !separateStyle) for (const arn of strList(a, 'managed_policy_arns')) managed[arn] = roleAddress;
  if (roleAddress && !separateStyle) Object.assign(inline, computedInline);
  // Names an exclusive resource declares without a separate aws_iam_role_policy: the document is the one
  // state last saw on the role (the exclusive resource itself stores names only).
  for (const [policyName, address] of Object.entries(p.exclusiveInlineNames)) {
    inline[policyName] ??= { address, document: computedInline[policyName]?.document };
  }
  for (const [policyName, declared] of Object.entries(inline).sort(([x], [y]) => (x < y ? -1 : 1))) {
    if (declared.document === undefined) {
      warnings.push({
        code: 'DOCUMENT_NOT_IN_STATE',
        resource: declared.address,
        source,
        message: `${declared.address} declares inline policy "${policyName}" of role ${name}, but the state records no document for it: only its presence is checked, its content is not verified.`,
      });
    }
  }
  const trust = roleAddress ? policyFromState(a.assume_role_policy, source, roleAddress, 'assume_role_policy') : undefined;
  const optional = {
    arn: str(a, 'arn'),
    roleId: str(a, 'unique_id'),
    path: str(a, 'path'),
    trustPolicy: trust,
    // A role Terraform owns has a description, even if empty: "" must compare equal to none, not be skipped.
    description: roleAddress ? (str(a, 'description') ?? '') : undefined,
    maxSessionDuration: num(a, 'max_session_duration'),
    permissionsBoundary: str(a, 'permissions_boundary'),
  };
  return {
    name,
    // Owned = state holds the aws_iam_role, whose trust policy is required (an instance without one is not a role we can judge).
    owned: trust !== undefined,
    // A role only attached to (owned by another state or by nobody) is addressed by its first attachment.
    address: roleAddress ?? Object.values(managed)[0] ?? Object.values(p.inline)[0]?.address ?? Object.values(p.exclusiveInlineNames)[0],
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    // tags_all = tags + provider default_tags: what the role should carry. Older states may lack it.
    tags: a.tags_all && typeof a.tags_all === 'object' ? strMap(a, 'tags_all') : strMap(a, 'tags'),
    managedPolicies: managed,
    inlinePolicies: inline,
    exclusiveAttachments: p.exclusiveAttachments,
    exclusiveInlinePolicies: p.exclusiveInlinePolicies,
    ...(p.exclusiveAttachmentsAddress ? { exclusiveAttachmentsAddress: p.exclusiveAttachmentsAddress } : {}),
    ...(p.exclusiveInlinePoliciesAddress ? { exclusiveInlinePoliciesAddress: p.exclusiveInlinePoliciesAddress } : {}),
    source,
  };
}

function inlineFromRole(
  a: Readonly<Record<string, unknown>>,
  source: string,
  address: TfAddress,
): Record<string, { address: TfAddress; document: unknown }> {
  const out: Record<string, { address: TfAddress; document: unknown }> = {};
  const list = Array.isArray(a.inline_policy) ? (a.inline_policy as Record<string, unknown>[]) : [];
  for (const entry of list) {
    const name = str(entry, 'name');
    // The provider stores one empty {name:"", policy:""} block for "no inline policies".
    if (name)
      out[name] = { address, document: policyFromState(entry.policy, source, address, `inline_policy[${JSON.stringify(name)}].policy`) };
  }
  return out;
}
