/**
 * Why this exists: the core answers some calls itself (auth failures, throttling, injected faults), and
 * each service family spells those errors differently on the wire. Query services (IAM, STS) use the
 * classic codes; JSON services (Lambda REST-JSON, CloudTrail and CloudWatch Logs JSON 1.1) use the `…Exception` names, as AWS does.
 */
import { AwsError, type WireResponse } from '../types';
import { queryErrorResponse } from '../protocols/query';
import { renderRestJsonError } from '../protocols/rest-json';
import type { WireProtocol } from './routing';

type Family = 'query' | 'json';

const FAMILY: Record<string, Family> = { iam: 'query', sts: 'query', lambda: 'json', cloudtrail: 'json', logs: 'json' };

const familyOf = (service: string): Family => FAMILY[service] ?? 'query';

/** IAM, STS, Lambda, CloudTrail or CloudWatch Logs: a service whose wire protocol the core knows. */
export const isKnownService = (service: string): boolean => Object.prototype.hasOwnProperty.call(FAMILY, service);

export function unknownAccessKey(service: string): AwsError {
  const message = 'The security token included in the request is invalid.';
  return familyOf(service) === 'query'
    ? new AwsError('InvalidClientTokenId', message, 403)
    : new AwsError('UnrecognizedClientException', message, 403);
}

export function expiredToken(service: string): AwsError {
  const message = 'The security token included in the request is expired';
  return familyOf(service) === 'query' ? new AwsError('ExpiredToken', message, 403) : new AwsError('ExpiredTokenException', message, 403);
}

export function badSignature(service: string): AwsError {
  const message =
    'The request signature we calculated does not match the signature you provided. ' +
    'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
  return familyOf(service) === 'query'
    ? new AwsError('SignatureDoesNotMatch', message, 403)
    : new AwsError('InvalidSignatureException', message, 403);
}

/** The Authorization header is well formed but leaves out what SigV4 requires (a date, a signed host). */
export function incompleteSignature(service: string, message: string): AwsError {
  return familyOf(service) === 'query'
    ? new AwsError('IncompleteSignature', message, 403)
    : new AwsError('IncompleteSignatureException', message, 403);
}

/** A signature check that fails for a stated reason (e.g. the scope date), not just a different HMAC. */
export function signatureMismatch(service: string, message: string): AwsError {
  return familyOf(service) === 'query'
    ? new AwsError('SignatureDoesNotMatch', message, 403)
    : new AwsError('InvalidSignatureException', message, 403);
}

export function signatureExpired(service: string, amzDate: string): AwsError {
  const message = `Signature expired: ${amzDate} is now earlier or later than the 15 minutes AWS allows. Check the machine clock.`;
  return familyOf(service) === 'query'
    ? new AwsError('SignatureDoesNotMatch', message, 403)
    : new AwsError('InvalidSignatureException', message, 403);
}

export function missingAuthentication(service: string): AwsError {
  const message = 'Request is missing Authentication Token';
  return familyOf(service) === 'query'
    ? new AwsError('MissingAuthenticationToken', message, 403)
    : new AwsError('MissingAuthenticationTokenException', message, 403);
}

/** AWS's throttling error per service: IAM/STS `Throttling` 400, Lambda 429, CloudTrail and Logs `ThrottlingException` 400. */
export function throttled(service: string): AwsError {
  if (service === 'lambda') return new AwsError('TooManyRequestsException', 'Rate exceeded', 429);
  if (service === 'cloudtrail' || service === 'logs') return new AwsError('ThrottlingException', 'Rate exceeded', 400);
  return new AwsError('Throttling', 'Rate exceeded', 400);
}

/**
 * An identity-based policy does not allow the call: IAM and STS answer Query `AccessDenied` 403, Lambda
 * REST-JSON `AccessDeniedException` 403, CloudTrail (JSON 1.1, like the other JSON services) `AccessDeniedException` 400.
 */
export function accessDenied(service: string, message: string): AwsError {
  if (service === 'lambda') return new AwsError('AccessDeniedException', message, 403);
  if (familyOf(service) === 'json') return new AwsError('AccessDeniedException', message, 400);
  return new AwsError('AccessDenied', message, 403);
}

export function internalFailure(service: string): AwsError {
  if (service === 'lambda') return new AwsError('ServiceException', 'An internal error occurred. Try again.', 500, 'Receiver');
  if (service === 'logs') return new AwsError('ServiceUnavailableException', 'The service cannot complete the request.', 500, 'Receiver');
  return new AwsError(
    'InternalFailure',
    'The request processing has failed because of an unknown error, exception or failure.',
    500,
    'Receiver',
  );
}

const XMLNS: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};

/**
 * A request for a service this endpoint does not mount (e.g. IAM-signed when only STS and CloudTrail are
 * mounted, or a CloudWatch Logs / KMS request) has no module to render its error, so the core renders it in
 * the request's own wire protocol: an SDK client or the Terraform provider then shows our message ("this
 * endpoint serves …") instead of failing to parse an answer in another protocol. A service we know answers
 * in its own protocol; another in the protocol the request was sent in.
 */
export function unmountedService(
  service: string,
  message: string,
  requestId: string,
  protocol: WireProtocol = familyOf(service) === 'query' ? 'query' : service === 'lambda' ? 'rest-json' : 'json',
  contentType?: string,
): WireResponse {
  if (protocol === 'query') {
    return queryErrorResponse(new AwsError('InvalidAction', message, 400), { requestId, xmlns: XMLNS[service] });
  }
  const err = new AwsError('UnknownOperationException', message, 400);
  if (protocol === 'rest-json') return renderRestJsonError(err, { requestId });
  // JSON 1.0 and 1.1 differ only in the content type; answer in the one asked in. The SDKs read the code
  // from `__type` or the X-Amzn-ErrorType header, and the message from `message`.
  const jsonVersion = /^application\/x-amz-json-1\.[01]/i.exec(contentType ?? '')?.[0].toLowerCase() ?? 'application/x-amz-json-1.1';
  return {
    status: err.status,
    headers: { 'content-type': jsonVersion, 'x-amzn-errortype': err.code, 'x-amzn-requestid': requestId },
    body: JSON.stringify({ __type: err.code, message }),
  };
}

/** What an unmounted service's error says: the services served, and the one asked for. */
export function unmountedMessage(mounted: readonly string[], requested: string, signed: boolean): string {
  return signed && !isKnownService(requested)
    ? `This endpoint serves ${mounted.join(', ')}; the request was signed for "${requested}".`
    : `This endpoint serves ${mounted.join(', ')}; it does not serve "${requested}".`;
}
