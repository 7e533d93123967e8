import { X509Certificate } from 'crypto';
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
