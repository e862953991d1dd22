/**
 * Shared helpers for the generator tests: synthesize a definition or a construct scope and read the
 * resulting Terraform JSON, without the policy-check log noise.
 */
import { Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { buildStack, type BuildStackOptions, type LambdaRolesStack } from '../../stacks/build-stack';
import type { StackDefinition } from '../../stacks/definition';

export interface SynthJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, unknown>;
  provider?: Record<string, Record<string, unknown>[]>;
  terraform?: Record<string, unknown>;
}

/** An IAM policy document read back from JSON: rendered by the constructs, or returned by IAM or Lambda. */
export interface PolicyDocumentJson {
  Version?: string;
  Statement: PolicyStatementJson[];
}

export interface PolicyStatementJson {
  Sid?: string;
  Effect: string;
  /** '*' or { Service | AWS | Federated: one value or several }. */
  Principal?: '*' | Partial<Record<'Service' | 'AWS' | 'Federated', string | string[]>>;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** Parses a policy document (JSON text, as IAM and Lambda return it after URL-decoding). */
export function parsePolicy(text: string): PolicyDocumentJson {
  return JSON.parse(text) as PolicyDocumentJson;
}

// jest types its asymmetric matchers as `any`; these return `unknown`, so the assertions using them stay typed.
export const anyValue = (): unknown => expect.anything();
export const textContaining = (text: string): unknown => expect.stringContaining(text);
export const textMatching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
export const objectContaining = (object: Record<string, unknown>): unknown => expect.objectContaining(object);

/** Options for offline plans: the provider makes no AWS call at configure time. */
export const OFFLINE_PROVIDER: BuildStackOptions['providerOverrides'] = {
  skipCredentialsValidation: true,
  skipRequestingAccountId: true,
  skipMetadataApiCheck: 'true',
  maxRetries: 1,
};

export const quietChecks = { log: () => undefined };

/** Builds a definition into a fresh testing App; returns the stack and its synthesized JSON. */
export function synthDefinition(
  def: StackDefinition,
  options: BuildStackOptions = {},
): { stack: LambdaRolesStack; synth: string; json: SynthJson } {
  const app = Testing.app();
  const stack = buildStack(app, def, { policyChecks: quietChecks, ...options });
  const synth = Testing.synth(stack);
  return { stack, synth, json: JSON.parse(synth) as SynthJson };
}

/** Synthesizes constructs created by `fn` in a bare stack. */
export function synthConstructs(fn: (scope: Construct) => void): { synth: string; json: SynthJson } {
  const synth = Testing.synthScope(fn);
  return { synth, json: JSON.parse(synth) as SynthJson };
}

/** All resources of one Terraform type, by logical id. */
export function resourcesOf(json: SynthJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}

/** The single resource of a type (fails the test if there are zero or several). */
export function onlyResource(json: SynthJson, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** A minimal valid definition to vary in tests: one function referencing an existing function. */
export function minimalDefinition(overrides: Partial<StackDefinition> = {}): StackDefinition {
  return {
    name: 'unit',
    region: 'us-east-1',
    account: '111122223333',
    functions: [{ name: 'worker', existing: 'worker' }],
    ...overrides,
  };
}
