import { App, Testing } from 'cdktf';
import { isAbsolute, resolve } from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { buildStack } from '../../stacks/build-stack';
import { describeStack, summarizeStack } from '../../stacks/describe';
import type { FunctionDefinition } from '../../stacks/definition';
import { EXAMPLES, ordersApi } from '../../stacks/examples';
import {
  OFFLINE_PROVIDER,
  minimalDefinition,
  onlyResource,
  parsePolicy,
  resourcesOf,
  synthDefinition,
  textMatching,
  type SynthJson,
} from '../helpers/synth';

const fn = (overrides: Partial<FunctionDefinition> = {}): FunctionDefinition => ({ name: 'worker', existing: 'worker', ...overrides });

describe('buildStack: provider and backend', () => {
  it('configures the AWS provider with the region and the given overrides, without default_tags', () => {
    const { synth, json } = synthDefinition(minimalDefinition({ region: 'eu-west-1' }), { providerOverrides: OFFLINE_PROVIDER });
    expect(synth).toHaveProviderWithProperties(AwsProvider, {
      region: 'eu-west-1',
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: 'true',
      max_retries: 1,
    });
    expect(json.provider?.aws[0]).not.toHaveProperty('default_tags');
  });

  it('makes no AWS call at plan time: no data sources at all', () => {
    for (const def of EXAMPLES) expect(synthDefinition(def).json.data).toBeUndefined();
  });

  it('uses a local backend at <stateDir>/terraform.<stack>.tfstate by default, named relative to the stack folder', () => {
    const { stack, json } = synthDefinition(minimalDefinition(), { stateDir: '/srv/state' });
    const path = (json.terraform?.backend as { local: { path: string } }).local.path;
    expect(isAbsolute(path)).toBe(false);
    // Terraform runs in <outdir>/stacks/<stack>, where the relative path leads to the state file.
    expect(resolve(App.of(stack).outdir, 'stacks', 'unit', path)).toBe('/srv/state/terraform.unit.tfstate');
  });

  it('keeps an absolute backend.path as written', () => {
    const { json } = synthDefinition(minimalDefinition({ backend: { type: 'local', path: '/srv/state/mine.tfstate' } }));
    expect(json.terraform?.backend).toEqual({ local: { path: '/srv/state/mine.tfstate' } });
  });

  it('uses an S3 backend with DynamoDB locking or the S3 lock file when asked', () => {
    const { json } = synthDefinition(
      minimalDefinition({
        backend: {
          type: 's3',
          bucket: 'tf-state',
          key: 'lambda/unit.tfstate',
          region: 'us-east-1',
          dynamodbTable: 'tf-locks',
          useLockfile: true,
        },
      }),
    );
    expect(json.terraform?.backend).toEqual({
      s3: { bucket: 'tf-state', key: 'lambda/unit.tfstate', region: 'us-east-1', dynamodb_table: 'tf-locks', use_lockfile: true },
    });
  });
});

describe('buildStack: roles from function definitions', () => {
  it('derives the role name <fn>-exec and trusts Lambda only from the stack account', () => {
    const { synth, json } = synthDefinition(minimalDefinition({ functions: [fn()] }));
    expect(synth).toHaveResourceWithProperties(IamRole, { name: 'worker-exec' });
    expect(parsePolicy(onlyResource(json, 'aws_iam_role').assume_role_policy as string).Statement[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '111122223333' },
    });
  });

  it('applies the stack permissions boundary unless the function overrides it', () => {
    const boundary = 'arn:aws:iam::111122223333:policy/stack-boundary';
    const own = 'arn:aws:iam::111122223333:policy/own-boundary';
    const { synth } = synthDefinition(
      minimalDefinition({
        defaults: { permissionsBoundary: boundary },
        functions: [fn({ name: 'a' }), fn({ name: 'b', role: { permissionsBoundary: own } })],
      }),
    );
    expect(synth).toHaveResourceWithProperties(IamRole, { name: 'a-exec', permissions_boundary: boundary });
    expect(synth).toHaveResourceWithProperties(IamRole, { name: 'b-exec', permissions_boundary: own });
  });

  it('tags explicitly: stack defaults, then function tags, then role tags', () => {
    const { synth } = synthDefinition(
      minimalDefinition({
        defaults: { tags: { team: 'a', env: 'prod' } },
        functions: [fn({ tags: { team: 'b' }, role: { tags: { owner: 'c' } } })],
      }),
    );
    expect(synth).toHaveResourceWithProperties(IamRole, { tags: { team: 'b', env: 'prod', owner: 'c' } });
  });

  it('creates customer-managed policies and attaches them under an id derived from the policy name', () => {
    const { synth, json } = synthDefinition(
      minimalDefinition({
        functions: [
          fn({ customerPolicies: [{ name: 'worker-read', statements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] }] }),
        ],
      }),
    );
    expect(synth).toHaveResourceWithProperties(IamPolicy, { name: 'worker-read', path: '/' });
    const ids = Object.keys(resourcesOf(json, 'aws_iam_role_policy_attachment'));
    expect(ids.some((id) => id.startsWith('worker_role_attach_worker-read_'))).toBe(true);
    expect(synth).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: textMatching(/^\$\{aws_iam_policy\.worker_policy-worker-read_policy_[0-9A-F]+\.arn\}$/),
    });
  });

  it('grants invoke permissions on an existing function by name or ARN, creating no function', () => {
    const arn = 'arn:aws:lambda:us-east-1:111122223333:function:legacy';
    const { synth, json } = synthDefinition(
      minimalDefinition({
        functions: [
          fn({
            name: 'legacy',
            existing: arn,
            invokers: [{ kind: 'sns', name: 'alerts', sourceArn: 'arn:aws:sns:us-east-1:111122223333:alerts' }],
          }),
        ],
      }),
    );
    expect(synth).toHaveResourceWithProperties(LambdaPermission, { function_name: arn, statement_id: 'AllowSNS-alerts' });
    expect(resourcesOf(json, 'aws_lambda_function')).toEqual({});
  });

  it('builds owned functions wired to their role, after the role attachments', () => {
    const { synth } = synthDefinition(ordersApi);
    expect(synth).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'orders-api',
      role: textMatching(/^\$\{aws_iam_role\.orders-api_role_[0-9A-F]+\.arn\}$/),
      tracing_config: { mode: 'Active' },
    });
    const fnJson = onlyResource(JSON.parse(synth) as SynthJson, 'aws_lambda_function');
    expect(fnJson.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/aws_iam_role_policy_attachment\..*AWSLambdaVPCAccessExecutionRole/)]),
    );
  });

  it('records every grant so tests and the drift check can inspect it', () => {
    const { stack } = synthDefinition(EXAMPLES[0]);
    expect(
      stack.functions
        .get('image-processor')!
        .grants.map(({ statementId, principal, sourceArn, sourceAccount }) => ({ statementId, principal, sourceArn, sourceAccount })),
    ).toEqual([
      {
        statementId: 'AllowS3-uploads',
        principal: 's3.amazonaws.com',
        sourceArn: 'arn:aws:s3:::acme-image-uploads',
        sourceAccount: '000000000000',
      },
    ]);
  });
});

describe('buildStack: policy checks are wired in', () => {
  it('fails synth on a wildcard action and passes once it is suppressed with a reason', () => {
    const wild = fn({ statements: [{ actions: ['s3:*'], resources: ['arn:aws:s3:::b/*'] }] });
    const failing = buildStack(Testing.app(), minimalDefinition({ functions: [wild] }), { policyChecks: { log: () => undefined } });
    expect(() => Testing.synth(failing, true)).toThrow(/LR-IAM-WILDCARD-ACTION/);
    const suppressed = buildStack(
      Testing.app(),
      minimalDefinition({
        functions: [{ ...wild, suppressions: [{ id: 'LR-IAM-WILDCARD-ACTION', reason: 'bucket is dedicated to this function' }] }],
      }),
      { policyChecks: { log: () => undefined } },
    );
    expect(() => Testing.synth(suppressed, true)).not.toThrow();
  });

  it('the examples pass the checks', () => {
    for (const def of EXAMPLES) {
      const stack = buildStack(Testing.app(), def, { policyChecks: { log: () => undefined } });
      expect(() => Testing.synth(stack, true)).not.toThrow();
    }
  });
});

describe('describeStack', () => {
  it('summarizes roles, attachments, inline policies, permissions and functions', () => {
    const text = describeStack(ordersApi);
    expect(text).toContain('stack orders-api (account 000000000000, us-east-1)');
    expect(text).toContain('role orders-api-exec: trusts lambda.amazonaws.com if aws:SourceAccount = 000000000000');
    expect(text).toContain('attach arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess');
    expect(text).toContain('inline policy inline-least-privilege: 2 statement(s)');
    expect(text).toContain(
      'permit AllowApiGateway-post-orders: apigateway.amazonaws.com lambda:InvokeFunction (from arn:aws:execute-api:us-east-1:000000000000:a1b2c3d4e5/prod/POST/orders)',
    );
  });

  it('agrees with the synthesized stack on every attachment and permission', () => {
    for (const def of EXAMPLES) {
      const summary = summarizeStack(def);
      const { json } = synthDefinition(def);
      const literalArns = Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment'))
        .map((a) => a.policy_arn as string)
        .filter((a) => !a.startsWith('${'));
      expect(literalArns.sort()).toEqual(summary.functions.flatMap((f) => f.managedPolicyArns).sort());
      const sids = Object.values(resourcesOf(json, 'aws_lambda_permission')).map((p) => p.statement_id);
      expect(sids.sort()).toEqual(summary.functions.flatMap((f) => f.permissions.map((p) => p.statementId)).sort());
    }
  });
});
