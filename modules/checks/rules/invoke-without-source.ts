/**
 * LR-LAMBDA-INVOKE-WITHOUT-SOURCE (error): an invoke permission for a service principal
 * (`s3.amazonaws.com`, `events.amazonaws.com`, `alexa-appkit.amazon.com`…) names no source: no
 * `sourceArn` (or only `*`), and for Alexa no `eventSourceToken`.
 *
 * Why an error: without a source, any bucket, rule or API of that service, in any account, can invoke
 * the function (confused deputy). `sourceAccount` alone is not enough: it admits every resource of the
 * service in that account.
 * Opting out: a definition that sets `noSourceReason` has already declared the exception; the runner
 * turns it into a suppression of this check with that reason (so it is logged, the reason must be at
 * least 10 characters, and it is reported as stale when a source is given after all).
 */
import type { PolicyCheck } from '../types';
import { isUnresolved, COMPLIANT, NOT_APPLICABLE } from '../statement-helpers';
import { nonCompliant } from './finding';
import { isAccountId } from '../../../shared/aws/arn';

export const ID = 'LR-LAMBDA-INVOKE-WITHOUT-SOURCE';

/** A service principal is a DNS-like name: not `*`, not an account id, not an ARN. */
export function isServicePrincipal(principal: string): boolean {
  return principal !== '*' && !isAccountId(principal) && !principal.startsWith('arn:') && principal.includes('.');
}

export const invokeWithoutSource: PolicyCheck = {
  id: ID,
  level: 'error',
  description: 'Invoke permissions for a service principal must name the source ARN (or Alexa event source token).',
  check(subject) {
    if (subject.kind !== 'invoke-permission' || isUnresolved(subject.principal) || !isServicePrincipal(subject.principal))
      return NOT_APPLICABLE;
    const hasSourceArn = subject.sourceArn !== undefined && subject.sourceArn !== '' && subject.sourceArn !== '*';
    const hasToken = subject.eventSourceToken !== undefined && subject.eventSourceToken !== '';
    if (hasSourceArn || hasToken) return COMPLIANT;
    return nonCompliant(invokeWithoutSource, [
      {
        path: subject.path,
        appliesTo: `Principal::${subject.principal}`,
        message:
          `Invoke permission '${subject.statementId}' lets '${subject.principal}' invoke the function from any source` +
          `${subject.sourceArn === '*' ? " (sourceArn '*')" : ''}. Set the source ARN (a definition's sourceArn, Terraform's ` +
          `source_arn) to the bucket/rule/API that calls it; where none applies, say why: an invoker's noSource.reason in a ` +
          `definition, else a suppression of ${ID} with a reason.`,
      },
    ]);
  },
};
