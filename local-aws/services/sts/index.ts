/**
 * STS (AWS Query, 2011-06-15): GetCallerIdentity, which the provider calls to validate credentials and for
 * `data "aws_caller_identity"`, AssumeRole, which mints temporary keys that work on this endpoint, and
 * AssumeRoleWithWebIdentity (web-identity.ts), which does so for an OIDC token the role's trust policy accepts.
 *
 * AssumeRole policy (a decision, documented): the role's account must be one the endpoint knows (else
 * AccessDenied, as AWS answers for a role you may not assume). The role itself need not exist in IAM:
 * the endpoint does not evaluate trust policies, so an existence check would only pretend to authorize,
 * and tests can assume a role without creating it first. When IAM does hold the role, its RoleId and
 * MaxSessionDuration are used, so the AROA… id matches what GetRole returns.
 */
import {
  AwsError,
  type CallContext,
  type CallerIdentity,
  type HandlerResult,
  type ServiceModule,
  type ServiceRegistry,
  type WireRequest,
} from '../../types';
import { parseQueryRequest, queryErrorResponse, queryResponse, type QueryParams } from '../../protocols/query';
import { credentialsXml, mintSession, roleRequest, ROLE_ARN } from './session';
import { assumeRoleWithWebIdentity } from './web-identity';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const OPERATIONS = new Set(['GetCallerIdentity', 'AssumeRole', 'AssumeRoleWithWebIdentity']);

/** CloudTrail writes STS expirations in this human format, e.g. "Nov 23, 2026, 7:45:55 PM". */
function cloudTrailExpiration(d: Date): string {
  return d.toLocaleString('en-US', {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
  });
}

function getCallerIdentity(caller: CallerIdentity, requestId: string): HandlerResult {
  return {
    response: queryResponse(
      'GetCallerIdentity',
      { UserId: caller.principalId, Account: caller.accountId, Arn: caller.arn },
      { xmlns: XMLNS, requestId },
    ),
  };
}

function assumeRole(params: QueryParams, ctx: CallContext, services: ServiceRegistry): HandlerResult {
  const request = roleRequest(
    params,
    services,
    (roleArn) =>
      new AwsError('AccessDenied', `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403),
  );
  const { roleArn, sessionName, duration } = request;
  const session = mintSession(request, ctx, services);
  const { identity, sessionToken, expires } = session;
  const { accessKeyId, arn: assumedArn } = identity;
  return {
    response: queryResponse(
      'AssumeRole',
      {
        Credentials: credentialsXml(session),
        AssumedRoleUser: { AssumedRoleId: identity.principalId, Arn: assumedArn },
      },
      { xmlns: XMLNS, requestId: ctx.requestId },
    ),
    audit: {
      eventName: 'AssumeRole',
      requestParameters: { roleArn, roleSessionName: sessionName, durationSeconds: duration },
      responseElements: {
        credentials: { accessKeyId, sessionToken, expiration: cloudTrailExpiration(expires) },
        assumedRoleUser: { assumedRoleId: identity.principalId, arn: assumedArn },
      },
      resources: [
        { ResourceType: 'AWS::IAM::AccessKey', ResourceName: accessKeyId },
        { ResourceType: 'AWS::STS::AssumedRole', ResourceName: sessionName },
        { ResourceType: 'AWS::IAM::Role', ResourceName: roleArn },
      ],
    },
  };
}

export const stsService: ServiceModule<Record<string, never>> = {
  signingName: 'sts',
  // Sessions live in the identity store (snapshotted by the core), so STS keeps no state of its own.
  initialState: () => ({}),
  operationOf(req: WireRequest): string {
    const action = parseQueryRequest(req).get('Action') ?? '';
    if (!OPERATIONS.has(action)) {
      throw new AwsError(
        'InvalidAction',
        `Could not find operation ${action || '(no Action parameter)'} for version 2011-06-15. This endpoint implements ${[...OPERATIONS].join(', ')}.`,
      );
    }
    return action;
  },
  handle(operation, req, ctx, _state, services) {
    if (operation === 'GetCallerIdentity') return getCallerIdentity(ctx.caller, ctx.requestId);
    if (operation === 'AssumeRoleWithWebIdentity') return assumeRoleWithWebIdentity(parseQueryRequest(req), ctx, services, XMLNS);
    return assumeRole(parseQueryRequest(req), ctx, services);
  },
  // The web identity token is the credential: AWS serves this call unsigned, and the SDK sends it so.
  anonymousOperations: ['AssumeRoleWithWebIdentity'],
  renderError: (err, { requestId }) => queryErrorResponse(err, { requestId, xmlns: XMLNS }),
  // GetCallerIdentity needs no permission, as on AWS. AssumeRole needs sts:AssumeRole on the role in the
  // caller's identity policies (the trust policy is not evaluated, see above); a malformed RoleArn is the
  // handler's ValidationError.
  accessOf(operation, req) {
    if (operation !== 'AssumeRole') return [];
    const roleArn = parseQueryRequest(req).get('RoleArn') ?? '';
    return ROLE_ARN.test(roleArn) ? [{ action: 'sts:AssumeRole', resource: roleArn }] : [];
  },
};
