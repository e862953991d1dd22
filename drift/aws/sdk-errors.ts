/**
 * Sorting SDK failures into "the thing is not there" (a clean answer the comparer can use) and
 * "we could not read it" (a ReadError, which forbids an in-sync verdict). Nothing else is swallowed.
 */
import type { ReadError } from '../model';
import { isDeadlineExceeded } from './deadline';

interface SdkErrorLike {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const NOT_FOUND_NAMES = new Set(['NoSuchEntityException', 'NoSuchEntity', 'ResourceNotFoundException']);

/** True only for the service's own not-found error (IAM NoSuchEntity, Lambda ResourceNotFoundException). */
export function isNotFound(err: unknown): boolean {
  const e = err as SdkErrorLike;
  return typeof e?.name === 'string' && NOT_FOUND_NAMES.has(e.name);
}

/** True for the answers AWS gives a request over a rate quota (Lambda 429, IAM/STS Throttling, CloudTrail ThrottlingException). */
export function isThrottling(err: unknown): boolean {
  const e = err as SdkErrorLike | undefined;
  return (
    e?.$metadata?.httpStatusCode === 429 ||
    ['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'ThrottledException', 'RequestLimitExceeded'].includes(e?.name ?? '')
  );
}

const CREDENTIAL_ERRORS = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'ExpiredToken',
  'ExpiredTokenException',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'InvalidAccessKeyId',
  'AuthFailure',
  'RequestExpired',
  'CredentialsProviderError',
  'TokenProviderError',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/**
 * What kind of failure an SDK error is, for messages that must not send a person the wrong way: only a
 * `credentials` failure is about the credentials; throttling, a 5xx or an unreachable endpoint are not.
 */
export type FailureKind = 'credentials' | 'throttled' | 'server' | 'network' | 'deadline' | 'other';

export function failureKind(err: unknown): FailureKind {
  const e = (err ?? {}) as SdkErrorLike & { code?: string };
  if (isDeadlineExceeded(err)) return 'deadline';
  if (CREDENTIAL_ERRORS.has(e.name ?? '')) return 'credentials';
  if (isThrottling(err)) return 'throttled';
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return 'server';
  if (e.name === 'TimeoutError' || NETWORK_CODES.has(e.code ?? '')) return 'network';
  return 'other';
}

/** One line: operation, error code, message, HTTP status and attempts (so a retried failure says so). */
export function describeSdkError(operation: string, err: unknown): string {
  const e = (err ?? {}) as SdkErrorLike;
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts;
  const parts = [`${operation} failed: ${e.name ?? 'Error'}: ${e.message ?? String(err)}`];
  if (status) parts.push(`HTTP ${status}`);
  if (attempts && attempts > 1) parts.push(`after ${attempts} attempts`);
  return parts.join(', ');
}

/**
 * A read that failed. One the run's deadline cut off is `not-checked` (it says so, and names the deadline),
 * never a `read-failed` that would send someone looking for an AWS error.
 */
export function readError(resource: string, operation: string, err: unknown): ReadError {
  if (isDeadlineExceeded(err))
    return { resource, kind: 'not-checked', message: `not checked: ${err.message} before ${operation} answered` };
  // IAM/STS AccessDenied, Lambda/CloudTrail AccessDeniedException: the job's role lacks the action (ReadError kind access-denied).
  const denied = ['AccessDenied', 'AccessDeniedException'].includes((err as SdkErrorLike | undefined)?.name ?? '');
  return { resource, ...(denied ? { kind: 'access-denied' as const } : {}), message: describeSdkError(operation, err) };
}

/** How a resource is named in ReadErrors, so a person can find it in the console. */
export const resourceLabel = {
  role: (name: string) => `IAM role ${name}`,
  policy: (arn: string) => `IAM policy ${arn}`,
  fn: (region: string, name: string) => `Lambda function ${name} (${region})`,
  fnPolicy: (region: string, name: string, qualifier: string) =>
    `Lambda function policy ${name}${qualifier ? `:${qualifier}` : ''} (${region})`,
};
