/**
 * Name rules shared by every construct: Kubernetes object names, namespaces, API groups and kinds, with
 * the same patterns and limits as the Gateway API CRDs. Each check returns `undefined` when the value is
 * valid, or the end of a sentence that says what is wrong and suggests a valid value.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KIND = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** An RFC 1123 label: namespaces, and the names of Services and other objects that must be labels. */
export function checkDnsLabel(field: string, value: string): string | undefined {
  if (value.length <= 63 && DNS_LABEL.test(value)) return undefined;
  return `${field} '${value}' is not a valid RFC 1123 label (lower case letters, digits and '-', ` +
    `starting and ending with a letter or digit, at most 63 characters). Use '${suggestDnsName(value, 63, false)}'.`;
}

/** An RFC 1123 subdomain: most object names (Secrets, ReferenceGrants, ...). */
export function checkDnsSubdomain(field: string, value: string): string | undefined {
  if (value.length <= 253 && DNS_SUBDOMAIN.test(value)) return undefined;
  return `${field} '${value}' is not a valid RFC 1123 subdomain (lower case letters, digits, '-' and '.', ` +
    `each part starting and ending with a letter or digit, at most 253 characters). Use '${suggestDnsName(value, 253, true)}'.`;
}

/** A Kubernetes API group: empty for the core group, else a DNS subdomain. */
export function checkGroup(field: string, value: string): string | undefined {
  if (value === '') return undefined;
  return checkDnsSubdomain(field, value);
}

/** A Kubernetes kind as the Gateway API CRDs accept it (`^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$`, at most 63). */
export function checkKind(field: string, value: string): string | undefined {
  if (value.length >= 1 && value.length <= 63 && KIND.test(value)) return undefined;
  return `${field} '${value}' is not a valid kind (a letter, then letters, digits or '-', at most 63 characters), ` +
    "for example 'HTTPRoute' or 'Service'.";
}

/** A best guess at the valid name the user meant: lower case, invalid characters replaced by '-'. */
export function suggestDnsName(value: string, maxLength: number, allowDots: boolean): string {
  const invalid = allowDots ? /[^a-z0-9.-]+/g : /[^a-z0-9-]+/g;
  let name = value.toLowerCase().replace(invalid, '-');
  if (allowDots) {
    name = name.split('.').map(part => part.replace(/^-+|-+$/g, '')).filter(part => part.length > 0).join('.');
  }
  name = name.slice(0, maxLength).replace(/^[-.]+|[-.]+$/g, '');
  return name.length > 0 ? name : 'my-name';
}
