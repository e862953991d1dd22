/**
 * Why this exists: a policy attribute in state (an inline policy, a customer policy, a trust policy) that is
 * not JSON, or is JSON but not an IAM policy, can only come from a hand edit or a damaged file: IAM refuses
 * such documents, so no apply wrote it. Comparing it would report a false finding (a HIGH
 * INLINE_POLICY_CHANGED against `{"foo":[1,2,3]}`), so it is one UserError naming the state, the resource
 * address and the attribute, whichever kind of policy it is.
 */
import type { TfAddress } from '../model';
import { UserError } from '../../shared/errors';
import { parsePolicyText } from '../normalize/url-decode';
import { policyShapeProblem } from '../normalize/policy-shape';

const FIX = 'fix the policy in the Terraform configuration and re-apply, or restore the state file from a good copy';

/**
 * The parsed document of a policy attribute, or undefined when state records none ("" or null).
 * `attribute` is the path under the resource, e.g. `policy`, `assume_role_policy`, `inline_policy["logs"].policy`.
 */
export function policyFromState(value: unknown, source: string, address: TfAddress, attribute: string): unknown {
  const where = `${source}: ${address}.${attribute}`;
  if (value !== undefined && value !== null && typeof value !== 'string' && typeof value !== 'object')
    throw new UserError(`${where}: not an IAM policy document (a ${typeof value}, expected a JSON string); ${FIX}`);
  let doc: unknown;
  try {
    doc = parsePolicyText(value, where);
  } catch (err) {
    throw new UserError(`${(err as Error).message}; ${FIX}`);
  }
  const problem = policyShapeProblem(doc);
  if (problem) throw new UserError(`${where}: not an IAM policy document (${problem}); ${FIX}`);
  return doc;
}
