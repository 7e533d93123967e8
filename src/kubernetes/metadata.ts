/**
 * Label and annotation checks shared by every construct: keys and values as Kubernetes (and the Gateway API's
 * `infrastructure` maps) accept them. Each check returns `undefined` when the value is valid, or the end of a
 * sentence that names the field and value and suggests a valid one.
 */

const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** An annotation or label key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function checkMetadataKey(field: string, key: string, example = 'external-dns.alpha.kubernetes.io/ttl'): string | undefined {
  if (typeof key === 'string' && QUALIFIED_NAME.test(key) && key.split('/')[0].length < 253) return undefined;
  return `${field} key '${key}' is not a valid key (an optional DNS subdomain prefix and '/', then at most 63 ` +
    `letters, digits, '-', '_' or '.', starting and ending with a letter or digit). Use, for example, '${example}'.`;
}

/** A label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit. */
export function checkLabelValue(field: string, value: string, example = 'true'): string | undefined {
  if (typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value)) return undefined;
  return `${field} value '${value}' is not a valid label value (at most 63 letters, digits, '-', '_' or '.', ` +
    `starting and ending with a letter or digit). Use, for example, '${example}'.`;
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
