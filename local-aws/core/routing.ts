/**
 * Why this exists: one port serves every service, like LocalStack. A signed request names its service in the
 * SigV4 credential scope; an unsigned or malformed one still needs an answer in the right protocol, so we
 * guess the service from the JSON target header, the REST path, or the Query `Version`.
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
  if (/^\/20\d\d-\d\d-\d\d\//.test(req.rawPath)) return 'lambda';
  const params = req.method === 'POST' ? new URLSearchParams(req.body.toString('utf8')) : req.query;
  if (params.get('Version') === '2011-06-15' || STS_ACTIONS.has(params.get('Action') ?? '')) return 'sts';
  return 'iam';
}
