/**
 * Lambda functions and their resource policies. For each expected function we need the role binding
 * and the resource policy of each qualifier Terraform declared permissions on ('' = unqualified).
 *
 * Two "not found"s mean different things here: GetFunctionConfiguration's 404 means the function is
 * gone ('missing'); GetPolicy's 404 on an existing function means it has no resource policy (null).
 * With many functions in one region, ListFunctions (50 a page) replaces the per-function
 * GetFunctionConfiguration; GetPolicy stays per function and qualifier (there is no bulk form).
 *
 * Published versions and aliases carry their own resource policies: a statement added to version 7 or to
 * alias `prod` lets callers invoke `function:7` or `function:prod` whatever the unqualified policy says. So by
 * default we also list the versions (ListVersionsByFunction) and the aliases (ListAliases) and read each
 * one's policy: two more calls per function plus one GetPolicy per version and alias. Reading only the
 * qualifiers state declares would miss a console `add-permission --qualifier prod` (and say "in sync").
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
import { mapLimited, type Limiter } from '../aws/limiter';

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
}

type FunctionMap = Map<string, LiveFunction | 'missing'>;

export interface FunctionReadResult {
  readonly functions: FunctionMap;
  readonly errors: ReadError[];
}

export const functionKey = (region: string, name: string) => `${region}/${name}`;

/** What to send as FunctionName: the ARN when state has it, else the name. */
const functionRef = (fn: FunctionToRead) => fn.arn ?? fn.name;

/** Published version numbers ('$LATEST' is the unqualified policy, read as ''). */
async function publishedVersions(lambda: LambdaClient, fn: FunctionToRead): Promise<string[]> {
  const versions: string[] = [];
  for await (const page of paginateListVersionsByFunction({ client: lambda }, { FunctionName: functionRef(fn) })) {
    for (const v of page.Versions ?? []) if (v.Version && v.Version !== '$LATEST') versions.push(v.Version);
  }
  return versions;
}

/** Alias names: each alias has its own resource policy, which `function:alias` callers are judged by. */
async function aliasNames(lambda: LambdaClient, fn: FunctionToRead): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListAliases({ client: lambda }, { FunctionName: functionRef(fn) })) {
    for (const a of page.Aliases ?? []) if (a.Name) names.push(a.Name);
  }
  return names;
}

/**
 * One function's policies, read one call after another: the caller runs several functions at once, so
 * a function's ListVersionsByFunction (the control-plane quota) overlaps another's GetPolicy (its own
 * quota) instead of all list calls queueing ahead of all policy reads.
 */
async function readPolicies(lambda: LambdaClient, fn: FunctionToRead, errors: ReadError[], options: FunctionReadOptions) {
  const qualifiers = [...new Set(['', ...fn.qualifiers])];
  const policies: Record<string, string | null> = {};
  let complete = true;
  if (options.allQualifiers ?? true) {
    for (const [operation, list] of [
      ['ListVersionsByFunction', publishedVersions],
      ['ListAliases', aliasNames],
    ] as const) {
      try {
        qualifiers.push(...(await list(lambda, fn)).filter((q) => !qualifiers.includes(q)));
      } catch (err) {
        // A function deleted since GetFunctionConfiguration: its versions and aliases are gone too; the policies below say so.
        if (!isNotFound(err)) {
          errors.push(readError(resourceLabel.fn(fn.region, fn.name), operation, err));
          return { policies, complete: false };
        }
      }
    }
  }
  for (const qualifier of qualifiers) {
    try {
      const out = await lambda.send(
        new GetPolicyCommand({ FunctionName: functionRef(fn), ...(qualifier ? { Qualifier: qualifier } : {}) }),
      );
      policies[qualifier] = out.Policy ?? null;
    } catch (err) {
      if (isNotFound(err)) policies[qualifier] = null;
      else {
        complete = false;
        errors.push(readError(resourceLabel.fnPolicy(fn.region, fn.name, qualifier), 'GetPolicy', err));
      }
    }
  }
  return { policies, complete };
}

function toLive(fn: FunctionToRead, config: FunctionConfiguration, policies: Record<string, string | null>): LiveFunction {
  return { name: fn.name, region: fn.region, arn: config.FunctionArn ?? '', roleArn: config.Role ?? '', policies };
}

/**
 * What both readers share: `findFunctions` records each function as found (with its configuration, no
 * policies yet) or 'missing', or records a ReadError; then the policies of every function found are read.
 */
async function readFunctions(
  lambda: LambdaClient,
  fns: readonly FunctionToRead[],
  limiter: Limiter,
  options: FunctionReadOptions,
  findFunctions: (functions: FunctionMap, errors: ReadError[]) => Promise<unknown>,
): Promise<FunctionReadResult> {
  const functions: FunctionMap = new Map();
  const errors: ReadError[] = [];
  await findFunctions(functions, errors);
  // Policies are read after the lookups have released their limiter slots; each function then holds one
  // slot for all of its policy reads (no nested use of the pool, so a small pool cannot deadlock).
  await mapLimited(fns, limiter, async (fn) => {
    const key = functionKey(fn.region, fn.name);
    const live = functions.get(key);
    if (!live || live === 'missing') return;
    const { policies, complete } = await readPolicies(lambda, fn, errors, options);
    // An incomplete read leaves the function out: the ReadError explains, and no half-read policy
    // can be mistaken for "permission removed".
    if (complete) functions.set(key, { ...live, policies });
    else functions.delete(key);
  });
  return { functions, errors };
}

/** Per function: GetFunctionConfiguration, then GetPolicy per qualifier. */
export async function readFunctionsEach(
  lambda: LambdaClient,
  fns: readonly FunctionToRead[],
  limiter: Limiter,
  options: FunctionReadOptions = {},
): Promise<FunctionReadResult> {
  return readFunctions(lambda, fns, limiter, options, (functions, errors) =>
    mapLimited(fns, limiter, async (fn) => {
      let config: FunctionConfiguration;
      try {
        config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionRef(fn) }));
      } catch (err) {
        if (isNotFound(err)) functions.set(functionKey(fn.region, fn.name), 'missing');
        else errors.push(readError(resourceLabel.fn(fn.region, fn.name), 'GetFunctionConfiguration', err));
        return;
      }
      functions.set(functionKey(fn.region, fn.name), toLive(fn, config, {}));
    }),
  );
}

/** Many functions in one region: ListFunctions once, then GetPolicy per function and qualifier. */
export async function readFunctionsListed(
  lambda: LambdaClient,
  fns: readonly FunctionToRead[],
  limiter: Limiter,
  options: FunctionReadOptions = {},
): Promise<FunctionReadResult> {
  return readFunctions(lambda, fns, limiter, options, async (functions, errors) => {
    const configs = new Map<string, FunctionConfiguration>();
    try {
      await limiter(async () => {
        for await (const page of paginateListFunctions({ client: lambda }, {})) {
          for (const c of page.Functions ?? []) if (c.FunctionName) configs.set(c.FunctionName, c);
        }
      });
    } catch (err) {
      // No function is recorded, so no policy is read either.
      for (const fn of fns) errors.push(readError(resourceLabel.fn(fn.region, fn.name), 'ListFunctions', err));
      return;
    }
    for (const fn of fns) {
      const config = configs.get(fn.name);
      functions.set(functionKey(fn.region, fn.name), config ? toLive(fn, config, {}) : 'missing');
    }
  });
}
