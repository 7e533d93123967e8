/**
 * Hostname rules of the Gateway API: what a listener or route hostname may be, and whether a listener's
 * hostname admits a route's hostname. Pure functions, shared by the constructs and the validator.
 */

/** The Gateway API `Hostname` pattern: a DNS name, optionally with a leading `*.` wildcard label. */
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_MAX = 63;
const HOSTNAME_MAX = 253;

/**
 * Checks a hostname as the Gateway API accepts it on a listener or route: lower-case RFC 1123 labels,
 * an optional leading `*.` wildcard, no IP address, no port, at most 253 characters.
 *
 * @returns undefined when valid, else the end of a sentence that says what is wrong and suggests a fix
 */
export function checkHostname(field: string, value: string): string | undefined {
  const ok = value.length <= HOSTNAME_MAX
    && HOSTNAME.test(value)
    && value.replace(/^\*\./, '').split('.').every(label => label.length <= LABEL_MAX)
    && !isIpAddress(value);
  if (ok) return undefined;
  const suggestion = value.toLowerCase().replace(/:\d+$/, '').replace(/[^a-z0-9.*-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return `${field} '${value}' is not a valid hostname (lower-case DNS labels separated by '.', an optional ` +
    `leading '*.', no IP address or port, at most ${HOSTNAME_MAX} characters). ` +
    `Use '${suggestion.length > 0 && HOSTNAME.test(suggestion) ? suggestion : 'api.example.com'}'.`;
}

/** True when the value is an IPv4 address; the Gateway API forbids IPs as hostnames. */
export function isIpAddress(value: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(value) || value.includes(':');
}

/**
 * Whether a listener hostname and a route hostname intersect, as the Gateway API defines it: equal,
 * or one is a wildcard whose suffix matches the other with at least one more label in place of `*`.
 * An undefined listener hostname matches every route hostname.
 */
export function hostnamesIntersect(listenerHostname: string | undefined, routeHostname: string): boolean {
  if (listenerHostname === undefined || listenerHostname === '') return true;
  if (listenerHostname === routeHostname) return true;
  if (listenerHostname.startsWith('*.') && wildcardCovers(listenerHostname, routeHostname)) return true;
  if (routeHostname.startsWith('*.') && wildcardCovers(routeHostname, listenerHostname)) return true;
  return false;
}

/**
 * Gateway API wildcard semantics: `*.example.com` matches `a.example.com` and `a.b.example.com` (one or
 * more labels), but not `example.com`. A wildcard also covers a narrower wildcard (`*.a.example.com`).
 */
function wildcardCovers(wildcard: string, hostname: string): boolean {
  const suffix = wildcard.slice(1); // '.example.com'
  const name = hostname.startsWith('*.') ? hostname.slice(1) : hostname;
  return name.endsWith(suffix) && (hostname.startsWith('*.') || name.length > suffix.length);
}

/**
 * Whether a TLS certificate DNS name covers a hostname, as X.509 clients check it: equal, or a wildcard
 * `*.example.com` covering exactly one label (`a.example.com`, not `a.b.example.com` or `example.com`).
 * A wildcard hostname is covered only by the same wildcard.
 */
export function certificateCovers(dnsName: string, hostname: string): boolean {
  if (dnsName === hostname) return true;
  if (!dnsName.startsWith('*.') || hostname.startsWith('*.')) return false;
  const dot = hostname.indexOf('.');
  return dot > 0 && hostname.slice(dot) === dnsName.slice(1);
}
