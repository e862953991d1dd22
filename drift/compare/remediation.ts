/**
 * Why this exists: the first question after "what drifted" is "will `terraform apply` fix it?". Apply only
 * reverts what some resource in state manages; an attachment, inline policy or invoke permission added in
 * the console belongs to no resource and survives apply, unless exclusive-ownership resources are declared.
 * Each finding gets one paragraph: what apply does, and for what it does not do, the command to undo the
 * change or the way to adopt it (definition change, or an HCL `import` block with the provider's import id).
 *
 * An import block is multi-line (HCL allows one argument in a single-line block, so `import { to = … id = … }`
 * does not parse). It ends the remediation, after a blank line, so renderers can show it as a code block.
 */
import { REMEDIATION_CODE_SEPARATOR, type FindingCode } from '../model';

/** The facts a remediation sentence needs; each code reads only the ones that concern it. */
export interface RemediationInput {
  readonly code: FindingCode;
  /** The Terraform address that declares the drifted thing (or its role/function). @default - none: apply cannot revert it */
  readonly address?: string | null;
  /** @default - none (role findings only) */
  readonly roleName?: string;
  /** @default - none (attachment and customer policy findings only) */
  readonly policyArn?: string;
  /** @default - none (inline policy findings only) */
  readonly inlinePolicyName?: string;
  /** @default - none (function and permission findings only) */
  readonly functionName?: string;
  /** The function's region, added to AWS CLI commands. @default - no --region flag */
  readonly region?: string;
  /** @default - none (permission findings only) */
  readonly statementId?: string;
  /** @default - the unqualified function */
  readonly qualifier?: string;
  /** Functions (from state) that run as the role: where a definition change would go. @default - "the function that uses this role" */
  readonly functionsUsingRole?: readonly string[];
  /** The role's attachments are declared exclusive (apply detaches extras). @default false */
  readonly exclusiveAttachments?: boolean;
  /** The role's inline policies are declared exclusive (apply deletes extras). @default false */
  readonly exclusiveInlinePolicies?: boolean;
  /** The role ARN state expects the function to run as. @default - none (FUNCTION_ROLE_CHANGED only) */
  readonly expectedRoleArn?: string;
  /**
   * The state holds the aws_iam_role itself (ROLE_DELETED): only then can apply recreate it. A state that
   * only attaches policies to a role, or puts inline policies on it, cannot.
   * @default false
   */
  readonly roleOwned?: boolean;
  /**
   * The state holds the aws_lambda_function itself (FUNCTION_DELETED): only then can apply recreate it. The
   * address of a function owned elsewhere is that of its first declared permission.
   * @default false
   */
  readonly functionOwned?: boolean;
  /** The exclusive-ownership resource that makes apply detach or delete extras. @default - the address */
  readonly exclusiveAddress?: string;
  /**
   * The inline policy is declared only by name, by an aws_iam_role_policies_exclusive: no resource holds its
   * document, so apply neither restores its content nor can put it back (INLINE_POLICY_CHANGED/REMOVED).
   * @default false
   */
  readonly declaredByNameOnly?: boolean;
  /**
   * The permission was created with statement_id_prefix: apply re-creates it under a new generated
   * statement id, not the one it had (INVOKE_PERMISSION_CHANGED/REMOVED).
   * @default - a fixed statement_id
   */
  readonly statementIdPrefix?: string;
}

const sq = (s: string | undefined) => `'${(s ?? '').replace(/'/g, `'\\''`)}'`;

/** A valid HCL import block (one argument per line); `to` keeps the `<name>` the reader fills in. */
export function importBlock(to: string, id: string): string {
  return `import {\n  to = ${to}\n  id = ${JSON.stringify(id)}\n}`;
}

export function remediationFor(i: RemediationInput): string {
  const at = i.address ? ` (${i.address})` : '';
  const fn = i.functionsUsingRole?.length
    ? `function ${i.functionsUsingRole.map((f) => `"${f}"`).join(', ')}`
    : 'the function that uses this role';
  const regionFlag = i.region ? ` --region ${i.region}` : '';
  const exclusiveAt = i.exclusiveAddress ? ` (${i.exclusiveAddress})` : at;
  const byNameOnly =
    `only${at} declares inline policy "${i.inlinePolicyName}", by name: no resource in state holds its document, so apply ` +
    `cannot write one`;
  const newStatementId = i.statementIdPrefix
    ? ` It was created with statement_id_prefix "${i.statementIdPrefix}", so the new statement gets a new generated id, not "${i.statementId}".`
    : '';
  const qualifierFlag = i.qualifier ? ` --qualifier ${sq(i.qualifier)}` : '';
  switch (i.code) {
    case 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM':
      if (i.exclusiveAttachments)
        return `terraform apply will detach ${i.policyArn}: the role's attachments are declared exclusive${exclusiveAt}.`;
      return (
        `terraform apply will NOT detach ${i.policyArn}: no resource manages this attachment. To remove it: ` +
        `aws iam detach-role-policy --role-name ${sq(i.roleName)} --policy-arn ${sq(i.policyArn)}. ` +
        `To keep it, adopt it: add '${i.policyArn}' to managedPolicies of ${fn} in the stack definition, or in HCL declare ` +
        `the attachment and import it with the block below. ` +
        `To have apply remove such attachments in future, set exclusiveAttachments: true (aws_iam_role_policy_attachments_exclusive).` +
        REMEDIATION_CODE_SEPARATOR +
        importBlock('aws_iam_role_policy_attachment.<name>', `${i.roleName}/${i.policyArn}`)
      );
    case 'MANAGED_POLICY_DETACHED':
      return `terraform apply will re-attach ${i.policyArn}${at}.`;
    case 'INLINE_POLICY_ADDED':
      if (i.exclusiveInlinePolicies)
        return `terraform apply will delete inline policy "${i.inlinePolicyName}": the role's inline policies are declared exclusive${exclusiveAt}.`;
      return (
        `terraform apply will NOT delete inline policy "${i.inlinePolicyName}": no resource manages it. To remove it: ` +
        `aws iam delete-role-policy --role-name ${sq(i.roleName)} --policy-name ${sq(i.inlinePolicyName)}. ` +
        `To keep it, adopt it: move its statements into statements of ${fn} in the stack definition, or in HCL declare an ` +
        `aws_iam_role_policy and import it with the block below.` +
        REMEDIATION_CODE_SEPARATOR +
        importBlock('aws_iam_role_policy.<name>', `${i.roleName}:${i.inlinePolicyName}`)
      );
    case 'INLINE_POLICY_CHANGED':
      if (i.declaredByNameOnly)
        return (
          `terraform apply will NOT restore the document: ${byNameOnly}. To restore the document state last saw (the expected side ` +
          `of the differences): aws iam put-role-policy --role-name ${sq(i.roleName)} --policy-name ${sq(i.inlinePolicyName)} ` +
          `--policy-document file://policy.json. To have apply manage its content, declare it as an aws_iam_role_policy.`
        );
      return `terraform apply will rewrite inline policy "${i.inlinePolicyName}" to the declared document${at}. To keep the live version instead, copy it into the definition first.`;
    case 'INLINE_POLICY_REMOVED':
      if (i.declaredByNameOnly)
        return (
          `terraform apply cannot put it back: ${byNameOnly} (its attempt fails for want of a document). To restore it: ` +
          `aws iam put-role-policy --role-name ${sq(i.roleName)} --policy-name ${sq(i.inlinePolicyName)} --policy-document file://policy.json ` +
          `(the expected side of the differences, when state recorded it), or declare it as an aws_iam_role_policy; if it was removed on ` +
          `purpose, take "${i.inlinePolicyName}" out of policy_names.`
        );
      return `terraform apply will put inline policy "${i.inlinePolicyName}" back${at}.`;
    case 'TRUST_POLICY_CHANGED':
      return `terraform apply will restore the declared trust policy${at}. Until then the principals listed in the differences can assume the role.`;
    case 'PERMISSIONS_BOUNDARY_CHANGED':
    case 'PERMISSIONS_BOUNDARY_REMOVED':
      return `terraform apply will restore the declared permissions boundary${at}.`;
    case 'MAX_SESSION_DURATION_CHANGED':
      return `terraform apply will restore the declared maximum session duration${at}.`;
    case 'DESCRIPTION_CHANGED':
      return `terraform apply will restore the declared description${at}.`;
    case 'TAGS_CHANGED':
      return `terraform apply will restore the declared tags (including provider default_tags)${at}.`;
    case 'ROLE_DELETED':
      if (!i.roleOwned)
        return (
          `terraform apply cannot recreate the role: this state does not manage it, it only attaches policies to it${at}, and apply ` +
          `will fail on those resources until the role exists. Recreate the role where it is managed (its own stack or state), then ` +
          `apply here; if it was deleted on purpose, remove these declarations.`
        );
      return (
        `terraform apply will recreate the role and its declared attachments and inline policies${at}; functions that use it fail until then. ` +
        `The new role gets a new RoleId: resource policies elsewhere that named the old role must be saved again.`
      );
    case 'ROLE_RECREATED':
      return (
        `terraform apply will NOT notice: the provider reads the role by name and adopts the new RoleId. Find out who recreated it ` +
        `(see attribution), then run terraform apply -replace='${i.address}' to rebuild it from the declaration, and re-save resource ` +
        `policies in other accounts that trusted the old role (IAM turned their principal into the old RoleId).`
      );
    case 'FUNCTION_ROLE_CHANGED':
      if (i.address) return `terraform apply will set the function's role back to ${i.expectedRoleArn}${at}.`;
      return (
        `terraform apply will NOT change it: this state does not own the function. To restore it: aws lambda update-function-configuration ` +
        `--function-name ${sq(i.functionName)} --role ${sq(i.expectedRoleArn)}${regionFlag}.`
      );
    case 'FUNCTION_DELETED':
      if (i.functionOwned) return `terraform apply will recreate the function and its declared permissions${at}.`;
      return `terraform apply cannot fix this: the function is owned elsewhere, and its declared permissions${at} need it to exist. Recreate it where it is owned, then apply.`;
    case 'INVOKE_PERMISSION_ADDED':
      return (
        `terraform apply will NOT remove statement "${i.statementId}": no resource manages it (Lambda permissions have no exclusive resource). ` +
        `To remove it: aws lambda remove-permission --function-name ${sq(i.functionName)} --statement-id ${sq(
          i.statementId,
        )}${qualifierFlag}${regionFlag}. ` +
        `To keep it, adopt it: add it to invokers of function "${i.functionName}" in the stack definition, or in HCL declare an ` +
        `aws_lambda_permission and import it with the block below.` +
        REMEDIATION_CODE_SEPARATOR +
        importBlock('aws_lambda_permission.<name>', `${i.functionName}${i.qualifier ? `:${i.qualifier}` : ''}/${i.statementId}`)
      );
    case 'INVOKE_PERMISSION_CHANGED':
      return `terraform apply will replace statement "${i.statementId}" with the declared one${at} (every permission attribute forces a new statement).${newStatementId}`;
    case 'INVOKE_PERMISSION_REMOVED':
      if (i.statementIdPrefix) return `terraform apply will add the declared permission back${at} as a new statement.${newStatementId}`;
      return `terraform apply will add statement "${i.statementId}" back${at}.`;
    case 'CUSTOMER_POLICY_CHANGED':
      return `terraform apply will create a new default version with the declared document${at}; the console-made version stays in the version list until deleted.`;
    case 'CUSTOMER_POLICY_DELETED':
      return `terraform apply will recreate the policy${at}; attachments of it made by other states need their own apply.`;
  }
}
