import { Construct } from 'constructs';
import { certificateCovers, checkHostname } from './hostnames';
import { failIf } from '../kubernetes/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../kubernetes/names';
import { declareKnown } from '../validation/targets';

/**
 * A TLS certificate that a Gateway listener serves: where its Secret is and, when known, the DNS names it
 * covers. `WildcardTls` implements it; `TlsCertificate.fromTlsCertificateAttributes()` references any existing Secret.
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
  /**
   * References a certificate in an existing `kubernetes.io/tls` Secret, for example one a team manages itself.
   * The Secret is declared as a known object for validation; nothing is emitted for it.
   */
  public static fromTlsCertificateAttributes(scope: Construct, id: string, attributes: TlsCertificateAttributes): ITlsCertificate {
    return new ImportedTlsCertificate(scope, id, attributes);
  }

  private constructor() {}
}

class ImportedTlsCertificate extends Construct implements ITlsCertificate {
  public readonly secretName: string;
  public readonly secretNamespace: string;
  public readonly dnsNames?: string[];

  public constructor(scope: Construct, id: string, attributes: TlsCertificateAttributes) {
    super(scope, id);
    failIf(this, 'TlsCertificate', checkDnsSubdomain('secretName', attributes.secretName));
    failIf(this, 'TlsCertificate', checkDnsLabel('secretNamespace', attributes.secretNamespace));
    for (const dnsName of attributes.dnsNames ?? []) failIf(this, 'TlsCertificate', checkHostname('dnsNames entry', dnsName));
    this.secretName = attributes.secretName;
    this.secretNamespace = attributes.secretNamespace;
    this.dnsNames = attributes.dnsNames === undefined ? undefined : [...attributes.dnsNames];
    declareKnown(this, { apiVersion: 'v1', kind: 'Secret', name: this.secretName, namespace: this.secretNamespace });
  }
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
