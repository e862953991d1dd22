/**
 * Every operation the endpoint serves names an action and a resource that IAM's own model accepts for that
 * action (iam-simulate validates the resource type against the Service Authorization Reference data): a
 * wrong mapping would come back as a simulation error, which the endpoint treats as a refusal. Each
 * operation is allowed by an allow-all policy and refused by a policy that allows only another service.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { iamService, IAM_OPERATIONS } from '../../../local-aws/services/iam';
import { lambdaService, LAMBDA_ROUTES } from '../../../local-aws/services/lambda';
import { cloudTrailService } from '../../../local-aws/services/cloudtrail';
import { stsService } from '../../../local-aws/services/sts';
import type { AccessRequest, CallContext, ServiceModule, WireRequest } from '../../../local-aws/types';

const ACCOUNT = '000000000000';
const ctx: CallContext = {
  caller: {
    accessKeyId: 'ASIAEXAMPLE',
    accountId: ACCOUNT,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/job/s`,
    principalId: 'AROAEXAMPLE:s',
    type: 'AssumedRole',
    console: false,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/job`,
    sessionName: 's',
  },
  region: 'us-east-1',
  requestId: 'r',
  sourceIp: '127.0.0.1',
  userAgent: 'test',
  now: new Date(),
};

const query = (action: string, extra: Record<string, string> = {}): WireRequest => ({
  method: 'POST',
  rawPath: '/',
  query: new URLSearchParams(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: Buffer.from(new URLSearchParams({ Action: action, ...extra }).toString()),
});

const IAM_PARAMS = {
  RoleName: 'orders-exec',
  PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/kms-decrypt`,
  PolicyName: 'kms-decrypt',
  UserName: 'alice',
  PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
};

function lambdaRequest(method: string, path: string): WireRequest {
  const rawPath = path
    .replace('{FunctionName}', 'orders')
    .replace('{StatementId}', 'sid1')
    .replace('{Name}', 'prod')
    .replace('{Resource}', encodeURIComponent(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`));
  const body = method === 'POST' || method === 'PUT' ? { FunctionName: 'orders', Role: `arn:aws:iam::${ACCOUNT}:role/orders-exec` } : {};
  return { method, rawPath, query: new URLSearchParams({ Qualifier: '7' }), headers: {}, body: Buffer.from(JSON.stringify(body)) };
}

const cases: [string, ServiceModule, string, WireRequest][] = [
  ...IAM_OPERATIONS.map((op): [string, ServiceModule, string, WireRequest] => [
    `iam ${op}`,
    iamService as ServiceModule,
    op,
    query(op, IAM_PARAMS),
  ]),
  // Provisioned concurrency is judged on a version or alias ARN, two resource types with the same ARN shape that
  // iam-simulate cannot tell apart (multiple.resource.types): __tests__/local-aws/services/lambda/invocation-access.test.ts.
  ...LAMBDA_ROUTES.filter((r) => !r.operation.endsWith('ProvisionedConcurrencyConfig')).map(
    (r): [string, ServiceModule, string, WireRequest] => [
      `lambda ${r.operation}`,
      lambdaService as ServiceModule,
      r.operation,
      lambdaRequest(r.method, r.path),
    ],
  ),
  [
    'cloudtrail LookupEvents',
    cloudTrailService,
    'LookupEvents',
    { method: 'POST', rawPath: '/', query: new URLSearchParams(), headers: {}, body: Buffer.from('{}') },
  ],
  ['sts AssumeRole', stsService, 'AssumeRole', query('AssumeRole', { RoleArn: `arn:aws:iam::${ACCOUNT}:role/x`, RoleSessionName: 's' })],
];

async function decide(request: AccessRequest, policy: object): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: ctx.caller.arn,
        action: request.action,
        resource: { resource: request.resource, accountId: ACCOUNT },
        contextVariables: Object.fromEntries(
          Object.entries(request.context ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : [...v]]),
        ),
      },
      identityPolicies: [{ name: 'p', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  return result.resultType === 'error' ? `error: ${result.errors.message}` : result.overallResult;
}

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const ALLOW_S3_ONLY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

test.each(cases)('%s: a valid action and resource, allowed by "*" and refused without a grant', async (_name, module, operation, req) => {
  const requests = module.accessOf!(operation, req, ctx, module.initialState());
  expect(requests.length).toBeGreaterThan(0);
  for (const request of requests) {
    expect(request.action).toMatch(/^(iam|lambda|cloudtrail|sts):[A-Z]\w+$/);
    expect(await decide(request, ALLOW_ALL)).toBe('Allowed');
    expect(await decide(request, ALLOW_S3_ONLY)).toBe('ImplicitlyDenied');
  }
});

test('sts GetCallerIdentity needs no permission', () => {
  expect(stsService.accessOf!('GetCallerIdentity', query('GetCallerIdentity'), ctx, {})).toEqual([]);
});

test('input too malformed to name a resource needs no permission (the handler answers its validation error)', () => {
  expect(iamService.accessOf!('GetRole', query('GetRole', { RoleName: 'bad name' }), ctx, iamService.initialState())).toEqual([]);
  expect(
    lambdaService.accessOf!(
      'GetPolicy',
      lambdaRequest('GET', '/2015-03-31/functions/bad%20name/policy'),
      ctx,
      lambdaService.initialState(),
    ),
  ).toEqual([]);
});
