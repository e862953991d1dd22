/** The public construct library. */
/** Partitions live in shared/ (the drift check needs them too); the library re-exports its part of them. */
export { PARTITIONS, partitionForRegion, servicePrincipal, type Partition } from '../shared/aws/partition';
export * from './validation';
export * from './managed-policies';
export * from './policy-attachments';
export * from './execution-role';
export * from './customer-policy';
export * from './invokers';
export * from './invoke-permission';
export * from './lambda-function';
export * from './policy-types';
export * from './drift-job-role';
export * from './arn-rules';
export * from './trust';
export * from './invoker-services';
export * from './destinations';
export * from './async-invoke';
export * from './log-group';
export * from './function-permissions';
export * from './function-settings';
export * from './event-source-types';
export * from './event-source-permissions';
export * from './event-sources';
export * from './event-source-mapping';
/** Await once before synthesizing or checking a stack: the policy checks read the IAM reference it loads. */
export { loadIamReference } from './checks/iam-data';
/** The policy checks as a cdktf Aspect (the whole check API, with the suppression types: `lambda-roles/checks`). */
export { LambdaRolesChecks, type LambdaRolesChecksProps } from './checks/aspect';
export * from './function-alias';
