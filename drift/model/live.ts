/** The live side: what AWS holds, read by drift/live/ (raw-ish: documents still URL-encoded). */
import type { ReadError } from './report';

export interface LiveRole {
  readonly name: string;
  readonly arn: string;
  readonly roleId: string;
  readonly path: string;
  readonly createDate?: string;
  /** As IAM returns it: URL-encoded JSON. */
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  readonly maxSessionDuration?: number;
  readonly permissionsBoundaryArn?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly attachedPolicyArns: readonly string[];
  /** Inline policy name → URL-encoded JSON document. */
  readonly inlinePolicies: Readonly<Record<string, string>>;
}

export interface LiveFunction {
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  readonly roleArn: string;
  /** Qualifier ('' = unqualified) → Lambda GetPolicy `Policy` JSON string, or null when it has none. */
  readonly policies: Readonly<Record<string, string | null>>;
}

export interface LiveCustomerPolicy {
  readonly arn: string;
  readonly defaultVersionId: string;
  /** URL-encoded JSON document of the default version. */
  readonly document: string;
}

export interface LiveInventory {
  /** Role name → live role, or 'missing' when IAM answered NoSuchEntity. */
  readonly roles: ReadonlyMap<string, LiveRole | 'missing'>;
  /** `${region}/${name}` → live function, or 'missing'. */
  readonly functions: ReadonlyMap<string, LiveFunction | 'missing'>;
  readonly customerPolicies: ReadonlyMap<string, LiveCustomerPolicy | 'missing'>;
  readonly errors: readonly ReadError[];
  /** API calls made, by operation (for the benchmark and the run summary). */
  readonly apiCalls: Readonly<Record<string, number>>;
}

/**
 * One resource, handed on as soon as it has been read: readLive streams these so that comparing and
 * attribution can start while other resources are still being read. The same values end up in LiveInventory.
 */
export type LiveItem =
  | { readonly kind: 'role'; readonly name: string; readonly live: LiveRole | 'missing' }
  | { readonly kind: 'function'; readonly key: string; readonly live: LiveFunction | 'missing' }
  | { readonly kind: 'customerPolicy'; readonly arn: string; readonly live: LiveCustomerPolicy | 'missing' };
