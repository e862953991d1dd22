/**
 * Why this exists: AWS refuses a request before any service sees it when the key is unknown, the session
 * token is missing or stale, the signature is old or wrong. Keeping those rules in one function keeps the
 * pipeline readable and lets the order match AWS's (key → token → expiry → clock skew → signature).
 */
import type { WireRequest } from '../types';
import type { AwsError } from '../types';
import type { Identities, KeyRecord } from './identities';
import { signatureMatches, type ParsedAuthorization } from './sigv4';
import * as errors from './service-errors';

/** AWS accepts a signature made up to 15 minutes before or after its own clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;

export type AuthResult = { readonly key: KeyRecord } | { readonly error: AwsError };

/** `20260301T100000Z` → epoch ms; NaN when malformed. */
function parseAmzDate(value: string | undefined): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

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
  // Skew is measured against the machine clock: tests may move the endpoint clock for event times.
  const signedAt = parseAmzDate(req.headers['x-amz-date']);
  if (Number.isFinite(signedAt) && Math.abs(Date.now() - signedAt) > MAX_SKEW_MS) {
    return { error: errors.signatureExpired(service, req.headers['x-amz-date'] ?? '') };
  }
  if (!signatureMatches({ ...req, rawQuery }, auth, key.secretAccessKey)) return { error: errors.badSignature(service) };
  return { key };
}
