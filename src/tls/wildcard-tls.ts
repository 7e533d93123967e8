import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PlatformDomain } from './platform-domain';
import { CERT_MANAGER_RELEASE, CertificateIssuerRef, IssuerKind, TlsMode } from './tls-mode';
import { Certificate } from '../../imports/cert-manager-v1.21.1/cert-manager.io-v1';
import { ITlsCertificate } from '../gateway-api/certificate';
import { certificateCovers } from '../gateway-api/hostnames';
import { constructError, constructProblem, failIf } from '../kubernetes/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../kubernetes/names';
import { emitSchemaDefaults } from '../kubernetes/schema-defaults';
import { declareKnown } from '../validation/targets';

/** How cert-manager learns to issue the wildcard certificate. */
export enum TlsIssuance {
  /** A `Certificate` object for the wildcard, emitted by WildcardTls. */
  CERTIFICATE = 'Certificate',

  /**
   * No Certificate object: Gateways using the certificate carry cert-manager's
   * `cert-manager.io/issuer` (or `cluster-issuer`) annotation and cert-manager's gateway-shim issues a
   * certificate for each HTTPS listener's hostname. The listeners must set a hostname, and the Secret
   * must be in the Gateway's namespace.
   */
  GATEWAY_ANNOTATION = 'GatewayAnnotation',
}

/** Options of a WildcardTls. */
export interface WildcardTlsProps {
  /** The platform's domain, whose hosts the certificate covers. */
  readonly domain: PlatformDomain;

  /**
   * The namespace of the certificate and its Secret; usually the Gateway's, else the Gateway needs a
   * ReferenceGrant, which gateways generate.
   */
  readonly namespace: string;

  /** How the certificate is obtained. */
  readonly mode: TlsMode;

  /**
   * How cert-manager learns to issue the certificate. `TlsMode.provided()` issues nothing and takes only
   * the default.
   *
   * @default TlsIssuance.CERTIFICATE
   */
  readonly issuance?: TlsIssuance;

  /**
   * The prefix of the names of the objects WildcardTls creates (Certificate, CA issuer, ...).
   *
   * @default - the certificate domain with '-' for '.', for example `ai-gateway-example-com`
   */
  readonly name?: string;

  /**
   * The Secret the certificate is stored in (cert-manager writes it). For `TlsMode.provided()` give the
   * Secret in the mode instead.
   *
   * @default - `<name>-wildcard-tls`
   */
  readonly secretName?: string;

  /**
   * cert-manager's cluster resource namespace, where it reads the Secrets of ClusterIssuers.
   *
   * @default 'cert-manager'
   */
  readonly clusterResourceNamespace?: string;
}

/**
 * One wildcard certificate for every subdomain of the platform, issued by cert-manager from Let's Encrypt
 * (DNS-01), self-signed through a CA of its own, taken from a Secret you provide, or from an existing
 * issuer. Gateways take it as an `ITlsCertificate` for their HTTPS listeners.
 *
 * @example
 * const domain = new PlatformDomain(chart, 'domain', { baseDomain: 'ai-gateway.example.com' });
 * const tls = new WildcardTls(chart, 'tls', {
 *   domain,
 *   namespace: 'envoy-gateway',
 *   mode: TlsMode.letsEncrypt({
 *     email: 'platform@example.com',
 *     server: AcmeServer.letsEncryptStaging(),
 *     dnsProvider: DnsProvider.cloudflare({ apiToken: { name: 'cloudflare-api-token' } }),
 *     dnsZone: 'example.com',
 *   }),
 * });
 */
export class WildcardTls extends Construct implements ITlsCertificate {
  /** The platform's domain. */
  public readonly domain: PlatformDomain;

  /** Name of the `kubernetes.io/tls` Secret holding the certificate. */
  public readonly secretName: string;

  /** Namespace of the Secret. */
  public readonly secretNamespace: string;

  /** The certificate's DNS names, for example `['*.ai-gateway.example.com']`; always set. */
  public readonly dnsNames?: string[];

  /**
   * The cert-manager annotation Gateways using this certificate carry, with `TlsIssuance.GATEWAY_ANNOTATION`.
   * Undefined otherwise.
   */
  public readonly gatewayAnnotations?: { [key: string]: string };

  /**
   * The issuer that signs the wildcard certificate (for self-signed mode, the CA issuer), as
   * `{ group, kind, name }`. Undefined for a provided certificate.
   */
  public readonly issuerRef?: CertificateIssuerRef;

  /** The Certificate object for the wildcard, when one is emitted. */
  public readonly certificate?: ApiObject;

  /**
   * The Secret holding the self-signed CA (`ca.crt` is what clients trust), as `namespace/name`.
   * Undefined unless the mode is self-signed.
   */
  public readonly caSecret?: string;

  private readonly name: string;
  private readonly clusterResourceNamespace: string;

  public constructor(scope: Construct, id: string, props: WildcardTlsProps) {
    super(scope, id);
    this.domain = props.domain;
    this.secretNamespace = props.namespace;
    this.clusterResourceNamespace = props.clusterResourceNamespace ?? 'cert-manager';
    this.name = props.name ?? props.domain.certificateDomain.replace(/\./g, '-');
    const gatewayAnnotation = (props.issuance ?? TlsIssuance.CERTIFICATE) === TlsIssuance.GATEWAY_ANNOTATION;

    // Deferred: services added to the domain after construction count too.
    this.node.addValidation({ validate: () => this.uncoveredHostProblems() });

    failIf(this, 'WildcardTls', checkDnsLabel('namespace', props.namespace));
    failIf(this, 'WildcardTls', checkDnsLabel('clusterResourceNamespace', this.clusterResourceNamespace));
    if (props.name !== undefined) failIf(this, 'WildcardTls', checkDnsSubdomain('name', props.name));

    const binding = props.mode._bind({
      scope: this,
      domain: props.domain,
      name: this.name,
      namespace: this.secretNamespace,
      clusterResourceNamespace: this.clusterResourceNamespace,
      secretName: props.secretName,
      gatewayAnnotation,
      error: message => this.error(message),
      failIf: problem => failIf(this, 'WildcardTls', problem),
    });
    this.secretName = binding.secretName;
    this.dnsNames = binding.dnsNames;
    this.issuerRef = binding.issuerRef;
    this.caSecret = binding.caSecret;
    // The Secret exists at runtime: you created it, or cert-manager writes it from the Certificate (or from the
    // Gateway's annotation).
    declareKnown(this, { apiVersion: 'v1', kind: 'Secret', name: this.secretName, namespace: this.secretNamespace });

    // A provided certificate: nothing is issued.
    const issuerRef = binding.issuerRef;
    if (issuerRef === undefined) return;
    if (gatewayAnnotation) {
      const annotation = issuerRef.kind === IssuerKind.CLUSTER_ISSUER ? 'cert-manager.io/cluster-issuer' : 'cert-manager.io/issuer';
      this.gatewayAnnotations = { [annotation]: issuerRef.name };
    } else {
      this.certificate = emitSchemaDefaults(new Certificate(this, 'Resource', {
        metadata: { name: `${this.name}-wildcard`, namespace: this.secretNamespace },
        spec: {
          secretName: this.secretName,
          dnsNames: [...binding.dnsNames],
          issuerRef: { ...issuerRef },
        },
      }), 'cert-manager', CERT_MANAGER_RELEASE);
    }
  }

  /** The host of a platform service, for example `api.ai-gateway.example.com`; see `PlatformDomain.hostFor()`. */
  public hostFor(service: string): string {
    return this.domain.hostFor(service);
  }

  /** Whether the certificate covers a hostname (a wildcard covers exactly one label). */
  public covers(hostname: string): boolean {
    return (this.dnsNames ?? []).some(dnsName => certificateCovers(dnsName, hostname));
  }

  /** Every host of the domain must be covered: only provided DNS names can miss one. */
  private uncoveredHostProblems(): string[] {
    return this.domain.services
      .filter(service => !this.covers(this.domain.hostFor(service)))
      .map(service => constructProblem(this, 'WildcardTls', `the host '${this.domain.hostFor(service)}' of service ` +
        `'${service}' is not covered by the certificate's DNS names (${(this.dnsNames ?? []).map(d => `'${d}'`).join(', ')}; ` +
        `a wildcard covers exactly one label). Provide a certificate for '${this.domain.wildcardDnsName}', or add the host to its DNS names.`));
  }

  private error(message: string): Error {
    return constructError(this, 'WildcardTls', message);
  }
}
