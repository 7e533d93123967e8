/**
 * Deterministic order: the same input gives byte-identical YAML, whatever the locale or the order of calls.
 */

/** Byte-wise (UTF-16 code unit) string order, independent of locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy with keys in sorted order, or undefined when empty: deterministic output. */
export function sortedMap(map: { [key: string]: string } | undefined): { [key: string]: string } | undefined {
  const keys = Object.keys(map ?? {}).sort(compareStrings);
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map(k => [k, map![k]]));
}
