/**
 * Lambda functions and their resource policies. For each expected function we need the role binding and
 * the resource policy of every qualifier ('' = unqualified).
 *
 * Two "not found"s mean different things here: the function missing from GetFunctionConfiguration or the
 * listing means it is gone ('missing'); GetPolicy's 404 on an existing function means it has no resource
 * policy (null).
 *
 * Published versions and aliases carry their own resource policies: a statement added to version 7 or to
 * alias `prod` lets callers invoke `function:7` or `function:prod` whatever the unqualified policy says. So by
 * default every version and alias policy is read too. Reading only the qualifiers state declares would miss a
 * console `add-permission --qualifier prod` (and say "in sync").
 *
 * Why it is shaped like this (the benchmark's numbers, docs/benchmarks.md): a full scan is bound by two
 * fixed AWS quotas of 15 requests/s each, GetPolicy and the rest of the control plane. So
 *   - the two run side by side, each through its own limiter: a call waiting for one quota never holds a
 *     slot a call for the other could use;
 *   - the unqualified and declared policies are read from the first second, before the function is even
 *     known to exist (they need nothing else), and ListAliases likewise;
 *   - many functions are listed with ListFunctions(FunctionVersion=ALL), 50 entries a page, which gives every
 *     published version as well, instead of one ListVersionsByFunction per function. Aliases have no bulk
 *     API: ListAliases stays one call per function, the control plane's share of a scan.
 * A function is handed to `onFunction` as soon as its last read ends, so comparing and attribution can start
 * while other functions are still being read.
 */
import {
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  paginateListAliases,
  paginateListFunctions,
  paginateListVersionsByFunction,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { LiveFunction, ReadError } from '../model';
import { isNotFound, readError, resourceLabel } from '../aws/sdk-errors';
import type { Limiter } from '../aws/limiter';

export interface FunctionToRead {
  readonly region: string;
  readonly name: string;
  /**
   * The function's ARN when state records it: sent as FunctionName, so a read can only reach that
   * account's function, never a same-named one elsewhere.
   * @default - the name
   */
  readonly arn?: string;
  /** Qualifiers to read the policy of; '' (unqualified) is always read. */
  readonly qualifiers: readonly string[];
}

export interface FunctionReadOptions {
  /**
   * Also read the policy of every published version and every alias, not only the qualifiers state declares.
   * @default true
   */
  readonly allQualifiers?: boolean;
  /**
   * With allQualifiers, also list each function's aliases (one ListAliases per function, the control plane's
   * share of a scan). Without it, only the aliases state declares are read: a permission on any other alias
   * goes unseen, so the caller must say so (drift/run-drift.ts reports ALIASES_NOT_READ).
   * @default true
   */
  readonly readAliases?: boolean;
  /** Called once per function read completely (found or missing), as soon as its last read ends. @default - none */
  readonly onFunction?: (key: string, live: LiveFunction | 'missing') => void;
}

/** One limiter per Lambda quota of a region (see the file comment). */
export interface LambdaLimiters {
  readonly getPolicy: Limiter;
  readonly controlPlane: Limiter;
}

type FunctionMap = Map<string, LiveFunction | 'missing'>;

export interface FunctionReadResult {
  readonly functions: FunctionMap;
  readonly errors: ReadError[];
}

export const functionKey = (region: string, name: string) => `${region}/${name}`;

/** What to send as FunctionName: the ARN when state has it, else the name. */
const functionRef = (fn: FunctionToRead) => fn.arn ?? fn.name;

/** A function as found: its configuration and published version numbers, or 'missing', or the failed call. */
type Found = { readonly config: FunctionConfiguration; readonly versions: readonly string[] } | 'missing' | { readonly failed: ReadError };

/** How configurations and versions are found: per function, or by listing the region once. */
type Finder = (fn: FunctionToRead) => Promise<Found>;

/** `gone`: Lambda said the function (or that version or alias) does not exist, not that it has no policy. */
type PolicyRead = { readonly qualifier: string; readonly policy: string | null; readonly gone?: true } | { readonly failed: ReadError };

/**
 * GetPolicy answers ResourceNotFoundException both for a function without a resource policy ("The resource you
 * requested does not exist.") and for a function that does not exist ("Function not found: arn:…"). Read as
 * "no policy", the second made a function deleted during the scan look like one whose permissions were removed.
 */
const FUNCTION_NOT_FOUND = /^Function not found/i;

async function readPolicy(lambda: LambdaClient, fn: FunctionToRead, qualifier: string): Promise<PolicyRead> {
  try {
    const out = await lambda.send(new GetPolicyCommand({ FunctionName: functionRef(fn), ...(qualifier ? { Qualifier: qualifier } : {}) }));
    return { qualifier, policy: out.Policy ?? null };
  } catch (err) {
    if (isNotFound(err)) return { qualifier, policy: null, ...(FUNCTION_NOT_FOUND.test((err as Error).message) ? { gone: true } : {}) };
    return { failed: readError(resourceLabel.fnPolicy(fn.region, fn.name, qualifier), 'GetPolicy', err) };
  }
}

/** Alias names, 'gone' when the function does not exist (any more), or the failed call. */
async function readAliases(lambda: LambdaClient, fn: FunctionToRead): Promise<string[] | 'gone' | { failed: ReadError }> {
  const names: string[] = [];
  try {
    for await (const page of paginateListAliases({ client: lambda }, { FunctionName: functionRef(fn) })) {
      for (const a of page.Aliases ?? []) if (a.Name) names.push(a.Name);
    }
    return names;
  } catch (err) {
    if (isNotFound(err)) return 'gone';
    return { failed: readError(resourceLabel.fn(fn.region, fn.name), 'ListAliases', err) };
  }
}

/** The ARN without a `:$LATEST` qualifier (ListFunctions with FunctionVersion=ALL qualifies $LATEST's). */
const unqualifiedArn = (arn: string | undefined) => (arn ?? '').replace(/:\$LATEST$/, '');

async function readOne(lambda: LambdaClient, fn: FunctionToRead, limiters: LambdaLimiters, find: Finder, options: FunctionReadOptions) {
  const all = options.allQualifiers ?? true;
  const policies = new Map<string, Promise<PolicyRead>>();
  const want = (qualifier: string) => {
    if (!policies.has(qualifier))
      policies.set(
        qualifier,
        limiters.getPolicy(() => readPolicy(lambda, fn, qualifier)),
      );
  };
  // Started before anything is known about the function: these need nothing else.
  for (const q of ['', ...fn.qualifiers]) want(q);
  const aliases = all && (options.readAliases ?? true) ? limiters.controlPlane(() => readAliases(lambda, fn)) : Promise.resolve([]);
  const found = await find(fn);
  const aliasNames = await aliases;
  if (found !== 'missing' && !('failed' in found)) {
    if (all) for (const v of found.versions) want(v);
    if (Array.isArray(aliasNames)) for (const a of aliasNames) want(a);
  }
  const reads = await Promise.all(policies.values());
  return { found, aliasNames, reads };
}

async function readFunctions(
  lambda: LambdaClient,
  fns: readonly FunctionToRead[],
  limiters: LambdaLimiters,
  options: FunctionReadOptions,
  find: Finder,
): Promise<FunctionReadResult> {
  const functions: FunctionMap = new Map();
  const errors: ReadError[] = [];
  await Promise.all(
    fns.map(async (fn) => {
      const key = functionKey(fn.region, fn.name);
      const { found, aliasNames, reads } = await readOne(lambda, fn, limiters, find, options);
      // Deleted while it was read (the configuration was found, a later call says it is gone): it is missing now.
      const gone = aliasNames === 'gone' || reads.some((r) => 'gone' in r && r.gone && r.qualifier === '');
      if (found === 'missing' || gone) {
        functions.set(key, 'missing');
        options.onFunction?.(key, 'missing');
        return;
      }
      // An incomplete read leaves the function out: the ReadError explains, and no half-read policy can be
      // mistaken for "permission removed".
      const failures = [
        ...('failed' in found ? [found.failed] : []),
        ...(typeof aliasNames === 'object' && !Array.isArray(aliasNames) ? [aliasNames.failed] : []),
        ...reads.flatMap((r) => ('failed' in r ? [r.failed] : [])),
      ];
      if (failures.length || 'failed' in found) {
        errors.push(...failures);
        return;
      }
      const policies: Record<string, string | null> = {};
      for (const r of reads) if (!('failed' in r)) policies[r.qualifier] = r.policy;
      const live: LiveFunction = {
        name: fn.name,
        region: fn.region,
        arn: unqualifiedArn(found.config.FunctionArn),
        roleArn: found.config.Role ?? '',
        policies,
      };
      functions.set(key, live);
      options.onFunction?.(key, live);
    }),
  );
  return { functions, errors };
}

/** Few functions: GetFunctionConfiguration and ListVersionsByFunction per function, then the policies. */
export async function readFunctionsEach(
  lambda: LambdaClient,
  fns: readonly FunctionToRead[],
  limiters: LambdaLimiters,
  options: FunctionReadOptions = {},
): Promise<FunctionReadResult> {
  const find: Finder = (fn) =>
    limiters.controlPlane(async (): Promise<Found> => {
      let config: FunctionConfiguration;
      try {
        config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionRef(fn) }));
      } catch (err) {
        if (isNotFound(err)) return 'missing';
        return { failed: readError(resourceLabel.fn(fn.region, fn.name), 'GetFunctionConfiguration', err) };
      }
      if (!(options.allQualifiers ?? true)) return { config, versions: [] };
      const versions: string[] = [];
      try {
        for await (const page of paginateListVersionsByFunction({ client: lambda }, { FunctionName: functionRef(fn) })) {
          for (const v of page.Versions ?? []) if (v.Version && v.Version !== '$LATEST') versions.push(v.Version);
        }
      } catch (err) {
        if (isNotFound(err)) return 'missing';
        return { failed: readError(resourceLabel.fn(fn.region, fn.name), 'ListVersionsByFunction', err) };
      }
      return { config, versions };
    });
  return readFunctions(lambda, fns, limiters, options, find);
}

/**
 * Many functions in one region: one paginated ListFunctions (with FunctionVersion=ALL, every published
 * version too) for every function's configuration and versions, then the policies.
 */
export async function readFunctionsListed(
  lambda: LambdaClient,
  fns: readonly FunctionToRead[],
  limiters: LambdaLimiters,
  options: FunctionReadOptions = {},
): Promise<FunctionReadResult> {
  const all = options.allQualifiers ?? true;
  // One sequential stream of pages, outside the limiter: its pages must not queue behind every ListAliases
  // (they still take their turn at the control-plane quota's token bucket).
  const listing = (async () => {
    const byName = new Map<string, { config?: FunctionConfiguration; versions: string[] }>();
    for await (const page of paginateListFunctions({ client: lambda }, all ? { FunctionVersion: 'ALL' } : {})) {
      for (const c of page.Functions ?? []) {
        if (!c.FunctionName) continue;
        const entry = byName.get(c.FunctionName) ?? { versions: [] };
        if (!c.Version || c.Version === '$LATEST') entry.config = c;
        else entry.versions.push(c.Version);
        byName.set(c.FunctionName, entry);
      }
    }
    return byName;
  })();
  listing.catch(() => undefined); // each function's finder reports the failure
  const find: Finder = async (fn) => {
    let byName;
    try {
      byName = await listing;
    } catch (err) {
      return { failed: readError(resourceLabel.fn(fn.region, fn.name), 'ListFunctions', err) };
    }
    const entry = byName.get(fn.name);
    return entry?.config ? { config: entry.config, versions: entry.versions } : 'missing';
  };
  return readFunctions(lambda, fns, limiters, options, find);
}
