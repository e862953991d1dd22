/**
 * Routes and handlers for what decides how a function is invoked, beside the function itself: event
 * source mappings, asynchronous invocation settings (event invoke configs), function URLs and provisioned
 * concurrency. index.ts appends these routes to its own and hands these operations here, so the function
 * lifecycle stays in one place and these in another. Mutating calls return CloudTrail entries under
 * Lambda's versioned event names (audit.ts), with the function as the resource.
 */
import { AwsError, type CallContext, type HandlerResult, type WireRequest } from '../../types';
import { jsonResponse, parseJsonBody, type RestRoute } from '../../protocols/rest-json';
import { camelCased, lambdaAudit } from './audit';
import {
  createEventSourceMapping,
  deleteEventSourceMapping,
  getEventSourceMapping,
  listEventSourceMappings,
  mappingFunctionName,
  updateEventSourceMapping,
} from './event-source-mappings';
import {
  deleteFunctionEventInvokeConfig,
  getFunctionEventInvokeConfig,
  listFunctionEventInvokeConfigs,
  putFunctionEventInvokeConfig,
  updateFunctionEventInvokeConfig,
} from './event-invoke-config';
import type { LambdaState } from './model';
import {
  deleteProvisionedConcurrencyConfig,
  getProvisionedConcurrencyConfig,
  listProvisionedConcurrencyConfigs,
  putProvisionedConcurrencyConfig,
} from './provisioned-concurrency';
import {
  createFunctionUrlConfig,
  deleteFunctionUrlConfig,
  getFunctionUrlConfig,
  listFunctionUrlConfigs,
  updateFunctionUrlConfig,
} from './url-config';

const ESM = '/2015-03-31/event-source-mappings';
const EIC = '/2019-09-25/functions/{FunctionName}/event-invoke-config';
const URL = '/2021-10-31/functions/{FunctionName}';
const PC = '/2019-09-30/functions/{FunctionName}/provisioned-concurrency';

export const INVOCATION_ROUTES: readonly RestRoute[] = [
  { operation: 'CreateEventSourceMapping', method: 'POST', path: ESM },
  { operation: 'ListEventSourceMappings', method: 'GET', path: ESM },
  { operation: 'GetEventSourceMapping', method: 'GET', path: `${ESM}/{UUID}` },
  { operation: 'UpdateEventSourceMapping', method: 'PUT', path: `${ESM}/{UUID}` },
  { operation: 'DeleteEventSourceMapping', method: 'DELETE', path: `${ESM}/{UUID}` },
  { operation: 'ListFunctionEventInvokeConfigs', method: 'GET', path: `${EIC}/list` },
  { operation: 'PutFunctionEventInvokeConfig', method: 'PUT', path: EIC },
  { operation: 'UpdateFunctionEventInvokeConfig', method: 'POST', path: EIC },
  { operation: 'GetFunctionEventInvokeConfig', method: 'GET', path: EIC },
  { operation: 'DeleteFunctionEventInvokeConfig', method: 'DELETE', path: EIC },
  { operation: 'CreateFunctionUrlConfig', method: 'POST', path: `${URL}/url` },
  { operation: 'GetFunctionUrlConfig', method: 'GET', path: `${URL}/url` },
  { operation: 'UpdateFunctionUrlConfig', method: 'PUT', path: `${URL}/url` },
  { operation: 'DeleteFunctionUrlConfig', method: 'DELETE', path: `${URL}/url` },
  { operation: 'ListFunctionUrlConfigs', method: 'GET', path: `${URL}/urls` },
  // GET with `?List=ALL` is ListProvisionedConcurrencyConfigs; the route table matches paths only.
  { operation: 'GetProvisionedConcurrencyConfig', method: 'GET', path: PC },
  { operation: 'PutProvisionedConcurrencyConfig', method: 'PUT', path: PC },
  { operation: 'DeleteProvisionedConcurrencyConfig', method: 'DELETE', path: PC },
];

export const INVOCATION_OPERATIONS: ReadonlySet<string> = new Set(INVOCATION_ROUTES.map((r) => r.operation));

/** The request minus nothing secret (these inputs hold none), camelCased as CloudTrail writes Lambda's. */
function params(extra: Record<string, unknown>, input: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...extra, ...(camelCased(input) as Record<string, unknown>) };
}

/** Handles one of INVOCATION_OPERATIONS; `path` holds the route's path parameters. */
export function handleInvocationSetting(
  operation: string,
  path: Readonly<Record<string, string>>,
  req: WireRequest,
  ctx: CallContext,
  state: LambdaState,
): HandlerResult {
  const ok = (status: number, body: unknown) => jsonResponse(status, body, ctx.requestId);
  const ref = path.FunctionName;
  const qualifier = req.query.get('Qualifier');
  const q = qualifier === null ? {} : { qualifier };
  switch (operation) {
    case 'CreateEventSourceMapping': {
      const input = parseJsonBody(req);
      const { mapping, view } = createEventSourceMapping(state, ctx, input);
      return {
        response: ok(202, view),
        audit: lambdaAudit(operation, mappingFunctionName(mapping), params({}, input), camelCased(view) as Record<string, unknown>),
      };
    }
    case 'ListEventSourceMappings':
      return { response: ok(200, listEventSourceMappings(state, ctx, req.query)) };
    case 'GetEventSourceMapping':
      return { response: ok(200, getEventSourceMapping(state, ctx, path.UUID)) };
    case 'UpdateEventSourceMapping': {
      const input = parseJsonBody(req);
      const { mapping, view } = updateEventSourceMapping(state, ctx, path.UUID, input);
      return {
        response: ok(202, view),
        audit: lambdaAudit(
          operation,
          mappingFunctionName(mapping),
          params({ uUID: path.UUID }, input),
          camelCased(view) as Record<string, unknown>,
        ),
      };
    }
    case 'DeleteEventSourceMapping': {
      const { mapping, view } = deleteEventSourceMapping(state, ctx, path.UUID);
      return {
        response: ok(202, view),
        audit: lambdaAudit(operation, mappingFunctionName(mapping), { uUID: path.UUID }, camelCased(view) as Record<string, unknown>),
      };
    }
    case 'PutFunctionEventInvokeConfig':
    case 'UpdateFunctionEventInvokeConfig': {
      const input = parseJsonBody(req);
      const change = operation === 'PutFunctionEventInvokeConfig' ? putFunctionEventInvokeConfig : updateFunctionEventInvokeConfig;
      const { name, view } = change(state, ctx, ref, qualifier, input);
      return {
        response: ok(200, view),
        audit: lambdaAudit(operation, name, params({ functionName: ref, ...q }, input), camelCased(view) as Record<string, unknown>),
      };
    }
    case 'GetFunctionEventInvokeConfig':
      return { response: ok(200, getFunctionEventInvokeConfig(state, ctx, ref, qualifier)) };
    case 'DeleteFunctionEventInvokeConfig': {
      const { name } = deleteFunctionEventInvokeConfig(state, ctx, ref, qualifier);
      return { response: ok(204, undefined), audit: lambdaAudit(operation, name, { functionName: ref, ...q }) };
    }
    case 'ListFunctionEventInvokeConfigs':
      return { response: ok(200, listFunctionEventInvokeConfigs(state, ctx, ref)) };
    case 'CreateFunctionUrlConfig':
    case 'UpdateFunctionUrlConfig': {
      const input = parseJsonBody(req);
      const create = operation === 'CreateFunctionUrlConfig';
      const { name, view } = (create ? createFunctionUrlConfig : updateFunctionUrlConfig)(state, ctx, ref, qualifier, input);
      return {
        response: ok(create ? 201 : 200, view),
        audit: lambdaAudit(operation, name, params({ functionName: ref, ...q }, input), camelCased(view) as Record<string, unknown>),
      };
    }
    case 'GetFunctionUrlConfig':
      return { response: ok(200, getFunctionUrlConfig(state, ctx, ref, qualifier)) };
    case 'DeleteFunctionUrlConfig': {
      const { name } = deleteFunctionUrlConfig(state, ctx, ref, qualifier);
      return { response: ok(204, undefined), audit: lambdaAudit(operation, name, { functionName: ref, ...q }) };
    }
    case 'ListFunctionUrlConfigs':
      return { response: ok(200, listFunctionUrlConfigs(state, ctx, ref)) };
    case 'GetProvisionedConcurrencyConfig':
      if (req.query.get('List') === 'ALL') return { response: ok(200, listProvisionedConcurrencyConfigs(state, ctx, ref)) };
      return { response: ok(200, getProvisionedConcurrencyConfig(state, ctx, ref, qualifier)) };
    case 'PutProvisionedConcurrencyConfig': {
      const input = parseJsonBody(req);
      const { name, view } = putProvisionedConcurrencyConfig(state, ctx, ref, qualifier, input);
      return {
        response: ok(202, view),
        audit: lambdaAudit(operation, name, params({ functionName: ref, ...q }, input), camelCased(view) as Record<string, unknown>),
      };
    }
    case 'DeleteProvisionedConcurrencyConfig': {
      const { name } = deleteProvisionedConcurrencyConfig(state, ctx, ref, qualifier);
      return { response: ok(204, undefined), audit: lambdaAudit(operation, name, { functionName: ref, ...q }) };
    }
    default:
      throw new AwsError('UnknownOperationException', `Lambda operation ${operation} is not an invocation setting.`, 400);
  }
}
