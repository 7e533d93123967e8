/**
 * What a Gateway does with an `ITlsCertificate` (a `WildcardTls`, or an existing Secret): the HTTPS
 * listener's `tls` block, the ReferenceGrant that lets the Gateway read a Secret in another namespace,
 * cert-manager's annotations, and the synth-time check that the certificate covers every hostname the
 * listener serves. Gateways (NvcfGateway, the AI gateway) call these; they are not exported from the package.
 */
import { ITlsCertificate, uncoveredHostnames } from './certificate';
import { IGateway, GatewayListener, ListenerProtocol, RouteKind } from './gateway';
import { grantReference } from './grants';
import { GrantFrom, GrantTo } from './reference-grant';
import { compareStrings } from '../kubernetes/order';
import { declareKnown } from '../validation/targets';

/** An HTTPS listener that terminates TLS with a certificate. */
export interface HttpsListenerOptions {
  /** The listener's name. */
  readonly name: string;

  /** The certificate the listener serves. */
  readonly certificate: ITlsCertificate;

  /**
   * The listener's port.
   *
   * @default 443
   */
  readonly port?: number;

  /**
   * The listener's hostname; with a wildcard certificate usually its wildcard (`tls.dnsNames[0]`).
   *
   * @default - every hostname
   */
  readonly hostname?: string;

  /**
   * The route kinds the listener admits.
   *
   * @default - HTTPRoute and GRPCRoute
   */
  readonly routeKinds?: RouteKind[];
}

/** An HTTPS listener: what routes see of it, and its entry of the Gateway's `spec.listeners`. */
export interface HttpsListener {
  readonly listener: GatewayListener;
  readonly spec: any;
}

/**
 * The HTTPS listener of a Gateway terminating TLS with a certificate, and, when the certificate's
 * Secret lives in another namespace, the one narrow ReferenceGrant (Gateways from the Gateway's
 * namespace to that Secret) that allows it.
 */
export function httpsListener(gateway: IGateway, options: HttpsListenerOptions): HttpsListener {
  const listener: GatewayListener = {
    name: options.name,
    port: options.port ?? 443,
    protocol: ListenerProtocol.HTTPS,
    hostname: options.hostname,
    routeKinds: options.routeKinds,
  };
  return {
    listener,
    spec: {
      name: listener.name,
      port: listener.port,
      protocol: listener.protocol,
      hostname: listener.hostname,
      tls: { mode: 'Terminate', certificateRefs: [certificateRef(gateway, options.certificate)] },
      allowedRoutes: listener.routeKinds === undefined ? undefined : {
        kinds: listener.routeKinds.map(kind => ({ group: 'gateway.networking.k8s.io', kind })),
      },
    },
  };
}

/**
 * A listener's `tls.certificateRefs` entry for a certificate; grants the Gateway access to the Secret
 * when it lives in another namespace.
 */
export function certificateRef(gateway: IGateway, certificate: ITlsCertificate): any {
  grantReference(gateway, GrantFrom.gateways(gateway.gatewayNamespace), certificate.secretNamespace,
    GrantTo.secret(certificate.secretName), gateway.gatewayApiVersion);
  // The Secret comes from cert-manager or from its owners, never from this chart.
  declareKnown(gateway, { apiVersion: 'v1', kind: 'Secret', name: certificate.secretName, namespace: certificate.secretNamespace });
  return { group: '', kind: 'Secret', name: certificate.secretName, namespace: certificate.secretNamespace };
}

/**
 * The problems of serving hostnames on an HTTPS listener with a certificate: each hostname must be
 * covered by one of the certificate's DNS names (a wildcard covers exactly one label). `hostnames` are
 * the listener's hostname, if any, and the hostnames of the routes attached to it. When cert-manager
 * issues from the Gateway's annotations, the listener also needs a hostname and the Secret must be in
 * the Gateway's namespace. Each problem is the end of a sentence; prefix it with the gateway's kind and path.
 */
export function httpsListenerProblems(gateway: IGateway, listener: GatewayListener, certificate: ITlsCertificate,
  hostnames: string[]): string[] {
  const problems: string[] = [];
  const described = describeCertificate(certificate);
  const served = [...new Set(listener.hostname === undefined ? hostnames : [listener.hostname, ...hostnames])].sort();
  for (const hostname of uncoveredHostnames(certificate, served)) {
    const suggestion = certificate.dnsNames!.find(d => d.startsWith('*.'));
    problems.push(`listener '${listener.name}' serves hostname '${hostname}', which ${described} does not cover ` +
      '(a wildcard covers exactly one label). ' +
      (suggestion !== undefined ? `Use a hostname of the form '${suggestion}' or ` : 'Use ') +
      'a certificate whose DNS names cover it.');
  }
  problems.push(...annotationIssuanceProblems(gateway, listener, certificate));
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

/**
 * The annotations a Gateway carries for its certificates (cert-manager's issuer annotation), merged,
 * with a problem for each key two certificates want with different values.
 */
export function certificateAnnotations(certificates: ITlsCertificate[]): { annotations?: { [key: string]: string }; problems: string[] } {
  const annotations: { [key: string]: string } = {};
  const owners: { [key: string]: ITlsCertificate } = {};
  const problems: string[] = [];
  for (const certificate of certificates) {
    for (const [key, value] of Object.entries(certificate.gatewayAnnotations ?? {}).sort(([a], [b]) => compareStrings(a, b))) {
      const previous = annotations[key];
      if (previous !== undefined && previous !== value) {
        problems.push(`annotation '${key}' is '${previous}' for ${describeCertificate(owners[key])} but '${value}' for ` +
          `${describeCertificate(certificate)}; a Gateway carries one value. Issue both certificates from one issuer, or ` +
          'serve them on different Gateways.');
        continue;
      }
      annotations[key] = value;
      owners[key] = certificate;
    }
  }
  return { annotations: Object.keys(annotations).length === 0 ? undefined : annotations, problems };
}

/** How messages name a certificate: its Secret and, when known, its DNS names. */
export function describeCertificate(certificate: ITlsCertificate): string {
  const names = certificate.dnsNames === undefined ? '' : ` (DNS names ${certificate.dnsNames.map(d => `'${d}'`).join(', ')})`;
  return `certificate Secret '${certificate.secretNamespace}/${certificate.secretName}'${names}`;
}
