/**
 * What the authorization step judges for each CloudWatch Logs call, per the Service Authorization
 * Reference: the log group's ARN without `:*` (`arn:aws:logs:<region>:<account>:log-group:<name>`) for the
 * calls that name one, the ARN given for the tagging calls, and "*" for DescribeLogGroups (no
 * resource-level permission). Input too malformed to name a log group needs no permission: the handler
 * answers its validation error, as AWS validates before it authorizes.
 */
import type { AccessRequest, CallContext, WireRequest } from '../../types';
import { logGroupArnIn } from './model';

function body(req: WireRequest): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(req.body.toString('utf8') || '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function logsAccessOf(operation: string, req: WireRequest, ctx: CallContext): readonly AccessRequest[] {
  const action = `logs:${operation}`;
  if (operation === 'DescribeLogGroups') return [{ action, resource: '*' }];
  const input = body(req);
  const arn = input.resourceArn ?? input.resourceIdentifier;
  if (typeof arn === 'string' && arn.startsWith('arn:')) return [{ action, resource: arn }];
  const name = input.logGroupName ?? input.resourceIdentifier;
  return typeof name === 'string' && name ? [{ action, resource: logGroupArnIn(ctx.region, ctx.caller.accountId, name) }] : [];
}
