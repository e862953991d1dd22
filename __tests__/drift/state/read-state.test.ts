/**
 * The state reader: tfstate v4 from a real plain-HCL apply (modules with for_each, count, the role's
 * inline arguments, separate and exclusive resources, a data source) and a state with aws_iam_policy_attachment.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeInventories, parseTerraformState, readStateFile } from '../../../drift/state/read-state';
import type { ExpectedInventory } from '../../../drift/model';

const FIXTURES = join(__dirname, '..', 'fixtures');
const PLAIN_HCL = join(FIXTURES, 'plain-hcl.tfstate.json');
const POLICY_ATTACHMENT = join(FIXTURES, 'policy-attachment.tfstate.json');
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

const role = (inv: ExpectedInventory, name: string) => {
  const r = inv.roles.find((x) => x.name === name);
  if (!r) throw new Error(`no role ${name} in ${inv.roles.map((x) => x.name).join(', ')}`);
  return r;
};

describe('parseTerraformState: a real plain-HCL state', () => {
  const inv = readStateFile(PLAIN_HCL);

  it('builds module/for_each and count addresses', () => {
    expect(role(inv, 'svc-orders').address).toBe('module.svc["orders"].aws_iam_role.this');
    expect(role(inv, 'worker-1').address).toBe('aws_iam_role.worker[1]');
    expect(role(inv, 'svc-billing').managedPolicies).toEqual({ [BASIC]: 'module.svc["billing"].aws_iam_role_policy_attachment.basic' });
  });

  it('reads the role attributes: unique_id, path, parsed trust policy, description, duration, tags_all', () => {
    const r = role(inv, 'svc-orders');
    expect(r.roleId).toMatch(/^AROA/);
    expect(r.arn).toBe('arn:aws:iam::000000000000:role/svc-orders');
    expect(r.path).toBe('/');
    expect(r.trustPolicy).toMatchObject({ Statement: [{ Principal: { Service: 'lambda.amazonaws.com' } }] });
    expect(r.description).toBe('Execution role of orders');
    expect(r.maxSessionDuration).toBe(7200);
    // tags_all includes the provider's default_tags: that is what the live role carries.
    expect(r.tags).toEqual({ owner: 'platform', service: 'orders' });
    expect(r.permissionsBoundary).toBeUndefined();
    expect(r.source).toBe(PLAIN_HCL);
  });

  it('uses the computed lists of a role that has no separate policy resources (argument style in a mixed state), and warns', () => {
    // worker-* declare managed_policy_arns / inline_policy on the role itself, next to svc-* roles that use
    // separate resources. Per role, so the workers' declared policies are not reported as console additions.
    const worker = role(inv, 'worker-0');
    expect(worker.managedPolicies).toEqual({ [BASIC]: 'aws_iam_role.worker[0]' });
    expect(Object.keys(worker.inlinePolicies)).toEqual(['queue']);
    expect(worker.exclusiveAttachments).toBe(false);
    // One warning per role, naming it, so a report can count what it could not verify.
    expect(inv.warnings).toEqual(
      ['worker-0', 'worker-1'].map((name, i) => ({
        code: 'POLICIES_FROM_ROLE_ARGUMENTS',
        resource: `aws_iam_role.worker[${i}]`,
        source: PLAIN_HCL,
        message: expect.stringMatching(new RegExp(`^role ${name} declares its policies with aws_iam_role's managed_policy_arns`)),
      })),
    );
  });

  it('unions attachment and exclusive resources and marks exclusivity', () => {
    const orders = role(inv, 'svc-orders');
    expect(orders.managedPolicies).toEqual({
      [BASIC]: 'module.svc["orders"].aws_iam_role_policy_attachment.basic',
      'arn:aws:iam::000000000000:policy/reports-read': 'aws_iam_role_policy_attachments_exclusive.orders',
    });
    expect(orders.exclusiveAttachments).toBe(true);
    expect(orders.exclusiveInlinePolicies).toBe(true);
    expect(orders.inlinePolicies.tables.address).toBe('module.svc["orders"].aws_iam_role_policy.tables');
    expect(orders.inlinePolicies.tables.document).toMatchObject({ Statement: [{ Action: ['dynamodb:GetItem', 'dynamodb:PutItem'] }] });
    expect(role(inv, 'svc-billing').exclusiveAttachments).toBe(false);
  });

  it('reads the function (region from its ARN) and permissions naming it by ARN or by name', () => {
    expect(inv.functions).toHaveLength(1);
    const fn = inv.functions[0];
    expect(fn).toMatchObject({
      name: 'orders',
      region: 'eu-west-1',
      address: 'aws_lambda_function.orders',
      roleArn: 'arn:aws:iam::000000000000:role/svc-orders',
    });
    const byAddress = Object.fromEntries(fn.permissions.map((p) => [p.address, p.permission]));
    expect(byAddress['aws_lambda_permission.from_events']).toEqual({
      statementId: 'AllowEvents',
      action: 'lambda:InvokeFunction',
      principal: 'events.amazonaws.com',
      sourceArn: 'arn:aws:events:eu-west-1:000000000000:rule/nightly',
    });
    expect(byAddress['aws_lambda_permission.from_partner']).toMatchObject({
      statementId: 'AllowPartner',
      principal: 'arn:aws:iam::111111111111:root',
    });
  });

  it('reads customer managed policies and skips data sources', () => {
    expect(inv.customerPolicies).toEqual([
      expect.objectContaining({
        arn: 'arn:aws:iam::000000000000:policy/reports-read',
        name: 'reports-read',
        address: 'aws_iam_policy.reports',
      }),
    ]);
    expect(inv.roles.map((r) => r.name).sort()).toEqual(['svc-billing', 'svc-orders', 'worker-0', 'worker-1']);
  });
});

describe("parseTerraformState: the role's computed policy lists", () => {
  const roleResource = (name: string, extra: Record<string, unknown>) => ({
    mode: 'managed',
    type: 'aws_iam_role',
    name,
    instances: [
      {
        attributes: {
          name,
          arn: `arn:aws:iam::000000000000:role/${name}`,
          assume_role_policy: '{"Version":"2012-10-17","Statement":[]}',
          ...extra,
        },
      },
    ],
  });
  const CONSOLE_INLINE = {
    inline_policy: [
      { name: 'console-added', policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' },
    ],
    managed_policy_arns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
  };

  it('a role with an attachment resource declares all its policies that way: a refreshed console inline policy stays drift', () => {
    // Our constructs always attach basic logging, so a role without `statements` is exactly this case.
    const inv = parseTerraformState(
      JSON.stringify({
        version: 4,
        resources: [
          roleResource('refreshed', CONSOLE_INLINE),
          {
            mode: 'managed',
            type: 'aws_iam_role_policy_attachment',
            name: 'basic',
            instances: [{ attributes: { role: 'refreshed', policy_arn: BASIC } }],
          },
        ],
      }),
      'separate.tfstate',
    );
    expect(role(inv, 'refreshed').managedPolicies).toEqual({ [BASIC]: 'aws_iam_role_policy_attachment.basic' });
    expect(role(inv, 'refreshed').inlinePolicies).toEqual({});
    expect(inv.warnings).toEqual([]);
  });

  it('falls back to the computed lists only for a role with no separate resources, and warns that they are refreshed from AWS', () => {
    const inv = parseTerraformState(
      JSON.stringify({ version: 4, resources: [roleResource('inline-style', CONSOLE_INLINE)] }),
      'inline.tfstate',
    );
    expect(role(inv, 'inline-style').managedPolicies).toEqual({
      'arn:aws:iam::aws:policy/AdministratorAccess': 'aws_iam_role.inline-style',
    });
    expect(Object.keys(role(inv, 'inline-style').inlinePolicies)).toEqual(['console-added']);
    expect(inv.warnings).toEqual([
      {
        code: 'POLICIES_FROM_ROLE_ARGUMENTS',
        resource: 'aws_iam_role.inline-style',
        source: 'inline.tfstate',
        message: expect.stringMatching(
          /^role inline-style declares its policies with aws_iam_role's managed_policy_arns \/ inline_policy \(no separate policy resource\), which Terraform refreshes from AWS on every apply/,
        ),
      },
    ]);
  });

  it('warns that an inline policy whose document the state does not record is not verified', () => {
    const inv = parseTerraformState(
      JSON.stringify({
        version: 4,
        resources: [
          roleResource('r', {}),
          {
            mode: 'managed',
            type: 'aws_iam_role_policies_exclusive',
            name: 'x',
            instances: [{ attributes: { role_name: 'r', policy_names: ['unknown-doc'] } }],
          },
        ],
      }),
      'doc.tfstate',
    );
    expect(role(inv, 'r').inlinePolicies['unknown-doc']).toEqual({ address: 'aws_iam_role_policies_exclusive.x', document: undefined });
    expect(inv.warnings).toEqual([
      {
        code: 'DOCUMENT_NOT_IN_STATE',
        resource: 'aws_iam_role_policies_exclusive.x',
        source: 'doc.tfstate',
        message:
          'aws_iam_role_policies_exclusive.x declares inline policy "unknown-doc" of role r, but the state records no document for it: only its presence is checked, its content is not verified.',
      },
    ]);
  });
});

describe('parseTerraformState: aws_iam_policy_attachment in a module', () => {
  const inv = readStateFile(POLICY_ATTACHMENT);
  const ATTACHMENT = 'module.shared.aws_iam_policy_attachment.readers[0]';

  it('attaches the policy to every role it lists, with the count-indexed module address', () => {
    expect(role(inv, 'app-a').managedPolicies).toEqual({ 'arn:aws:iam::aws:policy/ReadOnlyAccess': ATTACHMENT });
    expect(role(inv, 'app-b').managedPolicies).toEqual({ 'arn:aws:iam::aws:policy/ReadOnlyAccess': ATTACHMENT });
  });

  it("ignores the role's refreshed managed_policy_arns (console extras) once an attachment resource references it", () => {
    expect(role(inv, 'app-a').managedPolicies).not.toHaveProperty(['arn:aws:iam::aws:policy/AdministratorAccess']);
  });

  it('keeps a role only attached to, addressed by the attachment, without role attributes', () => {
    const legacy = role(inv, 'legacy-role');
    expect(legacy.address).toBe(ATTACHMENT);
    expect(legacy.trustPolicy).toBeUndefined();
    expect(legacy.arn).toBeUndefined();
  });

  it('uses for_each string keys, the path, the boundary, and ignores the empty inline_policy block', () => {
    const a = role(inv, 'app-a');
    expect(a.address).toBe('aws_iam_role.app["a"]');
    expect(a.path).toBe('/apps/');
    expect(a.permissionsBoundary).toBe('arn:aws:iam::000000000000:policy/boundary');
    expect(a.inlinePolicies).toEqual({});
    expect(role(inv, 'app-b').tags).toEqual({ team: 'web', env: 'prod' });
  });

  it('skips data sources', () => {
    expect(inv.roles.find((r) => r.name === 'data-only-role')).toBeUndefined();
  });
});

describe('mergeInventories', () => {
  it('lets the owning state supply role attributes and unions policies across states', () => {
    const owner = parseTerraformState(readFileSync(POLICY_ATTACHMENT, 'utf8'), 'stack owner');
    const attacher = parseTerraformState(
      JSON.stringify({
        version: 4,
        resources: [
          {
            mode: 'managed',
            type: 'aws_iam_role_policy_attachment',
            name: 'extra',
            instances: [{ attributes: { role: 'app-b', policy_arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' } }],
          },
          {
            mode: 'managed',
            type: 'aws_iam_role_policy_attachments_exclusive',
            name: 'b',
            instances: [{ attributes: { role_name: 'app-b', policy_arns: [] } }],
          },
        ],
      }),
      'stack attacher',
    );
    const merged = mergeInventories([attacher, owner]);
    const b = role(merged, 'app-b');
    expect(b.address).toBe('aws_iam_role.app["b"]');
    expect(b.source).toBe('stack owner');
    expect(Object.keys(b.managedPolicies).sort()).toEqual([
      'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    ]);
    expect(b.exclusiveAttachments).toBe(true);
    expect(merged.sources).toEqual(['stack attacher', 'stack owner']);
    expect(merged.roles.filter((r) => r.name === 'app-b')).toHaveLength(1);
  });

  it('merges permissions of one function declared in two states', () => {
    const perm = (sid: string, fn: string) => ({
      mode: 'managed',
      type: 'aws_lambda_permission',
      name: sid,
      instances: [
        { attributes: { statement_id: sid, function_name: fn, principal: 'sns.amazonaws.com', action: 'lambda:InvokeFunction' } },
      ],
    });
    const a = parseTerraformState(
      JSON.stringify({ version: 4, resources: [perm('A', 'arn:aws:lambda:us-west-2:000000000000:function:f')] }),
      'a',
    );
    const b = parseTerraformState(
      JSON.stringify({ version: 4, resources: [perm('B', 'arn:aws:lambda:us-west-2:000000000000:function:f')] }),
      'b',
    );
    const merged = mergeInventories([a, b]);
    expect(merged.functions).toHaveLength(1);
    expect(merged.functions[0]).toMatchObject({ name: 'f', region: 'us-west-2' });
    expect(merged.functions[0].permissions.map((p) => p.permission.statementId)).toEqual(['A', 'B']);
  });

  it('dedupes permissions by (qualifier, statement id) when two inputs declare the same one (a stack and its own state file)', () => {
    const perm = (sid: string, qualifier?: string) => ({
      mode: 'managed',
      type: 'aws_lambda_permission',
      name: `${sid}${qualifier ?? ''}`,
      instances: [
        {
          attributes: {
            statement_id: sid,
            function_name: 'arn:aws:lambda:us-west-2:000000000000:function:f',
            principal: 'sns.amazonaws.com',
            action: 'lambda:InvokeFunction',
            ...(qualifier ? { qualifier } : {}),
          },
        },
      ],
    });
    const state = JSON.stringify({ version: 4, resources: [perm('A'), perm('A', 'live')] });
    const merged = mergeInventories([parseTerraformState(state, 'stack s'), parseTerraformState(state, 's.tfstate')]);
    expect(merged.functions).toHaveLength(1);
    expect(merged.functions[0].permissions.map((p) => `${p.permission.qualifier ?? ''}/${p.permission.statementId}`)).toEqual([
      '/A',
      'live/A',
    ]);
  });
});

describe('state reader errors name the file, the value and the fix', () => {
  it.each([
    ['invalid JSON', '{"version": 4,', /bad\.json: not a Terraform state file: invalid JSON .*terraform state pull/],
    ['an old state version', '{"version": 3, "modules": []}', /bad\.json: unsupported Terraform state version 3; expected version 4/],
    ['resources that are not an array', '{"version": 4, "resources": {}}', /bad\.json: "resources" must be an array/],
    [
      'an unparseable policy',
      JSON.stringify({
        version: 4,
        resources: [
          {
            mode: 'managed',
            type: 'aws_iam_role_policy',
            name: 'p',
            instances: [{ attributes: { role: 'r', name: 'n', policy: '{not json' } }],
          },
        ],
      }),
      /bad\.json: aws_iam_role_policy\.p\.policy: not a JSON policy document/,
    ],
  ])('rejects %s', (_what, text, message) => {
    expect(() => parseTerraformState(text, 'bad.json')).toThrow(message);
  });

  it('names a missing file and says what to pass', () => {
    expect(() => readStateFile('/nonexistent/state.json')).toThrow(
      /state file \/nonexistent\/state\.json: cannot read it \(ENOENT\)\. Pass the path of a tfstate file/,
    );
  });

  it('takes the region for permissions naming their function by plain name from the caller or the environment when state has no function ARN', () => {
    const inv = parseTerraformState(
      JSON.stringify({
        version: 4,
        resources: [
          {
            mode: 'managed',
            type: 'aws_lambda_permission',
            name: 'p',
            instances: [{ attributes: { statement_id: 'S', function_name: 'lonely', principal: 's3.amazonaws.com' } }],
          },
        ],
      }),
      'x',
    );
    expect(inv.functions[0].region).toBe(process.env.AWS_REGION ?? 'us-east-1');
    expect(inv.functions[0].address).toBeUndefined();
    const withDefault = parseTerraformState(
      JSON.stringify({
        version: 4,
        resources: [
          {
            mode: 'managed',
            type: 'aws_lambda_permission',
            name: 'p',
            instances: [{ attributes: { statement_id: 'S', function_name: 'lonely', principal: 's3.amazonaws.com' } }],
          },
        ],
      }),
      'x',
      { defaultRegion: 'ap-south-1' },
    );
    expect(withDefault.functions[0].region).toBe('ap-south-1');
  });
});
