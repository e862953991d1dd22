/**
 * sts:AssumeRoleWithWebIdentity: CI systems (GitHub Actions, GitLab CI/CD) hand a job an OIDC ID token, and
 * the AWS SDK's default credential chain exchanges it (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE) for a
 * session of the role. Unlike AssumeRole, this call is judged by the role's trust policy, because nothing
 * else stands between a token and the role: the statement must allow sts:AssumeRoleWithWebIdentity to the
 * federated principal `arn:aws:iam::<account>:oidc-provider/<issuer without https://>`, and its conditions on
 * `<issuer>:sub` and `<issuer>:aud` must hold for the token's claims (String and ForAnyValue/ForAllValues
 * operators, IfExists); a matching Deny refuses.
 *
 * Decisions (offline): the token's signature is not verified (the issuer's keys are on the internet) and the
 * IAM OIDC provider need not exist (the endpoint's IAM does not model providers); its structure, `iss`, `sub`,
 * `aud` and `exp` are checked as AWS does. The role must exist in IAM (its trust policy decides). The call is
 * not recorded in CloudTrail (AWS records it with a WebIdentityUser identity; nothing here reads it).
 */
import { AwsError, type CallContext, type HandlerResult, type ServiceRegistry } from '../../types';
import { queryResponse, type QueryParams } from '../../protocols/query';
import { actionMatches } from '../../../shared/aws/admin-like';
import { credentialsXml, mintSession, roleRequest } from './session';

export interface WebIdentityClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: readonly string[];
}

const ACTION = 'sts:AssumeRoleWithWebIdentity';
const notAuthorized = () => new AwsError('AccessDenied', `Not authorized to perform ${ACTION}`, 403);

function base64UrlJson(part: string): unknown {
  return JSON.parse(Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
}

/** The token's claims, checked as AWS checks them before it looks at the role. */
export function parseWebIdentityToken(token: string, now: Date): WebIdentityClaims {
  const invalid = new AwsError(
    'InvalidIdentityToken',
    'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
    400,
  );
  const parts = token.split('.');
  if (parts.length !== 3) throw invalid;
  let payload: Record<string, unknown>;
  try {
    base64UrlJson(parts[0]);
    payload = base64UrlJson(parts[1]) as Record<string, unknown>;
  } catch {
    throw invalid;
  }
  if (!payload || typeof payload !== 'object') throw invalid;
  const { iss, sub, aud, exp } = payload;
  if (typeof iss !== 'string' || !/^https:\/\/[^\s/]+/.test(iss))
    throw new AwsError('InvalidIdentityToken', 'Issuer must be a valid URL', 400);
  if (typeof sub !== 'string' || !sub) throw new AwsError('InvalidIdentityToken', 'The ID Token has no subject (sub)', 400);
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
  if (!audiences.length) throw new AwsError('InvalidIdentityToken', 'Incorrect token audience', 400);
  if (typeof exp !== 'number') throw invalid;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (exp <= nowSeconds) {
    throw new AwsError(
      'ExpiredTokenException',
      `Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${exp}`,
      400,
    );
  }
  return { iss: iss.replace(/\/+$/, ''), sub, aud: audiences };
}

type Values = string | readonly string[];
const list = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.map(String) : []);

/** IAM's `*` / `?` string wildcards. */
function like(pattern: string, value: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 's').test(value);
}

const COMPARE: Record<string, (expected: string, actual: string) => boolean> = {
  StringEquals: (e, a) => e === a,
  StringEqualsIgnoreCase: (e, a) => e.toLowerCase() === a.toLowerCase(),
  StringLike: like,
};

/** One condition operator over one key; an operator this endpoint does not know never holds (fail closed). */
function holds(operator: string, expected: Values, actual: readonly string[] | undefined): boolean {
  const m = /^(ForAnyValue:|ForAllValues:)?(String(?:Not)?(?:Equals(?:IgnoreCase)?|Like))(IfExists)?$/.exec(operator);
  if (!m) return false;
  const [, set, op, ifExists] = m;
  if (actual === undefined || actual.length === 0) return !!ifExists || set === 'ForAllValues:' || op.includes('Not');
  const negated = op.includes('Not');
  const compare = COMPARE[op.replace('Not', '')];
  const one = (value: string) => list(expected).some((e) => compare(e, value));
  if (set === 'ForAllValues:') return actual.every((v) => one(v) !== negated);
  const any = actual.some(one);
  return negated ? !any : any;
}

interface Statement {
  readonly Effect?: unknown;
  readonly Action?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

/** Whether the role's trust policy lets a token with these claims, from this provider, assume the role. */
export function trustAllows(trustPolicy: string, providerArn: string, claims: WebIdentityClaims): boolean {
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(trustPolicy) as { Statement?: unknown };
  } catch {
    return false;
  }
  const host = claims.iss.replace(/^https:\/\//, '').toLowerCase();
  const context: Record<string, string[]> = { [`${host}:sub`]: [claims.sub], [`${host}:aud`]: [...claims.aud] };
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as Statement[];
  const applies = (s: Statement) => {
    const principal = s.Principal as { Federated?: unknown } | string | undefined;
    const federated = principal === '*' || (typeof principal === 'object' && list(principal.Federated).includes(providerArn));
    const conditions = Object.entries((s.Condition ?? {}) as Record<string, Record<string, Values>>);
    return (
      federated &&
      list(s.Action).some((a) => actionMatches(a, ACTION)) &&
      conditions.every(([op, keys]) => Object.entries(keys).every(([key, expected]) => holds(op, expected, context[key.toLowerCase()])))
    );
  };
  if (statements.some((s) => s?.Effect === 'Deny' && applies(s))) return false;
  return statements.some((s) => s?.Effect === 'Allow' && applies(s));
}

export function assumeRoleWithWebIdentity(params: QueryParams, ctx: CallContext, services: ServiceRegistry, xmlns: string): HandlerResult {
  const claims = parseWebIdentityToken(params.get('WebIdentityToken') ?? '', ctx.now);
  const request = roleRequest(params, services, notAuthorized);
  const providerArn = `arn:aws:iam::${request.accountId}:oidc-provider/${claims.iss.replace(/^https:\/\//, '')}`;
  if (!request.role?.trustPolicy || !trustAllows(request.role.trustPolicy, providerArn, claims)) throw notAuthorized();
  const session = mintSession(request, ctx, services);
  return {
    response: queryResponse(
      'AssumeRoleWithWebIdentity',
      {
        Credentials: credentialsXml(session),
        SubjectFromWebIdentityToken: claims.sub,
        AssumedRoleUser: { AssumedRoleId: session.identity.principalId, Arn: session.identity.arn },
        Provider: claims.iss,
        Audience: claims.aud[0],
      },
      { xmlns, requestId: ctx.requestId },
    ),
  };
}
