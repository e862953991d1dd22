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
export * from './types';
export { loadIamReference, isIamReferenceLoaded } from './iam-data';
export { runChecks, attachPolicyChecks, formatChecksReport } from './run-checks';
export type { CheckEntry, ChecksReport, SuppressedFinding, AttachPolicyChecksOptions } from './run-checks';
