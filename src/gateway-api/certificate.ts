import { certificateCovers } from './hostnames';

/**
 * A TLS certificate that a Gateway listener serves: where its Secret is and, when known, the DNS names it
 * covers. `WildcardTls` implements it; `TlsCertificate.fromSecretName()` wraps any existing Secret.
 */
export interface ITlsCertificate {
  /** Name of the `kubernetes.io/tls` Secret holding `tls.crt` and `tls.key`. */
  readonly secretName: string;

  /** Namespace of the Secret. A Gateway elsewhere needs a ReferenceGrant, which gateways generate. */
  readonly secretNamespace: string;

  /**
   * The DNS names the certificate covers, for the synth-time check that every HTTPS hostname is covered.
   *
   * @default - unknown: no coverage check
   */
  readonly dnsNames?: string[];

  /**
   * Annotations a Gateway using this certificate carries, for example cert-manager's
   * `cert-manager.io/cluster-issuer` when cert-manager is to issue from the Gateway itself.
   *
   * @default - none
   */
  readonly gatewayAnnotations?: { [key: string]: string };
}

/** What is known of a certificate Secret this app does not create. */
export interface TlsCertificateAttributes {
  /** Name of the `kubernetes.io/tls` Secret. */
  readonly secretName: string;

  /** Namespace of the Secret. */
  readonly secretNamespace: string;

  /**
   * The DNS names the certificate covers.
   *
   * @default - unknown: no coverage check
   */
  readonly dnsNames?: string[];
}

/** Certificates from Secrets that already exist. */
export class TlsCertificate {
  /** A certificate in an existing `kubernetes.io/tls` Secret, for example one a team manages itself. */
  public static fromSecretName(attributes: TlsCertificateAttributes): ITlsCertificate {
    return {
      secretName: attributes.secretName,
      secretNamespace: attributes.secretNamespace,
      dnsNames: attributes.dnsNames === undefined ? undefined : [...attributes.dnsNames],
    };
  }

  private constructor() {}
}

/**
 * The hostnames a certificate does not cover, for the synth-time coverage check of HTTPS listeners: each
 * hostname must equal one of the certificate's DNS names or match a wildcard name in exactly one label.
 * Empty when every hostname is covered or when the certificate's names are unknown.
 */
export function uncoveredHostnames(certificate: ITlsCertificate, hostnames: string[]): string[] {
  const dnsNames = certificate.dnsNames;
  if (dnsNames === undefined) return [];
  return hostnames.filter(hostname => !dnsNames.some(dnsName => certificateCovers(dnsName, hostname)));
}
