/**
 * LR-LAMBDA-INVOKE-LOOSE-SOURCE (error): an invoke permission's source ARN admits more than one known
 * source: its account is a wildcard (`arn:aws:execute-api:us-east-1:*:*`: any API of any account), the
 * resource it names is only a wildcard (`…:123456789012:*`, `rule/*`, `log-group:*`), or it is truncated
 * (`arn:aws:execute-api:us-east-1`, `arn:aws:s3:::`, no account) so it names nothing at all.
 *
 * Why an error: Lambda matches AWS:SourceArn with ArnLike, so a wildcard account lets a resource of that
 * service in any account invoke the function (the confused deputy a source ARN exists to prevent), and a
 * wildcard resource any resource of the account. Compliant when the permission also pins the account
 * (`sourceAccount`, AWS:SourceAccount): the wildcard then ranges over that one account only.
 * Opting out: a suppression of this id with `appliesTo: ['SourceArn::<the ARN>']` and a reason.
 * A partial wildcard (`rule/nightly-*`, `abc123/*\/GET/*`) still names its resource and passes.
 */
import type { PolicyCheck } from '../types';
import { isUnresolved, COMPLIANT, NOT_APPLICABLE } from '../statement-helpers';
import { nonCompliant } from './finding';
import { isAccountId, truncatedArnProblem } from '../../../shared/aws/arn';

export const ID = 'LR-LAMBDA-INVOKE-LOOSE-SOURCE';

/** Services whose resource ARNs carry no region and no account (S3 buckets). */
const GLOBAL_SERVICES = new Set(['s3']);

/**
 * The resource-type prefixes of the invoking services' ARNs (modules/invoker-services.ts), before the
 * resource's own name. Buckets, topics, APIs and repositories have none: their name comes first.
 */
const TYPE_PREFIXES = ['rule/', 'log-group:', 'userpool/', 'config-rule/', 'secret:', 'targetgroup/', 'receipt-rule-set/', 'bot-alias/'];

const isWildcard = (text: string) => /^[*?]+$/.test(text);

/** Why `arn` admits any account, any resource, or nothing; undefined when it names its source. */
export function looseSourceProblem(arn: string): string | undefined {
  if (!arn.startsWith('arn:'))
    return 'is truncated: it is not an ARN (arn:partition:service:region:account:resource), so it matches no source';
  const parts = arn.split(':');
  const service = parts[2] ?? '';
  const truncated = truncatedArnProblem(arn, !GLOBAL_SERVICES.has(service));
  if (truncated) return `${truncated}, so it matches no source`;
  const account = parts[4];
  const resource = parts.slice(5).join(':');
  if (!GLOBAL_SERVICES.has(service) && !isAccountId(account)) return `admits any account: its account part is ${JSON.stringify(account)}`;
  // The resource's own name: after its type prefix, up to the first path or qualifier separator.
  const prefix = TYPE_PREFIXES.find((p) => resource.startsWith(p)) ?? '';
  // The name ends at the prefix's own separator (a log group name holds '/', a rule path does not).
  const name = resource.slice(prefix.length).split(prefix ? prefix.slice(-1) : '/')[0];
  if (name === '') return 'is truncated: it names no resource after its type, so it matches no source';
  if (isWildcard(name)) return `admits any resource of the ${GLOBAL_SERVICES.has(service) ? 'service' : 'account'}: it names none`;
  return undefined;
}

export const invokeLooseSource: PolicyCheck = {
  id: ID,
  level: 'error',
  description: 'An invoke permission source ARN must name one account and one resource, unless sourceAccount pins the account.',
  check(subject) {
    if (subject.kind !== 'invoke-permission') return NOT_APPLICABLE;
    const arn = subject.sourceArn;
    // No source, or '*': LR-LAMBDA-INVOKE-WITHOUT-SOURCE reports that.
    if (arn === undefined || arn === '' || arn === '*' || isUnresolved(arn)) return NOT_APPLICABLE;
    if (isUnresolved(subject.sourceAccount)) return NOT_APPLICABLE;
    const problem = looseSourceProblem(arn);
    if (!problem) return COMPLIANT;
    const truncated = problem.startsWith('is truncated');
    // A pinned account bounds a wildcard to that account; it cannot repair a truncated ARN.
    if (!truncated && subject.sourceAccount !== undefined && isAccountId(subject.sourceAccount)) return COMPLIANT;
    return nonCompliant(invokeLooseSource, [
      {
        path: subject.path,
        appliesTo: `SourceArn::${arn}`,
        message:
          `Invoke permission '${subject.statementId}': sourceArn '${arn}' ${problem}. ` +
          (truncated
            ? 'Fix: write the full ARN of the resource that invokes the function.'
            : 'Fix: name the account and the resource in sourceArn, or set sourceAccount to pin the account, ' +
              `or suppress ${ID} for 'SourceArn::${arn}' with a reason.`),
      },
    ]);
  },
};
