/**
 * Why this exists: the comparers trust that a document read from AWS is an IAM policy. One that is not
 * (not JSON, bad URL encoding, or JSON of another shape) would otherwise throw in the middle of the
 * comparison and end the whole run, or be read as "no statements". It is a ReadError for that one
 * resource instead: the resource is left out of the live maps, so it is reported as not read (exit 1),
 * never as deleted, changed or in sync, and the rest of the run goes on.
 */
import type { LiveCustomerPolicy, LiveFunction, LiveItem, LiveRole, ReadError } from '../model';
import { parsePolicyText } from '../normalize/url-decode';
import { policyShapeProblem } from '../normalize/policy-shape';
import { resourceLabel } from '../aws/sdk-errors';

/** Why `text` (as AWS returned it) is not a policy document, or undefined when it is one (or empty). */
export function documentProblem(text: string | null | undefined): string | undefined {
  let doc: unknown;
  try {
    doc = parsePolicyText(text ?? '', 'document');
  } catch (err) {
    return (err as Error).message.replace(/^document: /, '');
  }
  return policyShapeProblem(doc);
}

function unreadable(resource: string, what: string, problem: string): ReadError {
  return {
    resource,
    kind: 'read-failed',
    message: `AWS returned ${what} that is not an IAM policy document (${problem}); this resource was not compared`,
  };
}

/** The first document of a role that is not a policy, as a ReadError; undefined when all are. */
export function roleDocumentError(role: LiveRole): ReadError | undefined {
  const trust = documentProblem(role.assumeRolePolicyDocument);
  if (trust) return unreadable(resourceLabel.role(role.name), 'a trust policy (AssumeRolePolicyDocument)', trust);
  for (const [name, text] of Object.entries(role.inlinePolicies)) {
    const problem = documentProblem(text);
    if (problem) return unreadable(resourceLabel.role(role.name), `inline policy "${name}"`, problem);
  }
  return undefined;
}

export function customerPolicyDocumentError(policy: LiveCustomerPolicy): ReadError | undefined {
  const problem = documentProblem(policy.document);
  return problem ? unreadable(resourceLabel.policy(policy.arn), `version ${policy.defaultVersionId}`, problem) : undefined;
}

export function functionDocumentError(fn: LiveFunction): ReadError | undefined {
  for (const [qualifier, policy] of Object.entries(fn.policies)) {
    const problem = documentProblem(policy);
    if (problem) return unreadable(resourceLabel.fnPolicy(fn.region, fn.name, qualifier), 'a resource policy', problem);
  }
  return undefined;
}

/** The ReadError of a streamed item whose document is not a policy (never emitted: the comparer would throw). */
export function itemDocumentError(item: LiveItem): ReadError | undefined {
  if (item.live === 'missing') return undefined;
  if (item.kind === 'role') return roleDocumentError(item.live);
  if (item.kind === 'customerPolicy') return customerPolicyDocumentError(item.live);
  return functionDocumentError(item.live);
}

/** Moves every resource with a document that is not a policy out of `map` and into `errors`. */
export function dropUnreadable<V extends object>(
  map: Map<string, V | 'missing'>,
  check: (value: V) => ReadError | undefined,
  errors: ReadError[],
): void {
  for (const [key, value] of [...map]) {
    if (value === 'missing') continue;
    const error = check(value);
    if (!error) continue;
    map.delete(key);
    errors.push(error);
  }
}
