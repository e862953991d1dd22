/**
 * A role's trust policy → the definition's role settings. The generator always writes the Lambda
 * statement itself (with aws:SourceAccount unless opted out, edgelambda with `edge`), so the importer
 * recognises that statement and keeps every other one as a raw `statement` trust grant, which the
 * generator writes as it is: the trust means the same after the round trip.
 */
import type { TrustGrant } from '../../modules/trust';
import { isObject } from './hcl/values';
import { statementsOf, toDefinitionStatement } from './translate-statements';

export interface TrustSettings {
  edge?: boolean;
  trust?: TrustGrant[];
  confusedDeputyProtection?: { enabled: false; reason: string };
}

const LAMBDA = 'lambda.amazonaws.com';
const EDGE = 'edgelambda.amazonaws.com';
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The Lambda statement: Allow, sts:AssumeRole, Service lambda (+ edgelambda), and no condition or the source account one. */
function lambdaStatement(s: Record<string, unknown>, account: string): { edge: boolean; sourceAccount: boolean } | undefined {
  if (s.Effect !== 'Allow' || !isObject(s.Principal) || Object.keys(s.Principal).join() !== 'Service') return undefined;
  const actions = asList(s.Action);
  if (actions.length !== 1 || actions[0] !== 'sts:AssumeRole') return undefined;
  const services = asList(s.Principal.Service).map(String).sort();
  const edge = services.join() === [EDGE, LAMBDA].join();
  if (!edge && services.join() !== LAMBDA) return undefined;
  const keys = Object.keys(s).filter((k) => k !== 'Sid');
  if (!keys.includes('Condition')) return { edge, sourceAccount: false };
  const c = s.Condition;
  const only =
    isObject(c) &&
    Object.keys(c).join() === 'StringEquals' &&
    isObject(c.StringEquals) &&
    Object.keys(c.StringEquals).join() === 'aws:SourceAccount';
  if (only && isObject(c.StringEquals) && asList(c.StringEquals['aws:SourceAccount']).join() === account)
    return { edge, sourceAccount: true };
  return undefined;
}

/** The settings, or the problems that keep the trust from being written as a definition. */
export function translateTrust(policy: unknown, account: string, where: string): { settings: TrustSettings; problems: string[] } {
  const statements = statementsOf(policy);
  if (typeof statements === 'string') return { settings: {}, problems: [`assume_role_policy: ${statements}`] };
  const problems: string[] = [];
  const settings: TrustSettings = {};
  const grants: TrustGrant[] = [];
  let lambda: { edge: boolean; sourceAccount: boolean } | undefined;
  for (const s of statements) {
    const l = lambda ? undefined : lambdaStatement(s, account);
    if (l) {
      lambda = l;
      continue;
    }
    const st = toDefinitionStatement(s);
    if (typeof st === 'string') problems.push(`assume_role_policy: ${st}`);
    else grants.push({ kind: 'statement', statement: st });
  }
  if (!lambda) {
    problems.push(
      'assume_role_policy has no statement the generator writes for Lambda (Allow sts:AssumeRole to lambda.amazonaws.com, with no condition or StringEquals aws:SourceAccount = the account); a definition always trusts Lambda that way',
    );
    return { settings, problems };
  }
  if (lambda.edge) settings.edge = true;
  if (!lambda.sourceAccount)
    settings.confusedDeputyProtection = {
      enabled: false,
      reason: `imported from ${where}: its trust lets lambda.amazonaws.com assume the role without aws:SourceAccount; remove this opt-out to add the condition`,
    };
  if (grants.length) settings.trust = grants;
  return { settings, problems };
}
