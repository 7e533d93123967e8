import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PlatformDomain, checkDomain } from './platform-domain';
import { IssuerKind, LetsEncryptOptions, SelfSignedTlsOptions, TlsMode, TlsModeKind } from './tls-mode';
import {
  Certificate, CertificateSpecPrivateKeyAlgorithm, ClusterIssuer, ClusterIssuerSpec, Issuer, IssuerSpec,
} from '../../imports/cert-manager-v1.21.1/cert-manager.io-v1';
import { ITlsCertificate } from '../gateway-api/certificate';
import { certificateCovers, checkHostname } from '../gateway-api/hostnames';
import { constructError, constructProblem, failIf } from '../kubernetes/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../kubernetes/names';
import { CERT_MANAGER_GROUP } from '../kubernetes/well-known';
import { declareKnown, useRelease } from '../validation/targets';

/** The cert-manager release whose CRDs the generated classes come from. */
const CERT_MANAGER_RELEASE = 'v1.21.1';
const CERT_MANAGER_API_VERSION = 'cert-manager.io/v1';

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
    const mode = props.mode;
    const issuance = props.issuance ?? TlsIssuance.CERTIFICATE;

    // Deferred: services added to the domain after construction count too.
    this.node.addValidation({ validate: () => this.uncoveredHostProblems() });

    failIf(this, 'WildcardTls', checkDnsLabel('namespace', props.namespace));
    failIf(this, 'WildcardTls', checkDnsLabel('clusterResourceNamespace', this.clusterResourceNamespace));
    if (props.name !== undefined) failIf(this, 'WildcardTls', checkDnsSubdomain('name', props.name));

    if (mode._kind === TlsModeKind.PROVIDED) {
      const provided = mode._provided!;
      if (provided.secretName === undefined || provided.secretName.trim() === '') {
        throw this.error('mode: TlsMode.provided() has no secretName. Give the name of the kubernetes.io/tls Secret ' +
          `holding your wildcard certificate for '${props.domain.wildcardDnsName}', for example ` +
          `TlsMode.provided({ secretName: '${this.name}-wildcard-tls' }).`);
      }
      failIf(this, 'WildcardTls', checkDnsSubdomain('mode.secretName', provided.secretName));
      if (props.secretName !== undefined && props.secretName !== provided.secretName) {
        throw this.error(`secretName '${props.secretName}' differs from the provided Secret '${provided.secretName}'. ` +
          'Set only the mode\'s secretName.');
      }
      if (props.issuance === TlsIssuance.GATEWAY_ANNOTATION) {
        throw this.error('issuance: TlsIssuance.GATEWAY_ANNOTATION asks cert-manager to issue, but TlsMode.provided() ' +
          'issues nothing. Remove issuance, or choose a mode that issues.');
      }
      for (const dnsName of provided.dnsNames ?? []) {
        failIf(this, 'WildcardTls', checkHostname('mode.dnsNames', dnsName));
      }
      if (provided.dnsNames !== undefined && provided.dnsNames.length === 0) {
        throw this.error('mode.dnsNames is empty. List the DNS names the provided certificate covers, for example ' +
          `['${props.domain.wildcardDnsName}'], or leave dnsNames out.`);
      }
      this.secretName = provided.secretName;
      this.dnsNames = [...provided.dnsNames ?? [props.domain.wildcardDnsName]];
      declareKnown(this, { apiVersion: 'v1', kind: 'Secret', name: this.secretName, namespace: this.secretNamespace });
      return;
    }

    useRelease(this, 'cert-manager', CERT_MANAGER_RELEASE);
    this.secretName = props.secretName ?? `${this.name}-wildcard-tls`;
    failIf(this, 'WildcardTls', checkDnsSubdomain('secretName', this.secretName));
    this.dnsNames = [props.domain.wildcardDnsName];

    let issuerRef: CertificateIssuerRef;
    switch (mode._kind) {
      case TlsModeKind.LETS_ENCRYPT:
        issuerRef = this.letsEncryptIssuer(mode._letsEncrypt!);
        break;
      case TlsModeKind.SELF_SIGNED: {
        const selfSigned = this.selfSignedIssuers(mode._selfSigned!);
        issuerRef = selfSigned.issuerRef;
        this.caSecret = selfSigned.caSecret;
        break;
      }
      default: {
        const existing = mode._existingIssuer!;
        const kind = existing.issuerKind ?? IssuerKind.CLUSTER_ISSUER;
        failIf(this, 'WildcardTls', checkDnsSubdomain('mode.issuerName', existing.issuerName));
        declareKnown(this, {
          apiVersion: CERT_MANAGER_API_VERSION,
          kind,
          name: existing.issuerName,
          namespace: kind === IssuerKind.ISSUER ? this.secretNamespace : undefined,
        });
        issuerRef = { group: CERT_MANAGER_GROUP, kind, name: existing.issuerName };
      }
    }
    this.issuerRef = issuerRef;
    // cert-manager writes the Secret from the Certificate (or from the Gateway's annotation): it exists at runtime.
    declareKnown(this, { apiVersion: 'v1', kind: 'Secret', name: this.secretName, namespace: this.secretNamespace });

    if (issuance === TlsIssuance.GATEWAY_ANNOTATION) {
      const annotation = issuerRef.kind === IssuerKind.CLUSTER_ISSUER ? 'cert-manager.io/cluster-issuer' : 'cert-manager.io/issuer';
      this.gatewayAnnotations = { [annotation]: issuerRef.name };
    } else {
      this.certificate = new Certificate(this, 'Resource', {
        metadata: { name: `${this.name}-wildcard`, namespace: this.secretNamespace },
        spec: {
          secretName: this.secretName,
          dnsNames: [...this.dnsNames!],
          issuerRef: { ...issuerRef },
        },
      });
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

  private letsEncryptIssuer(options: LetsEncryptOptions): CertificateIssuerRef {
    const kind = options.issuerKind ?? IssuerKind.ISSUER;
    const server = options.server;
    if (server === undefined) {
      throw this.error('mode.server is not set. Use AcmeServer.letsEncryptStaging() until issuance works end to end, ' +
        'then AcmeServer.letsEncryptProduction().');
    }
    for (const problem of server._problems()) {
      throw this.error(`mode.${problem}`);
    }
    this.checkEmail(options.email);
    const issuerName = options.issuerName ?? server.defaultIssuerName;
    failIf(this, 'WildcardTls', checkDnsSubdomain('mode.issuerName', issuerName));
    const accountKeySecretName = options.accountKeySecretName ?? `${issuerName}-account-key`;
    failIf(this, 'WildcardTls', checkDnsSubdomain('mode.accountKeySecretName', accountKeySecretName));
    failIf(this, 'WildcardTls', server._nameProblem('mode.issuerName', issuerName));
    failIf(this, 'WildcardTls', server._nameProblem('mode.accountKeySecretName', accountKeySecretName));

    const certificateDomain = this.domain.certificateDomain;
    const zone = options.dnsZone ?? certificateDomain;
    const zoneProblem = checkDomain('mode.dnsZone', zone);
    if (zoneProblem !== undefined) throw this.error(zoneProblem);
    if (certificateDomain !== zone && !certificateDomain.endsWith(`.${zone}`)) {
      const parents = certificateDomain.split('.').map((_, i, labels) => labels.slice(i).join('.')).filter(d => d.includes('.'));
      throw this.error(`mode.dnsZone '${zone}' does not contain the certificate's domain '${certificateDomain}' ` +
        `(certificate '${this.domain.wildcardDnsName}'), so the DNS-01 challenge record ` +
        `'_acme-challenge.${certificateDomain}' cannot be written there. Use the zone that holds it: ` +
        `${parents.map(p => `'${p}'`).join(' or ')}.`);
    }

    for (const problem of options.dnsProvider._problems()) {
      throw this.error(`mode.dnsProvider ${problem}`);
    }
    const namespace = this.issuerNamespace(kind);
    for (const s of options.dnsProvider._secrets()) {
      declareKnown(this, { apiVersion: 'v1', kind: 'Secret', name: s.name, namespace });
    }
    declareKnown(this, { apiVersion: 'v1', kind: 'Secret', name: accountKeySecretName, namespace });

    this.issuer(kind, 'Issuer', issuerName, {
      acme: {
        ...server._spec(),
        email: options.email,
        privateKeySecretRef: { name: accountKeySecretName },
        solvers: [{
          selector: { dnsZones: [zone] },
          dns01: options.dnsProvider._dns01(zone),
        }],
      },
    });
    return { group: CERT_MANAGER_GROUP, kind, name: issuerName };
  }

  private selfSignedIssuers(options: SelfSignedTlsOptions): { issuerRef: CertificateIssuerRef; caSecret: string } {
    const kind = options.issuerKind ?? IssuerKind.ISSUER;
    const caCommonName = options.caCommonName ?? `${this.domain.certificateDomain} CA`;
    if (caCommonName.trim() === '' || caCommonName.length > 64) {
      throw this.error(`mode.caCommonName '${caCommonName}' must have 1 to 64 characters. Use, for example, ` +
        `'${this.domain.certificateDomain} CA'.`);
    }
    const caDuration = options.caDuration ?? '87600h';
    if (!/^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(caDuration)) {
      throw this.error(`mode.caDuration '${caDuration}' is not a Go duration. Use, for example, '87600h' (10 years).`);
    }
    const rootName = `${this.name}-selfsigned-root`;
    const caName = `${this.name}-ca`;
    const caSecretName = `${this.name}-ca-tls`;
    const caNamespace = this.issuerNamespace(kind);

    this.issuer(kind, 'RootIssuer', rootName, { selfSigned: {} });
    new Certificate(this, 'CaCertificate', {
      metadata: { name: caName, namespace: caNamespace },
      spec: {
        isCa: true,
        commonName: caCommonName,
        duration: caDuration,
        secretName: caSecretName,
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256 },
        issuerRef: { group: CERT_MANAGER_GROUP, kind, name: rootName },
      },
    });
    this.issuer(kind, 'CaIssuer', caName, { ca: { secretName: caSecretName } });
    declareKnown(this, { apiVersion: 'v1', kind: 'Secret', name: caSecretName, namespace: caNamespace });
    return { issuerRef: { group: CERT_MANAGER_GROUP, kind, name: caName }, caSecret: `${caNamespace}/${caSecretName}` };
  }

  /** Emits an Issuer in the certificate's namespace or a ClusterIssuer. */
  private issuer(kind: IssuerKind, id: string, name: string, spec: ClusterIssuerSpec): ApiObject {
    if (kind === IssuerKind.CLUSTER_ISSUER) {
      return new ClusterIssuer(this, id, { metadata: { name }, spec });
    }
    // Issuer and ClusterIssuer share one schema; the generated types differ only in name.
    return new Issuer(this, id, { metadata: { name, namespace: this.secretNamespace }, spec: spec as unknown as IssuerSpec });
  }

  /** Where an issuer of the kind reads its Secrets from. */
  private issuerNamespace(kind: IssuerKind): string {
    return kind === IssuerKind.CLUSTER_ISSUER ? this.clusterResourceNamespace : this.secretNamespace;
  }

  private checkEmail(email: string | undefined) {
    if (email === undefined || email.trim() === '') {
      throw this.error("mode.email is empty. Let's Encrypt sends expiry and account notices to it: give a mailbox " +
        "your team reads, for example 'platform@example.com'.");
    }
    const at = email.lastIndexOf('@');
    const domain = email.slice(at + 1);
    const local = email.slice(0, at);
    const valid = at > 0 && /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/.test(local) && domain.includes('.')
      && checkHostname('', domain.toLowerCase()) === undefined;
    if (!valid) {
      const suggestion = email.trim().replace(/\s+/g, '');
      throw this.error(`mode.email '${email}' is not a valid email address (local part, '@', a domain of at least two ` +
        `labels). Use ${suggestion !== email && /^[^@]+@[^@]+\.[^@]+$/.test(suggestion) ? `'${suggestion}'` : "one like 'platform@example.com'"}.`);
    }
  }

  private error(message: string): Error {
    return constructError(this, 'WildcardTls', message);
  }
}

/** A reference to the cert-manager issuer of a certificate. */
export interface CertificateIssuerRef {
  /** The issuer's API group, `cert-manager.io`. */
  readonly group: string;

  /** `Issuer` or `ClusterIssuer`. */
  readonly kind: string;

  /** The issuer's name. */
  readonly name: string;
}
