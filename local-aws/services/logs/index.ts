/**
 * The CloudWatch Logs service module (AWS JSON 1.1, target prefix Logs_20140328, signing name `logs`): the
 * log group calls the Terraform provider 5.100.0 makes for aws_cloudwatch_log_group, and that Lambda's
 * least-privilege logging needs (groups.ts, tags.ts). State is per account and region (model.ts). Mutating
 * calls are recorded in CloudTrail under their operation name with eventSource logs.amazonaws.com, the
 * request as sent (Logs' members are already camelCase) and the log group as the resource.
 */
import { AwsError, type AuditEntry, type HandlerResult, type ServiceModule } from '../../types';
import {
  associateKmsKey,
  createLogGroup,
  deleteLogGroup,
  deleteRetentionPolicy,
  describeLogGroups,
  disassociateKmsKey,
  putRetentionPolicy,
} from './groups';
import { logsAccessOf } from './access';
import { initialLogsState, type LogsState } from './model';
import { listTagsForResource, listTagsLogGroup, tagLogGroup, tagResource, untagLogGroup, untagResource } from './tags';
import { jsonAnswer, parseRequestBody, renderJsonError } from './wire';

export type { LogsState } from './model';

/** Go SDK v2 and SDK v3 send the short target; older SDKs prefix the smithy namespace. AWS accepts both. */
const TARGET = /^(?:com\.amazonaws\.logs\.v20140328\.)?Logs_20140328\.(\w+)$/;

type Operation = (state: LogsState, ctx: Parameters<ServiceModule['handle']>[2], input: Record<string, unknown>) => OperationResult;
interface OperationResult {
  readonly body?: unknown;
  /** The log group a mutating call changed; read-only calls name none and are not recorded. */
  readonly changed?: string;
}

const OPERATIONS: Readonly<Record<string, Operation>> = {
  CreateLogGroup: (s, c, i) => ({ changed: createLogGroup(s, c, i).logGroupName }),
  DeleteLogGroup: (s, c, i) => ({ changed: deleteLogGroup(s, c, i) }),
  DescribeLogGroups: (s, c, i) => ({ body: describeLogGroups(s, c, i) }),
  PutRetentionPolicy: (s, c, i) => ({ changed: putRetentionPolicy(s, c, i).logGroupName }),
  DeleteRetentionPolicy: (s, c, i) => ({ changed: deleteRetentionPolicy(s, c, i).logGroupName }),
  AssociateKmsKey: (s, c, i) => ({ changed: associateKmsKey(s, c, i).logGroupName }),
  DisassociateKmsKey: (s, c, i) => ({ changed: disassociateKmsKey(s, c, i).logGroupName }),
  TagResource: (s, c, i) => ({ changed: tagResource(s, c, i).group.logGroupName }),
  UntagResource: (s, c, i) => ({ changed: untagResource(s, c, i).group.logGroupName }),
  ListTagsForResource: (s, c, i) => ({ body: listTagsForResource(s, c, i) }),
  TagLogGroup: (s, c, i) => ({ changed: tagLogGroup(s, c, i).group.logGroupName }),
  UntagLogGroup: (s, c, i) => ({ changed: untagLogGroup(s, c, i).group.logGroupName }),
  ListTagsLogGroup: (s, c, i) => ({ body: listTagsLogGroup(s, c, i) }),
};

export const LOGS_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

function audit(operation: string, input: Record<string, unknown>, logGroupName: string): AuditEntry {
  return {
    eventName: operation,
    requestParameters: { ...input },
    responseElements: null,
    resources: [{ ResourceType: 'AWS::Logs::LogGroup', ResourceName: logGroupName }],
  };
}

export const logsService: ServiceModule<LogsState> = {
  signingName: 'logs',
  initialState: initialLogsState,
  operationOf(req) {
    const target = req.headers['x-amz-target'] ?? '';
    const op = TARGET.exec(target)?.[1] ?? '';
    if (!Object.hasOwn(OPERATIONS, op)) {
      throw new AwsError(
        'UnknownOperationException',
        `Unknown operation ${JSON.stringify(target)}. This endpoint implements Logs_20140328.{${LOGS_OPERATIONS.join(', ')}}.`,
        400,
      );
    }
    return op;
  },
  handle(operation, req, ctx, state): HandlerResult {
    const input = parseRequestBody(req);
    const out = OPERATIONS[operation](state, ctx, input);
    return {
      response: jsonAnswer(out.body, ctx.requestId),
      ...(out.changed !== undefined ? { audit: audit(operation, input, out.changed) } : {}),
    };
  },
  renderError: renderJsonError,
  accessOf: logsAccessOf,
};
