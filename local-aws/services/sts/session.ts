/**
 * What AssumeRole and AssumeRoleWithWebIdentity share: the request's role, session name and duration checked
 * with AWS's validation messages, and a session minted for them (ASIA keys the endpoint accepts until they
 * expire, the role's RoleLastUsed updated).
 */
import { randomBytes } from 'node:crypto';
import { AwsError, type CallContext, type CallerIdentity, type ServiceRegistry } from '../../types';
import type { QueryParams } from '../../protocols/query';
import { awsStyleId } from '../../core/identities';
import { findIamRole, recordIamRoleUse, type RoleFacts } from './iam-lookup';

export const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\u0021-\u007E]*\/)?([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export interface RoleRequest {
  readonly roleArn: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly sessionName: string;
  readonly duration: number;
  /** The role as IAM holds it; undefined when IAM has no such role. */
  readonly role?: RoleFacts;
}

export interface MintedSession {
  readonly identity: CallerIdentity;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expires: Date;
}

/** RoleArn, RoleSessionName and DurationSeconds, checked; `refuse` answers a role in an account the endpoint does not know. */
export function roleRequest(params: QueryParams, services: ServiceRegistry, refuse: (roleArn: string) => AwsError): RoleRequest {
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
  if (!services.identities.accounts().includes(accountId)) throw refuse(roleArn);
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
  return { roleArn, accountId, roleName, sessionName, duration, ...(role ? { role } : {}) };
}

function randomKeyChars(n: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return [...randomBytes(n)].map((b) => alphabet[b % 32]).join('');
}

/** A session of the role: keys the endpoint accepts until they expire; the role's RoleLastUsed is set. */
export function mintSession(r: RoleRequest, ctx: CallContext, services: ServiceRegistry): MintedSession {
  const roleId = r.role?.roleId ?? awsStyleId('AROA', r.roleArn);
  const accessKeyId = 'ASIA' + randomKeyChars(16);
  const secretAccessKey = randomBytes(30).toString('base64');
  const sessionToken = 'IQoJb3JpZ2luX2VjE' + randomBytes(180).toString('base64');
  const expires = new Date(ctx.now.getTime() + r.duration * 1000);
  const identity: CallerIdentity = {
    accessKeyId,
    accountId: r.accountId,
    arn: `arn:aws:sts::${r.accountId}:assumed-role/${r.roleName}/${r.sessionName}`,
    principalId: `${roleId}:${r.sessionName}`,
    type: 'AssumedRole',
    console: false,
    roleArn: r.roleArn,
    sessionName: r.sessionName,
  };
  services.identities.addSession(identity, secretAccessKey, sessionToken, expires);
  recordIamRoleUse(services, r.accountId, r.roleName, ctx.region, ctx.now);
  return { identity, secretAccessKey, sessionToken, expires };
}

/** The `Credentials` element of an answer. */
export function credentialsXml(s: MintedSession) {
  return {
    AccessKeyId: s.identity.accessKeyId,
    SecretAccessKey: s.secretAccessKey,
    SessionToken: s.sessionToken,
    Expiration: s.expires.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}
