/**
 * Hostname rules of the Gateway API: what a listener or route hostname may be, and whether a listener's
 * hostname admits a route's hostname. Pure functions, shared by the constructs and the validator.
 */

import { isIP } from 'net';

/** The Gateway API `Hostname` pattern: a DNS name, optionally with a leading `*.` wildcard label. */
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_MAX = 63;
const HOSTNAME_MAX = 253;

/**
 * Checks a hostname as the Gateway API accepts it on a listener or route: lower-case RFC 1123 labels,
 * an optional leading `*.` wildcard, no IP address, no port, at most 253 characters. A value written as
 * a URL (`https://api.example.com:443/v1`) is told so: its scheme, port and path are not part of a hostname.
 *
 * @returns undefined when valid, else the end of a sentence that says what is wrong and suggests a fix
 */
export function checkHostname(field: string, value: string): string | undefined {
  if (isHostname(value)) return undefined;
  const url = urlParts(value);
  if (url !== undefined) {
    return `${field} '${url.shown}' is not a valid hostname: ${notPartOf(url, 'a hostname')}. Use '${suggestHostname(url.host)}'.`;
  }
  return `${field} '${value}' is not a valid hostname (lower-case DNS labels separated by '.', an optional ` +
    `leading '*.', no IP address or port, at most ${HOSTNAME_MAX} characters). Use '${suggestHostname(value)}'.`;
}

/** True when the value is an IPv4 address (dotted quad) or an IPv6 address; the Gateway API forbids IPs as hostnames. */
export function isIpAddress(value: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(value) || isIP(value) === 6;
}

/** A host written as a URL, `[scheme://][user@]host[:port][/path][.]`, taken apart. */
export interface UrlParts {
  /** The host, without the rest; a bracketed IPv6 address keeps its brackets. */
  readonly host: string;

  /** The scheme with its `://`, for example `https://`. */
  readonly scheme?: string;

  /** The `user:password@` part. */
  readonly credentials?: string;

  /** The port with its colon, for example `:443`. */
  readonly port?: string;

  /** What follows the host and port: a path, query or fragment, for example `/v1`. */
  readonly path?: string;

  /** Whether the host ends with the DNS root's '.'. */
  readonly trailingDot: boolean;

  /** The value as messages show it: the credentials masked. */
  readonly shown: string;
}

/**
 * Takes a value apart as `[scheme://][user@]host[:port][/path][.]`, or returns undefined when it has none
 * of the parts around the host (it is a bare host, valid or not) or is an IP address.
 */
export function urlParts(value: string): UrlParts | undefined {
  if (isIpAddress(value)) return undefined;
  const match = /^([a-z][a-z0-9+.-]*:\/\/)?([^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(:[^/?#]*)?([/?#].*)?$/i.exec(value);
  if (match === null) return undefined;
  const [, scheme, credentials, host, port, path] = match;
  const trailingDot = host.length > 1 && host.endsWith('.');
  if (!scheme && !credentials && !port && !path && !trailingDot) return undefined;
  return {
    host: trailingDot ? host.slice(0, -1) : host,
    scheme: scheme || undefined,
    credentials: credentials || undefined,
    port: port || undefined,
    path: path || undefined,
    trailingDot,
    shown: credentials ? value.replace(credentials, '***@') : value,
  };
}

/**
 * The clause of a message that names the parts of a URL that do not belong in `what`, for example
 * "a scheme ('https://') and a path ('/v1') are not part of a hostname"; undefined when there are none
 * (but those kept, such as the port of a `host:port` address).
 */
export function notPartOf(url: UrlParts, what: string, keep: { port?: boolean; trailingDot?: boolean } = {}): string | undefined {
  const path = url.path ?? '';
  const extras = [
    url.scheme && `a scheme ('${url.scheme}')`,
    url.credentials && "a user part ('***@')",
    !keep.port && url.port && `a port ('${url.port}')`,
    url.path && `${path.startsWith('/') ? 'a path' : path.startsWith('?') ? 'a query' : 'a fragment'} ('${path}')`,
    !keep.trailingDot && url.trailingDot && "a trailing '.'",
  ].filter((extra): extra is string => typeof extra === 'string' && extra !== '');
  if (extras.length === 0) return undefined;
  const listed = extras.length === 1 ? extras[0] : `${extras.slice(0, -1).join(', ')} and ${extras[extras.length - 1]}`;
  return `${listed} ${extras.length === 1 ? 'is' : 'are'} not part of ${what}`;
}

/** Whether the value is a hostname the Gateway API accepts. */
function isHostname(value: string): boolean {
  return value.length <= HOSTNAME_MAX
    && HOSTNAME.test(value)
    && value.replace(/^\*\./, '').split('.').every(label => label.length <= LABEL_MAX)
    && !isIpAddress(value);
}

/** A best guess at the hostname meant: lower case, invalid characters replaced by '-'; else an example. */
function suggestHostname(value: string): string {
  if (isIpAddress(value)) return 'api.example.com';
  const suggestion = value.toLowerCase().replace(/:\d+$/, '').replace(/[^a-z0-9.*-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return isHostname(suggestion) ? suggestion : 'api.example.com';
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
