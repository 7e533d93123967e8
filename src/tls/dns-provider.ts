import { ClusterIssuerSpecAcmeSolversDns01 } from '../../imports/cert-manager-v1.21.1/cert-manager.io-v1';
import { checkDnsSubdomain } from '../gateway-api/names';

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

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
