import { isIPv4, isIPv6 } from 'net';
import { isCidr, isIpv4, isIpv6 } from '../../kubernetes/addresses';

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

export { isCidr, isIpv4, isIpv6 };

/**
 * What Go's `url.ParseRequestURI` accepts (the `uri` format and the CEL `isURL`): an absolute path, or a
 * scheme followed by an opaque part or by `//authority` and a path; no ASCII control characters, valid
 * percent-escapes, a host of the characters Go allows and a numeric port.
 */
export function isUrl(s: string): boolean {
  if (/[\x00-\x1f\x7f]/.test(s)) return false;
  if (s === '*') return true;
  let rest = s;
  let scheme = '';
  const colon = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(s);
  if (colon) {
    scheme = colon[1];
    rest = s.slice(colon[0].length);
  }
  // The query is not checked (Go keeps it raw).
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.startsWith('/')) {
    // An opaque URI ('mailto:x') needs a scheme; a request URI without one must be an absolute path.
    return scheme !== '';
  }
  if (scheme !== '' && rest.startsWith('//')) {
    const authorityEnd = rest.indexOf('/', 2);
    const authority = authorityEnd < 0 ? rest.slice(2) : rest.slice(2, authorityEnd);
    rest = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
    if (!validAuthority(authority)) return false;
  }
  return validEscapes(rest);
}

/** `%` followed by two hex digits everywhere. */
function validEscapes(s: string): boolean {
  return !/%(?![0-9a-fA-F]{2})/.test(s);
}

/** Go's parseAuthority: `userinfo@host:port`, the host of allowed characters, the port numeric. */
function validAuthority(authority: string): boolean {
  const at = authority.lastIndexOf('@');
  let host = authority;
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._~!$&'()*+,;=:%@]*$/.test(userinfo)) return false;
    host = authority.slice(at + 1);
  }
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return false;
    const port = host.slice(close + 1);
    if (port !== '' && !/^:\d*$/.test(port)) return false;
    return validEscapes(host.slice(1, close));
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && !/^\d*$/.test(host.slice(colon + 1))) return false;
  if (!validEscapes(host)) return false;
  // Characters Go refuses in a host: those it would escape, but for sub-delims, ':', '[', ']', '<', '>' and '"'.
  return [...host.replace(/%[0-9a-fA-F]{2}/g, '')].every(c => c.charCodeAt(0) >= 0x80 || /[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"]/.test(c));
}

/** The `ipv4` format: Go's lenient ParseIPSloppy (leading zeros allowed, IPv4-in-IPv6 too) on text with a dot. */
export function isIpv4Format(s: string): boolean {
  if (!s.includes('.') || s.includes('%')) return false;
  if (!s.includes(':')) return isSloppyIpv4(s);
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  return v4 !== null && isSloppyIpv4(v4[1]) && isIPv6(s.slice(0, -v4[1].length) + '0.0.0.0');
}

function isSloppyIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every(p => /^\d+$/.test(p) && Number(p) <= 255);
}

/** The `date-time` format, as kube-openapi's IsDateTime: a full date, 't' (any case), a time with a zone. */
export function isDateTimeFormat(s: string): boolean {
  if (s.length < 4) return false;
  const parts = s.toLowerCase().split('t');
  if (parts.length < 2 || !isFullDate(parts[0])) return false;
  const m = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/u.exec(parts[1]);
  return m !== null && m[1] <= '23' && m[2] <= '59' && m[3] <= '59';
}

/** Go's time.Parse('2006-01-02'): four-digit year, two-digit month and day, a day the month has. */
function isFullDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
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

/** kube-openapi's base64 pattern (at least one group: the empty string is not base64 here). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;

/**
 * Checks a string against an OpenAPI `format` the API server validates; undefined when it conforms or
 * when the server ignores the format (`int32`, `int64` and unknown names).
 */
export function formatProblem(format: string, s: string): string | undefined {
  let ok = true;
  switch (format) {
    case 'ipv4': ok = isIpv4Format(s); break;
    case 'ipv6': ok = isIpv6(s) && s.includes(':'); break;
    case 'cidr': ok = isCidr(s); break;
    case 'date-time':
    case 'datetime': ok = isDateTimeFormat(s); break;
    case 'date': ok = isFullDate(s); break;
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

/** The API server's maskTrailingDash for a generateName prefix: a trailing dash is checked as a letter. */
export function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/** RFC 1035 label: a DNS label that starts with a letter. */
export function dns1035LabelProblem(s: string): string | undefined {
  if (s.length > 63) return 'must be no more than 63 characters';
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(s)) {
    return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, " +
      'and end with an alphanumeric character';
  }
  return undefined;
}

/**
 * A name that can be a path segment, the API server's rule for every object (IsPathSegmentName; a prefix, of a
 * generateName, is only checked for the characters).
 */
export function pathSegmentProblem(s: string, prefix: boolean): string | undefined {
  if (!prefix && (s === '.' || s === '..')) return `may not be '${s}'`;
  const problems = ['/', '%'].filter(c => s.includes(c)).map(c => `may not contain '${c}'`);
  return problems.length > 0 ? problems.join(', ') : undefined;
}

/** The problems of a ConfigMap or Secret key, as the API server's IsConfigMapKey words them. */
export function configMapKeyProblems(key: string): string[] {
  const problems: string[] = [];
  if (key.length > 253) problems.push('must be no more than 253 characters');
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
    problems.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  " +
      "or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  }
  if (key === '.') problems.push("must not be '.'");
  else if (key === '..') problems.push("must not be '..'");
  else if (key.startsWith('..')) problems.push("must not start with '..'");
  return problems;
}

/** Go's base64.StdEncoding, as encoding/json decodes a []byte: padded, newlines ignored, empty allowed. */
const GO_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The number of bytes a base64 string (as Go decodes a []byte) holds; undefined when it is not base64. */
export function base64DecodedLength(s: string): number | undefined {
  const text = s.replace(/[\r\n]/g, '');
  if (!GO_BASE64.test(text)) return undefined;
  return (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
}

/**
 * A string the API server cannot decode into the Go type of a built-in kind's field: `byte` ([]byte, base64),
 * `date-time` (metav1.Time, RFC 3339), `quantity` (resource.Quantity); undefined when it decodes.
 */
export function goDecodingProblem(format: string, s: string): string | undefined {
  switch (format) {
    case 'byte':
      return base64DecodedLength(s) === undefined ? 'illegal base64 data: must be base64 (the API server decodes it as bytes)' : undefined;
    case 'date-time':
      return /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s) ? undefined
        : 'must be a time in RFC 3339 format (2006-01-02T15:04:05Z)';
    case 'quantity':
      // resource.Quantity's UnmarshalJSON trims spaces before parsing.
      return isQuantity(s.trim()) ? undefined
        : "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    default:
      return undefined;
  }
}
