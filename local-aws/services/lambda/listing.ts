/**
 * ListFunctions and ListVersionsByFunction with Lambda's Marker/MaxItems pagination. The marker is
 * opaque to clients; ours is the base64 of the position, which stays valid when items are added after it
 * because lists are ordered (functions by name, versions by number with `$LATEST` first).
 */
import { AwsError, type CallContext } from '../../types';
import { configurationAt, regionOf, resolveFunction, type FunctionConfiguration, type LambdaState } from './model';
import { getOwn } from '../../core/own';

const DEFAULT_MAX_ITEMS = 50;

function maxItemsFrom(query: URLSearchParams): number {
  const raw = query.get('MaxItems');
  if (raw === null) return DEFAULT_MAX_ITEMS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10000) {
    throw new AwsError('InvalidParameterValueException', `MaxItems ${raw} is not valid. Use an integer from 1 to 10000.`, 400);
  }
  return n;
}

function startFrom(query: URLSearchParams): number {
  const marker = query.get('Marker');
  if (!marker) return 0;
  const start = Number(Buffer.from(marker, 'base64').toString('utf8'));
  if (!Number.isInteger(start) || start < 0) {
    throw new AwsError('InvalidParameterValueException', `Marker '${marker}' is not valid. Pass the NextMarker of the previous page unchanged.`, 400);
  }
  return start;
}

function page<T>(items: readonly T[], query: URLSearchParams): { items: T[]; NextMarker?: string } {
  const start = startFrom(query);
  const end = start + maxItemsFrom(query);
  const slice = items.slice(start, end);
  return end < items.length ? { items: slice, NextMarker: Buffer.from(String(end)).toString('base64') } : { items: slice };
}

/** ListFunctions: `$LATEST` of each function, or every version too with `FunctionVersion=ALL`. */
export function listFunctions(state: LambdaState, ctx: CallContext, query: URLSearchParams): { Functions: FunctionConfiguration[]; NextMarker?: string } {
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
export function listVersionsByFunction(state: LambdaState, ctx: CallContext, ref: string, query: URLSearchParams): { Versions: FunctionConfiguration[]; NextMarker?: string } {
  const { fn } = resolveFunction(state, ctx, ref);
  const { items, NextMarker } = page([configurationAt(fn, ctx, '$LATEST'), ...fn.versions], query);
  return NextMarker ? { Versions: items, NextMarker } : { Versions: items };
}
