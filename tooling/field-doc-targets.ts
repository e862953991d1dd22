/**
 * Where a definition field takes its description from when its own TSDoc says nothing: the construct type
 * it is built into (the compile-time ties in stacks/definition.ts keep the shapes aligned). Read by
 * tooling/extract-field-docs.ts; a type here that is renamed or moved stops the type check.
 */
import type { ExecutionRoleProps } from '../modules/execution-role';
import type { TrustGrant } from '../modules/trust';
import type { PolicyStatement } from '../modules/policy-types';
import type { Invoker } from '../modules/invokers';
import type { EventSource } from '../modules/event-source-types';
import type { LambdaFunctionProps } from '../modules/lambda-function';
import type { FunctionCode, FunctionSettings } from '../modules/function-settings';
import type { FunctionFileSystem } from '../modules/function-permissions';
import type { FunctionLoggingConfig, FunctionLogGroupProps } from '../modules/log-group';
import type { AsyncInvokeSettings } from '../modules/async-invoke';
import type { FunctionAliasProps } from '../modules/function-alias';
import type { CustomerPolicyProps } from '../modules/customer-policy';

/** Field path (as in stacks/schema/apply-docs.ts) → the construct types it falls back to, in order. */
export interface FieldDocTargets {
  'functions[].role': [ExecutionRoleProps];
  'functions[].role.trust[]': [TrustGrant];
  'functions[].statements[]': [PolicyStatement];
  'functions[].customerPolicies[]': [CustomerPolicyProps];
  'functions[].invokers[]': [Invoker];
  'functions[].eventSourceMappings[]': [EventSource];
  'functions[].code': [LambdaFunctionProps, FunctionSettings];
  'functions[].code.image': [Extract<FunctionCode, { kind: 'image' }>];
  'functions[].code.fileSystem': [FunctionFileSystem];
  'functions[].logging': [FunctionLoggingConfig];
  'functions[].logging.logGroup': [FunctionLogGroupProps];
  'functions[].asyncInvoke': [AsyncInvokeSettings];
  'functions[].aliases[]': [FunctionAliasProps];
}
