/**
 * The one place that turns a Terraform resource into check subjects: the Aspect reads the synthesized
 * attributes of the L1 resources in a construct tree through it, and `lambda-roles check` reads cdk.tf.json,
 * any *.tf.json and plan JSON through it, so a resource is judged the same way whoever wrote it.
 *
 * Checked: aws_iam_role (trust policy, inline_policy blocks, managed_policy_arns), aws_iam_policy,
 * aws_iam_role_policy, aws_iam_role_policy_attachment, aws_iam_policy_attachment (its roles),
 * aws_iam_role_policy_attachments_exclusive and aws_lambda_permission. Attribute names are the Terraform
 * ones (snake_case), as cdk.tf.json and plan JSON write them.
 */
import type { PolicyStatement } from '../../policy-types';
import type { CheckSubject } from '../types';
import { blocksOf } from './policy-document';
import { scalarText } from './policy-json';

export const CHECKED_RESOURCE_TYPES = [
  'aws_iam_role',
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_policy_attachment',
  'aws_iam_role_policy_attachments_exclusive',
  'aws_lambda_permission',
] as const;

export type CheckedResourceType = (typeof CHECKED_RESOURCE_TYPES)[number];

export function isCheckedResourceType(type: string): type is CheckedResourceType {
  return (CHECKED_RESOURCE_TYPES as readonly string[]).includes(type);
}

/** One resource of a configuration or plan. */
export interface TerraformResourceInput {
  readonly type: string;
  /** Its Terraform address, e.g. `aws_iam_role.app` or `module.svc["a"].aws_iam_role.this`. */
  readonly address: string;
  /** Where its findings point and what suppressions are scoped by: the construct path (cdktf) or the address. */
  readonly path: string;
  /** Its arguments as Terraform JSON writes them (snake_case; nested blocks as lists or objects). */
  readonly values: { readonly [key: string]: unknown };
}

/** How values that refer elsewhere are read; the configuration reader and the plan reader each have one. */
export interface ValueResolver {
  /** A string as far as it is known (a reference to a plain attribute of another resource is replaced by it). */
  text(value: unknown): string | undefined;
  /** A policy argument → its statements; undefined when it is not known before apply or not a policy. */
  policy(value: unknown): PolicyStatement[] | undefined;
}

/** A policy that could not be judged, for the report: nothing about it passes silently. */
export interface NotChecked {
  readonly path: string;
  readonly what: string;
}

export interface ResourceSubjects {
  readonly subjects: readonly CheckSubject[];
  readonly notChecked: readonly NotChecked[];
}

function nameOf(values: TerraformResourceInput['values'], r: ValueResolver, fallback: string): string {
  const name = r.text(values.name);
  if (name) return name;
  const prefix = r.text(values.name_prefix);
  return prefix ? `${prefix}…` : fallback;
}

const stringList = (v: unknown, r: ValueResolver): string[] =>
  (Array.isArray(v) ? (v as unknown[]) : v === undefined || v === null ? [] : [v]).flatMap((x) => r.text(x) ?? scalarText(x) ?? []);

/** The check subjects of one resource (none for a type we do not check). */
export function subjectsOfResource(resource: TerraformResourceInput, r: ValueResolver): ResourceSubjects {
  const { type, values: v, path, address } = resource;
  const subjects: CheckSubject[] = [];
  const notChecked: NotChecked[] = [];
  const policy = (value: unknown, what: string, add: (statements: PolicyStatement[]) => CheckSubject) => {
    if (value === undefined || value === null || value === '') {
      notChecked.push({ path, what: `${what}: not known until apply` });
      return;
    }
    const statements = r.policy(value);
    if (statements) subjects.push(add(statements));
    else notChecked.push({ path, what: `${what}: not known until apply, or not a policy document` });
  };
  const attachment = (roleName: string, policyArn: unknown) => {
    const arn = r.text(policyArn);
    if (arn !== undefined) subjects.push({ kind: 'managed-policy-attachment', path, roleName, policyArn: arn });
  };

  switch (type) {
    case 'aws_iam_role': {
      const roleName = nameOf(v, r, address);
      policy(v.assume_role_policy, `the trust policy of role '${roleName}' (${address})`, (statements) => ({
        kind: 'trust-policy',
        path,
        roleName,
        statements,
      }));
      for (const inline of blocksOf(v.inline_policy)) {
        const policyName = nameOf(inline, r, `${roleName} inline policy`);
        // An empty inline_policy block is how Terraform is told to remove every inline policy.
        if (inline.policy === undefined && inline.name === undefined) continue;
        policy(inline.policy, `the inline policy '${policyName}' of role '${roleName}' (${address})`, (statements) => ({
          kind: 'identity-policy',
          path,
          policyName,
          statements,
        }));
      }
      for (const arn of stringList(v.managed_policy_arns, r)) attachment(roleName, arn);
      break;
    }
    case 'aws_iam_policy':
    case 'aws_iam_role_policy': {
      const policyName = nameOf(v, r, address);
      policy(v.policy, `the policy '${policyName}' (${address})`, (statements) => ({
        kind: 'identity-policy',
        path,
        policyName,
        statements,
      }));
      break;
    }
    case 'aws_iam_role_policy_attachment':
      attachment(r.text(v.role) ?? address, v.policy_arn);
      break;
    case 'aws_iam_policy_attachment': {
      // Users and groups are outside this tool's scope (Lambda execution roles); the roles are judged.
      const roles = stringList(v.roles, r);
      if (roles.length) attachment(roles.join(', '), v.policy_arn);
      break;
    }
    case 'aws_iam_role_policy_attachments_exclusive': {
      const roleName = r.text(v.role_name) ?? address;
      for (const arn of stringList(v.policy_arns, r)) attachment(roleName, arn);
      break;
    }
    case 'aws_lambda_permission': {
      const text = (x: unknown) => r.text(x) ?? scalarText(x);
      const optional = (key: string, x: unknown) => {
        const t = text(x);
        return t === undefined || t === '' ? {} : { [key]: t };
      };
      const prefix = text(v.statement_id_prefix);
      subjects.push({
        kind: 'invoke-permission',
        path,
        statementId: text(v.statement_id) ?? (prefix ? `${prefix}…` : address),
        action: text(v.action) ?? 'lambda:InvokeFunction',
        principal: text(v.principal) ?? '',
        ...optional('qualifier', v.qualifier),
        ...optional('sourceArn', v.source_arn),
        ...optional('sourceAccount', v.source_account),
        ...optional('principalOrgId', v.principal_org_id),
        ...optional('eventSourceToken', v.event_source_token),
        ...optional('functionUrlAuthType', v.function_url_auth_type),
      });
      break;
    }
  }
  return { subjects, notChecked };
}
