import * as kplus from 'cdk8s-plus-28';
import { checkDnsLabel } from '../kubernetes/names';

/**
 * A Kubernetes Service that a route sends traffic to: by name, namespace and port, or a cdk8s-plus-28
 * Service of this app.
 */
export class BackendService {
  /**
   * A Service by name, for example one installed by another chart or by Helm.
   *
   * @param name the Service's metadata.name
   * @param namespace the Service's namespace
   * @param port the Service port to send traffic to
   */
  public static fromName(name: string, namespace: string, port: number): BackendService {
    return new BackendService(name, namespace, port);
  }

  /**
   * A cdk8s-plus-28 Service of this app.
   *
   * @param service the Service
   * @param port the Service port to send traffic to
   * @default port - the Service's only port
   */
  public static fromService(service: kplus.Service, port?: number): BackendService {
    const ports = service.ports.map(p => p.port);
    const chosen = port ?? (ports.length === 1 ? ports[0] : NaN);
    return new BackendService(service.name, service.metadata.namespace ?? 'default', chosen, ports);
  }

  private constructor(
    /** The Service's metadata.name. */
    public readonly name: string,
    /** The Service's namespace. */
    public readonly namespace: string,
    /** The Service port traffic goes to. */
    public readonly port: number,
    /** The ports the Service declares, when known. */
    private readonly knownPorts?: number[],
  ) {}

  /**
   * Says what is wrong with this backend, or returns undefined: a name or namespace that is not an RFC 1123
   * label, a port out of range, or a port the Service does not declare.
   *
   * @param field the prop that holds the backend, for the message
   */
  public problem(field: string): string | undefined {
    const nameProblem = checkDnsLabel(`${field}.name`, this.name) ?? checkDnsLabel(`${field}.namespace`, this.namespace);
    if (nameProblem !== undefined) return nameProblem;
    if (Number.isNaN(this.port) && this.knownPorts !== undefined) {
      return `${field}: Service '${this.name}' has ${this.knownPorts.length} ports (${this.knownPorts.join(', ')}), so the port ` +
        'to use is ambiguous. Pass it: BackendService.fromService(service, port).';
    }
    if (!Number.isInteger(this.port) || this.port < 1 || this.port > 65535) {
      return `${field}.port ${this.port} is not a port number (1 to 65535). Use the Service port, for example 8080.`;
    }
    if (this.knownPorts !== undefined && !this.knownPorts.includes(this.port)) {
      return `${field}.port ${this.port} is not a port of Service '${this.name}' (it has ${this.knownPorts.join(', ')}). ` +
        'Use one of those.';
    }
    return undefined;
  }
}
