/**
 * Why this exists: the endpoint's authorization step needs, for each Lambda call, the action and resource
 * Lambda evaluates (Service Authorization Reference, "Actions defined by AWS Lambda"). Every operation's
 * action has the operation's name. The resource is the function's ARN, qualified (`function:name:7`,
 * `function:name:prod`) when the call names a version or alias, which is why a policy on `function:name`
 * alone does not cover `GetPolicy --qualifier prod` on AWS; ListFunctions has no resource-level permission.
 * Creating a function, or changing its role, also passes the execution role: iam:PassRole on it, for
 * lambda.amazonaws.com. Input too malformed to name a function needs no permission here: the handler
 * answers its validation error, as AWS validates input before it authorizes.
 */
import type { AccessRequest, CallContext, WireRequest } from '../../types';
import { AwsError } from '../../types';
import { matchRoute, parseJsonBody, type CompiledRoute } from '../../protocols/rest-json';
import { partitionForRegion } from '../../../shared/aws/partition';
import { parseFunctionRef } from './model';

/** Calls that act on one version or alias when a qualifier is given. */
const QUALIFIED_OPERATIONS = new Set([
  'GetFunction',
  'GetFunctionConfiguration',
  'DeleteFunction',
  'GetPolicy',
  'AddPermission',
  'RemovePermission',
]);
const TAG_OPERATIONS = new Set(['ListTags', 'TagResource', 'UntagResource']);
const PASS_ROLE_CONTEXT = { 'iam:PassedToService': 'lambda.amazonaws.com' };

export function lambdaAccessOf(
  routes: readonly CompiledRoute[],
  operation: string,
  req: WireRequest,
  ctx: CallContext,
): readonly AccessRequest[] {
  const action = `lambda:${operation}`;
  if (operation === 'ListFunctions') return [{ action, resource: '*' }];
  try {
    const { params } = matchRoute(routes, req);
    if (TAG_OPERATIONS.has(operation)) return [{ action, resource: params.Resource }];
    if (operation === 'CreateFunction') {
      const input = parseJsonBody(req);
      const name = typeof input.FunctionName === 'string' ? input.FunctionName : '';
      return [{ action, resource: functionArn(name, undefined, ctx) }, ...passRole(input.Role)];
    }
    // A route that names no function (event source mappings, code signing configs…) is judged against "*" until it gets its own rule.
    if (params.FunctionName === undefined) return [{ action, resource: '*' }];
    const qualifier = QUALIFIED_OPERATIONS.has(operation) ? (req.query.get('Qualifier') ?? undefined) : undefined;
    const resource = functionArn(params.FunctionName, qualifier, ctx, QUALIFIED_OPERATIONS.has(operation));
    const extra = operation === 'UpdateFunctionConfiguration' ? passRole(parseJsonBody(req).Role) : [];
    return [{ action, resource }, ...extra];
  } catch (err) {
    if (err instanceof AwsError) return [];
    throw err;
  }
}

/** The function's ARN as Lambda evaluates it, from any reference form (name, name:qualifier, partial or full ARN). */
function functionArn(ref: string, queryQualifier: string | undefined, ctx: CallContext, qualified = false): string {
  const parsed = parseFunctionRef(ref);
  const region = parsed.region ?? ctx.region;
  const qualifier = qualified ? (parsed.qualifier ?? queryQualifier) : undefined;
  const base = `arn:${partitionForRegion(region)}:lambda:${region}:${parsed.account ?? ctx.caller.accountId}:function:${parsed.name}`;
  return qualifier ? `${base}:${qualifier}` : base;
}

function passRole(role: unknown): AccessRequest[] {
  return typeof role === 'string' && role.startsWith('arn:')
    ? [{ action: 'iam:PassRole', resource: role, context: PASS_ROLE_CONTEXT }]
    : [];
}
