/**
 * Why this exists: the endpoint must reject what AWS rejects, so tests of "wrong secret" and "unknown key"
 * mean something. We recompute the SigV4 signature from what arrived on the wire and compare.
 *
 * Both clients we serve (the Go SDK v2 inside the Terraform provider and the JS SDK v3) sign IAM, STS,
 * Lambda and CloudTrail the same way: the canonical URI is the request path as sent (already
 * percent-encoded once) encoded once more per segment (S3 alone skips the second encoding), the query is
 * sorted and strictly re-encoded, and only the headers listed in `SignedHeaders` take part. Measured on this
 * machine: provider 5.100.0 (Go SDK v2) signs `amz-sdk-invocation-id;amz-sdk-request;content-length;
 * content-type;host;x-amz-date` and sends no payload-hash header; SDK JS v3 signs those (content-* only with a
 * body) plus `x-amz-content-sha256;x-amz-user-agent`. We don't hard-code either list: whatever the client
 * declares is what we hash.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface ParsedAuthorization {
  readonly accessKeyId: string;
  /** YYYYMMDD from the credential scope. */
  readonly date: string;
  readonly region: string;
  /** The signing name, e.g. iam, sts, lambda, cloudtrail: we route on it. */
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;

/** Parses an `Authorization: AWS4-HMAC-SHA256 …` header; undefined when it is not one. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  if (!header) return undefined;
  const m = AUTH_PATTERN.exec(header.trim());
  if (!m) return undefined;
  return {
    accessKeyId: m[1],
    date: m[2],
    region: m[3],
    service: m[4],
    signedHeaders: m[5].split(';'),
    signature: m[6],
  };
}

/**
 * For an Authorization header that is present but not a SigV4 header we can read, what AWS says about it
 * (`IncompleteSignature`): the parameters it lacks, or the shape it expects. Undefined when the header is
 * absent (that is MissingAuthenticationToken) or parses.
 */
export function malformedAuthorization(header: string | undefined): string | undefined {
  if (!header || !header.trim() || parseAuthorization(header)) return undefined;
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((p) => !new RegExp(`(^|[\\s,])${p}=`).test(header));
  if (/^AWS4-HMAC-SHA256\s/.test(header.trim()) && missing.length > 0) {
    return (
      missing.map((p) => `Authorization header requires '${p}' parameter.`).join(' ') + ` Authorization=${header.trim().slice(0, 200)}`
    );
  }
  return (
    'Authorization header is malformed: expected AWS4-HMAC-SHA256 Credential=<key>/<YYYYMMDD>/<region>/<service>/aws4_request, ' +
    `SignedHeaders=<a;b;c>, Signature=<64 hex digits>. Authorization=${header.trim().slice(0, 200)}`
  );
}

/** RFC 3986 strict encoding, as SigV4 wants (encodeURIComponent leaves !'()* alone). */
export function strictEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Canonical URI for non-S3 services: drop empty and "." segments, resolve "..", encode the encoded path again. */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return '/' + segments.map(strictEncode).join('/') + trailing;
}

function decodeQueryPart(s: string): string {
  // The Go SDK writes spaces as '+'; the JS SDK writes %20 and encodes a literal plus as %2B.
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** Canonical query string from the raw query (without '?'): pairs decoded, strictly re-encoded, sorted. */
export function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return '';
  const pairs = rawQuery
    .split('&')
    .filter((p) => p.length > 0)
    .map((p) => {
      const eq = p.indexOf('=');
      const key = eq < 0 ? p : p.slice(0, eq);
      const value = eq < 0 ? '' : p.slice(eq + 1);
      return [strictEncode(decodeQueryPart(key)), strictEncode(decodeQueryPart(value))] as const;
    })
    .filter(([k]) => k !== 'X-Amz-Signature');
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface SignedRequestParts {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export function canonicalRequest(req: SignedRequestParts, auth: ParsedAuthorization): string {
  const headerLines = auth.signedHeaders.map((name) => `${name}:${(req.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`);
  // None of these services is S3: the payload is always signed by its hash, whatever a header claims
  // (`UNSIGNED-PAYLOAD` would otherwise let a body be swapped under a valid signature).
  const payloadHash = sha256Hex(req.body);
  return [
    req.method,
    canonicalUri(req.rawPath),
    canonicalQuery(req.rawQuery),
    headerLines.join(''),
    auth.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export interface RequestDate {
  /** The header the date came from: x-amz-date wins over Date, as on AWS. */
  readonly header: 'x-amz-date' | 'date';
  /** ISO 8601 basic (`20260301T100000Z`): the form the string to sign carries, whichever header held it. */
  readonly iso: string;
  readonly ms: number;
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * The signing time: `x-amz-date` in ISO 8601 basic form, else a `Date` header in that form or as an HTTP
 * date (RFC 7231). Undefined when neither is there or the one that is cannot be read.
 */
export function requestDate(headers: Readonly<Record<string, string>>): RequestDate | undefined {
  const header = headers['x-amz-date'] !== undefined ? 'x-amz-date' : headers['date'] !== undefined ? 'date' : undefined;
  if (!header) return undefined;
  const value = headers[header].trim();
  const m = AMZ_DATE.exec(value);
  let ms = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
  // Only the Date header may carry an HTTP date; x-amz-date must be ISO basic.
  if (!m && header === 'date' && /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value)) ms = Date.parse(value);
  if (!Number.isFinite(ms)) return undefined;
  const iso = new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  // Reject dates that do not round-trip (month 13, day 32, …).
  if (m && iso !== value) return undefined;
  return { header, iso, ms };
}

/** The signature the client should have sent, given the secret we know for its key. */
export function expectedSignature(req: SignedRequestParts, auth: ParsedAuthorization, secretAccessKey: string): string {
  const amzDate = requestDate(req.headers)?.iso ?? '';
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest(req, auth))].join('\n');
  const kDate = hmac('AWS4' + secretAccessKey, auth.date);
  const kRegion = hmac(kDate, auth.region);
  const kService = hmac(kRegion, auth.service);
  const kSigning = hmac(kService, 'aws4_request');
  return createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
}

export function signatureMatches(req: SignedRequestParts, auth: ParsedAuthorization, secretAccessKey: string): boolean {
  // A declared payload hash must be the body's: UNSIGNED-PAYLOAD, STREAMING-… or a stale hash are refused.
  const declared = req.headers['x-amz-content-sha256'];
  if (declared !== undefined && declared !== sha256Hex(req.body)) return false;
  const expected = Buffer.from(expectedSignature(req, auth, secretAccessKey), 'hex');
  const given = Buffer.from(auth.signature, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
