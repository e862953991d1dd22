/**
 * Why this exists: one port serves every service, like LocalStack. A signed request names its service in the
 * SigV4 credential scope; an unsigned or malformed one still needs an answer in the right protocol, so we
 * guess the service from the JSON target header, the REST path, or the Query `Version`. A request for a
 * service we do not serve at all (CloudWatch Logs, KMS…) is answered in the wire protocol it was sent in
 * (wireProtocolOf), so its SDK or the Terraform provider can parse the error and show our message.
 */
import type { WireRequest } from '../types';

const STS_ACTIONS = new Set([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'DecodeAuthorizationMessage',
  'GetAccessKeyInfo',
  'GetCallerIdentity',
  'GetFederationToken',
  'GetSessionToken',
]);

/** The signing name a request without a usable Authorization header is most likely meant for. */
export function guessService(req: WireRequest): string {
  const target = req.headers['x-amz-target'] ?? '';
  if (/cloudtrail/i.test(target)) return 'cloudtrail';
  if (/^(?:com\.amazonaws\.logs\.v20140328\.)?Logs_20140328\./.test(target)) return 'logs';
  if (/^\/20\d\d-\d\d-\d\d\//.test(req.rawPath)) return 'lambda';
  const params = req.method === 'POST' ? new URLSearchParams(req.body.toString('utf8')) : req.query;
  if (params.get('Version') === '2011-06-15' || STS_ACTIONS.has(params.get('Action') ?? '')) return 'sts';
  return 'iam';
}

/**
 * The AWS wire protocols a client can speak:
 *   json       AWS JSON 1.0/1.1: POST / with `X-Amz-Target: Service_Version.Operation` (CloudTrail, Logs, KMS)
 *   rest-json  HTTP method + path, JSON bodies, errors in `X-Amzn-ErrorType` (Lambda, API Gateway)
 *   query      form-encoded `Action=…&Version=…`, XML answers (IAM, STS, SQS of old)
 */
export type WireProtocol = 'json' | 'rest-json' | 'query';

/**
 * The protocol a request was sent in, read from what each protocol always sends: JSON 1.x always names its
 * operation in X-Amz-Target (and says `application/x-amz-json-1.x`); REST-JSON sends `application/json`
 * or nothing at all on a GET with a versioned path; everything else is taken as Query.
 */
export function wireProtocolOf(req: Pick<WireRequest, 'headers' | 'rawPath'>): WireProtocol {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (req.headers['x-amz-target'] || contentType.startsWith('application/x-amz-json-')) return 'json';
  if (contentType.startsWith('application/json') || /^\/20\d\d-\d\d-\d\d\//.test(req.rawPath)) return 'rest-json';
  return 'query';
}
