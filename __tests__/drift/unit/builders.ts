/**
 * Builders for comparer tests: one role, one function and one customer policy that are in sync, as state
 * records them and as AWS returns them (URL-encoded IAM documents, Lambda statements as Lambda writes them).
 * Each test changes one side and checks the finding that follows.
 */
import type { ExpectedFunction, ExpectedInventory, ExpectedRole, InvokePermission, LiveFunction, LiveInventory, LiveRole } from '../../../drift/model';

export const ACCOUNT = '000000000000';
export const REGION = 'eu-west-1';
export const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/api-role`;
export const FN_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:api`;
export const POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/api-tables`;

export const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
export const LOGS_POLICY = { Version: '2012-10-17', Statement: [{ Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }] };
export const TABLES_POLICY = { Version: '2012-10-17', Statement: [{ Sid: 'Tables', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders` }] };

/** IAM returns documents URL-encoded, with keys in its own order. */
export const iamEncode = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

export function expectedRole(over: Partial<ExpectedRole> = {}): ExpectedRole {
  return {
    name: 'api-role',
    address: 'module.api.aws_iam_role.exec',
    arn: ROLE_ARN,
    roleId: 'AROAEXPECTED000000001',
    path: '/',
    trustPolicy: TRUST,
    description: 'Execution role of api',
    maxSessionDuration: 3600,
    tags: { team: 'api', owner: 'platform' },
    managedPolicies: { [BASIC]: 'module.api.aws_iam_role_policy_attachment.basic' },
    inlinePolicies: { logs: { address: 'module.api.aws_iam_role_policy.logs', document: LOGS_POLICY } },
    exclusiveAttachments: false,
    exclusiveInlinePolicies: false,
    source: 'fixture',
    ...over,
  };
}

export function liveRole(over: Partial<LiveRole> = {}): LiveRole {
  return {
    name: 'api-role',
    arn: ROLE_ARN,
    roleId: 'AROAEXPECTED000000001',
    path: '/',
    createDate: '2026-01-01T00:00:00Z',
    assumeRolePolicyDocument: iamEncode({ Version: '2012-10-17', Statement: [{ Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' }, Effect: 'Allow' }] }),
    description: 'Execution role of api',
    maxSessionDuration: 3600,
    tags: { owner: 'platform', team: 'api' },
    attachedPolicyArns: [BASIC],
    inlinePolicies: { logs: iamEncode({ Statement: { Effect: 'Allow', Sid: 'Logs', Resource: ['*'], Action: ['logs:PutLogEvents', 'logs:CreateLogStream'] }, Version: '2012-10-17' }) },
    ...over,
  };
}

export const EVENTS_PERMISSION: InvokePermission = {
  statementId: 'AllowEvents',
  action: 'lambda:InvokeFunction',
  principal: 'events.amazonaws.com',
  sourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/nightly`,
};

export function expectedFunction(over: Partial<ExpectedFunction> = {}): ExpectedFunction {
  return {
    name: 'api',
    region: REGION,
    address: 'module.api.aws_lambda_function.fn',
    arn: FN_ARN,
    roleArn: ROLE_ARN,
    permissions: [{ address: 'module.api.aws_lambda_permission.events', permission: EVENTS_PERMISSION }],
    source: 'fixture',
    ...over,
  };
}

/** A statement the way Lambda's AddPermission writes it. */
export function lambdaStatement(p: InvokePermission, fnArn = FN_ARN): Record<string, unknown> {
  const condition: Record<string, Record<string, string>> = {};
  const put = (op: string, key: string, v?: string) => {
    if (v) (condition[op] ??= {})[key] = v;
  };
  put('ArnLike', 'AWS:SourceArn', p.sourceArn);
  put('StringEquals', 'AWS:SourceAccount', p.sourceAccount);
  put('StringEquals', 'aws:PrincipalOrgID', p.principalOrgId);
  put('StringEquals', 'lambda:EventSourceToken', p.eventSourceToken);
  put('StringEquals', 'lambda:FunctionUrlAuthType', p.functionUrlAuthType);
  const principal = p.principal === '*' ? '*' : p.principal.endsWith('.amazonaws.com') || p.principal.endsWith('.amazon.com') ? { Service: p.principal } : { AWS: /^\d{12}$/.test(p.principal) ? `arn:aws:iam::${p.principal}:root` : p.principal };
  return {
    Sid: p.statementId,
    Effect: 'Allow',
    Principal: principal,
    Action: p.action,
    Resource: p.qualifier ? `${fnArn}:${p.qualifier}` : fnArn,
    ...(Object.keys(condition).length ? { Condition: condition } : {}),
  };
}

export function lambdaPolicy(permissions: readonly InvokePermission[]): string | null {
  if (!permissions.length) return null;
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: permissions.map((p) => lambdaStatement(p)) });
}

export function liveFunction(over: Partial<LiveFunction> = {}): LiveFunction {
  return { name: 'api', arn: FN_ARN, region: REGION, roleArn: ROLE_ARN, policies: { '': lambdaPolicy([EVENTS_PERMISSION]) }, ...over };
}

export function expectedInventory(over: Partial<ExpectedInventory> = {}): ExpectedInventory {
  return {
    roles: [expectedRole()],
    functions: [expectedFunction()],
    customerPolicies: [{ arn: POLICY_ARN, name: 'api-tables', address: 'module.api.aws_iam_policy.tables', document: TABLES_POLICY, source: 'fixture' }],
    sources: ['fixture'],
    ...over,
  };
}

export function liveInventory(over: { roles?: LiveInventory['roles']; functions?: LiveInventory['functions']; customerPolicies?: LiveInventory['customerPolicies'] } = {}): LiveInventory {
  return {
    roles: over.roles ?? new Map([['api-role', liveRole()]]),
    functions: over.functions ?? new Map([[`${REGION}/api`, liveFunction()]]),
    customerPolicies: over.customerPolicies ?? new Map([[POLICY_ARN, { arn: POLICY_ARN, defaultVersionId: 'v1', document: iamEncode(TABLES_POLICY) }]]),
    errors: [],
    apiCalls: {},
  };
}
