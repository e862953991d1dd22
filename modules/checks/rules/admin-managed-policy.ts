/**
 * LR-IAM-ADMIN-MANAGED-POLICY (error): a role has an administrator-like AWS managed policy attached:
 * AdministratorAccess, PowerUserAccess or IAMFullAccess, in any partition (`aws`, `aws-cn`,
 * `aws-us-gov`) and under any path (`arn:aws:iam::aws:policy/job-function/…`).
 *
 * Why an error: a Lambda function with one of these can do (nearly) anything in the account, and
 * IAMFullAccess lets it grant itself the rest. Customer-managed policies that merely share the name are
 * not matched: their content is judged by the identity-policy checks.
 */
import type { PolicyCheck } from '../types';
import { isUnresolved, COMPLIANT, NOT_APPLICABLE } from '../statement-helpers';
import { nonCompliant } from './finding';

export const ID = 'LR-IAM-ADMIN-MANAGED-POLICY';

export const ADMIN_LIKE_POLICIES: readonly string[] = ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess'];

const AWS_MANAGED_ARN = /^arn:[^:]+:iam::aws:policy\/(?:[^:]*\/)?([^/]+)$/;

export const adminManagedPolicy: PolicyCheck = {
  id: ID,
  level: 'error',
  description: 'Roles must not attach AdministratorAccess, PowerUserAccess or IAMFullAccess.',
  check(subject) {
    if (subject.kind !== 'managed-policy-attachment' || isUnresolved(subject.policyArn)) return NOT_APPLICABLE;
    const name = AWS_MANAGED_ARN.exec(subject.policyArn)?.[1];
    if (!name) return NOT_APPLICABLE; // customer-managed or not an ARN: other checks judge its content
    if (!ADMIN_LIKE_POLICIES.includes(name)) return COMPLIANT;
    return nonCompliant(adminManagedPolicy, [
      {
        path: subject.path,
        appliesTo: `Policy::${name}`,
        message:
          `Role '${subject.roleName}' attaches the AWS managed policy '${subject.policyArn}', which grants administrator-level access. ` +
          `Attach a narrower policy with the actions the function calls, or suppress with appliesTo 'Policy::${name}' and a reason.`,
      },
    ]);
  },
};
