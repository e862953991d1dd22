/**
 * STS (AWS Query, 2011-06-15): GetCallerIdentity, which the provider calls to validate credentials and for
 * `data "aws_caller_identity"`, and AssumeRole, which mints temporary keys that work on this endpoint.
 *
 * AssumeRole policy (a decision, documented): the role's account must be one the endpoint knows (else
 * AccessDenied, as AWS answers for a role you may not assume). The role itself need not exist in IAM:
 * the endpoint does not evaluate trust policies, so an existence check would only pretend to authorize,
 * and tests can assume a role without creating it first. When IAM does hold the role, its RoleId and
 * MaxSessionDuration are used, so the AROA… id matches what GetRole returns.
 */
import { randomBytes } from 'node:crypto';
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
import { awsStyleId } from '../../core/identities';
import { findIamRole, recordIamRoleUse } from './iam-lookup';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const OPERATIONS = new Set(['GetCallerIdentity', 'AssumeRole']);

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\u0021-\u007E]*\/)?([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

function randomKeyChars(n: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return [...randomBytes(n)].map((b) => alphabet[b % 32]).join('');
}

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
  const roleArn = params.get('RoleArn') ?? '';
  const sessionName = params.get('RoleSessionName') ?? '';
  const m = ROLE_ARN.exec(roleArn);
  if (!m) {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint: must be a role ARN such as arn:aws:iam::123456789012:role/Name`,
    );
  }
  if (!SESSION_NAME.test(sessionName)) {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]{2,64}`,
    );
  }
  const [, accountId, roleName] = m;
  if (!services.identities.accounts().includes(accountId)) {
    throw new AwsError('AccessDenied', `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
  }
  const role = findIamRole(services, accountId, roleName);
  const durationText = params.get('DurationSeconds');
  const duration = durationText === undefined ? 3600 : Number(durationText);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
    );
  }
  if (role && duration > role.maxSessionDuration) {
    throw new AwsError('ValidationError', `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
  }

  const roleId = role?.roleId ?? awsStyleId('AROA', roleArn);
  const assumedArn = `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
  const accessKeyId = 'ASIA' + randomKeyChars(16);
  const secretAccessKey = randomBytes(30).toString('base64');
  const sessionToken = 'IQoJb3JpZ2luX2VjE' + randomBytes(180).toString('base64');
  const expires = new Date(ctx.now.getTime() + duration * 1000);
  const identity: CallerIdentity = {
    accessKeyId,
    accountId,
    arn: assumedArn,
    principalId: `${roleId}:${sessionName}`,
    type: 'AssumedRole',
    console: false,
    roleArn,
    sessionName,
  };
  services.identities.addSession(identity, secretAccessKey, sessionToken, expires);
  recordIamRoleUse(services, accountId, roleName, ctx.region, ctx.now);

  const expiration = expires.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    response: queryResponse(
      'AssumeRole',
      {
        Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken: sessionToken, Expiration: expiration },
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
    return assumeRole(parseQueryRequest(req), ctx, services);
  },
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
