/**
 * Why this exists: AWS refuses a request before any service sees it when the key is unknown, the session
 * token is missing or stale, the signature is old or wrong. Keeping those rules in one function keeps the
 * pipeline readable and lets the order match AWS's (key → token → expiry → clock skew → signature).
 */
import type { WireRequest } from '../types';
import type { AwsError } from '../types';
import type { Identities, KeyRecord } from './identities';
import { requestDate, signatureMatches, type ParsedAuthorization } from './sigv4';
import * as errors from './service-errors';

/** AWS accepts a signature made up to 15 minutes before or after its own clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;

export type AuthResult = { readonly key: KeyRecord } | { readonly error: AwsError };

export function authenticate(
  req: WireRequest,
  rawQuery: string,
  auth: ParsedAuthorization,
  service: string,
  identities: Identities,
  now: Date,
): AuthResult {
  const key = identities.lookup(auth.accessKeyId);
  if (!key) return { error: errors.unknownAccessKey(service) };
  const token = req.headers['x-amz-security-token'] ?? '';
  // Temporary keys need their own token; a long-term key sent with some token is refused too, as on AWS.
  if ((key.sessionToken ?? '') !== token) return { error: errors.unknownAccessKey(service) };
  if (key.expires && Date.parse(key.expires) <= now.getTime()) return { error: errors.expiredToken(service) };
  // Without a readable, signed date and a signed host, a captured signature could be replayed anywhere, any time.
  const date = requestDate(req.headers);
  if (!date) {
    return {
      error: errors.incompleteSignature(
        service,
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header, in ISO 8601 basic format (20260301T100000Z).",
      ),
    };
  }
  if (!auth.signedHeaders.includes('host')) {
    return { error: errors.incompleteSignature(service, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.") };
  }
  if (!auth.signedHeaders.includes(date.header)) {
    return {
      error: errors.incompleteSignature(
        service,
        `'${date.header === 'date' ? 'Date' : 'X-Amz-Date'}' must be a 'SignedHeader' in the AWS Authorization.`,
      ),
    };
  }
  // Skew is measured against the machine clock: tests may move the endpoint clock for event times.
  if (Math.abs(Date.now() - date.ms) > MAX_SKEW_MS) return { error: errors.signatureExpired(service, date.iso) };
  if (auth.date !== date.iso.slice(0, 8)) {
    return {
      error: errors.signatureMismatch(
        service,
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${date.iso.slice(0, 8)}', from '${date.iso}'.`,
      ),
    };
  }
  if (!signatureMatches({ ...req, rawQuery }, auth, key.secretAccessKey)) return { error: errors.badSignature(service) };
  return { key };
}
