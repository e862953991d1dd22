/**
 * CloudTrail entries for Lambda's mutating calls. Lambda records its events under API-versioned names
 * (`CreateFunction20150331`, `AddPermission20150331v2`, …), and the drift check looks events up by those
 * exact names, so they live in one table. Parameters are written camelCased, as CloudTrail does for
 * Lambda, and secrets (zip bytes, environment variable values) are never recorded.
 */
import type { AuditEntry } from '../../types';

/** Operation → the eventName CloudTrail records for it today. */
export const LAMBDA_EVENT_NAMES: Readonly<Record<string, string>> = {
  CreateFunction: 'CreateFunction20150331',
  UpdateFunctionCode: 'UpdateFunctionCode20150331v2',
  UpdateFunctionConfiguration: 'UpdateFunctionConfiguration20150331v2',
  DeleteFunction: 'DeleteFunction20150331',
  PublishVersion: 'PublishVersion20150331',
  CreateAlias: 'CreateAlias20150331',
  UpdateAlias: 'UpdateAlias20150331',
  DeleteAlias: 'DeleteAlias20150331',
  PutFunctionConcurrency: 'PutFunctionConcurrency20171031',
  DeleteFunctionConcurrency: 'DeleteFunctionConcurrency20171031',
  AddPermission: 'AddPermission20150331v2',
  RemovePermission: 'RemovePermission20150331v2',
  // Tagging moved to the v2 event names; records of the last years show `TagResource20170331v2`.
  TagResource: 'TagResource20170331v2',
  UntagResource: 'UntagResource20170331v2',
  // Newer APIs carry their own API version in the event name, as the ones above do.
  CreateEventSourceMapping: 'CreateEventSourceMapping20150331',
  UpdateEventSourceMapping: 'UpdateEventSourceMapping20150331',
  DeleteEventSourceMapping: 'DeleteEventSourceMapping20150331',
  PutFunctionEventInvokeConfig: 'PutFunctionEventInvokeConfig20190925',
  UpdateFunctionEventInvokeConfig: 'UpdateFunctionEventInvokeConfig20190925',
  DeleteFunctionEventInvokeConfig: 'DeleteFunctionEventInvokeConfig20190925',
  CreateFunctionUrlConfig: 'CreateFunctionUrlConfig20211031',
  UpdateFunctionUrlConfig: 'UpdateFunctionUrlConfig20211031',
  DeleteFunctionUrlConfig: 'DeleteFunctionUrlConfig20211031',
  PutProvisionedConcurrencyConfig: 'PutProvisionedConcurrencyConfig20190930',
  DeleteProvisionedConcurrencyConfig: 'DeleteProvisionedConcurrencyConfig20190930',
};

/** What CloudTrail writes instead of sensitive values. */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** `FunctionName` → `functionName`, recursively; map-valued members keep their user-chosen keys. */
export function camelCased(value: unknown, keepKeysUnder: readonly string[] = ['Variables', 'Tags', 'tags']): unknown {
  if (Array.isArray(value)) return value.map((v) => camelCased(v, keepKeysUnder));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = k.charAt(0).toLowerCase() + k.slice(1);
    out[key] = keepKeysUnder.includes(k) ? v : camelCased(v, keepKeysUnder);
  }
  return out;
}

/** Hides environment variable values, the way CloudTrail hides them for Lambda. */
export function redactEnvironment<T extends Record<string, unknown>>(camel: T): T {
  const env = camel.environment as Record<string, unknown> | undefined;
  if (!env || typeof env !== 'object') return camel;
  return { ...camel, environment: { ...env, variables: HIDDEN } };
}

/** The audit entry for a Lambda operation on one function. */
export function lambdaAudit(
  operation: string,
  functionName: string,
  requestParameters: Record<string, unknown> | null,
  responseElements: Record<string, unknown> | null = null,
): AuditEntry {
  const eventName = LAMBDA_EVENT_NAMES[operation];
  if (!eventName) throw new Error(`no CloudTrail event name is known for Lambda ${operation}`);
  return {
    eventName,
    requestParameters,
    responseElements,
    resources: [{ ResourceType: 'AWS::Lambda::Function', ResourceName: functionName }],
  };
}
