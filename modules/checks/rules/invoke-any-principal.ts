/**
 * LR-LAMBDA-INVOKE-ANY-PRINCIPAL (error): an invoke permission grants principal `*` without restricting
 * callers to an organization (`principalOrgId`).
 *
 * Why an error: principal `*` alone makes the function invocable by anyone; with function-URL auth type
 * `NONE` it is a public HTTPS endpoint, and with `AWS_IAM` it is open to every authenticated principal of
 * every AWS account (AWS_IAM proves who calls, not that they are ours). If that is the intent (a public
 * webhook), suppress with a reason.
 */
import type { PolicyCheck } from '../types';
import { isUnresolved, COMPLIANT, NOT_APPLICABLE } from '../statement-helpers';
import { nonCompliant } from './finding';

export const ID = 'LR-LAMBDA-INVOKE-ANY-PRINCIPAL';

export const invokeAnyPrincipal: PolicyCheck = {
  id: ID,
  level: 'error',
  description: 'Invoke permissions for principal `*` need principalOrgId.',
  check(subject) {
    if (subject.kind !== 'invoke-permission' || subject.principal !== '*') return NOT_APPLICABLE;
    if (isUnresolved(subject.principalOrgId) || isUnresolved(subject.functionUrlAuthType)) return NOT_APPLICABLE;
    if (subject.principalOrgId) return COMPLIANT;
    const publicUrl =
      subject.functionUrlAuthType === 'NONE'
        ? ' through a public function URL (auth type NONE)'
        : subject.functionUrlAuthType === 'AWS_IAM'
          ? ' through its function URL: AWS_IAM admits any authenticated principal of any AWS account'
          : '';
    return nonCompliant(invokeAnyPrincipal, [
      {
        path: subject.path,
        appliesTo: 'Principal::*',
        message:
          `Invoke permission '${subject.statementId}' lets anyone invoke the function${publicUrl}. ` +
          `Set principalOrgId, or name the calling account, role or service instead of '*'.`,
      },
    ]);
  },
};
