/**
 * What the authorization step judges for the invocation-setting calls (invocation-settings.ts), per the
 * Service Authorization Reference: event source mappings are their own resource
 * (`event-source-mapping:<uuid>`, with `lambda:FunctionArn` naming the function they invoke), and creating or
 * listing them has no resource-level permission; event invoke configs and function URLs are judged on the
 * function; provisioned concurrency on the version or alias it provisions (the list on the function).
 * Input too malformed to name a resource needs no permission: the handler answers its validation error.
 */
import { AwsError, type AccessRequest, type CallContext, type WireRequest } from '../../types';
import { parseJsonBody } from '../../protocols/rest-json';
import { getOwn } from '../../core/own';
import { partitionForRegion } from '../../../shared/aws/partition';
import { mappingArn } from './event-source-mappings';
import { parseFunctionRef, type LambdaState } from './model';

/** The function's ARN from any reference form; qualified only when `qualified` (by the reference's or the query's qualifier). */
function functionArnOf(ref: string, ctx: CallContext, qualified = false, queryQualifier?: string): string {
  const parsed = parseFunctionRef(ref);
  const region = parsed.region ?? ctx.region;
  const base = `arn:${partitionForRegion(region)}:lambda:${region}:${parsed.account ?? ctx.caller.accountId}:function:${parsed.name}`;
  const q = qualified ? (parsed.qualifier ?? queryQualifier) : undefined;
  return q ? `${base}:${q}` : base;
}

/** The mapping's function, for `lambda:FunctionArn`, when the mapping exists. */
function mappingContext(state: LambdaState | undefined, ctx: CallContext, uuid: string): AccessRequest['context'] {
  const fn = getOwn(getOwn(getOwn(state?.accounts, ctx.caller.accountId), ctx.region)?.eventSourceMappings, uuid)?.fields.FunctionArn;
  return typeof fn === 'string' ? { 'lambda:FunctionArn': fn } : undefined;
}

export function invocationAccessOf(
  operation: string,
  path: Readonly<Record<string, string>>,
  req: WireRequest,
  ctx: CallContext,
  state: LambdaState | undefined,
): readonly AccessRequest[] {
  const action = `lambda:${operation}`;
  try {
    switch (operation) {
      case 'ListEventSourceMappings':
        return [{ action, resource: '*' }];
      case 'CreateEventSourceMapping': {
        const ref = parseJsonBody(req).FunctionName;
        // The mapping invokes exactly what was named, qualifier included (its FunctionArn says so).
        const context = typeof ref === 'string' ? { 'lambda:FunctionArn': functionArnOf(ref, ctx, true) } : undefined;
        return [{ action, resource: '*', ...(context ? { context } : {}) }];
      }
      case 'GetEventSourceMapping':
      case 'UpdateEventSourceMapping':
      case 'DeleteEventSourceMapping': {
        const context = mappingContext(state, ctx, path.UUID);
        return [{ action, resource: mappingArn(ctx, path.UUID), ...(context ? { context } : {}) }];
      }
      case 'PutProvisionedConcurrencyConfig':
      case 'GetProvisionedConcurrencyConfig':
      case 'DeleteProvisionedConcurrencyConfig': {
        if (req.query.get('List') === 'ALL')
          return [{ action: 'lambda:ListProvisionedConcurrencyConfigs', resource: functionArnOf(path.FunctionName, ctx) }];
        return [{ action, resource: functionArnOf(path.FunctionName, ctx, true, req.query.get('Qualifier') ?? undefined) }];
      }
      case 'CreateFunctionUrlConfig':
      case 'UpdateFunctionUrlConfig': {
        const authType = parseJsonBody(req).AuthType;
        const resource = functionArnOf(path.FunctionName, ctx);
        const context = {
          'lambda:FunctionArn': resource,
          ...(typeof authType === 'string' ? { 'lambda:FunctionUrlAuthType': authType } : {}),
        };
        return [{ action, resource, context }];
      }
      default:
        // Event invoke configs and the remaining URL calls act on the function.
        return [{ action, resource: functionArnOf(path.FunctionName, ctx) }];
    }
  } catch (err) {
    if (err instanceof AwsError) return [];
    throw err;
  }
}
