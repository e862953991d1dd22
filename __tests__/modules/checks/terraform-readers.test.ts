/**
 * The Terraform readers behind `lambda-roles check` (and the Aspect): a Terraform JSON configuration follows
 * references to plain arguments and to data "aws_iam_policy_document", decodes ${jsonencode(...)} literals and
 * skips what is known only at apply; plan JSON reads planned_values (root and child modules) and fills a policy
 * the plan does not know from its planned policy document. Every reader result goes through the same runner.
 */
import { jsonencodeArgument, parseHclLiteral } from '../../../modules/checks/terraform/hcl-literal';
import { readTerraformJson } from '../../../modules/checks/terraform/terraform-json';
import { readPlanJson, isTerraformShowJson } from '../../../modules/checks/terraform/plan-json';
import { runChecks } from '../../../modules/checks/runner';
import type { CheckInput } from '../../../modules/checks/terraform/check-input';

const brief = (input: CheckInput) =>
  runChecks(input.entries, undefined, { declared: input.declared }).findings.map((f) =>
    `${f.checkId} ${f.path} ${f.appliesTo ?? ''}`.trim(),
  );

describe('parseHclLiteral: the literal part of an HCL expression', () => {
  test('objects (= or :, comma or newline separated), tuples, strings with escapes, numbers, booleans, null', () => {
    expect(parseHclLiteral('{"a" = [1, 2.5, -3e2], b: true\n  c = null, "d" = "x\\"y\\u0041"}')).toEqual({
      a: [1, 2.5, -300],
      b: true,
      c: null,
      d: 'x"yA',
    });
  });

  test('references, calls and interpolations become ${...} strings (unknown), the rest stays literal', () => {
    expect(
      parseHclLiteral('{"Resource" = [aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*", format("%s", var.x)], "Action" = "s3:GetObject"}'),
    ).toEqual({
      Resource: ['${aws_s3_bucket.b.arn}', '${aws_s3_bucket.b.arn}/*', '${format("%s", var.x)}'],
      Action: 's3:GetObject',
    });
  });

  test('only a whole ${jsonencode(...)} is decoded; malformed input is unknown, not an error', () => {
    expect(jsonencodeArgument('${jsonencode({"a" = 1})}')).toEqual({ a: 1 });
    expect(jsonencodeArgument('${jsonencode({"a" = 1})}${var.x}')).toBeUndefined();
    expect(jsonencodeArgument('{"a": 1}')).toBeUndefined();
    expect(parseHclLiteral('{"a" = ')).toBeUndefined();
    expect(parseHclLiteral('{"${var.k}" = 1}')).toBeUndefined();
  });
});

describe('readTerraformJson: a hand-written *.tf.json', () => {
  const doc = {
    data: {
      aws_iam_policy_document: {
        trust: { statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers: ['*'] }] }] },
        extra: { statement: { sid: 'All', actions: ['ec2:*'], resources: ['*'] } },
      },
    },
    resource: {
      aws_iam_role: { app: { name: 'app-role', assume_role_policy: '${data.aws_iam_policy_document.trust.json}' } },
      aws_iam_role_policy: {
        inline: {
          name: 'inline',
          role: '${aws_iam_role.app.id}',
          policy:
            '${jsonencode({\n  Version = "2012-10-17"\n  Statement = [{ Effect = "Allow", Action = ["s3:*"], Resource = [aws_s3_bucket.b.arn] }]\n})}',
        },
        from_doc: { name: 'from-doc', role: 'app-role', policy: '${data.aws_iam_policy_document.extra.minified_json}' },
        templated: { name: 'templated', role: 'app-role', policy: '${templatefile("p.json", {})}' },
      },
      aws_iam_role_policy_attachment: {
        admin: { role: '${aws_iam_role.app.name}', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      },
    },
    module: { other: { source: './other' } },
  };

  test('follows references to policy documents and plain arguments, decodes jsonencode, and names what it could not judge', () => {
    const input = readTerraformJson(doc);
    // Order aside (the runner sorts by path with localeCompare):
    expect([...brief(input)].sort()).toEqual(
      [
        'LR-IAM-ADMIN-MANAGED-POLICY aws_iam_role_policy_attachment.admin Policy::AdministratorAccess',
        'LR-IAM-TRUST-ANY-PRINCIPAL aws_iam_role.app Principal::AWS:*',
        'LR-IAM-TRUST-WITHOUT-CONDITION aws_iam_role.app Principal::AWS:*',
        'LR-IAM-WILDCARD-ACTION aws_iam_role_policy.from_doc Action::ec2:*',
        'LR-IAM-WILDCARD-RESOURCE aws_iam_role_policy.from_doc Resource::*',
        'LR-IAM-WILDCARD-ACTION aws_iam_role_policy.inline Action::s3:*',
      ].sort(),
    );
    // The attachment names the role by its literal name, followed through the reference.
    expect(input.entries.find((e) => e.subject.kind === 'managed-policy-attachment')?.subject).toMatchObject({ roleName: 'app-role' });
    expect(input.notChecked.map((n) => n.path)).toEqual(['aws_iam_role_policy.templated', 'module.other']);
  });

  test('a suppression in the //"lambda-roles" comment applies to resources at or below its path, as at synth', () => {
    const synthesized = {
      '//': { 'lambda-roles': { suppressions: [{ at: 'stack/fn', id: 'LR-IAM-WILDCARD-ACTION', reason: 'bucket sync, SEC-1' }] } },
      resource: {
        aws_iam_policy: {
          a: {
            '//': { metadata: { path: 'stack/fn/policy' } },
            name: 'a',
            policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }] }),
          },
          b: {
            '//': { metadata: { path: 'stack/fn2/policy' } },
            name: 'b',
            policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }] }),
          },
        },
      },
    };
    const input = readTerraformJson(synthesized);
    const report = runChecks(input.entries, undefined, { declared: input.declared });
    expect(report.suppressed.map((s) => s.finding.path)).toEqual(['stack/fn/policy']);
    expect(report.errors.map((f) => f.path)).toEqual(['stack/fn2/policy']);
  });
});

describe('readPlanJson: terraform show -json', () => {
  const policy = (action: string) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: 'arn:aws:s3:::b/*' }] });
  const plan = {
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [
          {
            address: 'aws_iam_policy.root',
            mode: 'managed',
            type: 'aws_iam_policy',
            name: 'root',
            values: { name: 'root', policy: policy('s3:*') },
          },
        ],
        child_modules: [
          {
            address: 'module.svc["a"]',
            resources: [
              {
                address: 'module.svc["a"].aws_iam_role_policy.dl[0]',
                mode: 'managed',
                type: 'aws_iam_role_policy',
                name: 'dl',
                index: 0,
                values: { name: 'dl' },
              },
              {
                address: 'module.svc["a"].data.aws_iam_policy_document.dl[0]',
                mode: 'data',
                type: 'aws_iam_policy_document',
                name: 'dl',
                index: 0,
                values: { statement: [{ actions: ['sqs:*'], resources: [null], effect: 'Allow', principals: [], condition: [] }] },
              },
              {
                address: 'module.svc["a"].aws_iam_policy.unknown',
                mode: 'managed',
                type: 'aws_iam_policy',
                name: 'unknown',
                values: { name: 'unknown' },
              },
            ],
          },
        ],
      },
    },
    configuration: {
      root_module: {
        module_calls: {
          svc: {
            module: {
              resources: [
                {
                  address: 'aws_iam_role_policy.dl',
                  expressions: {
                    policy: { references: ['data.aws_iam_policy_document.dl[0].json', 'data.aws_iam_policy_document.dl[0]'] },
                  },
                },
                { address: 'aws_iam_policy.unknown', expressions: { policy: { references: ['aws_s3_bucket.b.arn'] } } },
              ],
            },
          },
        },
      },
    },
  };

  test('reads root and child modules; a policy unknown at plan is read from its planned policy document, other unknowns are listed', () => {
    expect(isTerraformShowJson(plan)).toBe(true);
    const input = readPlanJson(plan);
    expect(input.source).toBe('plan');
    expect(brief(input)).toEqual([
      'LR-IAM-WILDCARD-ACTION aws_iam_policy.root Action::s3:*',
      'LR-IAM-WILDCARD-ACTION module.svc["a"].aws_iam_role_policy.dl[0] Action::sqs:*',
    ]);
    expect(input.notChecked).toEqual([
      { path: 'module.svc["a"].aws_iam_policy.unknown', what: expect.stringContaining('not known until apply') as unknown },
    ]);
  });

  test('a state (values instead of planned_values) is read the same way; suppressions scope by address, module or index-free resource', () => {
    // A state knows every value: the dead-letter policy is there as JSON.
    const [child] = plan.planned_values.root_module.child_modules;
    const withPolicy = child.resources.map((r) =>
      r.name === 'dl' && r.mode === 'managed' ? { ...r, values: { name: 'dl', policy: policy('sqs:*') } } : r,
    );
    const state = {
      format_version: '1.0',
      values: { root_module: { ...plan.planned_values.root_module, child_modules: [{ ...child, resources: withPolicy }] } },
    };
    const suppression = { id: 'LR-IAM-WILDCARD-ACTION', reason: 'dead letters fan out, SEC-7' };
    const input = readPlanJson(state, [{ at: 'module.svc', suppression }]);
    expect(input.source).toBe('state');
    const report = runChecks(input.entries, undefined, { declared: input.declared });
    expect(report.suppressed.map((s) => s.finding.path)).toEqual(['module.svc["a"].aws_iam_role_policy.dl[0]']);
    expect(report.errors.map((f) => f.path)).toEqual(['aws_iam_policy.root']);
    const byResource = readPlanJson(state, [{ at: 'aws_iam_policy.root', suppression }]);
    expect(runChecks(byResource.entries, undefined, { declared: byResource.declared }).suppressed.map((s) => s.finding.path)).toEqual([
      'aws_iam_policy.root',
    ]);
  });

  test('a configuration or definition is not show JSON', () => {
    expect(isTerraformShowJson({ resource: {} })).toBe(false);
    expect(isTerraformShowJson({ name: 'stack', functions: [] })).toBe(false);
    expect(isTerraformShowJson({ format_version: '1.2' })).toBe(false);
  });
});
