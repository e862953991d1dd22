/** The synth-time policy checks, one per file under rules/, and the runner. */
export { ALL_CHECKS } from './all-checks';
export { wildcardAction } from './rules/wildcard-action';
export { partialWildcardAction } from './rules/partial-wildcard-action';
export { wildcardResource } from './rules/wildcard-resource';
export { passRoleWildcard } from './rules/passrole-wildcard';
export { adminManagedPolicy } from './rules/admin-managed-policy';
export { unknownAction } from './rules/unknown-action';
export { trustWithoutCondition } from './rules/trust-without-condition';
export { trustAnyPrincipal } from './rules/trust-any-principal';
export { invokeWithoutSource } from './rules/invoke-without-source';
export { invokeAnyPrincipal } from './rules/invoke-any-principal';
export { allowWithNot } from './rules/allow-with-not';
export { trustOidcWithoutSubject } from './rules/trust-oidc-without-subject';
export { invokeLooseSource } from './rules/invoke-loose-source';
export * from './types';
export { loadIamReference, isIamReferenceLoaded } from './iam-data';
export { runChecks, attachPolicyChecks, collectCheckEntries, formatChecksReport, formatFinding, formatSuppressed } from './run-checks';
export type { ChecksReport, SuppressedFinding, AttachPolicyChecksOptions, RunChecksOptions } from './run-checks';
export { LambdaRolesChecks } from './aspect';
export type { LambdaRolesChecksProps, TreeChecksReport } from './aspect';
export { SUPPRESSIONS_METADATA } from './suppressions';
// Checks over any Terraform: cdk.tf.json or *.tf.json, and plan or state JSON (`terraform show -json`).
export { readTerraformJson, type TerraformJsonInput } from './terraform/terraform-json';
export { readPlanJson, isTerraformShowJson, type PlanJsonInput } from './terraform/plan-json';
export { CHECKED_RESOURCE_TYPES, subjectsOfResource } from './terraform/resource-subjects';
export type { NotChecked, TerraformResourceInput, ValueResolver } from './terraform/resource-subjects';
export type { CheckInput, SuppressionRecord } from './terraform/check-input';
