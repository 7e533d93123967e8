import { isIP } from 'net';
import { ClusterIssuerSpecAcmeSolversDns01, ClusterIssuerSpecAcmeSolversDns01Rfc2136Protocol } from '../../imports/cert-manager-v1.21.1/cert-manager.io-v1';
import { checkHostname, notPartOf, urlParts } from '../gateway-api/hostnames';
import { checkDnsSubdomain } from '../kubernetes/names';

/**
 * One entry of a Kubernetes Secret that holds a credential. The library only refers to it: create the
 * Secret yourself (or with your secret manager), never through a construct prop.
 */
export interface SecretKeyRef {
  /** The Secret's name. */
  readonly name: string;

  /**
   * The entry of the Secret's `data` that holds the credential.
   *
   * @default - the provider's usual key, given on each `DnsProvider` factory
   */
  readonly key?: string;
}

/** Options of `DnsProvider.cloudflare()`. */
export interface CloudflareDnsOptions {
  /**
   * The Secret entry holding a Cloudflare API token with `Zone:Read` and `DNS:Edit` permissions on the zone.
   * Its key defaults to `api-token`.
   */
  readonly apiToken: SecretKeyRef;
}

/** Options of `DnsProvider.route53()`. */
export interface Route53DnsOptions {
  /**
   * The AWS region hint for Route 53's credential scope.
   *
   * @default - the cert-manager controller's `AWS_REGION`
   */
  readonly region?: string;

  /**
   * The hosted zone to manage, which saves the `route53:ListHostedZonesByName` lookup.
   *
   * @default - looked up from the DNS name
   */
  readonly hostedZoneId?: string;

  /**
   * An IAM role ARN to assume with the credentials.
   *
   * @default - no role is assumed
   */
  readonly role?: string;

  /**
   * The Secret entry holding the access key ID; set together with `secretAccessKey`. Its key defaults
   * to `access-key-id`.
   *
   * @default - ambient credentials (IRSA, EKS Pod Identity, instance metadata)
   */
  readonly accessKeyId?: SecretKeyRef;

  /**
   * The Secret entry holding the secret access key; set together with `accessKeyId`. Its key defaults
   * to `secret-access-key`.
   *
   * @default - ambient credentials (IRSA, EKS Pod Identity, instance metadata)
   */
  readonly secretAccessKey?: SecretKeyRef;
}

/** Options of `DnsProvider.googleCloudDns()`. */
export interface GoogleCloudDnsOptions {
  /** The Google Cloud project that owns the zone. */
  readonly project: string;

  /**
   * The Cloud DNS managed zone to write challenge records into.
   *
   * @default - cert-manager chooses the zone
   */
  readonly hostedZoneName?: string;

  /**
   * The Secret entry holding a service account key (JSON). Its key defaults to `key.json`.
   *
   * @default - ambient credentials (GKE Workload Identity)
   */
  readonly serviceAccount?: SecretKeyRef;
}

/** Options of `DnsProvider.azureDns()`. */
export interface AzureDnsOptions {
  /** The Azure subscription ID. */
  readonly subscriptionId: string;

  /** The resource group the DNS zone is in. */
  readonly resourceGroupName: string;

  /**
   * The DNS zone's name in Azure.
   *
   * @default - the DNS zone of the Let's Encrypt options
   */
  readonly hostedZoneName?: string;

  /**
   * The service principal's client ID; set together with `tenantId` and `clientSecret`.
   *
   * @default - a managed identity (Azure Workload Identity)
   */
  readonly clientId?: string;

  /**
   * The service principal's tenant ID; set together with `clientId` and `clientSecret`.
   *
   * @default - a managed identity (Azure Workload Identity)
   */
  readonly tenantId?: string;

  /**
   * The Secret entry holding the service principal's password; set together with `clientId` and
   * `tenantId`. Its key defaults to `client-secret`.
   *
   * @default - a managed identity (Azure Workload Identity)
   */
  readonly clientSecret?: SecretKeyRef;

  /**
   * The client ID of the managed identity to use, when the cluster has several.
   *
   * @default - the identity the cert-manager controller runs as
   */
  readonly managedIdentityClientId?: string;
}

/**
 * A TSIG (RFC 2845) algorithm cert-manager can sign RFC2136 dynamic updates with: the ones its rfc2136
 * provider and its webhook accept.
 */
export enum TsigAlgorithm {
  /** HMAC-MD5: cert-manager's default when none is given; weak, use only if the DNS server offers nothing better. */
  HMAC_MD5 = 'HMACMD5',
  /** HMAC-SHA1. */
  HMAC_SHA1 = 'HMACSHA1',
  /** HMAC-SHA256: what `tsig-keygen` (BIND) makes by default. */
  HMAC_SHA256 = 'HMACSHA256',
  /** HMAC-SHA512. */
  HMAC_SHA512 = 'HMACSHA512',
}

/** Options of `DnsProvider.rfc2136()`. */
export interface Rfc2136DnsOptions {
  /**
   * The authoritative DNS server that accepts the dynamic updates, as `host:port` (the port defaults to 53):
   * an IPv4 address, an IPv6 address in brackets (`[2001:db8::1]:53`), or a hostname.
   */
  readonly nameserver: string;

  /** The TSIG key's name, as configured in the DNS server (for example `acme-update` in BIND's `key` clause). */
  readonly tsigKeyName: string;

  /** The TSIG key's algorithm, as configured in the DNS server. */
  readonly tsigAlgorithm: TsigAlgorithm;

  /**
   * The Secret entry holding the TSIG key's secret (base64, as `tsig-keygen` prints it). Its key defaults
   * to `tsig-secret-key`.
   */
  readonly tsigSecret: SecretKeyRef;

  /**
   * Send the updates over TCP instead of UDP.
   *
   * @default false
   */
  readonly useTcp?: boolean;
}

/** A credential Secret a provider refers to, with the field it came from, for messages and declarations. */
export interface ReferencedSecret {
  readonly field: string;
  readonly name: string;
  readonly key: string;
}

/**
 * The DNS service that answers Let's Encrypt's DNS-01 challenges for the certificate's zone. Each
 * factory takes the provider's settings and refers to its credentials in Secrets; none takes a secret
 * value.
 *
 * @see https://cert-manager.io/docs/configuration/acme/dns01/
 */
export class DnsProvider {
  /** Cloudflare, with an API token (the recommended way; API keys are not supported). */
  public static cloudflare(options: CloudflareDnsOptions): DnsProvider {
    const apiToken = secret('apiToken', options.apiToken, 'api-token');
    return new DnsProvider('cloudflare', [apiToken], [], () => ({
      cloudflare: { apiTokenSecretRef: { name: apiToken.name, key: apiToken.key } },
    }));
  }

  /** AWS Route 53, with an access key in a Secret or the controller's ambient credentials. */
  public static route53(options: Route53DnsOptions = {}): DnsProvider {
    const problems: string[] = [];
    if ((options.accessKeyId === undefined) !== (options.secretAccessKey === undefined)) {
      problems.push(`route53: ${options.accessKeyId === undefined ? 'secretAccessKey' : 'accessKeyId'} is set without ` +
        `${options.accessKeyId === undefined ? 'accessKeyId' : 'secretAccessKey'}. Set both, or neither for ambient credentials.`);
    }
    const accessKeyId = options.accessKeyId && secret('accessKeyId', options.accessKeyId, 'access-key-id');
    const secretAccessKey = options.secretAccessKey && secret('secretAccessKey', options.secretAccessKey, 'secret-access-key');
    return new DnsProvider('route53', [accessKeyId, secretAccessKey].filter(isDefined), problems, () => ({
      route53: {
        region: options.region,
        hostedZoneId: options.hostedZoneId,
        role: options.role,
        accessKeyIdSecretRef: accessKeyId && { name: accessKeyId.name, key: accessKeyId.key },
        secretAccessKeySecretRef: secretAccessKey && { name: secretAccessKey.name, key: secretAccessKey.key },
      },
    }));
  }

  /** Google Cloud DNS, with a service account key in a Secret or GKE Workload Identity. */
  public static googleCloudDns(options: GoogleCloudDnsOptions): DnsProvider {
    const problems: string[] = [];
    if (options.project.trim() === '') {
      problems.push("googleCloudDns: project is empty. Give the Google Cloud project ID that owns the zone, for example 'my-project'.");
    }
    const serviceAccount = options.serviceAccount && secret('serviceAccount', options.serviceAccount, 'key.json');
    return new DnsProvider('googleCloudDns', [serviceAccount].filter(isDefined), problems, () => ({
      cloudDns: {
        project: options.project,
        hostedZoneName: options.hostedZoneName,
        serviceAccountSecretRef: serviceAccount && { name: serviceAccount.name, key: serviceAccount.key },
      },
    }));
  }

  /** Azure DNS, with a service principal whose password is in a Secret, or a managed identity. */
  public static azureDns(options: AzureDnsOptions): DnsProvider {
    const problems: string[] = [];
    const principal = { clientId: options.clientId, tenantId: options.tenantId, clientSecret: options.clientSecret };
    const set = Object.entries(principal).filter(([, v]) => v !== undefined).map(([k]) => k);
    if (set.length > 0 && set.length < 3) {
      const missing = Object.keys(principal).filter(k => !set.includes(k));
      problems.push(`azureDns: ${set.join(' and ')} ${set.length === 1 ? 'is' : 'are'} set without ${missing.join(' and ')}. ` +
        'Set clientId, tenantId and clientSecret for a service principal, or none of them for a managed identity.');
    }
    if (set.length > 0 && options.managedIdentityClientId !== undefined) {
      problems.push('azureDns: managedIdentityClientId is set together with a service principal. Use one of them.');
    }
    for (const field of ['subscriptionId', 'resourceGroupName'] as const) {
      if (options[field].trim() === '') {
        problems.push(`azureDns: ${field} is empty. Give the ${field === 'subscriptionId' ? 'subscription ID' : 'resource group'} of the DNS zone.`);
      }
    }
    const clientSecret = options.clientSecret && secret('clientSecret', options.clientSecret, 'client-secret');
    return new DnsProvider('azureDns', [clientSecret].filter(isDefined), problems, zone => ({
      azureDns: {
        subscriptionId: options.subscriptionId,
        resourceGroupName: options.resourceGroupName,
        hostedZoneName: options.hostedZoneName ?? zone,
        clientId: options.clientId,
        tenantId: options.tenantId,
        clientSecretSecretRef: clientSecret && { name: clientSecret.name, key: clientSecret.key },
        managedIdentity: options.managedIdentityClientId === undefined ? undefined : { clientId: options.managedIdentityClientId },
      },
    }));
  }

  /**
   * RFC2136 dynamic updates signed with a TSIG key: BIND, PowerDNS, Knot, Windows DNS and other servers
   * you run yourself. The TSIG secret stays in a Secret.
   */
  public static rfc2136(options: Rfc2136DnsOptions): DnsProvider {
    const problems: string[] = [];
    const nameserverProblem = checkNameserver(options.nameserver);
    if (nameserverProblem !== undefined) problems.push(nameserverProblem);
    const keyName = options.tsigKeyName;
    if (keyName === undefined || keyName.trim() === '') {
      problems.push('rfc2136: tsigKeyName is empty. Give the name of the TSIG key the DNS server accepts updates from, ' +
        "for example 'acme-update' (BIND: the name in its key \"...\" clause).");
    } else if (!/^[A-Za-z0-9_]([-A-Za-z0-9_]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([-A-Za-z0-9_]*[A-Za-z0-9_])?)*\.?$/.test(keyName) || keyName.length > 253) {
      problems.push(`rfc2136: tsigKeyName '${keyName}' is not a valid DNS name (labels of letters, digits, '-' and '_', separated by dots). ` +
        `Use the key's name as the DNS server knows it, for example '${keyName.trim().replace(/[^-A-Za-z0-9_.]+/g, '-').replace(/^-+|-+$/g, '') || 'acme-update'}'.`);
    }
    const algorithms = Object.values(TsigAlgorithm) as string[];
    if (!algorithms.includes(options.tsigAlgorithm as string)) {
      const upper = String(options.tsigAlgorithm ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');
      const suggestion = Object.entries(TsigAlgorithm).find(([, v]) => v === upper || v === `HMAC${upper}`);
      problems.push(`rfc2136: tsigAlgorithm '${options.tsigAlgorithm}' is not one cert-manager knows (${algorithms.join(', ')}). ` +
        `Use ${suggestion ? `TsigAlgorithm.${suggestion[0]}` : 'the TsigAlgorithm of the key, for example TsigAlgorithm.HMAC_SHA256'}.`);
    }
    const secrets: ReferencedSecret[] = [];
    if (options.tsigSecret === undefined || options.tsigSecret.name === undefined || options.tsigSecret.name.trim() === '') {
      problems.push('rfc2136: tsigSecret has no Secret name. Refer to the Secret holding the TSIG key\'s secret, for example ' +
        "{ name: 'rfc2136-tsig', key: 'tsig-secret-key' }; create the Secret yourself, never in the chart.");
    } else {
      secrets.push(secret('tsigSecret', options.tsigSecret, 'tsig-secret-key'));
    }
    const tsig = secrets[0];
    return new DnsProvider('rfc2136', secrets, problems, () => ({
      rfc2136: {
        nameserver: options.nameserver,
        tsigKeyName: options.tsigKeyName,
        tsigAlgorithm: options.tsigAlgorithm,
        tsigSecretSecretRef: tsig && { name: tsig.name, key: tsig.key },
        protocol: options.useTcp ? ClusterIssuerSpecAcmeSolversDns01Rfc2136Protocol.TCP : undefined,
      },
    }));
  }

  private constructor(
    /** The provider, as its factory is named, for example `cloudflare`. */
    public readonly providerName: string,
    private readonly secrets: ReferencedSecret[],
    private readonly problems: string[],
    private readonly dns01: (zone: string) => ClusterIssuerSpecAcmeSolversDns01,
  ) {}

  /**
   * What is wrong with the provider's settings: each problem is the end of a sentence naming the field,
   * the value and the fix. Empty when the settings are valid.
   *
   * @internal
   */
  public _problems(): string[] {
    const problems = [...this.problems];
    for (const s of this.secrets) {
      const nameProblem = checkDnsSubdomain(`${this.providerName}: ${s.field}.name`, s.name);
      if (nameProblem !== undefined) problems.push(nameProblem);
      if (!/^[-._a-zA-Z0-9]+$/.test(s.key)) {
        problems.push(`${this.providerName}: ${s.field}.key '${s.key}' is not a valid Secret key (letters, digits, '-', '_' ` +
          "and '.'). Use the key the Secret stores the credential under, for example 'api-token'.");
      }
    }
    return problems;
  }

  /** The Secrets the provider reads its credentials from. @internal */
  public _secrets(): ReferencedSecret[] {
    return [...this.secrets];
  }

  /** The `dns01` solver for a DNS zone. @internal */
  public _dns01(zone: string): ClusterIssuerSpecAcmeSolversDns01 {
    return this.dns01(zone);
  }
}

function secret(field: string, ref: SecretKeyRef, defaultKey: string): ReferencedSecret {
  return { field, name: ref.name, key: ref.key ?? defaultKey };
}

/**
 * What is wrong with an RFC2136 name server address, as cert-manager reads it (`host:port`, port optional,
 * IPv6 in brackets); undefined when it is valid.
 */
function checkNameserver(nameserver: string | undefined): string | undefined {
  const fix = "Use 'host:port', for example '192.0.2.53:53', '[2001:db8::53]:53' or 'ns1.example.com:53'.";
  if (nameserver === undefined || nameserver.trim() === '') {
    return `rfc2136: nameserver is empty. Give the address of the DNS server that accepts the updates. ${fix}`;
  }
  const url = urlParts(nameserver);
  const extras = url && notPartOf(url, "a name server's address", { port: true, trailingDot: true });
  if (url !== undefined && extras !== undefined) {
    return `rfc2136: nameserver '${url.shown}' is not an address. ${extras.charAt(0).toUpperCase()}${extras.slice(1)}. ` +
      `Use '${url.host}${url.port ?? ''}'.`;
  }
  const bad = (why: string) => `rfc2136: nameserver '${nameserver}' ${why}. ${fix}`;
  let host: string;
  let port: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(nameserver);
  if (bracketed) {
    host = bracketed[1];
    port = bracketed[2];
    if (!isIpv6(host)) return bad(`has '${host}' in brackets, which is not an IPv6 address`);
  } else if ((nameserver.match(/:/g) ?? []).length > 1) {
    return isIpv6(nameserver) ? bad('is an IPv6 address without brackets, so its port cannot be told apart')
      : bad('is not an address');
  } else {
    [host, port] = nameserver.split(':');
    const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
    if (ipv4) {
      if (ipv4.slice(1).some(o => Number(o) > 255)) return bad(`has '${host}', which is not an IPv4 address`);
    } else if (/^[\d.]+$/.test(host) || host.includes('*') || checkHostname('', host.toLowerCase().replace(/\.$/, '')) !== undefined) {
      return bad(`has '${host}', which is neither an IP address nor a hostname`);
    }
  }
  if (port !== undefined && (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535)) {
    return bad(`has the port '${port}', which is not a number from 1 to 65535`);
  }
  return undefined;
}

function isIpv6(text: string): boolean {
  return isIP(text) === 6;
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
