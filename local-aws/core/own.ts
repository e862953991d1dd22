/**
 * Why this exists: service state is plain JSON objects keyed by names the caller chooses (role, policy,
 * function, alias names, regions). With ordinary indexing, `constructor` reads Object.prototype's and
 * `__proto__ = …` changes the prototype instead of storing an entry. These helpers read and write own
 * properties only, so every name is an ordinary key and the state stays JSON (an own `__proto__` key
 * survives JSON.stringify, JSON.parse and structuredClone).
 */

export function getOwn<T>(map: Readonly<Record<string, T>> | undefined | null, key: string): T | undefined {
  return map != null && Object.hasOwn(map, key) ? map[key] : undefined;
}

export function hasOwnKey(map: Readonly<Record<string, unknown>> | undefined | null, key: string): boolean {
  return map != null && Object.hasOwn(map, key);
}

export function setOwn<T>(map: Record<string, T>, key: string, value: T): T {
  Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

/** The entry under `key`, created with `make()` when there is none. */
export function ensureOwn<T>(map: Record<string, T>, key: string, make: () => T): T {
  return hasOwnKey(map, key) ? map[key] : setOwn(map, key, make());
}

export function deleteOwn(map: Record<string, unknown> | undefined, key: string): void {
  if (map && Object.hasOwn(map, key)) delete map[key];
}
