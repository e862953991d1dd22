/**
 * CloudTrail (JSON 1.1, target prefix CloudTrail_20131101): LookupEvents over the events the core records
 * for mutating calls. Events are kept per account and region; a caller sees its own account's events in
 * the region it signed for (IAM's always land in us-east-1, as on AWS).
 */
import { AwsError, type ServiceModule, type WireRequest } from '../../types';
import { initialCloudTrailState, type CloudTrailState } from './record';
import { lookupEvents, validateLookup, type LookupRequest } from './lookup';

/**
 * botocore and older SDKs send the long target (namespace + service); SDK JS v3 sends the smithy short form
 * `CloudTrail_20131101.LookupEvents`. AWS accepts both, so do we.
 */
const TARGET = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.(\w+)$/;
const OPERATIONS = new Set(['LookupEvents']);
const JSON_11 = 'application/x-amz-json-1.1';

function parseJsonBody(req: WireRequest): LookupRequest {
  if (req.body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(req.body.toString('utf8'));
    // Every member is checked by validateLookup; here it only has to be an object.
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // fall through
  }
  throw new AwsError('SerializationException', 'The request body is not a JSON object.');
}

export const cloudTrailService: ServiceModule<CloudTrailState> = {
  signingName: 'cloudtrail',
  initialState: initialCloudTrailState,
  operationOf(req) {
    const target = req.headers['x-amz-target'] ?? '';
    const op = TARGET.exec(target)?.[1] ?? '';
    if (!OPERATIONS.has(op)) {
      throw new AwsError(
        'UnknownOperationException',
        `Unknown operation ${JSON.stringify(target)}. This endpoint implements CloudTrail_20131101.LookupEvents.`,
      );
    }
    return op;
  },
  handle(_operation, req, ctx, state) {
    const query = validateLookup(parseJsonBody(req));
    const events = state.events[`${ctx.caller.accountId}:${ctx.region}`] ?? [];
    return {
      response: {
        status: 200,
        headers: { 'content-type': JSON_11, 'x-amzn-requestid': ctx.requestId },
        body: JSON.stringify(lookupEvents(events, query)),
      },
    };
  },
  // LookupEvents has no resource-level permission: IAM evaluates it against "*".
  accessOf: (operation) => [{ action: `cloudtrail:${operation}`, resource: '*' }],
  renderError: (err, { requestId }) => ({
    status: err.status,
    headers: { 'content-type': JSON_11, 'x-amzn-requestid': requestId },
    body: JSON.stringify({ __type: err.code, message: err.message }),
  }),
};
