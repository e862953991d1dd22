import { Testing } from 'cdktf';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildStack } from '../../stacks/build-stack';
import type { StackDefinition } from '../../stacks/definition';
import { OFFLINE_PROVIDER, quietChecks, resourcesOf, type SynthJson } from '../helpers/synth';

let code: string;
beforeAll(() => {
  code = mkdtempSync(join(tmpdir(), 'lambda-roles-shards-'));
  writeFileSync(join(code, 'index.js'), 'exports.handler = async () => 1;\n');
});
afterAll(() => rmSync(code, { recursive: true, force: true }));

const definition = (names: readonly string[]): StackDefinition => ({
  name: 'shards',
  region: 'eu-west-1',
  account: '111122223333',
  functions: names.map((name) => ({
    name,
    code: { path: code, runtime: 'nodejs20.x', handler: 'index.handler' },
    invokers: [{ kind: 'sns' as const, name: 'topic', sourceArn: `arn:aws:sns:eu-west-1:111122223333:${name}` }],
  })),
});

function synth(names: readonly string[], functionProviderShards?: number): SynthJson {
  const stack = buildStack(Testing.app(), definition(names), {
    providerOverrides: OFFLINE_PROVIDER,
    policyChecks: quietChecks,
    functionProviderShards,
  });
  return JSON.parse(Testing.synth(stack)) as SynthJson;
}

/** function name → the provider it is created with ('default' when none is set). */
function providers(json: SynthJson): Record<string, string> {
  return Object.fromEntries(
    Object.values(resourcesOf(json, 'aws_lambda_function')).map((r) => [r.function_name as string, (r.provider as string) ?? 'default']),
  );
}

const NAMES = Array.from({ length: 12 }, (_, i) => `fn-${i}`);

describe('buildStack functionProviderShards', () => {
  it('by default writes one AWS provider and leaves every function on it', () => {
    const json = synth(NAMES);
    expect(json.provider?.aws).toHaveLength(1);
    expect(new Set(Object.values(providers(json)))).toEqual(new Set(['default']));
  });

  it('adds aliases with the default provider settings and spreads the functions over them, and only the functions', () => {
    const json = synth(NAMES, 3);
    const [main, ...aliases] = json.provider!.aws;
    expect(aliases.map((a) => a.alias)).toEqual(['functions0', 'functions1', 'functions2']);
    for (const alias of aliases) expect({ ...alias, alias: undefined }).toEqual({ ...main, alias: undefined });
    const used = Object.values(providers(json));
    expect(new Set(used)).toEqual(new Set(['aws.functions0', 'aws.functions1', 'aws.functions2']));
    for (const type of ['aws_iam_role', 'aws_lambda_permission', 'aws_iam_role_policy_attachment']) {
      expect(Object.values(resourcesOf(json, type)).filter((r) => 'provider' in r)).toEqual([]);
    }
  });

  it('keeps every function on its alias when functions are added or reordered', () => {
    const before = providers(synth(NAMES, 3));
    const after = providers(synth(['new-one', ...[...NAMES].reverse(), 'new-two'], 3));
    for (const name of NAMES) expect([name, after[name]]).toEqual([name, before[name]]);
  });

  it.each([0, 1.5, 65])('rejects %p, naming the option, the rule and the fix', (count) => {
    expect(() => synth(NAMES, count)).toThrow(
      `buildStack functionProviderShards: ${count} is not a whole number from 1 to 64. Fix: use e.g. 8; more provider processes than a few per core only add start-up time`,
    );
  });
});
