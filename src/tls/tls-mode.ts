import { X509Certificate } from 'crypto';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DnsProvider } from './dns-provider';
import { PlatformDomain, checkDomain } from './platform-domain';
import {
  Certificate, CertificateSpecPrivateKeyAlgorithm, ClusterIssuer, ClusterIssuerSpec, Issuer, IssuerSpec,
} from '../../imports/cert-manager-v1.21.1/cert-manager.io-v1';
import { checkHostname } from '../gateway-api/hostnames';
import { checkDnsSubdomain } from '../kubernetes/names';
import { emitSchemaDefaults } from '../kubernetes/schema-defaults';
import { CERT_MANAGER_GROUP } from '../kubernetes/well-known';
import { declareKnown, useRelease } from '../validation/targets';

/** The cert-manager release whose CRDs the generated classes come from. */
export const CERT_MANAGER_RELEASE = 'v1.21.1';
const CERT_MANAGER_API_VERSION = 'cert-manager.io/v1';

/** The kind of cert-manager issuer: namespaced or cluster-wide. */
export enum IssuerKind {
  /**
   * An `Issuer` in the certificate's namespace: it can issue only there, and reads its Secrets (DNS
   * credentials, ACME account key, CA key pair) from that namespace.
   */
  ISSUER = 'Issuer',

  /**
   * A `ClusterIssuer`: any namespace's Certificates can use it. cert-manager reads its Secrets from its
   * cluster resource namespace (`cert-manager` unless the installation changed it).
   */
  CLUSTER_ISSUER = 'ClusterIssuer',
}

/** Options of `AcmeServer.custom()`. */
export interface CustomAcmeServerOptions {
  /**
   * The ACME directory URL, for example `https://ca.internal.example.com/acme/acme/directory` (step-ca) or
   * `https://pebble.example.test:14000/dir` (Pebble). HTTPS only: ACME over plain HTTP is refused.
   */
  readonly url: string;

  /**
   * The PEM certificates (one or more CA certificates, the chain's root at least) that the ACME server's
   * own TLS certificate chains to, when no public CA issued it. cert-manager's issuer carries it as
   * `spec.acme.caBundle`. CA certificates are public data; a private key is refused. cert-manager's ACME
   * issuer has no Secret or ConfigMap form of the bundle.
   *
   * @default - the system's trusted roots (the server's certificate is from a public CA)
   */
  readonly caBundlePem?: string;

  /**
   * The issuer name used unless `LetsEncryptOptions.issuerName` is given.
   *
   * @default 'private-acme'
   */
  readonly defaultIssuerName?: string;
}

/**
 * An ACME server (directory URL) to request certificates from.
 *
 * Let's Encrypt rate-limits production issuance: use `letsEncryptStaging()` until DNS and the challenge
 * work end to end, then switch to `letsEncryptProduction()`. Staging certificates are not trusted by
 * browsers or clients.
 */
export class AcmeServer {
  /** Let's Encrypt staging: generous limits, certificates from an untrusted test root. */
  public static letsEncryptStaging(): AcmeServer {
    return new AcmeServer('https://acme-staging-v02.api.letsencrypt.org/directory', "Let's Encrypt staging", 'letsencrypt-staging', true);
  }

  /** Let's Encrypt production: trusted certificates, strict rate limits. */
  public static letsEncryptProduction(): AcmeServer {
    return new AcmeServer('https://acme-v02.api.letsencrypt.org/directory', "Let's Encrypt production", 'letsencrypt-prod', false);
  }

  /**
   * A private ACME CA, such as step-ca, Pebble or an internal Boulder, optionally trusted through a CA bundle.
   * Its name (issuer, account key Secret) is not checked for staging or production.
   */
  public static custom(options: CustomAcmeServerOptions): AcmeServer {
    const problems: string[] = [];
    const url = options.url;
    let host = url;
    try {
      const parsed = new URL(url);
      host = parsed.host;
      if (parsed.protocol !== 'https:') {
        const fixed = parsed.protocol === 'http:' ? `'${url.replace(/^http:/i, 'https:')}'` : 'an https:// URL';
        problems.push(`server: AcmeServer.custom() url '${url}' is not HTTPS: ACME needs TLS between cert-manager and the CA ` +
          `(account keys and orders cross it). Serve the directory over HTTPS and use ${fixed}, with caBundlePem if a private CA signed its certificate.`);
      } else if (parsed.username !== '' || parsed.password !== '') {
        problems.push(`server: AcmeServer.custom() url '${url.replace(/\/\/[^@/]*@/, '//***@')}' carries credentials. ` +
          'Remove them: ACME authenticates with the account key (or external account binding), never with URL credentials.');
      }
    } catch {
      let suggestion = "the ACME directory URL, for example 'https://ca.internal.example.com/acme/acme/directory'";
      try {
        if (typeof url === 'string' && url.trim() !== '' && !/\s/.test(url.trim())) suggestion = `'${new URL(`https://${url.trim()}`).href}'`;
      } catch {
        // no better suggestion
      }
      problems.push(`server: AcmeServer.custom() url '${url}' is not a URL. Use ${suggestion}.`);
    }
    let caBundle: string | undefined;
    if (options.caBundlePem !== undefined) {
      const problem = caBundleProblem(options.caBundlePem);
      if (problem !== undefined) problems.push(problem);
      else caBundle = Buffer.from(options.caBundlePem.trim() + '\n').toString('base64');
    }
    const server = new AcmeServer(url, `the ACME server at ${host}`, options.defaultIssuerName ?? 'private-acme', undefined, caBundle);
    server.problems.push(...problems);
    return server;
  }

  private readonly problems: string[] = [];

  private constructor(
    /** The ACME directory URL, cert-manager's `spec.acme.server`. */
    public readonly url: string,
    /** What messages call the server, for example "Let's Encrypt staging". */
    private readonly description: string,
    /** The issuer name used unless one is given, for example `letsencrypt-prod`. */
    public readonly defaultIssuerName: string,
    /** Whether certificates from this server are for testing only (untrusted); undefined when unknown. */
    private readonly staging: boolean | undefined,
    /** The base64 of the PEM CA bundle that the server's TLS certificate chains to, cert-manager's `spec.acme.caBundle`. */
    private readonly caBundle?: string,
  ) {}

  /**
   * The issuer's `spec.acme` fields that select the server (and trust it).
   *
   * @internal
   */
  public _spec(): { server: string; caBundle?: string } {
    return this.caBundle === undefined ? { server: this.url } : { server: this.url, caBundle: this.caBundle };
  }

  /**
   * What is wrong with the server's settings: each problem is the end of a sentence naming the field,
   * the value and the fix. Empty when the settings are valid.
   *
   * @internal
   */
  public _problems(): string[] {
    return [...this.problems];
  }

  /**
   * Refuses a name (issuer, account key Secret) that says staging for a production server, or
   * production for a staging one: the end of a sentence naming the field, the value and the fix.
   *
   * @internal
   */
  public _nameProblem(field: string, name: string): string | undefined {
    if (this.staging === undefined) return undefined;
    const saysStaging = /(^|[-.])(staging|stage|test)([-.]|$)/.test(name);
    const saysProduction = /(^|[-.])(prod|production)([-.]|$)/.test(name);
    if (!this.staging && saysStaging) {
      return `${field} '${name}' says staging, but the server is ${this.description} (${this.url}). ` +
        "Use AcmeServer.letsEncryptStaging(), or a name without 'staging'.";
    }
    if (this.staging && saysProduction) {
      return `${field} '${name}' says production, but the server is ${this.description} (${this.url}), whose ` +
        "certificates clients do not trust. Use AcmeServer.letsEncryptProduction(), or a name without 'prod'.";
    }
    return undefined;
  }
}

/** What is wrong with a PEM CA bundle, or undefined when it holds only parseable certificates. */
function caBundleProblem(pem: string): string | undefined {
  const fix = "Give the PEM text of the CA certificate(s) ('-----BEGIN CERTIFICATE-----' ... '-----END CERTIFICATE-----'), for example fs.readFileSync('ca.pem', 'utf8').";
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    return 'server: AcmeServer.custom() caBundlePem holds a private key, which must never be in a chart (anyone who can read ' +
      `the issuer could read it). Give only the CA certificate(s). ${fix}`;
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) {
    const shown = pem.trim().length > 40 ? `${pem.trim().slice(0, 40)}...` : pem.trim();
    return `server: AcmeServer.custom() caBundlePem '${shown}' holds no PEM certificate. ${fix}`;
  }
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (e) {
      return `server: AcmeServer.custom() caBundlePem certificate ${i + 1} of ${blocks.length} cannot be parsed ` +
        `(${(e as Error).message}). ${fix}`;
    }
  }
  const rest = pem.replace(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g, '').trim();
  if (rest !== '') {
    return `server: AcmeServer.custom() caBundlePem has text outside its ${blocks.length} certificate(s) ('${rest.slice(0, 40)}'). ` +
      'Give only PEM certificates: cert-manager rejects a bundle it cannot read whole.';
  }
  return undefined;
}

/** Options of `TlsMode.letsEncrypt()`. */
export interface LetsEncryptOptions {
  /**
   * The ACME account's email address: Let's Encrypt sends expiry and account notices there.
   */
  readonly email: string;

  /**
   * The ACME server: `AcmeServer.letsEncryptStaging()` while testing, then `AcmeServer.letsEncryptProduction()`;
   * `AcmeServer.custom()` for a private ACME CA.
   */
  readonly server: AcmeServer;

  /** The DNS service that answers the DNS-01 challenge, with its credentials in a Secret. */
  readonly dnsProvider: DnsProvider;

  /**
   * The DNS zone the provider's credentials can manage. It must contain the certificate's domain
   * (`PlatformDomain.certificateDomain`), for example `example.com` for `*.ai-gateway.example.com`.
   *
   * @default - the certificate's domain
   */
  readonly dnsZone?: string;

  /**
   * A namespaced Issuer or a ClusterIssuer.
   *
   * @default IssuerKind.ISSUER
   */
  readonly issuerKind?: IssuerKind;

  /**
   * The issuer's name.
   *
   * @default - `letsencrypt-staging` or `letsencrypt-prod`, after the server
   */
  readonly issuerName?: string;

  /**
   * The Secret cert-manager creates to store the ACME account's private key.
   *
   * @default - `<issuer name>-account-key`
   */
  readonly accountKeySecretName?: string;
}

/** Options of `TlsMode.provided()`. */
export interface ProvidedTlsOptions {
  /**
   * The `kubernetes.io/tls` Secret (`tls.crt`, `tls.key`) holding your wildcard certificate, in the
   * WildcardTls namespace. You create it; nothing is issued.
   */
  readonly secretName: string;

  /**
   * The DNS names the certificate in the Secret covers, checked against every HTTPS hostname.
   *
   * @default - the platform's wildcard (`PlatformDomain.wildcardDnsName`)
   */
  readonly dnsNames?: string[];
}

/** Options of `TlsMode.selfSigned()`. */
export interface SelfSignedTlsOptions {
  /**
   * The common name of the CA certificate clients are to trust.
   *
   * @default - `<certificate domain> CA`
   */
  readonly caCommonName?: string;

  /**
   * How long the CA certificate is valid, as a Go duration.
   *
   * @default '87600h' (10 years)
   */
  readonly caDuration?: string;

  /**
   * Namespaced Issuers or ClusterIssuers for the self-signed root and the CA. With ClusterIssuers the CA
   * certificate and its Secret live in `clusterResourceNamespace`.
   *
   * @default IssuerKind.ISSUER
   */
  readonly issuerKind?: IssuerKind;
}

/** Options of `TlsMode.existingIssuer()`. */
export interface ExistingIssuerOptions {
  /** The issuer's name. */
  readonly issuerName: string;

  /**
   * The issuer's kind. A namespaced Issuer must be in the WildcardTls namespace.
   *
   * @default IssuerKind.CLUSTER_ISSUER
   */
  readonly issuerKind?: IssuerKind;
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

/**
 * The WildcardTls a mode is bound to, as the mode sees it: where to create its objects, the names and
 * namespaces they take, and how to report a problem.
 *
 * @internal
 */
export interface TlsModeHost {
  /** The WildcardTls: the scope of the mode's objects and known-object declarations. */
  readonly scope: Construct;

  /** The platform's domain. */
  readonly domain: PlatformDomain;

  /** The prefix of the names of the objects created (`WildcardTlsProps.name` or its default). */
  readonly name: string;

  /** The namespace of the certificate and its Secret. */
  readonly namespace: string;

  /** cert-manager's cluster resource namespace, where ClusterIssuers read their Secrets. */
  readonly clusterResourceNamespace: string;

  /** `WildcardTlsProps.secretName` as given; undefined when left out. */
  readonly secretName?: string;

  /** Whether `WildcardTlsProps.issuance` is `TlsIssuance.GATEWAY_ANNOTATION`. */
  readonly gatewayAnnotation: boolean;

  /** The WildcardTls's error with a message (the end of a sentence naming the field, the value and the fix). */
  error(message: string): Error;

  /** Throws the WildcardTls's error when a check found a problem. */
  failIf(problem: string | undefined): void;
}

/** What a mode gives the WildcardTls it is bound to. @internal */
export interface TlsModeBinding {
  /** The `kubernetes.io/tls` Secret that holds (or will hold) the certificate, in the host's namespace. */
  readonly secretName: string;

  /** The certificate's DNS names. */
  readonly dnsNames: string[];

  /** The issuer that signs the certificate; undefined when nothing is issued (a provided certificate). */
  readonly issuerRef?: CertificateIssuerRef;

  /** The Secret of a self-signed CA, as `namespace/name`; undefined for other modes. */
  readonly caSecret?: string;
}

/**
 * How the wildcard certificate is obtained: from Let's Encrypt, from a Secret you provide, self-signed,
 * or from an issuer that already exists in the cluster. Use the static factories.
 */
export abstract class TlsMode {
  /**
   * cert-manager requests the wildcard certificate from Let's Encrypt with a DNS-01 challenge, so no
   * inbound HTTP is needed during issuance.
   */
  public static letsEncrypt(options: LetsEncryptOptions): TlsMode {
    return new LetsEncryptTlsMode(options);
  }

  /** Your own wildcard certificate in a Secret, for example from an internal CA; nothing is issued. */
  public static provided(options: ProvidedTlsOptions): TlsMode {
    return new ProvidedTlsMode(options);
  }

  /**
   * For air-gapped or internal sites: a self-signed root issuer, a CA certificate from it, a CA issuer,
   * and the wildcard certificate signed by that CA, so clients trust one root (the CA Secret's `ca.crt`).
   */
  public static selfSigned(options: SelfSignedTlsOptions = {}): TlsMode {
    return new SelfSignedTlsMode(options);
  }

  /** A cert-manager Issuer or ClusterIssuer that already exists, for example a company-wide `letsencrypt-prod`. */
  public static existingIssuer(options: ExistingIssuerOptions): TlsMode {
    return new ExistingIssuerTlsMode(options);
  }

  /** Modes come from the static factories; the subclasses are this library's. */
  protected constructor() {}

  /**
   * Checks the mode's options against the WildcardTls, creates what the mode needs in it (issuers, CA
   * chain, known-object declarations) and says where the certificate is and what signs it.
   *
   * @internal
   */
  public abstract _bind(host: TlsModeHost): TlsModeBinding;
}

/** `TlsMode.provided()`: the Secret is the user's, nothing is issued. */
class ProvidedTlsMode extends TlsMode {
  public constructor(private readonly options: ProvidedTlsOptions) {
    super();
  }

  public _bind(host: TlsModeHost): TlsModeBinding {
    const { secretName, dnsNames } = this.options;
    if (secretName === undefined || secretName.trim() === '') {
      throw host.error('mode: TlsMode.provided() has no secretName. Give the name of the kubernetes.io/tls Secret ' +
        `holding your wildcard certificate for '${host.domain.wildcardDnsName}', for example ` +
        `TlsMode.provided({ secretName: '${host.name}-wildcard-tls' }).`);
    }
    host.failIf(checkDnsSubdomain('mode.secretName', secretName));
    if (host.secretName !== undefined && host.secretName !== secretName) {
      throw host.error(`secretName '${host.secretName}' differs from the provided Secret '${secretName}'. ` +
        'Set only the mode\'s secretName.');
    }
    if (host.gatewayAnnotation) {
      throw host.error('issuance: TlsIssuance.GATEWAY_ANNOTATION asks cert-manager to issue, but TlsMode.provided() ' +
        'issues nothing. Remove issuance, or choose a mode that issues.');
    }
    for (const dnsName of dnsNames ?? []) {
      host.failIf(checkHostname('mode.dnsNames', dnsName));
    }
    if (dnsNames !== undefined && dnsNames.length === 0) {
      throw host.error('mode.dnsNames is empty. List the DNS names the provided certificate covers, for example ' +
        `['${host.domain.wildcardDnsName}'], or leave dnsNames out.`);
    }
    return { secretName, dnsNames: [...dnsNames ?? [host.domain.wildcardDnsName]] };
  }
}

/**
 * A mode in which cert-manager issues the certificate: into the WildcardTls's Secret, for the platform's
 * wildcard, signed by the issuer the mode names.
 */
abstract class IssuingTlsMode extends TlsMode {
  public _bind(host: TlsModeHost): TlsModeBinding {
    useRelease(host.scope, 'cert-manager', CERT_MANAGER_RELEASE);
    const secretName = host.secretName ?? `${host.name}-wildcard-tls`;
    host.failIf(checkDnsSubdomain('secretName', secretName));
    const dnsNames = [host.domain.wildcardDnsName];
    return { secretName, dnsNames, ...this.issuer(host) };
  }

  /** Checks the options, creates the issuers the mode needs and names the one that signs the certificate. */
  protected abstract issuer(host: TlsModeHost): { issuerRef: CertificateIssuerRef; caSecret?: string };
}

/** `TlsMode.letsEncrypt()`: an ACME issuer answering DNS-01 challenges through a DNS provider. */
class LetsEncryptTlsMode extends IssuingTlsMode {
  public constructor(private readonly options: LetsEncryptOptions) {
    super();
  }

  protected issuer(host: TlsModeHost): { issuerRef: CertificateIssuerRef } {
    const options = this.options;
    const kind = options.issuerKind ?? IssuerKind.ISSUER;
    const server = options.server;
    if (server === undefined) {
      throw host.error('mode.server is not set. Use AcmeServer.letsEncryptStaging() until issuance works end to end, ' +
        'then AcmeServer.letsEncryptProduction().');
    }
    for (const problem of server._problems()) {
      throw host.error(`mode.${problem}`);
    }
    host.failIf(emailProblem(options.email));
    const issuerName = options.issuerName ?? server.defaultIssuerName;
    host.failIf(checkDnsSubdomain('mode.issuerName', issuerName));
    const accountKeySecretName = options.accountKeySecretName ?? `${issuerName}-account-key`;
    host.failIf(checkDnsSubdomain('mode.accountKeySecretName', accountKeySecretName));
    host.failIf(server._nameProblem('mode.issuerName', issuerName));
    host.failIf(server._nameProblem('mode.accountKeySecretName', accountKeySecretName));

    const certificateDomain = host.domain.certificateDomain;
    const zone = options.dnsZone ?? certificateDomain;
    host.failIf(checkDomain('mode.dnsZone', zone));
    if (certificateDomain !== zone && !certificateDomain.endsWith(`.${zone}`)) {
      const parents = certificateDomain.split('.').map((_, i, labels) => labels.slice(i).join('.')).filter(d => d.includes('.'));
      throw host.error(`mode.dnsZone '${zone}' does not contain the certificate's domain '${certificateDomain}' ` +
        `(certificate '${host.domain.wildcardDnsName}'), so the DNS-01 challenge record ` +
        `'_acme-challenge.${certificateDomain}' cannot be written there. Use the zone that holds it: ` +
        `${parents.map(p => `'${p}'`).join(' or ')}.`);
    }

    for (const problem of options.dnsProvider._problems()) {
      throw host.error(`mode.dnsProvider ${problem}`);
    }
    const namespace = issuerNamespace(host, kind);
    for (const s of options.dnsProvider._secrets()) {
      declareKnown(host.scope, { apiVersion: 'v1', kind: 'Secret', name: s.name, namespace });
    }
    declareKnown(host.scope, { apiVersion: 'v1', kind: 'Secret', name: accountKeySecretName, namespace });

    issuer(host, kind, 'Issuer', issuerName, {
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
    return { issuerRef: { group: CERT_MANAGER_GROUP, kind, name: issuerName } };
  }
}

/** `TlsMode.selfSigned()`: a self-signed root issuer, a CA certificate from it and a CA issuer. */
class SelfSignedTlsMode extends IssuingTlsMode {
  public constructor(private readonly options: SelfSignedTlsOptions) {
    super();
  }

  protected issuer(host: TlsModeHost): { issuerRef: CertificateIssuerRef; caSecret: string } {
    const options = this.options;
    const kind = options.issuerKind ?? IssuerKind.ISSUER;
    const caCommonName = options.caCommonName ?? `${host.domain.certificateDomain} CA`;
    if (caCommonName.trim() === '' || caCommonName.length > 64) {
      throw host.error(`mode.caCommonName '${caCommonName}' must have 1 to 64 characters. Use, for example, ` +
        `'${host.domain.certificateDomain} CA'.`);
    }
    const caDuration = options.caDuration ?? '87600h';
    if (!/^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(caDuration)) {
      throw host.error(`mode.caDuration '${caDuration}' is not a Go duration. Use, for example, '87600h' (10 years).`);
    }
    const rootName = `${host.name}-selfsigned-root`;
    const caName = `${host.name}-ca`;
    const caSecretName = `${host.name}-ca-tls`;
    const caNamespace = issuerNamespace(host, kind);

    issuer(host, kind, 'RootIssuer', rootName, { selfSigned: {} });
    emitSchemaDefaults(new Certificate(host.scope, 'CaCertificate', {
      metadata: { name: caName, namespace: caNamespace },
      spec: {
        isCa: true,
        commonName: caCommonName,
        duration: caDuration,
        secretName: caSecretName,
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256 },
        issuerRef: { group: CERT_MANAGER_GROUP, kind, name: rootName },
      },
    }), 'cert-manager', CERT_MANAGER_RELEASE);
    issuer(host, kind, 'CaIssuer', caName, { ca: { secretName: caSecretName } });
    declareKnown(host.scope, { apiVersion: 'v1', kind: 'Secret', name: caSecretName, namespace: caNamespace });
    return { issuerRef: { group: CERT_MANAGER_GROUP, kind, name: caName }, caSecret: `${caNamespace}/${caSecretName}` };
  }
}

/** `TlsMode.existingIssuer()`: an issuer the cluster already has, declared as known. */
class ExistingIssuerTlsMode extends IssuingTlsMode {
  public constructor(private readonly options: ExistingIssuerOptions) {
    super();
  }

  protected issuer(host: TlsModeHost): { issuerRef: CertificateIssuerRef } {
    const { issuerName } = this.options;
    const kind = this.options.issuerKind ?? IssuerKind.CLUSTER_ISSUER;
    host.failIf(checkDnsSubdomain('mode.issuerName', issuerName));
    declareKnown(host.scope, {
      apiVersion: CERT_MANAGER_API_VERSION,
      kind,
      name: issuerName,
      namespace: kind === IssuerKind.ISSUER ? host.namespace : undefined,
    });
    return { issuerRef: { group: CERT_MANAGER_GROUP, kind, name: issuerName } };
  }
}

/** Emits an Issuer in the certificate's namespace or a ClusterIssuer. */
function issuer(host: TlsModeHost, kind: IssuerKind, id: string, name: string, spec: ClusterIssuerSpec): ApiObject {
  if (kind === IssuerKind.CLUSTER_ISSUER) {
    return emitSchemaDefaults(new ClusterIssuer(host.scope, id, { metadata: { name }, spec }), 'cert-manager', CERT_MANAGER_RELEASE);
  }
  // Issuer and ClusterIssuer share one schema; the generated types differ only in name.
  return emitSchemaDefaults(new Issuer(host.scope, id, { metadata: { name, namespace: host.namespace }, spec: spec as unknown as IssuerSpec }),
    'cert-manager', CERT_MANAGER_RELEASE);
}

/** Where an issuer of the kind reads its Secrets from. */
function issuerNamespace(host: TlsModeHost, kind: IssuerKind): string {
  return kind === IssuerKind.CLUSTER_ISSUER ? host.clusterResourceNamespace : host.namespace;
}

/** What is wrong with the ACME account's email address, or undefined when it is valid. */
function emailProblem(email: string | undefined): string | undefined {
  if (email === undefined || email.trim() === '') {
    return "mode.email is empty. Let's Encrypt sends expiry and account notices to it: give a mailbox " +
      "your team reads, for example 'platform@example.com'.";
  }
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1);
  const local = email.slice(0, at);
  const valid = at > 0 && /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/.test(local) && domain.includes('.')
    && checkHostname('', domain.toLowerCase()) === undefined;
  if (valid) return undefined;
  const suggestion = email.trim().replace(/\s+/g, '');
  return `mode.email '${email}' is not a valid email address (local part, '@', a domain of at least two ` +
    `labels). Use ${suggestion !== email && /^[^@]+@[^@]+\.[^@]+$/.test(suggestion) ? `'${suggestion}'` : "one like 'platform@example.com'"}.`;
}
