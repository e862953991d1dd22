/** Small list helpers shared by the normalizers: IAM lists are sets, some of them case-insensitive. */

export function findKeyIgnoringCase(obj: object, key: string): string | undefined {
  const lower = key.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

/** One value as text: a string as-is, a list by its first item, any other JSON value in its JSON form. */
export function firstText(value: unknown): string | undefined {
  const v: unknown = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Scalars (IAM accepts `true`, `3600`) compare as their string form. */
export function toStrings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v) => v !== null && v !== undefined).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}

export function sortedUnique(values: readonly string[], ignoreCase: boolean): string[] {
  const seen = new Map<string, string>();
  for (const v of values) {
    const k = ignoreCase ? v.toLowerCase() : v;
    if (!seen.has(k)) seen.set(k, v);
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}
