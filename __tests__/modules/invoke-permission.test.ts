import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { InvokePermission, type InvokeGrant } from '../../modules/invoke-permission';
import { planInvokePermission, statementIdFor, type InvokeContext, type Invoker } from '../../modules/invokers';
import { INVOKE_STATEMENT_PATHS, type InvokePermissionFields } from '../../shared/aws/invoke-permission';
import { anyValue, resourcesOf, synthConstructs, type SynthJson } from '../helpers/synth';

const ctx: InvokeContext = { account: '111122223333', partition: 'aws' };
const fn = { functionName: 'orders' };

function grant(invoker: Invoker, context: InvokeContext = ctx): { grant: InvokeGrant; synth: string; ids: string[] } {
  let result!: InvokeGrant;
  const { synth, json } = synthConstructs((scope) => {
    result = InvokePermission.grant(scope, InvokePermission.defaultId(invoker), fn, invoker, context);
  });
  return { grant: result, synth, ids: Object.keys(resourcesOf(json, 'aws_lambda_permission')) };
}

describe('InvokePermission: service principals with a source ARN', () => {
  it.each([
    ['sns', 'sns.amazonaws.com', 'arn:aws:sns:us-east-1:111122223333:orders'],
    ['eventbridge', 'events.amazonaws.com', 'arn:aws:events:us-east-1:111122223333:rule/nightly'],
    ['api-gateway', 'apigateway.amazonaws.com', 'arn:aws:execute-api:us-east-1:111122223333:a1b2c3/prod/POST/orders'],
    ['cloudwatch-logs', 'logs.amazonaws.com', 'arn:aws:logs:us-east-1:111122223333:log-group:app:*'],
    ['iot', 'iot.amazonaws.com', 'arn:aws:iot:us-east-1:111122223333:rule/telemetry'],
    ['cognito-user-pool', 'cognito-idp.amazonaws.com', 'arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_abc'],
  ] as const)('%s → principal %s scoped by source_arn', (kind, principal, sourceArn) => {
    const { synth, grant: g } = grant({ kind, name: 'main', sourceArn });
    expect(synth).toHaveResourceWithProperties(LambdaPermission, {
      function_name: 'orders',
      action: 'lambda:InvokeFunction',
      principal,
      source_arn: sourceArn,
      statement_id: statementIdFor(kind, 'main'),
    });
    expect(g).toMatchObject({ kind, principal, sourceArn, statementId: statementIdFor(kind, 'main') });
    expect(g.sourceAccount).toBeUndefined();
  });

  it('s3 → s3.amazonaws.com with source_arn and source_account derived from the stack account', () => {
    const { synth, grant: g } = grant({ kind: 's3', name: 'uploads', sourceArn: 'arn:aws:s3:::uploads' });
    expect(synth).toHaveResourceWithProperties(LambdaPermission, {
      principal: 's3.amazonaws.com',
      source_arn: 'arn:aws:s3:::uploads',
      source_account: '111122223333',
      statement_id: 'AllowS3-uploads',
    });
    expect(g.sourceAccount).toBe('111122223333');
  });

  it('s3 with an explicit sourceAccount keeps it', () => {
    expect(grant({ kind: 's3', name: 'u', sourceArn: 'arn:aws:s3:::u', sourceAccount: '444455556666' }).grant.sourceAccount).toBe(
      '444455556666',
    );
  });

  it('s3 with no known account fails, naming sourceAccount', () => {
    expect(() => grant({ kind: 's3', name: 'u', sourceArn: 'arn:aws:s3:::u' }, { partition: 'aws' })).toThrow(
      /invoker "u" \(s3\) sourceAccount: .*S3 bucket ARNs carry no account/,
    );
  });

  it('a service principal without source ARN fails with the fix', () => {
    expect(() => grant({ kind: 'sns', name: 'topic' })).toThrow(
      /invoker "topic" \(sns\) sourceArn: .*needs a source ARN.*Fix: set sourceArn/,
    );
  });

  it('noSource with a reason creates the permission without a source and records the reason', () => {
    const { synth, grant: g } = grant({
      kind: 'eventbridge',
      name: 'any-rule',
      noSource: { reason: 'rules are created dynamically by the scheduler' },
    });
    expect(synth).toHaveResourceWithProperties(LambdaPermission, { principal: 'events.amazonaws.com' });
    expect(synth).not.toHaveResourceWithProperties(LambdaPermission, { source_arn: anyValue() });
    expect(g.noSourceReason).toBe('rules are created dynamically by the scheduler');
    expect(g.construct.checkSubjects()[0]).toMatchObject({
      kind: 'invoke-permission',
      noSourceReason: 'rules are created dynamically by the scheduler',
    });
  });

  it('rejects a source ARN of the wrong service', () => {
    expect(() => grant({ kind: 'sns', name: 't', sourceArn: 'arn:aws:sqs:us-east-1:111122223333:q' })).toThrow(
      /sourceArn: .*is not an sns ARN/,
    );
  });

  it("reads the source ARN's partition: the stack's one passes, another one or a text that is no ARN is rejected with the fix", () => {
    const cn: InvokeContext = { account: '111122223333', partition: 'aws-cn' };
    expect(grant({ kind: 'sns', name: 't', sourceArn: 'arn:aws-cn:sns:cn-north-1:111122223333:t' }, cn).grant.sourceArn).toBe(
      'arn:aws-cn:sns:cn-north-1:111122223333:t',
    );
    expect(() => grant({ kind: 'sns', name: 't', sourceArn: 'arn:aws:sns:us-east-1:111122223333:t' }, cn)).toThrow(
      /sourceArn: .*is not an sns ARN in partition aws-cn\. Fix: use an ARN like arn:aws-cn:sns:/,
    );
    expect(() => grant({ kind: 'sns', name: 't', sourceArn: 'arn:aws:sns' })).toThrow(
      /sourceArn: "arn:aws:sns" is truncated: an ARN has six parts.*Fix: write the full ARN, e\.g\. arn:aws:sns:/,
    );
    expect(() => grant({ kind: 'sns', name: 't', sourceArn: 'topic-name' })).toThrow(
      /sourceArn: "topic-name" is not an sns ARN in partition aws\. Fix: use an ARN like arn:aws:sns:/,
    );
  });
});

describe('InvokePermission: other principals', () => {
  it('alexa-skill → alexa-appkit.amazon.com with the skill id as event_source_token', () => {
    const { synth } = grant({ kind: 'alexa-skill', name: 'assistant', skillId: 'amzn1.ask.skill.123' });
    expect(synth).toHaveResourceWithProperties(LambdaPermission, {
      principal: 'alexa-appkit.amazon.com',
      event_source_token: 'amzn1.ask.skill.123',
      statement_id: 'AllowAlexaSkill-assistant',
    });
  });

  it('alexa-skill without a skill id fails', () => {
    expect(() => grant({ kind: 'alexa-skill', name: 'assistant' })).toThrow(/skillId/);
  });

  it("account → the other account's root ARN as principal (the form Lambda stores, so plans stay empty)", () => {
    expect(grant({ kind: 'account', name: 'partner', principal: '444455556666' }).synth).toHaveResourceWithProperties(LambdaPermission, {
      principal: 'arn:aws:iam::444455556666:root',
      action: 'lambda:InvokeFunction',
    });
  });

  it('account rejects a malformed principal', () => {
    expect(() => grant({ kind: 'account', name: 'partner', principal: '4444' })).toThrow(
      /principal: "4444" is neither a 12-digit account id/,
    );
  });

  it('organization → principal "*" with principal_org_id', () => {
    expect(grant({ kind: 'organization', name: 'org', orgId: 'o-a1b2c3d4e5' }).synth).toHaveResourceWithProperties(LambdaPermission, {
      principal: '*',
      principal_org_id: 'o-a1b2c3d4e5',
    });
  });

  it('function-url → lambda:InvokeFunctionUrl with the auth type', () => {
    const { synth } = grant({ kind: 'function-url', name: 'public', authType: 'NONE' });
    expect(synth).toHaveResourceWithProperties(LambdaPermission, {
      action: 'lambda:InvokeFunctionUrl',
      principal: '*',
      function_url_auth_type: 'NONE',
      statement_id: 'AllowFunctionUrl-public',
    });
    const iam = grant({ kind: 'function-url', name: 'internal', authType: 'AWS_IAM', principal: '444455556666' }).synth;
    expect(iam).toHaveResourceWithProperties(LambdaPermission, {
      action: 'lambda:InvokeFunctionUrl',
      principal: 'arn:aws:iam::444455556666:root',
      function_url_auth_type: 'AWS_IAM',
    });
  });

  it('function-url with AWS_IAM needs a principal', () => {
    expect(() => grant({ kind: 'function-url', name: 'internal', authType: 'AWS_IAM' })).toThrow(/principal: .*AWS_IAM function URL/);
  });
});

describe('InvokePermission: ids and qualifiers', () => {
  it('passes the qualifier through', () => {
    expect(
      grant({ kind: 'sns', name: 't', sourceArn: 'arn:aws:sns:us-east-1:111122223333:t', qualifier: 'live' }).synth,
    ).toHaveResourceWithProperties(LambdaPermission, { qualifier: 'live' });
  });

  it('takes its construct id from the caller, like addPermission: the same invoker on two functions in one scope does not collide', () => {
    const invoker: Invoker = { kind: 'sns', name: 'orders', sourceArn: 'arn:aws:sns:us-east-1:111122223333:orders' };
    const { json } = synthConstructs((scope) => {
      InvokePermission.grant(scope, 'orders-sns', { functionName: 'orders' }, invoker, ctx);
      InvokePermission.grant(scope, 'audit-sns', { functionName: 'audit' }, invoker, ctx);
    });
    const permissions = resourcesOf(json, 'aws_lambda_permission');
    expect(
      Object.keys(permissions)
        .map((id) => id.replace(/_[0-9A-F]{8}$/, ''))
        .sort(),
    ).toEqual(['audit-sns_permission', 'orders-sns_permission']);
    expect(
      Object.values(permissions)
        .map((p) => p.function_name)
        .sort(),
    ).toEqual(['audit', 'orders']);
    // The same id twice in one scope is the constructs library's error, naming the id.
    expect(() =>
      synthConstructs((scope) => {
        InvokePermission.grant(scope, 'orders-sns', { functionName: 'orders' }, invoker, ctx);
        InvokePermission.grant(scope, 'orders-sns', { functionName: 'audit' }, invoker, ctx);
      }),
    ).toThrow(/orders-sns/);
  });

  it('statement and construct ids come from kind + name, so reordering invokers changes nothing', () => {
    const a: Invoker = { kind: 'sns', name: 'a', sourceArn: 'arn:aws:sns:us-east-1:111122223333:a' };
    const b: Invoker = { kind: 's3', name: 'b', sourceArn: 'arn:aws:s3:::b' };
    const ids = (list: Invoker[]) => {
      const { json } = synthConstructs((scope) =>
        list.forEach((i) => InvokePermission.grant(scope, InvokePermission.defaultId(i), fn, i, ctx)),
      );
      return Object.fromEntries(Object.entries(resourcesOf(json, 'aws_lambda_permission')).map(([id, r]) => [id, r.statement_id]));
    };
    expect(ids([a, b])).toEqual(ids([b, a]));
    expect(Object.values(ids([a, b])).sort()).toEqual(['AllowS3-b', 'AllowSNS-a']);
  });

  it('the checked subject and the resource hold the same invoke-permission fields (the one shape in shared/aws)', () => {
    const fields = ['statementId', ...Object.keys(INVOKE_STATEMENT_PATHS)] as (keyof InvokePermissionFields)[];
    const snakeCase = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const { grant: g, synth } = grant({ kind: 's3', name: 'uploads', sourceArn: 'arn:aws:s3:::uploads', qualifier: 'live' });
    const [resource] = Object.values(resourcesOf(JSON.parse(synth) as SynthJson, 'aws_lambda_permission'));
    const [subject] = g.construct.checkSubjects();
    if (subject.kind !== 'invoke-permission') throw new Error(`expected an invoke-permission subject, got ${subject.kind}`);
    for (const field of fields) {
      expect([field, subject[field]]).toEqual([field, g[field]]);
      expect([field, resource[snakeCase(field)]]).toEqual([field, g[field]]);
    }
    expect(subject).toMatchObject({ action: 'lambda:InvokeFunction', qualifier: 'live', sourceAccount: '111122223333' });
  });

  it('planInvokePermission is pure and reports the field it rejects', () => {
    const r = planInvokePermission({ kind: 'iot', name: 'x' }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.field).toBe('sourceArn');
  });
});
