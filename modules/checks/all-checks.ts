/** The registry of every synth-time check; the runner's default. Kept apart from index.ts so run-checks.ts can import it without a cycle. */
import type { PolicyCheck } from './types';
import { wildcardAction } from './rules/wildcard-action';
import { partialWildcardAction } from './rules/partial-wildcard-action';
import { wildcardResource } from './rules/wildcard-resource';
import { passRoleWildcard } from './rules/passrole-wildcard';
import { adminManagedPolicy } from './rules/admin-managed-policy';
import { unknownAction } from './rules/unknown-action';
import { trustWithoutCondition } from './rules/trust-without-condition';
import { trustAnyPrincipal } from './rules/trust-any-principal';
import { invokeWithoutSource } from './rules/invoke-without-source';
import { invokeAnyPrincipal } from './rules/invoke-any-principal';
import { invokeLooseSource } from './rules/invoke-loose-source';
import { allowWithNot } from './rules/allow-with-not';
import { trustOidcWithoutSubject } from './rules/trust-oidc-without-subject';

export const ALL_CHECKS: readonly PolicyCheck[] = [
  wildcardAction,
  partialWildcardAction,
  wildcardResource,
  passRoleWildcard,
  adminManagedPolicy,
  unknownAction,
  trustWithoutCondition,
  trustAnyPrincipal,
  invokeWithoutSource,
  invokeAnyPrincipal,
  invokeLooseSource,
  allowWithNot,
  trustOidcWithoutSubject,
];
