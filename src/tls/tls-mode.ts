import { DnsProvider } from './dns-provider';

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

  private constructor(
    /** The ACME directory URL, cert-manager's `spec.acme.server`. */
    public readonly url: string,
    /** What messages call the server, for example "Let's Encrypt staging". */
    private readonly description: string,
    /** The issuer name used unless one is given, for example `letsencrypt-prod`. */
    public readonly defaultIssuerName: string,
    /** Whether certificates from this server are for testing only (untrusted); undefined when unknown. */
    private readonly staging: boolean | undefined,
  ) {}

  /**
   * The issuer's `spec.acme` fields that select the server.
   *
   * @internal
   */
  public _spec(): { server: string } {
    return { server: this.url };
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

/** Options of `TlsMode.letsEncrypt()`. */
export interface LetsEncryptOptions {
  /**
   * The ACME account's email address: Let's Encrypt sends expiry and account notices there.
   */
  readonly email: string;

  /**
   * The ACME server: `AcmeServer.letsEncryptStaging()` while testing, then `AcmeServer.letsEncryptProduction()`.
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

/** The internal kinds of TlsMode. */
export enum TlsModeKind {
  LETS_ENCRYPT = 'letsencrypt',
  PROVIDED = 'provided',
  SELF_SIGNED = 'selfsigned',
  EXISTING_ISSUER = 'existing-issuer',
}

/**
 * How the wildcard certificate is obtained: from Let's Encrypt, from a Secret you provide, self-signed,
 * or from an issuer that already exists in the cluster.
 */
export class TlsMode {
  /**
   * cert-manager requests the wildcard certificate from Let's Encrypt with a DNS-01 challenge, so no
   * inbound HTTP is needed during issuance.
   */
  public static letsEncrypt(options: LetsEncryptOptions): TlsMode {
    return new TlsMode(TlsModeKind.LETS_ENCRYPT, options, undefined, undefined, undefined);
  }

  /** Your own wildcard certificate in a Secret, for example from an internal CA; nothing is issued. */
  public static provided(options: ProvidedTlsOptions): TlsMode {
    return new TlsMode(TlsModeKind.PROVIDED, undefined, options, undefined, undefined);
  }

  /**
   * For air-gapped or internal sites: a self-signed root issuer, a CA certificate from it, a CA issuer,
   * and the wildcard certificate signed by that CA, so clients trust one root (the CA Secret's `ca.crt`).
   */
  public static selfSigned(options: SelfSignedTlsOptions = {}): TlsMode {
    return new TlsMode(TlsModeKind.SELF_SIGNED, undefined, undefined, options, undefined);
  }

  /** A cert-manager Issuer or ClusterIssuer that already exists, for example a company-wide `letsencrypt-prod`. */
  public static existingIssuer(options: ExistingIssuerOptions): TlsMode {
    return new TlsMode(TlsModeKind.EXISTING_ISSUER, undefined, undefined, undefined, options);
  }

  private constructor(
    /** @internal */
    public readonly _kind: TlsModeKind,
    /** @internal */
    public readonly _letsEncrypt: LetsEncryptOptions | undefined,
    /** @internal */
    public readonly _provided: ProvidedTlsOptions | undefined,
    /** @internal */
    public readonly _selfSigned: SelfSignedTlsOptions | undefined,
    /** @internal */
    public readonly _existingIssuer: ExistingIssuerOptions | undefined,
  ) {}
}
