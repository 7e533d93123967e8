/**
 * Checks shared by the NVCF constructs: annotation and label keys and values as Kubernetes (and the
 * Gateway API's `infrastructure` maps) accept them.
 */

const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** An annotation or label key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function checkMetadataKey(field: string, key: string): string | undefined {
  if (QUALIFIED_NAME.test(key) && key.split('/')[0].length < 253) return undefined;
  return `${field} key '${key}' is not a valid key (an optional DNS subdomain prefix and '/', then at most 63 ` +
    "letters, digits, '-', '_' or '.', starting and ending with a letter or digit). Use, for example, " +
    "'external-dns.alpha.kubernetes.io/ttl'.";
}

/** A label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit. */
export function checkLabelValue(field: string, value: string): string | undefined {
  if (value.length <= 63 && LABEL_VALUE.test(value)) return undefined;
  return `${field} value '${value}' is not a valid label value (at most 63 letters, digits, '-', '_' or '.', ` +
    "starting and ending with a letter or digit). Use, for example, 'true'.";
}

/** Every key of an annotation map; values may be any string. */
export function checkAnnotations(field: string, annotations: { [key: string]: string } | undefined): string | undefined {
  for (const key of Object.keys(annotations ?? {})) {
    const problem = checkMetadataKey(field, key);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Every key and value of a label map. */
export function checkLabels(field: string, labels: { [key: string]: string } | undefined): string | undefined {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const problem = checkMetadataKey(field, key) ?? checkLabelValue(`${field} '${key}'`, value);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** A copy with keys in sorted order, or undefined when empty: deterministic output. */
export function sortedMap(map: { [key: string]: string } | undefined): { [key: string]: string } | undefined {
  const keys = Object.keys(map ?? {}).sort();
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map(k => [k, map![k]]));
}
