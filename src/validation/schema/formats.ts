import { isIPv4, isIPv6 } from 'net';

/**
 * String checks shared by the schema formats and the Kubernetes CEL library, with the API server's
 * semantics (Go's `net/netip` for addresses: no IPv4 leading zeros, no IPv6 zones).
 */

/** The Kubernetes CEL `isIP`: also rejects IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`). */
export function isIp(s: string): boolean {
  if (s.includes('%')) return false;
  if (isIPv4(s)) return !/(^|\.)0\d/.test(s);
  return isIPv6(s) && !isIpv4InIpv6(s);
}

/** `::ffff:a.b.c.d` in any spelling: the first 80 bits zero, the next 16 bits one. */
function isIpv4InIpv6(s: string): boolean {
  // A trailing dotted quad counts as two groups.
  const text = s.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, '0:0');
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined
    ? headGroups
    : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups.length === 8 && groups.slice(0, 5).every(g => parseInt(g, 16) === 0) && parseInt(groups[5], 16) === 0xffff;
}

export function isIpv4(s: string): boolean {
  return isIPv4(s) && !/(^|\.)0\d/.test(s);
}

export function isIpv6(s: string): boolean {
  return !s.includes('%') && isIPv6(s);
}

export function isCidr(s: string): boolean {
  const slash = s.lastIndexOf('/');
  if (slash < 0) return false;
  const addr = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(bits)) return false;
  const n = Number(bits);
  if (isIpv4(addr)) return n <= 32;
  if (isIpv6(addr)) return n <= 128;
  return false;
}

/** Absolute URL with a scheme, as Go's `url.ParseRequestURI` accepts for `isURL`. */
export function isUrl(s: string): boolean {
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s) && !s.startsWith('/')) return false;
  if (/\s/.test(s)) return false;
  if (s.startsWith('/')) return true;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

/** A Kubernetes resource quantity (`100m`, `1Gi`, `1e3`, `0.5`). */
export function isQuantity(s: string): boolean {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/.test(s);
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** RFC 1123 subdomain, the rule for the names of custom resources. */
export function dnsSubdomainProblem(s: string): string | undefined {
  if (s.length > 253) return 'must be no more than 253 characters';
  if (!DNS_SUBDOMAIN.test(s)) {
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
      'and must start and end with an alphanumeric character';
  }
  return undefined;
}

/** RFC 1123 label, the rule for namespace names. */
export function dnsLabelProblem(s: string): string | undefined {
  if (s.length > 63) return 'must be no more than 63 characters';
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s)) {
    return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
  }
  return undefined;
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return "a qualified name must consist of an optional DNS subdomain prefix, '/' and a name";
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0].length === 0) return 'prefix part must be non-empty';
    const prefix = dnsSubdomainProblem(parts[0]);
    if (prefix) return `prefix part ${prefix}`;
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** A label value: empty, or at most 63 characters of the qualified-name alphabet. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (value !== '' && !QUALIFIED_NAME.test(value)) {
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Checks a string against an OpenAPI `format` the API server validates; undefined when it conforms or
 * when the server ignores the format (`int32`, `int64` and unknown names).
 */
export function formatProblem(format: string, s: string): string | undefined {
  let ok = true;
  switch (format) {
    case 'ipv4': ok = isIpv4(s); break;
    case 'ipv6': ok = isIpv6(s); break;
    case 'cidr': ok = isCidr(s); break;
    case 'date-time':
    case 'datetime': ok = DATE_TIME.test(s) && !isNaN(Date.parse(s.replace(' ', 'T'))); break;
    case 'date': ok = /^\d{4}-\d{2}-\d{2}$/.test(s) && !isNaN(Date.parse(s)); break;
    case 'byte': ok = BASE64.test(s); break;
    case 'uri': ok = isUrl(s); break;
    case 'hostname': ok = dnsSubdomainProblem(s.toLowerCase()) === undefined; break;
    case 'uuid': ok = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s); break;
    case 'email': ok = /^[^@\s]+@[^@\s]+$/.test(s); break;
    case 'mac': ok = /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(s); break;
    case 'duration': ok = /^([+-]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d|w))+$/.test(s) || s === '0'; break;
    default: return undefined;
  }
  return ok ? undefined : `must be of type ${format}`;
}
