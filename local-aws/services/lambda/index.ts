/**
 * The Lambda service module of the local endpoint: functions, versions, aliases, reserved concurrency,
 * resource policies and tags over REST-JSON, with the status codes, shapes and error codes the AWS SDK v3
 * and the Terraform provider 5.100.0 rely on; event source mappings, event invoke configs, function URLs
 * and provisioned concurrency are routed to invocation-settings.ts. State is per account and region (see
 * model.ts); mutating calls return CloudTrail entries under Lambda's versioned event names (audit.ts).
 */
import type { CallContext, HandlerResult, ServiceModule, ServiceRegistry, WireRequest } from '../../types';
import { AwsError } from '../../types';
import { compileRoutes, jsonResponse, matchRoute, parseJsonBody, renderRestJsonError, type RestRoute } from '../../protocols/rest-json';
import { createAlias, deleteAlias, getAlias, listAliases, updateAlias } from './aliases';
import { camelCased, lambdaAudit, redactEnvironment } from './audit';
import { deleteFunctionConcurrency, getFunctionConcurrency, putFunctionConcurrency } from './concurrency';
import {
  createFunction,
  deleteFunction,
  getFunction,
  getFunctionConfiguration,
  publish,
  updateFunctionCode,
  updateFunctionConfiguration,
} from './functions';
import { listFunctions, listVersionsByFunction } from './listing';
import { initialLambdaState, parseFunctionRef, resolveFunction, type FunctionConfiguration, type LambdaState } from './model';
import { addPermission, getPolicy, removePermission } from './permissions';
import { listTags, tagResource, untagResource } from './tags';
import { lambdaAccessOf } from './access';
import { handleInvocationSetting, INVOCATION_OPERATIONS, INVOCATION_ROUTES } from './invocation-settings';
import { invocationAccessOf } from './invocation-access';

export type { LambdaState } from './model';

const F = '/2015-03-31/functions/{FunctionName}';
export const LAMBDA_ROUTES: readonly RestRoute[] = [
  { operation: 'ListFunctions', method: 'GET', path: '/2015-03-31/functions' },
  { operation: 'CreateFunction', method: 'POST', path: '/2015-03-31/functions' },
  { operation: 'GetFunction', method: 'GET', path: F },
  { operation: 'DeleteFunction', method: 'DELETE', path: F },
  { operation: 'GetFunctionConfiguration', method: 'GET', path: `${F}/configuration` },
  { operation: 'UpdateFunctionConfiguration', method: 'PUT', path: `${F}/configuration` },
  { operation: 'UpdateFunctionCode', method: 'PUT', path: `${F}/code` },
  { operation: 'ListVersionsByFunction', method: 'GET', path: `${F}/versions` },
  { operation: 'PublishVersion', method: 'POST', path: `${F}/versions` },
  { operation: 'GetPolicy', method: 'GET', path: `${F}/policy` },
  { operation: 'AddPermission', method: 'POST', path: `${F}/policy` },
  { operation: 'RemovePermission', method: 'DELETE', path: `${F}/policy/{StatementId}` },
  { operation: 'GetFunctionCodeSigningConfig', method: 'GET', path: '/2020-06-30/functions/{FunctionName}/code-signing-config' },
  { operation: 'ListAliases', method: 'GET', path: `${F}/aliases` },
  { operation: 'CreateAlias', method: 'POST', path: `${F}/aliases` },
  { operation: 'GetAlias', method: 'GET', path: `${F}/aliases/{Name}` },
  { operation: 'UpdateAlias', method: 'PUT', path: `${F}/aliases/{Name}` },
  { operation: 'DeleteAlias', method: 'DELETE', path: `${F}/aliases/{Name}` },
  { operation: 'GetFunctionConcurrency', method: 'GET', path: '/2019-09-30/functions/{FunctionName}/concurrency' },
  { operation: 'PutFunctionConcurrency', method: 'PUT', path: '/2017-10-31/functions/{FunctionName}/concurrency' },
  { operation: 'DeleteFunctionConcurrency', method: 'DELETE', path: '/2017-10-31/functions/{FunctionName}/concurrency' },
  { operation: 'ListTags', method: 'GET', path: '/2017-03-31/tags/{Resource}' },
  { operation: 'TagResource', method: 'POST', path: '/2017-03-31/tags/{Resource}' },
  { operation: 'UntagResource', method: 'DELETE', path: '/2017-03-31/tags/{Resource}' },
  ...INVOCATION_ROUTES,
];
const ROUTES = compileRoutes(LAMBDA_ROUTES);

/** CloudTrail's view of a configuration: camelCased, environment values hidden. */
function configElements(config: FunctionConfiguration): Record<string, unknown> {
  return redactEnvironment(camelCased(config) as Record<string, unknown>);
}

/** CloudTrail's requestParameters for create/update: the request minus the zip bytes and env values. */
function requestElements(input: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const rest = Object.fromEntries(Object.entries(input).filter(([key]) => key !== 'ZipFile' && key !== 'Code'));
  const params = redactEnvironment(camelCased(rest) as Record<string, unknown>);
  return { ...params, ...('Code' in input ? { code: {} } : {}), ...extra };
}

function handleOperation(
  operation: string,
  req: WireRequest,
  ctx: CallContext,
  state: LambdaState,
  services?: ServiceRegistry,
): HandlerResult {
  const { params } = matchRoute(ROUTES, req);
  const ref = params.FunctionName;
  const qualifier = req.query.get('Qualifier');
  const ok = (status: number, body: unknown) => jsonResponse(status, body, ctx.requestId);

  switch (operation) {
    case 'CreateFunction': {
      const input = parseJsonBody(req);
      const config = createFunction(state, ctx, input, services);
      return {
        response: ok(201, config),
        audit: lambdaAudit(operation, config.FunctionName, requestElements(input), configElements(config)),
      };
    }
    case 'GetFunction':
      return { response: ok(200, getFunction(state, ctx, ref, qualifier)) };
    case 'GetFunctionConfiguration':
      return { response: ok(200, getFunctionConfiguration(state, ctx, ref, qualifier)) };
    case 'UpdateFunctionCode': {
      const input = parseJsonBody(req);
      const config = updateFunctionCode(state, ctx, ref, input);
      return {
        response: ok(200, config),
        audit: lambdaAudit(operation, config.FunctionName, requestElements(input, { functionName: ref }), configElements(config)),
      };
    }
    case 'UpdateFunctionConfiguration': {
      const input = parseJsonBody(req);
      const config = updateFunctionConfiguration(state, ctx, ref, input, services);
      return {
        response: ok(200, config),
        audit: lambdaAudit(operation, config.FunctionName, requestElements(input, { functionName: ref }), configElements(config)),
      };
    }
    case 'PublishVersion': {
      const input = parseJsonBody(req);
      const config = publish(state, ctx, ref, input);
      return {
        response: ok(201, config),
        audit: lambdaAudit(operation, config.FunctionName, requestElements(input, { functionName: ref }), configElements(config)),
      };
    }
    case 'DeleteFunction': {
      const deleted = deleteFunction(state, ctx, ref, qualifier);
      const requestParameters = { functionName: ref, ...(deleted.qualifier ? { qualifier: deleted.qualifier } : {}) };
      return { response: ok(204, undefined), audit: lambdaAudit(operation, deleted.name, requestParameters) };
    }
    case 'ListFunctions':
      return { response: ok(200, listFunctions(state, ctx, req.query)) };
    case 'ListVersionsByFunction':
      return { response: ok(200, listVersionsByFunction(state, ctx, ref, req.query)) };
    case 'GetFunctionCodeSigningConfig': {
      const { fn } = resolveFunction(state, ctx, ref);
      return { response: ok(200, { FunctionName: fn.latest.FunctionName, CodeSigningConfigArn: '' }) };
    }
    case 'GetFunctionConcurrency':
      return { response: ok(200, getFunctionConcurrency(state, ctx, ref)) };
    case 'PutFunctionConcurrency': {
      const input = parseJsonBody(req);
      const { name, value } = putFunctionConcurrency(state, ctx, ref, input);
      const body = { ReservedConcurrentExecutions: value };
      return {
        response: ok(200, body),
        audit: lambdaAudit(
          operation,
          name,
          { functionName: ref, reservedConcurrentExecutions: value },
          { reservedConcurrentExecutions: value },
        ),
      };
    }
    case 'DeleteFunctionConcurrency': {
      const { name } = deleteFunctionConcurrency(state, ctx, ref);
      return { response: ok(204, undefined), audit: lambdaAudit(operation, name, { functionName: ref }) };
    }
    case 'CreateAlias': {
      const input = parseJsonBody(req);
      const alias = createAlias(state, ctx, ref, input);
      return {
        response: ok(201, alias),
        audit: lambdaAudit(
          operation,
          parseFunctionRef(ref).name,
          { functionName: ref, ...(camelCased(input) as Record<string, unknown>) },
          camelCased(alias) as Record<string, unknown>,
        ),
      };
    }
    case 'GetAlias':
      return { response: ok(200, getAlias(state, ctx, ref, params.Name)) };
    case 'UpdateAlias': {
      const input = parseJsonBody(req);
      const alias = updateAlias(state, ctx, ref, params.Name, input);
      return {
        response: ok(200, alias),
        audit: lambdaAudit(
          operation,
          parseFunctionRef(ref).name,
          { functionName: ref, name: params.Name, ...(camelCased(input) as Record<string, unknown>) },
          camelCased(alias) as Record<string, unknown>,
        ),
      };
    }
    case 'DeleteAlias': {
      const { functionName } = deleteAlias(state, ctx, ref, params.Name);
      return { response: ok(204, undefined), audit: lambdaAudit(operation, functionName, { functionName: ref, name: params.Name }) };
    }
    case 'ListAliases':
      return { response: ok(200, listAliases(state, ctx, ref, req.query)) };
    case 'AddPermission': {
      const input = parseJsonBody(req);
      const added = addPermission(state, ctx, ref, qualifier, input);
      const requestParameters = {
        functionName: ref,
        ...(camelCased(input) as Record<string, unknown>),
        ...(added.qualifier ? { qualifier: added.qualifier } : {}),
      };
      return {
        response: ok(201, { Statement: added.statementJson }),
        audit: lambdaAudit(operation, added.name, requestParameters, { statement: added.statementJson }),
      };
    }
    case 'GetPolicy':
      return { response: ok(200, getPolicy(state, ctx, ref, qualifier)) };
    case 'RemovePermission': {
      const removed = removePermission(state, ctx, ref, params.StatementId, req.query);
      const requestParameters = {
        functionName: ref,
        statementId: params.StatementId,
        ...(removed.qualifier ? { qualifier: removed.qualifier } : {}),
      };
      return { response: ok(204, undefined), audit: lambdaAudit(operation, removed.name, requestParameters) };
    }
    case 'TagResource': {
      const tagged = tagResource(state, ctx, params.Resource, parseJsonBody(req));
      return { response: ok(204, undefined), audit: lambdaAudit(operation, tagged.name, { resource: params.Resource, tags: tagged.tags }) };
    }
    case 'UntagResource': {
      const untagged = untagResource(state, ctx, params.Resource, req.query);
      return {
        response: ok(204, undefined),
        audit: lambdaAudit(operation, untagged.name, { resource: params.Resource, tagKeys: untagged.keys }),
      };
    }
    case 'ListTags':
      return { response: ok(200, listTags(state, ctx, params.Resource)) };
    default:
      if (INVOCATION_OPERATIONS.has(operation)) return handleInvocationSetting(operation, params, req, ctx, state);
      throw new AwsError('UnknownOperationException', `Lambda operation ${operation} is not implemented by the local endpoint.`, 400);
  }
}

export const lambdaService: ServiceModule<LambdaState> = {
  signingName: 'lambda',
  initialState: initialLambdaState,
  operationOf: (req) => matchRoute(ROUTES, req).operation,
  handle: (operation, req, ctx, state, services) => handleOperation(operation, req, ctx, state, services),
  renderError: renderRestJsonError,
  accessOf: (operation, req, ctx, state) =>
    INVOCATION_OPERATIONS.has(operation)
      ? invocationAccessOf(operation, matchRoute(ROUTES, req).params, req, ctx, state)
      : lambdaAccessOf(ROUTES, operation, req, ctx),
};
