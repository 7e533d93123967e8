import { BackendCredential } from './credentials';
import { ApiSchema } from './schema';
import { BackendService } from '../gateway-api/backend';
import { checkHostname, isIpAddress } from '../gateway-api/hostnames';
import { checkDnsLabel } from '../kubernetes/names';

/** What every backend declares besides its endpoint. */
export interface AiBackendOptions {
  /**
   * The backend's name: the metadata.name of its AIServiceBackend and of its Envoy Gateway Backend, and
   * what model rules refer to. An RFC 1123 label.
   */
  readonly name: string;

  /**
   * Namespace of the AIServiceBackend and Backend. Routes in another namespace get a ReferenceGrant.
   *
   * @default - the namespace of the AiModelRoute that uses it (routes in two namespaces each get a copy)
   */
  readonly namespace?: string;

  /**
   * The API the backend speaks.
   *
   * @default ApiSchema.openAi()
   */
  readonly schema?: ApiSchema;

  /**
   * How the gateway authenticates to the backend. Backends with equal credentials share one
   * BackendSecurityPolicy.
   *
   * @default - none: the backend is called without credentials
   */
  readonly credential?: BackendCredential;

  /**
   * Whether the gateway speaks TLS to the backend, verifying it with the system's CA certificates.
   *
   * @default - true for port 443, else false
   */
  readonly tls?: boolean;
}

/** How a backend's Envoy Gateway Backend reaches it. @internal */
export interface AiBackendEndpoint {
  readonly fqdn?: { hostname: string; port: number };
  readonly ip?: { address: string; port: number };
}

/**
 * A model server the gateway sends requests to: an endpoint (a DNS name, an IP address or a Kubernetes
 * Service), the API it speaks and how to authenticate. Each backend becomes one AIServiceBackend and one
 * Envoy Gateway Backend of the same name, emitted once per chart however many models use it.
 */
export class AiBackend {
  /**
   * A backend by DNS name and port, for example a provider's API ('api.openai.com', 443) or a model server
   * inside the cluster ('qwen-vllm-inference.nrp-llm.svc.cluster.local', 5000).
   */
  public static fromFqdn(hostname: string, port: number, options: AiBackendOptions): AiBackend {
    const problem = hostname.startsWith('*.') ? `hostname '${hostname}' is a wildcard; a backend needs one host. Use, for example, 'api.openai.com'.`
      : checkHostname('hostname', hostname);
    return new AiBackend(options, { fqdn: { hostname, port } }, problem, undefined, port);
  }

  /** A backend by IP address (v4 or v6) and port. */
  public static fromIp(address: string, port: number, options: AiBackendOptions): AiBackend {
    const problem = isIpAddress(address) && (address.includes(':') || address.split('.').every(o => Number(o) <= 255)) ? undefined
      : `address '${address}' is not an IP address. Use, for example, '10.0.0.12', or AiBackend.fromFqdn() for a DNS name.`;
    return new AiBackend(options, { ip: { address, port } }, problem, undefined, port);
  }

  /**
   * A Kubernetes Service. Envoy AI Gateway v1.1.0 accepts only Envoy Gateway Backends behind an
   * AIServiceBackend (its CEL rule refuses a Service), so the Backend points at the Service's cluster DNS
   * name, `<name>.<namespace>.svc.cluster.local`, and port.
   */
  public static fromService(service: BackendService, options: AiBackendOptions): AiBackend {
    const hostname = `${service.name}.${service.namespace}.svc.cluster.local`;
    return new AiBackend(options, { fqdn: { hostname, port: service.port } }, service.problem('service'), service, service.port);
  }

  /** The backend's name. */
  public readonly name: string;

  /** The namespace asked for, if any. */
  public readonly namespace?: string;

  /** The API the backend speaks. */
  public readonly schema: ApiSchema;

  /** The credential, if any. */
  public readonly credential?: BackendCredential;

  /** Whether the gateway speaks TLS to the backend. */
  public readonly tls: boolean;

  /** The endpoint. @internal */
  public readonly _endpoint: AiBackendEndpoint;

  /** The Service behind the backend, when it is one. @internal */
  public readonly _service?: BackendService;

  /** What is wrong with the backend, found when it was declared; reported by the route using it. @internal */
  public readonly _problem?: string;

  private constructor(options: AiBackendOptions, endpoint: AiBackendEndpoint, endpointProblem: string | undefined,
    service: BackendService | undefined, port: number) {
    this.name = options.name;
    this.namespace = options.namespace;
    this.schema = options.schema ?? ApiSchema.openAi();
    this.credential = options.credential;
    this.tls = options.tls ?? port === 443;
    this._endpoint = endpoint;
    this._service = service;
    this._problem = checkDnsLabel('backend name', options.name)
      ?? (options.namespace === undefined ? undefined : checkDnsLabel(`backend '${options.name}' namespace`, options.namespace))
      ?? (endpointProblem === undefined ? undefined : `backend '${options.name}': ${endpointProblem}`)
      ?? (Number.isInteger(port) && port >= 1 && port <= 65535 ? undefined
        : `backend '${options.name}' port ${port} is not a port number (1 to 65535). Use, for example, 443 or 8000.`)
      ?? this.credentialProblem();
  }

  /** Says whether the credential suits the schema. */
  private credentialProblem(): string | undefined {
    const credential = this.credential;
    if (credential === undefined) return undefined;
    const policyProblem = credential._problem(`backend '${this.name}' credential`);
    if (policyProblem !== undefined) return policyProblem;
    if (credential.compatibleSchemas.includes(this.schema.name)) return undefined;
    return `backend '${this.name}' has a credential of type ${credential.credentialType}, which does not authenticate to the ` +
      `${this.schema.name} schema (${credential.credentialType} serves ${credential.compatibleSchemas.join(', ')}). ` +
      `Use a credential for ${this.schema.name} or a schema that ${credential.credentialType} serves.`;
  }

  /** Two backends of one name must be the same backend: this key says what the same means. @internal */
  public _key(namespace: string): string {
    return JSON.stringify([this.name, namespace, this.schema._key(), this.credential?._key(namespace) ?? null, this._endpoint, this.tls]);
  }
}
