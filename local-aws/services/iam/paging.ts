/**
 * IAM list pagination: `MaxItems` (1–1000, default 100) and an opaque `Marker`. The marker encodes the sort
 * key of the first item on the next page rather than an offset, so deleting items between pages (what the
 * provider does while destroying) never skips one.
 */
import { AwsError } from '../../types';
import type { Params } from './params';

export interface Page<T> {
  readonly items: T[];
  readonly IsTruncated: boolean;
  readonly Marker?: string;
}

export function paginate<T>(sortedItems: readonly T[], keyOf: (item: T) => string, params: Params): Page<T> {
  const maxItems = params.int('MaxItems', 1, 1000) ?? 100;
  const marker = params.optional('Marker');
  let start = 0;
  if (marker !== undefined) {
    const key = decodeMarker(marker);
    start = sortedItems.findIndex((item) => keyOf(item) >= key);
    if (start < 0) start = sortedItems.length;
  }
  const items = sortedItems.slice(start, start + maxItems);
  const next = sortedItems[start + maxItems];
  return next === undefined ? { items, IsTruncated: false } : { items, IsTruncated: true, Marker: encodeMarker(keyOf(next)) };
}

function encodeMarker(key: string): string {
  return Buffer.from(`v1:${key}`, 'utf8').toString('base64');
}

function decodeMarker(marker: string): string {
  const text = Buffer.from(marker, 'base64').toString('utf8');
  if (!text.startsWith('v1:')) {
    throw new AwsError('ValidationError', `Invalid Marker '${marker}': pass the Marker value from the previous response unchanged.`, 400);
  }
  return text.slice(3);
}

/** Sort key used by every list: case-insensitive name, then the exact name to keep the order total. */
export function nameKey(name: string): string {
  return `${name.toLowerCase()}\u0000${name}`;
}
