/**
 * The live half of the drift check: given what Terraform expects, read exactly those resources from
 * AWS (IAM roles, customer-managed policies, Lambda functions and their resource policies).
 * Strategy per resource kind is chosen by count (see iam-roles.ts and lambda-functions.ts).
 *
 * The read-only permissions the drift job's identity needs (a missing one shows up as a ReadError):
 *   iam:GetRole, iam:ListAttachedRolePolicies, iam:ListRolePolicies, iam:GetRolePolicy, iam:GetPolicy,
 *   iam:GetPolicyVersion; for the bulk strategy iam:GetAccountAuthorizationDetails and iam:ListRoles;
 *   lambda:GetFunctionConfiguration, lambda:GetPolicy, lambda:ListVersionsByFunction, lambda:ListAliases, lambda:ListFunctions;
 *   cloudtrail:LookupEvents (attribution only; without it findings are reported unattributed).
 * runDrift also calls sts:GetCallerIdentity (it needs no permission) to check the account (account.ts).
 */
import type { ExpectedInventory, LiveFunction, LiveInventory, LiveItem, ReadError } from '../model';
import { AwsClients, type AwsClientOptions } from '../aws/clients';
import { createLimiter } from '../aws/limiter';
import { readRolesBulk, readRolesPerRole } from './iam-roles';
import { customerPoliciesFromDetails, readCustomerPolicies } from './iam-policies';
import { readFunctionsEach, readFunctionsListed, type FunctionToRead } from './lambda-functions';
import {
  customerPolicyDocumentError,
  dropUnreadable,
  functionDocumentError,
  itemDocumentError,
  roleDocumentError,
} from './unreadable-documents';

export interface ReadLiveOptions extends AwsClientOptions {
  /**
   * Parallel API calls in flight.
   * @default 4
   */
  readonly concurrency?: number;
  /**
   * Above this many expected roles, read IAM in bulk (GetAccountAuthorizationDetails + ListRoles)
   * instead of per role; above this many expected functions in one region, list them (ListFunctions).
   * @default 10
   */
  readonly bulkThreshold?: number;
  /**
   * Read the resource policy of every published Lambda version and alias, not only the qualifiers state
   * declares (catches a permission added to `function:7` or `function:prod`). Costs one ListAliases per
   * function, one GetPolicy per version and alias, and the versions' entries in the listing (or one
   * ListVersionsByFunction per function below the bulk threshold).
   * @default true
   */
  readonly allQualifiers?: boolean;
  /**
   * With allQualifiers, list every function's aliases (one ListAliases per function). false reads only the
   * aliases state declares, and a permission on another alias goes unseen: whoever passes false must say so.
   * @default true
   */
  readonly readAliases?: boolean;
  /**
   * Called once for each resource as soon as it has been read (not for those with a ReadError).
   * @default - none
   */
  readonly onItem?: (item: LiveItem) => void;
  /**
   * Clients to use (share them to share the API-call counter).
   * @default - new clients from the options above
   */
  readonly clients?: AwsClients;
}

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_BULK_THRESHOLD = 10;

/** Expected functions grouped by region, each with the qualifiers its declared permissions use. */
export function functionsToRead(expected: ExpectedInventory, defaultRegion: string): Map<string, FunctionToRead[]> {
  const byRegion = new Map<string, FunctionToRead[]>();
  for (const fn of expected.functions) {
    const region = fn.region || defaultRegion;
    const qualifiers = [...new Set(fn.permissions.map((p) => p.permission.qualifier ?? '').filter(Boolean))].sort();
    const list = byRegion.get(region) ?? [];
    list.push({ region, name: fn.name, ...(fn.arn ? { arn: fn.arn } : {}), qualifiers });
    byRegion.set(region, list);
  }
  return byRegion;
}

export async function readLive(expected: ExpectedInventory, options: ReadLiveOptions = {}): Promise<LiveInventory> {
  const clients = options.clients ?? new AwsClients(options);
  try {
    return await read(expected, options, clients);
  } finally {
    // Clients we made are ours to close (keep-alive sockets would hold the process open).
    if (!options.clients) clients.destroy();
  }
}

async function read(expected: ExpectedInventory, options: ReadLiveOptions, clients: AwsClients): Promise<LiveInventory> {
  const limiter = createLimiter(options.concurrency ?? DEFAULT_CONCURRENCY);
  const threshold = options.bulkThreshold ?? DEFAULT_BULK_THRESHOLD;
  const errors: ReadError[] = [];

  const roleNames = [...new Set(expected.roles.map((r) => r.name))].sort();
  const policyArns = [...new Set(expected.customerPolicies.map((p) => p.arn))].sort();

  // An item whose document is not a policy is never streamed: the end of the read makes it a ReadError.
  const emit = (item: LiveItem) => {
    if (!itemDocumentError(item)) options.onItem?.(item);
  };

  const iamRead = (async () => {
    const iam = clients.iam();
    const read =
      roleNames.length > threshold
        ? await (async () => {
            const bulk = await readRolesBulk(iam, roleNames, limiter, policyArns.length > 0);
            const policies = bulk.ok
              ? customerPoliciesFromDetails(policyArns, bulk.localPolicies)
              : await readCustomerPolicies(iam, policyArns, limiter);
            return { roles: bulk.roles, policies: policies.policies, errors: [...bulk.errors, ...policies.errors] };
          })()
        : await (async () => {
            const [r, p] = await Promise.all([readRolesPerRole(iam, roleNames, limiter), readCustomerPolicies(iam, policyArns, limiter)]);
            return { roles: r.roles, policies: p.policies, errors: [...r.errors, ...p.errors] };
          })();
    for (const [name, live] of read.roles) emit({ kind: 'role', name, live });
    for (const [arn, live] of read.policies) emit({ kind: 'customerPolicy', arn, live });
    return read;
  })();

  // Per region, one limiter per Lambda quota (GetPolicy, the rest of the control plane), each as wide as
  // the IAM one: the quotas are paced by their token buckets, the limiters only bound what is in flight.
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const lambdaRead = Promise.all(
    [...functionsToRead(expected, clients.defaultRegion)].map(([region, fns]) => {
      const limiters = { getPolicy: createLimiter(concurrency), controlPlane: createLimiter(concurrency) };
      const fnOptions = {
        allQualifiers: options.allQualifiers,
        readAliases: options.readAliases,
        onFunction: (key: string, live: LiveFunction | 'missing') => emit({ kind: 'function', key, live }),
      };
      return fns.length > threshold
        ? readFunctionsListed(clients.lambda(region), fns, limiters, fnOptions)
        : readFunctionsEach(clients.lambda(region), fns, limiters, fnOptions);
    }),
  );

  const [iam, lambdas] = await Promise.all([iamRead, lambdaRead]);
  errors.push(...iam.errors);
  const functions = new Map<string, LiveFunction | 'missing'>();
  for (const r of lambdas) {
    for (const [k, v] of r.functions) functions.set(k, v);
    errors.push(...r.errors);
  }
  // A document that is not a policy is a ReadError for its resource, not a crash in the comparison.
  dropUnreadable(iam.roles, roleDocumentError, errors);
  dropUnreadable(iam.policies, customerPolicyDocumentError, errors);
  dropUnreadable(functions, functionDocumentError, errors);

  return {
    roles: sortedMap(iam.roles),
    functions: sortedMap(functions),
    customerPolicies: sortedMap(iam.policies),
    errors: errors.sort((a, b) => a.resource.localeCompare(b.resource)),
    apiCalls: clients.counter.snapshot(),
  };
}

function sortedMap<V>(m: Map<string, V>): Map<string, V> {
  return new Map([...m].sort(([a], [b]) => a.localeCompare(b)));
}
