/**
 * The comparer: one in-sync baseline, then one row per finding code, each changing one thing on one side.
 * Every row checks the code, severity, the resource (and its address), and the path of the difference.
 */
import { compareInventories } from '../../../drift/compare/compare';
import { iamRegionFor, partitionForRegion } from '../../../shared/aws/partition';
import { AwsClients } from '../../../drift/aws/clients';
import { FINDING_CODES, type ExpectedInventory, type FindingCode, type LiveInventory, type Severity } from '../../../drift/model';
import {
  ACCOUNT,
  BASIC,
  EVENTS_PERMISSION,
  POLICY_ARN,
  REGION,
  ROLE_ARN,
  TABLES_POLICY,
  TRUST,
  expectedFunction,
  expectedInventory,
  expectedRole,
  iamEncode,
  lambdaPolicy,
  lambdaStatement,
  liveFunction,
  liveInventory,
  liveRole,
} from '../fixtures/builders';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

const roleCase = (e: Parameters<typeof expectedRole>[0], l: Parameters<typeof liveRole>[0]): [ExpectedInventory, LiveInventory] => [
  expectedInventory({ roles: [expectedRole(e)] }),
  liveInventory({ roles: new Map([['api-role', liveRole(l)]]) }),
];
const fnCase = (
  e: Parameters<typeof expectedFunction>[0],
  l: Parameters<typeof liveFunction>[0] | 'missing',
): [ExpectedInventory, LiveInventory] => [
  expectedInventory({ functions: [expectedFunction(e)] }),
  liveInventory({ functions: new Map([[`${REGION}/api`, l === 'missing' ? 'missing' : liveFunction(l)]]) }),
];

interface Row {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly path: string;
  readonly resource: { type: string; name: string; address: string | null };
  readonly setup: [ExpectedInventory, LiveInventory];
}

const ROWS: Row[] = [
  {
    code: 'MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM',
    severity: 'critical',
    path: `ManagedPolicyArns[${ADMIN}]`,
    resource: { type: 'aws_iam_role_policy_attachment', name: `api-role/${ADMIN}`, address: 'module.api.aws_iam_role.exec' },
    setup: roleCase({}, { attachedPolicyArns: [BASIC, ADMIN] }),
  },
  {
    code: 'MANAGED_POLICY_DETACHED',
    severity: 'medium',
    path: `ManagedPolicyArns[${BASIC}]`,
    resource: {
      type: 'aws_iam_role_policy_attachment',
      name: `api-role/${BASIC}`,
      address: 'module.api.aws_iam_role_policy_attachment.basic',
    },
    setup: roleCase({}, { attachedPolicyArns: [] }),
  },
  {
    code: 'INLINE_POLICY_ADDED',
    severity: 'high',
    path: 'Policies[backdoor]',
    resource: { type: 'aws_iam_role_policy', name: 'api-role:backdoor', address: 'module.api.aws_iam_role.exec' },
    setup: roleCase(
      {},
      {
        inlinePolicies: {
          ...liveRole().inlinePolicies,
          backdoor: iamEncode({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] }),
        },
      },
    ),
  },
  {
    code: 'INLINE_POLICY_CHANGED',
    severity: 'high',
    path: 'Policies[logs].PolicyDocument.Statement[sid=Logs].Action',
    resource: { type: 'aws_iam_role_policy', name: 'api-role:logs', address: 'module.api.aws_iam_role_policy.logs' },
    setup: roleCase(
      {},
      {
        inlinePolicies: {
          logs: iamEncode({ Version: '2012-10-17', Statement: [{ Sid: 'Logs', Effect: 'Allow', Action: ['logs:*'], Resource: '*' }] }),
        },
      },
    ),
  },
  {
    code: 'INLINE_POLICY_REMOVED',
    severity: 'medium',
    path: 'Policies[logs]',
    resource: { type: 'aws_iam_role_policy', name: 'api-role:logs', address: 'module.api.aws_iam_role_policy.logs' },
    setup: roleCase({}, { inlinePolicies: {} }),
  },
  {
    code: 'TRUST_POLICY_CHANGED',
    severity: 'critical',
    path: 'AssumeRolePolicyDocument.Statement[0].Principal.AWS',
    resource: { type: 'aws_iam_role', name: 'api-role', address: 'module.api.aws_iam_role.exec' },
    setup: roleCase(
      {},
      {
        assumeRolePolicyDocument: iamEncode({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com', AWS: '999999999999' }, Action: 'sts:AssumeRole' }],
        }),
      },
    ),
  },
  {
    code: 'PERMISSIONS_BOUNDARY_CHANGED',
    severity: 'high',
    path: 'PermissionsBoundary',
    resource: { type: 'aws_iam_role', name: 'api-role', address: 'module.api.aws_iam_role.exec' },
    setup: roleCase(
      { permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/boundary` },
      { permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/wider` },
    ),
  },
  {
    code: 'PERMISSIONS_BOUNDARY_REMOVED',
    severity: 'critical',
    path: 'PermissionsBoundary',
    resource: { type: 'aws_iam_role', name: 'api-role', address: 'module.api.aws_iam_role.exec' },
    setup: roleCase({ permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/boundary` }, {}),
  },
  {
    code: 'MAX_SESSION_DURATION_CHANGED',
    severity: 'low',
    path: 'MaxSessionDuration',
    resource: { type: 'aws_iam_role', name: 'api-role', address: 'module.api.aws_iam_role.exec' },
    setup: roleCase({}, { maxSessionDuration: 43200 }),
  },
  {
    code: 'DESCRIPTION_CHANGED',
    severity: 'low',
    path: 'Description',
    resource: { type: 'aws_iam_role', name: 'api-role', address: 'module.api.aws_iam_role.exec' },
    setup: roleCase({}, { description: 'temporary' }),
  },
  {
    code: 'TAGS_CHANGED',
    severity: 'low',
    path: 'Tags.team',
    resource: { type: 'aws_iam_role', name: 'api-role', address: 'module.api.aws_iam_role.exec' },
    setup: roleCase({}, { tags: { owner: 'platform', team: 'data' } }),
  },
  {
    code: 'ROLE_DELETED',
    severity: 'medium',
    path: 'RoleName',
    resource: { type: 'aws_iam_role', name: 'api-role', address: 'module.api.aws_iam_role.exec' },
    setup: [expectedInventory(), liveInventory({ roles: new Map([['api-role', 'missing']]) })],
  },
  {
    code: 'ROLE_RECREATED',
    severity: 'high',
    path: 'RoleId',
    resource: { type: 'aws_iam_role', name: 'api-role', address: 'module.api.aws_iam_role.exec' },
    setup: roleCase({}, { roleId: 'AROARECREATED00000002' }),
  },
  {
    code: 'FUNCTION_ROLE_CHANGED',
    severity: 'high',
    path: 'Role',
    resource: { type: 'aws_lambda_function', name: 'api', address: 'module.api.aws_lambda_function.fn' },
    setup: fnCase({}, { roleArn: `arn:aws:iam::${ACCOUNT}:role/admin` }),
  },
  {
    code: 'FUNCTION_DELETED',
    severity: 'medium',
    path: 'FunctionName',
    resource: { type: 'aws_lambda_function', name: 'api', address: 'module.api.aws_lambda_function.fn' },
    setup: fnCase({}, 'missing'),
  },
  {
    code: 'INVOKE_PERMISSION_ADDED',
    severity: 'critical',
    path: 'Policy.Statement[sid=Everyone]',
    resource: { type: 'aws_lambda_permission', name: 'api/Everyone', address: 'module.api.aws_lambda_function.fn' },
    setup: fnCase(
      {},
      { policies: { '': lambdaPolicy([EVENTS_PERMISSION, { statementId: 'Everyone', action: 'lambda:InvokeFunction', principal: '*' }]) } },
    ),
  },
  {
    code: 'INVOKE_PERMISSION_CHANGED',
    severity: 'high',
    path: 'Policy.Statement[sid=AllowEvents].Condition.ArnLike.AWS:SourceArn',
    resource: { type: 'aws_lambda_permission', name: 'api/AllowEvents', address: 'module.api.aws_lambda_permission.events' },
    setup: fnCase({}, { policies: { '': lambdaPolicy([{ ...EVENTS_PERMISSION, sourceArn: undefined }]) } }),
  },
  {
    code: 'INVOKE_PERMISSION_REMOVED',
    severity: 'medium',
    path: 'Policy.Statement[sid=AllowEvents]',
    resource: { type: 'aws_lambda_permission', name: 'api/AllowEvents', address: 'module.api.aws_lambda_permission.events' },
    setup: fnCase({}, { policies: { '': null } }),
  },
  {
    code: 'CUSTOMER_POLICY_CHANGED',
    severity: 'high',
    path: 'PolicyDocument.Statement[sid=Tables].Resource',
    resource: { type: 'aws_iam_policy', name: 'api-tables', address: 'module.api.aws_iam_policy.tables' },
    setup: [
      expectedInventory(),
      liveInventory({
        customerPolicies: new Map([
          [
            POLICY_ARN,
            {
              arn: POLICY_ARN,
              defaultVersionId: 'v2',
              document: iamEncode({ ...TABLES_POLICY, Statement: [{ ...TABLES_POLICY.Statement[0], Resource: '*' }] }),
            },
          ],
        ]),
      }),
    ],
  },
  {
    code: 'CUSTOMER_POLICY_DELETED',
    severity: 'medium',
    path: 'PolicyName',
    resource: { type: 'aws_iam_policy', name: 'api-tables', address: 'module.api.aws_iam_policy.tables' },
    setup: [expectedInventory(), liveInventory({ customerPolicies: new Map([[POLICY_ARN, 'missing']]) })],
  },
];

describe('compareInventories', () => {
  it('finds nothing when every resource matches (equivalent spellings included)', () => {
    expect(compareInventories(expectedInventory(), liveInventory())).toEqual([]);
  });

  it('has a row for every finding code', () => {
    expect(ROWS.map((r) => r.code).sort()).toEqual([...FINDING_CODES].sort());
  });

  it.each(ROWS.map((r) => [r.code, r] as const))('%s', (_code, row) => {
    const findings = compareInventories(...row.setup);
    expect(findings.map((f) => f.code)).toEqual([row.code]);
    const [f] = findings;
    expect(f.severity).toBe(row.severity);
    expect(f.reason.length).toBeGreaterThan(10);
    expect(f.resource).toMatchObject(row.resource);
    expect(f.differences.map((d) => d.path)).toContain(row.path);
    expect(f.remediation).toMatch(/terraform apply/);
  });
});

describe('compareInventories: rules beyond single codes', () => {
  it('reports a deleted role once, not once per lost policy', () => {
    const findings = compareInventories(expectedInventory(), liveInventory({ roles: new Map([['api-role', 'missing']]) }));
    expect(findings.map((f) => f.code)).toEqual(['ROLE_DELETED']);
  });

  it('skips resources the live side could not read (absent from the maps) instead of calling them deleted', () => {
    expect(
      compareInventories(expectedInventory(), liveInventory({ roles: new Map(), functions: new Map(), customerPolicies: new Map() })),
    ).toEqual([]);
  });

  it('ignores a console attachment on a role this state only attaches to (its owner is unknown here)', () => {
    const [e, l] = roleCase(
      { owned: false, trustPolicy: undefined, arn: undefined, roleId: undefined, description: undefined, tags: {} },
      { attachedPolicyArns: [BASIC, ADMIN], tags: { x: 'y' } },
    );
    expect(compareInventories(e, l)).toEqual([]);
  });

  it('treats an account-id principal in state and the root ARN Lambda stores as the same', () => {
    const partner = { statementId: 'Partner', action: 'lambda:InvokeFunction', principal: '111111111111', sourceAccount: '111111111111' };
    const [e, l] = fnCase(
      { permissions: [{ address: 'aws_lambda_permission.partner', permission: partner }] },
      { policies: { '': lambdaPolicy([partner]) } },
    );
    expect(lambdaStatement(partner).Principal).toEqual({ AWS: 'arn:aws:iam::111111111111:root' });
    expect(compareInventories(e, l)).toEqual([]);
  });

  it('compares qualified permissions against the policy of that qualifier', () => {
    const live = { ...EVENTS_PERMISSION, qualifier: 'prod' };
    const [e, l] = fnCase(
      { permissions: [{ address: 'aws_lambda_permission.prod', permission: live }] },
      { policies: { '': null, prod: lambdaPolicy([live]) } },
    );
    expect(compareInventories(e, l)).toEqual([]);
    const [e2, l2] = fnCase(
      { permissions: [{ address: 'aws_lambda_permission.prod', permission: live }] },
      { policies: { '': null, prod: null } },
    );
    expect(compareInventories(e2, l2).map((f) => [f.code, f.resource.name])).toEqual([
      ['INVOKE_PERMISSION_REMOVED', 'api:prod/AllowEvents'],
    ]);
  });

  it('rates a cross-account invoke permission without conditions critical, one with a SourceArn high', () => {
    const open = { statementId: 'X', action: 'lambda:InvokeFunction', principal: '222222222222' };
    const [e, l] = fnCase(
      {},
      {
        policies: {
          '': lambdaPolicy([EVENTS_PERMISSION, open, { ...open, statementId: 'Y', sourceArn: 'arn:aws:sns:eu-west-1:222222222222:t' }]),
        },
      },
    );
    expect(compareInventories(e, l).map((f) => [f.resource.name, f.severity])).toEqual([
      ['api/X', 'critical'],
      ['api/Y', 'high'],
    ]);
  });

  it("uses the role's own address for console attachments and names the detach command and the import id", () => {
    const [f] = compareInventories(...roleCase({}, { attachedPolicyArns: [BASIC, ADMIN] }));
    expect(f.resource.address).toBe('module.api.aws_iam_role.exec');
    expect(f.remediation).toContain(`aws iam detach-role-policy --role-name 'api-role' --policy-arn '${ADMIN}'`);
    expect(f.remediation).toContain(`id = "api-role/${ADMIN}"`);
    expect(f.remediation).toContain('will NOT detach');
  });

  it('says apply will detach when attachments are declared exclusive', () => {
    const [f] = compareInventories(...roleCase({ exclusiveAttachments: true }, { attachedPolicyArns: [BASIC, ADMIN] }));
    expect(f.remediation).toMatch(/^terraform apply will detach .*AdministratorAccess: the role's attachments are declared exclusive/);
  });

  it('gives the import id function/statement for a console invoke permission', () => {
    const [f] = compareInventories(
      ...fnCase(
        {},
        {
          policies: {
            '': lambdaPolicy([
              EVENTS_PERMISSION,
              { statementId: 'S3', action: 'lambda:InvokeFunction', principal: 's3.amazonaws.com', sourceAccount: ACCOUNT },
            ]),
          },
        },
      ),
    );
    expect(f.remediation).toContain(`aws lambda remove-permission --function-name 'api' --statement-id 'S3' --region ${REGION}`);
    expect(f.remediation).toContain('import {\n  to = aws_lambda_permission.<name>\n  id = "api/S3"\n}');
  });

  it('fills the CloudTrail query: IAM in us-east-1 by role name, Lambda in the function region by function name', () => {
    const findings = compareInventories(...roleCase({}, { attachedPolicyArns: [BASIC, ADMIN] }));
    expect(findings[0].attributionQuery).toEqual({
      eventSource: 'iam.amazonaws.com',
      eventNames: ['AttachRolePolicy'],
      resourceName: 'api-role',
      region: 'us-east-1',
      item: { policyArn: ADMIN },
    });
    const [fn] = compareInventories(...fnCase({}, { policies: { '': null } }));
    expect(fn.attributionQuery).toEqual({
      eventSource: 'lambda.amazonaws.com',
      eventNames: ['RemovePermission'],
      resourceName: 'api',
      region: REGION,
      item: { statementId: 'AllowEvents' },
    });
    const [pol] = compareInventories(expectedInventory(), liveInventory({ customerPolicies: new Map([[POLICY_ARN, 'missing']]) }));
    expect(pol.attributionQuery.resourceName).toBe(POLICY_ARN);
  });

  it('sorts by severity, then code, then address, whatever the input order', () => {
    const other = expectedRole({ name: 'b-role', address: 'aws_iam_role.b', arn: 'arn:aws:iam::000000000000:role/b-role' });
    const e = expectedInventory({ roles: [expectedRole(), other] });
    const l = liveInventory({
      roles: new Map([
        ['api-role', liveRole({ attachedPolicyArns: [ADMIN], description: 'x', tags: {}, maxSessionDuration: 7200, roleId: 'AROAOTHER' })],
        ['b-role', liveRole({ name: 'b-role', arn: other.arn!, description: 'y' })],
      ]),
    });
    const findings = compareInventories(e, l);
    expect(findings.map((f) => `${f.severity}:${f.code}:${f.resource.address}`)).toEqual([
      'critical:MANAGED_POLICY_ATTACHED_OUTSIDE_TERRAFORM:module.api.aws_iam_role.exec',
      'high:ROLE_RECREATED:module.api.aws_iam_role.exec',
      'medium:MANAGED_POLICY_DETACHED:module.api.aws_iam_role_policy_attachment.basic',
      'low:DESCRIPTION_CHANGED:aws_iam_role.b',
      'low:DESCRIPTION_CHANGED:module.api.aws_iam_role.exec',
      'low:MAX_SESSION_DURATION_CHANGED:module.api.aws_iam_role.exec',
      'low:TAGS_CHANGED:module.api.aws_iam_role.exec',
    ]);
    expect(compareInventories({ ...e, roles: [...e.roles].reverse() }, l)).toEqual(findings);
  });

  it('shows a trust change as statement paths with expected and actual values', () => {
    const [f] = compareInventories(
      ...roleCase(
        {},
        {
          assumeRolePolicyDocument: iamEncode({
            ...TRUST,
            Statement: [{ ...TRUST.Statement[0], Principal: { Service: 'ec2.amazonaws.com' } }],
          }),
        },
      ),
    );
    expect(f.differences).toEqual([
      {
        path: 'AssumeRolePolicyDocument.Statement[0].Principal.Service',
        expected: 'lambda.amazonaws.com',
        actual: 'ec2.amazonaws.com',
        type: 'NOT_EQUAL',
      },
    ]);
  });
});

describe('IAM region by partition', () => {
  it('maps each partition to the region IAM and its CloudTrail events live in', () => {
    expect(['aws', 'aws-cn', 'aws-us-gov'].map(iamRegionFor)).toEqual(['us-east-1', 'cn-north-1', 'us-gov-west-1']);
    expect(['eu-west-1', 'cn-northwest-1', 'us-gov-east-1'].map(partitionForRegion)).toEqual(['aws', 'aws-cn', 'aws-us-gov']);
  });

  it('attributes IAM findings of an aws-cn state in cn-north-1, not us-east-1', () => {
    const cn = (arn: string) => arn.replace(/^arn:aws:/, 'arn:aws-cn:');
    const [, l] = roleCase({ arn: cn(ROLE_ARN) }, { arn: cn(ROLE_ARN), attachedPolicyArns: [BASIC, ADMIN] });
    const findings = compareInventories(
      expectedInventory({ roles: [expectedRole({ arn: cn(ROLE_ARN) })], functions: [], customerPolicies: [] }),
      l,
    );
    expect(findings.map((f) => f.attributionQuery.region)).toEqual(['cn-north-1']);
  });

  it("calls IAM in the partition's region", async () => {
    const gov = new AwsClients({ region: 'us-gov-east-1' });
    const cn = new AwsClients({ region: 'us-east-1', partition: 'aws-cn' });
    try {
      expect([gov.iamRegion, cn.iamRegion]).toEqual(['us-gov-west-1', 'cn-north-1']);
      expect(await gov.iam().config.region()).toBe('us-gov-west-1');
      expect(await cn.iam().config.region()).toBe('cn-north-1');
    } finally {
      gov.destroy();
      cn.destroy();
    }
  });
});
