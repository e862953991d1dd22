/**
 * When an ignore rule matches a finding: the code is the finding's (or `*`), the resource glob matches the
 * finding's Terraform address, name or ARN, the account glob (when given) its account, and the property glob,
 * when given, matches every one of the
 * finding's difference paths: a rule that acknowledges one changed tag must not hide a second change that
 * lands in the same finding later.
 */
import type { DriftFinding, IgnoreRuleRef } from '../model';
import { globMatches } from './glob';

/** The identifiers a resource glob is matched against, most specific first. */
export function resourceIds(f: DriftFinding): string[] {
  return [f.resource.arn, f.resource.address, f.resource.name].filter((x): x is string => !!x);
}

export function ruleMatches(rule: IgnoreRuleRef, f: DriftFinding): boolean {
  if (rule.code !== '*' && rule.code !== f.code) return false;
  if (!resourceIds(f).some((id) => globMatches(rule.resource, id))) return false;
  // The same stack in two accounts has the same addresses and names: the account tells them apart.
  if (rule.account !== undefined && !(f.account && globMatches(rule.account, f.account))) return false;
  if (rule.property === undefined) return true;
  return f.differences.length > 0 && f.differences.every((d) => globMatches(rule.property!, d.path));
}
