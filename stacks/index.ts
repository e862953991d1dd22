/** The public stack API: definition type + schema, loading, validation, buildStack, summaries, examples. */
export * from './definition';
export * from './validate-definition';
export * from './load-definition';
export * from './build-stack';
export * from './describe';
export { EXAMPLES } from './examples';
export * from './synth';
export * from './check-definitions';
/** `lambda-roles check` as a library: definitions, Terraform JSON and plan JSON, and its SARIF. */
export * from './check-inputs';
export * from './check-terraform';
export * from './check-sarif';
export * from './json-schema';
/** Await once before synthDefinitions / checkDefinition(Paths): the policy checks read the IAM reference it loads. */
export { loadIamReference } from '../modules/checks/iam-data';
