/**
 * Why this exists: Terraform's `tags_all` is what the role should carry (its own tags plus the provider's
 * default_tags), so that is the expected side. Every tag is compared, `aws:*` ones included: IAM does not
 * add system tags to roles, so an `aws:` tag appearing there is itself worth a look.
 */
import type { Difference } from '../model';

export function diffTags(expected: Readonly<Record<string, string>>, actual: Readonly<Record<string, string>>): Difference[] {
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  const out: Difference[] = [];
  for (const key of keys) {
    const e = expected[key];
    const a = actual[key];
    if (e === a) continue;
    const type = e === undefined ? 'ADD' : a === undefined ? 'REMOVE' : 'NOT_EQUAL';
    out.push({ path: `Tags.${key}`, expected: e ?? null, actual: a ?? null, type });
  }
  return out;
}
