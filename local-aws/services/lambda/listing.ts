/**
 * ListFunctions and ListVersionsByFunction with Lambda's Marker/MaxItems pagination. The marker is
 * opaque to clients; ours is the base64 of the sort key of the last item returned (function name, version
 * number with `$LATEST` as 0), and the next page starts at the first item after that key. A position index
 * would skip an item when one before it is deleted between pages; a key does not.
 * MaxItems accepts 1-10000 like AWS, but a page holds at most 50 items, as real Lambda returns.
 */
import { AwsError, type CallContext } from '../../types';
import { configurationAt, regionOf, resolveFunction, type FunctionConfiguration, type LambdaState } from './model';
import { getOwn } from '../../core/own';

/** Lambda's list operations return at most 50 items a page, whatever MaxItems says. */
export const MAX_PAGE_SIZE = 50;

function maxItemsFrom(query: URLSearchParams): number {
  const raw = query.get('MaxItems');
  if (raw === null) return MAX_PAGE_SIZE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10000) {
    throw new AwsError('InvalidParameterValueException', `MaxItems ${raw} is not valid. Use an integer from 1 to 10000.`, 400);
  }
  return Math.min(n, MAX_PAGE_SIZE);
}

/** Sort key: function name, then version (`$LATEST` = 0, published versions by number). */
type SortKey = readonly [string, number];

function keyOf(config: FunctionConfiguration): SortKey {
  return [config.FunctionName, config.Version === '$LATEST' ? 0 : Number(config.Version)];
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] - b[1];
}

function markerOf(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64');
}

function afterKeyFrom(query: URLSearchParams): SortKey | undefined {
  const marker = query.get('Marker');
  if (!marker) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(marker, 'base64').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== 2 || typeof key[0] !== 'string' || !Number.isInteger(key[1]) || key[1] < 0) {
    throw new AwsError(
      'InvalidParameterValueException',
      `Marker '${marker}' is not valid. Pass the NextMarker of the previous page unchanged.`,
      400,
    );
  }
  return [key[0], key[1]];
}

/** `items` must be sorted by keyOf. */
function page(items: readonly FunctionConfiguration[], query: URLSearchParams): { items: FunctionConfiguration[]; NextMarker?: string } {
  const after = afterKeyFrom(query);
  const start = after ? items.findIndex((item) => compareKeys(keyOf(item), after) > 0) : 0;
  if (start < 0) return { items: [] };
  const end = start + maxItemsFrom(query);
  const slice = items.slice(start, end);
  return end < items.length ? { items: slice, NextMarker: markerOf(keyOf(slice[slice.length - 1])) } : { items: slice };
}

/** ListFunctions: `$LATEST` of each function, or every version too with `FunctionVersion=ALL`. */
export function listFunctions(
  state: LambdaState,
  ctx: CallContext,
  query: URLSearchParams,
): { Functions: FunctionConfiguration[]; NextMarker?: string } {
  const versionFilter = query.get('FunctionVersion');
  if (versionFilter !== null && versionFilter !== 'ALL') {
    throw new AwsError('InvalidParameterValueException', `FunctionVersion '${versionFilter}' is not valid. The only value is ALL.`, 400);
  }
  const functions = Object.keys(regionOf(state, ctx).functions)
    .sort()
    .map((name) => getOwn(regionOf(state, ctx).functions, name)!);
  const all = functions.flatMap((fn) => (versionFilter === 'ALL' ? [configurationAt(fn, ctx, '$LATEST'), ...fn.versions] : [fn.latest]));
  const { items, NextMarker } = page(all, query);
  return NextMarker ? { Functions: items, NextMarker } : { Functions: items };
}

/** ListVersionsByFunction: `$LATEST` (with its qualified ARN) then versions oldest first. */
export function listVersionsByFunction(
  state: LambdaState,
  ctx: CallContext,
  ref: string,
  query: URLSearchParams,
): { Versions: FunctionConfiguration[]; NextMarker?: string } {
  const { fn } = resolveFunction(state, ctx, ref);
  const { items, NextMarker } = page([configurationAt(fn, ctx, '$LATEST'), ...fn.versions], query);
  return NextMarker ? { Versions: items, NextMarker } : { Versions: items };
}
