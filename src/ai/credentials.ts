import { ApiSchemaName } from './schema';
import { checkDnsLabel, suggestDnsName } from '../kubernetes/names';

/** The kinds of BackendSecurityPolicy (the CRD's `type` enum in Envoy AI Gateway v1.1.0). */
export enum BackendCredentialType {
  /** An API key sent as `Authorization: Bearer <key>` (OpenAI and OpenAI-compatible servers, Cohere). */
  API_KEY = 'APIKey',
  /** An API key sent as `x-api-key` (Anthropic). */
  ANTHROPIC_API_KEY = 'AnthropicAPIKey',
  /** An API key sent as `api-key` (Azure OpenAI). */
  AZURE_API_KEY = 'AzureAPIKey',
  /** AWS SigV4 signing (Amazon Bedrock). */
  AWS_CREDENTIALS = 'AWSCredentials',
  /** An Entra ID client credential (Azure OpenAI). */
  AZURE_CREDENTIALS = 'AzureCredentials',
  /** A Google Cloud service account (Vertex AI). */
  GCP_CREDENTIALS = 'GCPCredentials',
}

/** The schemas each credential type authenticates to. */
const COMPATIBLE: Record<BackendCredentialType, ApiSchemaName[]> = {
  [BackendCredentialType.API_KEY]: [ApiSchemaName.OPENAI, ApiSchemaName.COHERE],
  [BackendCredentialType.ANTHROPIC_API_KEY]: [ApiSchemaName.ANTHROPIC],
  [BackendCredentialType.AZURE_API_KEY]: [ApiSchemaName.AZURE_OPENAI],
  [BackendCredentialType.AWS_CREDENTIALS]: [ApiSchemaName.AWS_BEDROCK, ApiSchemaName.AWS_ANTHROPIC],
  [BackendCredentialType.AZURE_CREDENTIALS]: [ApiSchemaName.AZURE_OPENAI],
  [BackendCredentialType.GCP_CREDENTIALS]: [ApiSchemaName.GCP_VERTEX_AI, ApiSchemaName.GCP_ANTHROPIC],
};

/** An API key held in an existing Secret. */
export interface SecretKeyCredentialOptions {
  /** Name of the Secret holding the key (under the data key `apiKey`). It is referenced, never read. */
  readonly secretName: string;

  /**
   * Namespace of the Secret. Elsewhere than the backend, a ReferenceGrant is generated.
   *
   * @default - the backend's namespace
   */
  readonly secretNamespace?: string;

  /**
   * Name of the BackendSecurityPolicy. Every backend using the same Secret shares this one policy.
   *
   * @default - the Secret's name
   */
  readonly policyName?: string;
}

/** AWS credentials for Amazon Bedrock. */
export interface AwsCredentialOptions {
  /** The AWS region, for example 'us-east-1'. */
  readonly region: string;

  /**
   * Name of a Secret holding an AWS credentials file (data key `credentials`).
   *
   * @default - none: the gateway's default AWS credential chain (for example EKS Pod Identity or IRSA)
   */
  readonly credentialsSecretName?: string;

  /**
   * Namespace of the credentials Secret.
   *
   * @default - the backend's namespace
   */
  readonly credentialsSecretNamespace?: string;

  /**
   * The profile in the credentials file.
   *
   * @default 'default'
   */
  readonly profile?: string;

  /**
   * Name of the BackendSecurityPolicy.
   *
   * @default - the Secret's name, else `aws-<region>`
   */
  readonly policyName?: string;
}

/** An Entra ID client secret for Azure OpenAI. */
export interface AzureCredentialOptions {
  /** The application (client) ID. */
  readonly clientId: string;

  /** The directory (tenant) ID. */
  readonly tenantId: string;

  /** Name of the Secret holding the client secret (data key `client-secret`). */
  readonly clientSecretName: string;

  /**
   * Namespace of the client secret.
   *
   * @default - the backend's namespace
   */
  readonly clientSecretNamespace?: string;

  /**
   * Name of the BackendSecurityPolicy.
   *
   * @default - the Secret's name
   */
  readonly policyName?: string;
}

/** A Google Cloud credential for Vertex AI. */
export interface GcpCredentialOptions {
  /** The Google Cloud project name. */
  readonly projectName: string;

  /** The Google Cloud region, for example 'us-central1'. */
  readonly region: string;

  /**
   * Name of a Secret holding a service account key file (data key `service_account.json`).
   *
   * @default - none: the gateway's ambient Google credentials (only with `AiGatewayApiVersion.V1BETA1`)
   */
  readonly credentialsSecretName?: string;

  /**
   * Namespace of the credentials Secret.
   *
   * @default - the backend's namespace
   */
  readonly credentialsSecretNamespace?: string;

  /**
   * Name of the BackendSecurityPolicy.
   *
   * @default - the Secret's name, else `gcp-<projectName>`
   */
  readonly policyName?: string;
}

/**
 * How the gateway authenticates to a backend: one BackendSecurityPolicy, shared by every backend of the
 * chart that uses an equal credential (one policy, many targetRefs). Credentials are references to
 * Secrets that exist in the cluster; no factory takes a secret value.
 */
export class BackendCredential {
  /** An API key sent as a bearer token (OpenAI, OpenAI-compatible servers, Cohere). */
  public static apiKey(options: SecretKeyCredentialOptions): BackendCredential {
    return BackendCredential.secretKey(BackendCredentialType.API_KEY, 'apiKey', options);
  }

  /** An API key sent as `x-api-key` (Anthropic). */
  public static anthropicApiKey(options: SecretKeyCredentialOptions): BackendCredential {
    return BackendCredential.secretKey(BackendCredentialType.ANTHROPIC_API_KEY, 'anthropicApiKey', options);
  }

  /** An API key sent as `api-key` (Azure OpenAI). */
  public static azureApiKey(options: SecretKeyCredentialOptions): BackendCredential {
    return BackendCredential.secretKey(BackendCredentialType.AZURE_API_KEY, 'azureApiKey', options);
  }

  /** AWS SigV4 signing from a credentials file Secret or the default credential chain (Amazon Bedrock). */
  public static awsCredentials(options: AwsCredentialOptions): BackendCredential {
    const secret = options.credentialsSecretName === undefined ? undefined
      : { name: options.credentialsSecretName, namespace: options.credentialsSecretNamespace };
    return new BackendCredential(BackendCredentialType.AWS_CREDENTIALS,
      policyName(options.policyName, options.credentialsSecretName === undefined
        ? { field: 'region', value: options.region, prefix: 'aws-' }
        : { field: 'credentialsSecretName', value: options.credentialsSecretName }),
      secret ? [secret] : [],
      (ns) => ({
        awsCredentials: {
          region: options.region,
          credentialsFile: secret === undefined ? undefined : {
            profile: options.profile,
            secretRef: { name: secret.name, namespace: secret.namespace ?? ns },
          },
        },
      }));
  }

  /** An Entra ID client secret (Azure OpenAI). */
  public static azureCredentials(options: AzureCredentialOptions): BackendCredential {
    const secret = { name: options.clientSecretName, namespace: options.clientSecretNamespace };
    return new BackendCredential(BackendCredentialType.AZURE_CREDENTIALS,
      policyName(options.policyName, { field: 'clientSecretName', value: options.clientSecretName }), [secret],
      (ns) => ({
        azureCredentials: {
          clientId: options.clientId,
          tenantId: options.tenantId,
          clientSecretRef: { name: secret.name, namespace: secret.namespace ?? ns },
        },
      }));
  }

  /** A Google Cloud service account key Secret, or ambient credentials on v1beta1 (Vertex AI). */
  public static gcpCredentials(options: GcpCredentialOptions): BackendCredential {
    const secret = options.credentialsSecretName === undefined ? undefined
      : { name: options.credentialsSecretName, namespace: options.credentialsSecretNamespace };
    return new BackendCredential(BackendCredentialType.GCP_CREDENTIALS,
      policyName(options.policyName, options.credentialsSecretName === undefined
        ? { field: 'projectName', value: options.projectName, prefix: 'gcp-' }
        : { field: 'credentialsSecretName', value: options.credentialsSecretName }),
      secret ? [secret] : [],
      (ns) => ({
        gcpCredentials: {
          projectName: options.projectName,
          region: options.region,
          credentialsFile: secret === undefined ? undefined : {
            secretRef: { name: secret.name, namespace: secret.namespace ?? ns },
          },
        },
      }), secret === undefined);
  }

  private static secretKey(type: BackendCredentialType, field: string, options: SecretKeyCredentialOptions): BackendCredential {
    const secret = { name: options.secretName, namespace: options.secretNamespace };
    return new BackendCredential(type, policyName(options.policyName, { field: 'secretName', value: options.secretName }), [secret],
      (ns) => ({ [field]: { secretRef: { name: secret.name, namespace: secret.namespace ?? ns } } }));
  }

  /** `_key()` per policy namespace: a credential is immutable, and thousands of backends may share it. */
  private readonly keys = new Map<string, string>();

  /** The BackendSecurityPolicy's name. */
  public readonly policyName: string;

  /** Where the policy's name comes from when no policyName is given. */
  private readonly policyNameSource: PolicyNameSource | undefined;

  private constructor(
    /** The BackendSecurityPolicy type. */
    public readonly credentialType: BackendCredentialType,
    name: { name: string; source?: PolicyNameSource },
    private readonly secrets: Array<{ name: string; namespace?: string }>,
    private readonly produce: (policyNamespace: string) => any,
    /** Whether the credential needs v1beta1 (a GCP credential without a file). @internal */
    public readonly _v1beta1Only: boolean = false,
  ) {
    this.policyName = name.name;
    this.policyNameSource = name.source;
  }

  /** The API schemas this credential authenticates to. */
  public get compatibleSchemas(): ApiSchemaName[] {
    return [...COMPATIBLE[this.credentialType]];
  }

  /** The Secrets referenced, with their namespaces resolved against the policy's. @internal */
  public _secrets(policyNamespace: string): Array<{ name: string; namespace: string }> {
    return this.secrets.map(s => ({ name: s.name, namespace: s.namespace ?? policyNamespace }));
  }

  /** The spec fields of the policy, without targetRefs. @internal */
  public _toSpec(policyNamespace: string): any {
    return { type: this.credentialType, ...this.produce(policyNamespace) };
  }

  /**
   * What is wrong with the credential: the policy's name, reported under the field it comes from (policyName,
   * or the Secret name or setting it defaults from). The end of a sentence that starts with `subject`.
   *
   * @internal
   */
  public _problem(subject: string): string | undefined {
    if (checkDnsLabel('policyName', this.policyName) === undefined) return undefined;
    const source = this.policyNameSource;
    if (source === undefined) return checkDnsLabel(`${subject} policyName`, this.policyName);
    if (source.prefix === undefined) {
      return `${checkDnsLabel(`${subject} ${source.field}`, source.value)} The BackendSecurityPolicy is named after the ` +
        'Secret unless policyName is given.';
    }
    const fixed = suggestDnsName(source.value, 63, false);
    const fix = checkDnsLabel('policyName', `${source.prefix}${fixed}`) === undefined ? `Use ${source.field} '${fixed}', or give policyName.`
      : `Give policyName, for example '${suggestDnsName(this.policyName, 63, false)}'.`;
    return `${subject} ${source.field} '${source.value}' makes the BackendSecurityPolicy's name '${this.policyName}' (no ` +
      `policyName is given), which is not a valid RFC 1123 label. ${fix}`;
  }

  /** Equal credentials share one policy: this key says what equal means. @internal */
  public _key(policyNamespace: string): string {
    let key = this.keys.get(policyNamespace);
    if (key === undefined) {
      key = JSON.stringify(this._toSpec(policyNamespace));
      this.keys.set(policyNamespace, key);
    }
    return key;
  }

}

/** The option a policy's name defaults from: its value, with the prefix the default puts before it (`aws-`). */
interface PolicyNameSource {
  readonly field: string;
  readonly value: string;
  readonly prefix?: string;
}

/** The policy's name: the one given, else the default from `source`, with the source kept for messages. */
function policyName(given: string | undefined, source: PolicyNameSource): { name: string; source?: PolicyNameSource } {
  return given !== undefined ? { name: given } : { name: `${source.prefix ?? ''}${source.value}`, source };
}
