import { isIPv4, isIPv6 } from 'net';

/**
 * Address checks with the API server's semantics (Go's `net/netip`: no IPv4 leading zeros, no IPv6 zones), for
 * constructs and the validator alike: this module loads nothing of the validator.
 */

/** An IPv4 address as Go's `netip.ParseAddr` accepts it: no leading zeros. */
export function isIpv4(s: string): boolean {
  return isIPv4(s) && !/(^|\.)0\d/.test(s);
}

/** An IPv6 address without a zone. */
export function isIpv6(s: string): boolean {
  return !s.includes('%') && isIPv6(s);
}

/** A CIDR as Kubernetes CEL's `isCIDR` and the schema format `cidr` accept it: address/prefix length in range. */
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
