/**
 * Why this exists: the core answers some calls itself (auth failures, throttling, injected faults), and
 * each service family spells those errors differently on the wire. Query services (IAM, STS) use the
 * classic codes; JSON services (Lambda REST-JSON, CloudTrail JSON 1.1) use the `…Exception` names, as AWS does.
 */
import { AwsError } from '../types';

type Family = 'query' | 'json';

const FAMILY: Record<string, Family> = { iam: 'query', sts: 'query', lambda: 'json', cloudtrail: 'json' };

const familyOf = (service: string): Family => FAMILY[service] ?? 'query';

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
  return familyOf(service) === 'query' ? new AwsError('IncompleteSignature', message, 403) : new AwsError('IncompleteSignatureException', message, 403);
}

/** A signature check that fails for a stated reason (e.g. the scope date), not just a different HMAC. */
export function signatureMismatch(service: string, message: string): AwsError {
  return familyOf(service) === 'query' ? new AwsError('SignatureDoesNotMatch', message, 403) : new AwsError('InvalidSignatureException', message, 403);
}

export function signatureExpired(service: string, amzDate: string): AwsError {
  const message = `Signature expired: ${amzDate} is now earlier or later than the 15 minutes AWS allows. Check the machine clock.`;
  return familyOf(service) === 'query' ? new AwsError('SignatureDoesNotMatch', message, 403) : new AwsError('InvalidSignatureException', message, 403);
}

export function missingAuthentication(service: string): AwsError {
  const message = 'Request is missing Authentication Token';
  return familyOf(service) === 'query'
    ? new AwsError('MissingAuthenticationToken', message, 403)
    : new AwsError('MissingAuthenticationTokenException', message, 403);
}

/** AWS's throttling error per service: IAM/STS `Throttling` 400, Lambda 429, CloudTrail `ThrottlingException` 400. */
export function throttled(service: string): AwsError {
  if (service === 'lambda') return new AwsError('TooManyRequestsException', 'Rate exceeded', 429);
  if (service === 'cloudtrail') return new AwsError('ThrottlingException', 'Rate exceeded', 400);
  return new AwsError('Throttling', 'Rate exceeded', 400);
}

export function internalFailure(service: string): AwsError {
  if (service === 'lambda') return new AwsError('ServiceException', 'An internal error occurred. Try again.', 500, 'Receiver');
  return new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500, 'Receiver');
}
