/**
 * States written by AWS provider 6.x (fixtures/provider-6.tfstate.json, written from the 6.x schemas of the
 * resource types the drift check reads: the attributes of @cdktf/provider-aws 21.x (AWS 6.25) and
 * @cdktn/provider-aws 25.x (AWS 6.66), Terraform 1.12's resource identities per the provider's
 * @IdentityAttribute annotations). What 6.x changed for them: Lambda resources carry `region` (optional,
 * computed: the provider's region unless set), so one state holds one function name in two regions without a
 * provider alias; aws_lambda_permission gained `invoked_via_function_url`; IAM resources are global and
 * unchanged; instances carry `identity`. The per-resource region decides where each function is read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTerraformState } from '../../../drift/state/read-state';
import { compareFunction } from '../../../drift/compare/compare-function';
import { permissionsFromResourcePolicy } from '../../../drift/normalize/lambda-permission';
import type { ExpectedInventory, LiveFunction } from '../../../drift/model';

const FIXTURE = join(__dirname, 'fixtures', 'provider-6.tfstate.json');
const TEXT = readFileSync(FIXTURE, 'utf8');
const A = '000000000000';
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

type State = { resources: { type: string; name: string; instances: { attributes: Record<string, unknown> }[] }[] };
/** The fixture with `edit` applied to its JSON. */
function edited(edit: (s: State) => void): string {
  const s = JSON.parse(TEXT) as State;
  edit(s);
  return JSON.stringify(s);
}
const attributesOf = (s: State, name: string) => s.resources.find((r) => r.name === name)!.instances[0].attributes;
const byKey = (inv: ExpectedInventory) => Object.fromEntries(inv.functions.map((f) => [`${f.region}/${f.name}`, f]));

describe('a state written by AWS provider 6.x', () => {
  const inv = parseTerraformState(TEXT, 'provider-6.tfstate', { defaultRegion: 'us-east-1' });

  it('puts each function where its region attribute says: one name in two regions is two functions, each with its own permission', () => {
    const fns = byKey(inv);
    expect(Object.keys(fns).sort()).toEqual(['ap-southeast-2/reports', 'eu-west-1/router', 'us-east-1/router']);
    expect(fns['us-east-1/router']).toMatchObject({
      address: 'aws_lambda_function.router_us',
      arn: `arn:aws:lambda:us-east-1:${A}:function:router`,
    });
    expect(fns['eu-west-1/router']).toMatchObject({
      address: 'aws_lambda_function.router_eu',
      arn: `arn:aws:lambda:eu-west-1:${A}:function:router`,
    });
    // The permissions name the function by plain name: only their region attribute tells the two apart.
    expect(fns['us-east-1/router'].permissions.map((p) => [p.address, p.permission.sourceArn])).toEqual([
      ['aws_lambda_permission.router_us_api', `arn:aws:execute-api:us-east-1:${A}:abc123/*`],
    ]);
    expect(fns['eu-west-1/router'].permissions.map((p) => [p.address, p.permission.sourceArn])).toEqual([
      ['aws_lambda_permission.router_eu_api', `arn:aws:execute-api:eu-west-1:${A}:def456/*`],
    ]);
  });

  it('a function owned elsewhere is read in its permissions’ region, over the run’s default region', () => {
    const reports = byKey(inv)['ap-southeast-2/reports'];
    expect(reports.address).toBeUndefined();
    expect(reports.permissions.map((p) => p.address)).toEqual([
      'aws_lambda_permission.reports_url',
      'aws_lambda_permission.reports_url_call',
    ]);
  });

  it('reads invoked_via_function_url (6.x) as the Bool condition it writes; false is no condition', () => {
    const perms = byKey(inv)['ap-southeast-2/reports'].permissions.map((p) => p.permission);
    expect(perms[0]).toEqual({
      statementId: 'AllowFunctionUrl-partners',
      action: 'lambda:InvokeFunction',
      principal: 'arn:aws:iam::111111111111:root',
      invokedViaFunctionUrl: 'true',
    });
    expect(perms[1]).toEqual({
      statementId: 'AllowFunctionUrlCall-partners',
      action: 'lambda:InvokeFunctionUrl',
      principal: 'arn:aws:iam::111111111111:root',
      functionUrlAuthType: 'AWS_IAM',
    });
  });

  it('reads the global IAM resources as before: the role, its attachment, inline policy and exclusive attachments (identities ignored)', () => {
    expect(inv.roles).toHaveLength(1);
    expect(inv.roles[0]).toMatchObject({
      name: 'router-exec',
      owned: true,
      managedPolicies: { [BASIC]: 'aws_iam_role_policy_attachment.router_basic' },
      exclusiveAttachments: true,
      exclusiveAttachmentsAddress: 'aws_iam_role_policy_attachments_exclusive.router',
    });
    expect(Object.keys(inv.roles[0].inlinePolicies)).toEqual(['inline-least-privilege']);
    expect(inv.partition).toBe('aws');
    expect(inv.accountsBySource).toEqual({ 'provider-6.tfstate': [A] });
  });

  it('without the region attribute (a 5.x-shaped state) the two permissions by plain name land on one function: the attribute is what tells them apart', () => {
    const text = edited((s) => {
      for (const r of s.resources) if (r.type.startsWith('aws_lambda_')) delete r.instances[0].attributes.region;
    });
    const fns = byKey(parseTerraformState(text, 'five', { defaultRegion: 'us-east-1' }));
    const withPermissions = Object.values(fns).filter((f) => f.name === 'router' && f.permissions.length);
    expect(withPermissions).toHaveLength(1);
    expect(withPermissions[0].permissions).toHaveLength(2);
  });

  it('a region attribute that is no region is a damaged state: one error naming the address, the attribute and the value', () => {
    const text = edited((s) => (attributesOf(s, 'router_eu_api').region = 'Europe'));
    expect(() => parseTerraformState(text, 'damaged.tfstate')).toThrow(
      /^damaged\.tfstate: aws_lambda_permission\.router_eu_api\.region is the string "Europe", expected an AWS region such as "eu-west-1"/,
    );
  });

  it('the comparer sees the condition: removed in the console it is a finding, present on both sides it is in sync', () => {
    const reports = byKey(inv)['ap-southeast-2/reports'];
    const expected = { ...reports, permissions: reports.permissions.slice(0, 1) };
    const statement = (condition: Record<string, unknown> | undefined) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowFunctionUrl-partners',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111111111111:root' },
            Action: 'lambda:InvokeFunction',
            Resource: `arn:aws:lambda:ap-southeast-2:${A}:function:reports`,
            ...(condition ? { Condition: condition } : {}),
          },
        ],
      });
    const live = (policy: string): LiveFunction => ({
      name: 'reports',
      arn: `arn:aws:lambda:ap-southeast-2:${A}:function:reports`,
      region: 'ap-southeast-2',
      roleArn: `arn:aws:iam::${A}:role/reports-exec`,
      policies: { '': policy },
    });
    const origin = { source: 'provider-6.tfstate', account: A };
    const inSync = statement({ Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } });
    expect(permissionsFromResourcePolicy(inSync, 'policy').get('AllowFunctionUrl-partners')?.invokedViaFunctionUrl).toBe('true');
    expect(compareFunction(expected, live(inSync), origin)).toEqual([]);
    const findings = compareFunction(expected, live(statement(undefined)), origin);
    expect(findings.map((f) => f.differences.map((d) => [d.path, d.expected, d.actual]))).toEqual([
      [['Policy.Statement[sid=AllowFunctionUrl-partners].Condition.Bool.lambda:InvokedViaFunctionUrl', 'true', null]],
    ]);
  });
});
