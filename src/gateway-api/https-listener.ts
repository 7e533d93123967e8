/**
 * What a Gateway does with an `ITlsCertificate` (a `WildcardTls`, or an existing Secret): the HTTPS listener's
 * options, its `tls.certificateRefs` entry, the ReferenceGrant that lets the Gateway read a Secret in another
 * namespace, and the synth-time checks that the certificate covers every hostname the listener serves and that
 * cert-manager can issue from the Gateway's annotations. `GatewayBase` is their one user.
 */
import { ITlsCertificate, uncoveredHostnames } from './certificate';
import { IGateway, GatewayListener } from './gateway';
import { grantReference } from './grants';
import { GrantFrom, GrantTo } from './reference-grant';
import { checkDnsLabel, checkDnsSubdomain } from '../kubernetes/names';
import { declareKnown } from '../validation/targets';

/** Options of an HTTPS listener that terminates TLS at the Gateway, on any gateway (`addHttpsListener()`). */
export interface GatewayHttpsOptions {
  /**
   * The certificate the listener serves: a `WildcardTls`, or any Secret through
   * `TlsCertificate.fromTlsCertificateAttributes()`. A Secret in another namespace than the Gateway's gets a
   * ReferenceGrant that admits exactly this Gateway's namespace.
   */
  readonly certificate: ITlsCertificate;

  /**
   * The listener's name, which routes use as `sectionName`.
   *
   * @default 'https'
   */
  readonly name?: string;

  /**
   * The listener's port.
   *
   * @default 443
   */
  readonly port?: number;

  /**
   * The listener's hostname, for example `*.nvcf.example.com`; routes attach only when one of their
   * hostnames matches it. It must be covered by the certificate.
   *
   * @default - every hostname
   */
  readonly hostname?: string;
}

/** @internal A hostname an HTTPS listener serves, and where it comes from (for messages). */
export interface ServedHostname {
  readonly hostname: string;
  readonly source: string;
}

/** Checks a certificate's Secret name and namespace; returns a problem or undefined. */
export function checkCertificate(field: string, certificate: ITlsCertificate): string | undefined {
  return checkDnsSubdomain(`${field} secretName`, certificate.secretName) ?? checkDnsLabel(`${field} secretNamespace`, certificate.secretNamespace);
}

/**
 * Lets a Gateway read a certificate's Secret: the one narrow ReferenceGrant (Gateways from the Gateway's
 * namespace to that Secret) when it lives in another namespace, and the Secret declared known (it comes from
 * cert-manager or from its owners, never from this chart).
 */
export function grantCertificateAccess(gateway: IGateway, certificate: ITlsCertificate): void {
  grantReference(gateway, GrantFrom.gateways(gateway.gatewayNamespace), certificate.secretNamespace,
    GrantTo.secret(certificate.secretName), gateway.gatewayApiVersion);
  declareKnown(gateway, { apiVersion: 'v1', kind: 'Secret', name: certificate.secretName, namespace: certificate.secretNamespace });
}

/**
 * A listener's `tls.certificateRefs` entry for a certificate. The namespace is written only when it is not the
 * Gateway's own (the Gateway API infers the local namespace), as every other same-namespace reference of this library.
 */
export function certificateRefSpec(gateway: IGateway, certificate: ITlsCertificate): any {
  return {
    group: '',
    kind: 'Secret',
    name: certificate.secretName,
    namespace: certificate.secretNamespace === gateway.gatewayNamespace ? undefined : certificate.secretNamespace,
  };
}

/**
 * The problems of serving hostnames on an HTTPS listener with a certificate: each must be covered by one of
 * the certificate's DNS names (a wildcard covers exactly one label). Each problem is the end of a sentence;
 * prefix it with the gateway's kind and path.
 */
export function coverageProblems(listener: GatewayListener, certificate: ITlsCertificate, served: ServedHostname[]): string[] {
  const uncovered = new Set(uncoveredHostnames(certificate, served.map(s => s.hostname)));
  const names = (certificate.dnsNames ?? []).map(n => `'${n}'`).join(', ');
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const s of served) {
    if (!uncovered.has(s.hostname) || seen.has(`${s.hostname}\0${s.source}`)) continue;
    seen.add(`${s.hostname}\0${s.source}`);
    const wildcard = s.hostname.startsWith('*.') ? '' : ` or '*.${s.hostname.slice(s.hostname.indexOf('.') + 1)}'`;
    problems.push(`HTTPS listener '${listener.name}' serves hostname '${s.hostname}' (${s.source}), which certificate ` +
      `'${certificate.secretNamespace}/${certificate.secretName}' (dnsNames ${names}) does not cover; a wildcard covers ` +
      `exactly one label. Add '${s.hostname}'${wildcard} to the certificate's dnsNames, or use a hostname it covers.`);
  }
  return problems;
}

/**
 * When cert-manager issues from the Gateway's annotations, it needs a listener hostname to put in the
 * certificate and writes the Secret into the Gateway's namespace: the problems when either is not so.
 */
export function annotationIssuanceProblems(gateway: IGateway, listener: GatewayListener, certificate: ITlsCertificate): string[] {
  const problems: string[] = [];
  const described = describeCertificate(certificate);
  if (certificate.gatewayAnnotations !== undefined) {
    if (listener.hostname === undefined) {
      problems.push(`listener '${listener.name}' has no hostname, but ${described} is issued by cert-manager from the ` +
        `Gateway's annotations, which needs one. Set hostname to '${certificate.dnsNames?.[0] ?? '*.example.com'}'.`);
    }
    if (certificate.secretNamespace !== gateway.gatewayNamespace) {
      problems.push(`${described} is issued by cert-manager from the Gateway's annotations, which writes the Secret in the ` +
        `Gateway's namespace '${gateway.gatewayNamespace}', not '${certificate.secretNamespace}'. Give the certificate ` +
        `the namespace '${gateway.gatewayNamespace}'.`);
    }
  }
  return problems;
}

/** How messages name a certificate: its Secret and, when known, its DNS names. */
export function describeCertificate(certificate: ITlsCertificate): string {
  const names = certificate.dnsNames === undefined ? '' : ` (DNS names ${certificate.dnsNames.map(d => `'${d}'`).join(', ')})`;
  return `certificate Secret '${certificate.secretNamespace}/${certificate.secretName}'${names}`;
}
