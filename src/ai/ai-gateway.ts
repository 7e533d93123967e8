import { ApiObject, Lazy, Size, SizeRoundingBehavior } from 'cdk8s';
import { Construct } from 'constructs';
import { ENVOY_GATEWAY_RELEASE } from './api-version';
import { ClientTrafficPolicy, ClientTrafficPolicySpecConnectionBufferLimit, EnvoyProxy, EnvoyProxySpecProviderType } from '../../imports/envoy-gateway-v1.8.1/gateway.envoyproxy.io-v1alpha1';
import { ITlsCertificate } from '../gateway-api/certificate';
import { checkListener, GatewayListener, IGateway, ListenerProtocol, RouteKind } from '../gateway-api/gateway';
import { certificateAnnotations, HttpsListener, httpsListener, httpsListenerProblems } from '../gateway-api/https-listener';
import { GatewayApiVersion, gatewayApiClasses } from '../gateway-api/version';
import { constructProblem, failIf } from '../kubernetes/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../kubernetes/names';
import { ENVOY_GATEWAY_CONTROLLER, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP } from '../kubernetes/well-known';
import { useRelease } from '../validation/targets';

const KIND = 'AiGateway';

/** The HTTPS listener of an AI gateway. */
export interface AiGatewayHttpsOptions {
  /** The certificate the listener serves: an existing Secret (`TlsCertificate.fromSecretName()`) or an issued one. */
  readonly certificate: ITlsCertificate;

  /**
   * The hostname the listener answers for; the certificate must cover it when its names are known.
   *
   * @default - every hostname
   */
  readonly hostname?: string;

  /**
   * The listener port.
   *
   * @default 443
   */
  readonly port?: number;
}

/** Options of an AiGateway. */
export interface AiGatewayProps {
  /** Name of the Gateway, its GatewayClass, EnvoyProxy and ClientTrafficPolicy. An RFC 1123 label. */
  readonly name: string;

  /** Namespace of the Gateway, EnvoyProxy and ClientTrafficPolicy. */
  readonly namespace: string;

  /**
   * The Gateway API release the cluster runs.
   *
   * @default GatewayApiVersion.V1_2
   */
  readonly gatewayApiVersion?: GatewayApiVersion;

  /**
   * Port of the plain HTTP listener, named 'http'.
   *
   * @default 80
   */
  readonly httpPort?: number;

  /**
   * Whether to keep the plain HTTP listener when an HTTPS listener is configured.
   *
   * @default true
   */
  readonly http?: boolean;

  /**
   * An HTTPS listener, named 'https', terminating TLS with the given certificate.
   *
   * @default - none
   */
  readonly https?: AiGatewayHttpsOptions;

  /**
   * Whether AIGatewayRoutes in every namespace may attach, instead of only those in the gateway's namespace.
   *
   * @default false
   */
  readonly allowRoutesFromAllNamespaces?: boolean;

  /**
   * The largest request and response body the gateway buffers per connection (ClientTrafficPolicy
   * `connection.bufferLimit`). LLM requests with long contexts or images exceed Envoy's 32 KiB default.
   *
   * @default Size.mebibytes(50)
   */
  readonly bufferLimit?: Size;
}

/**
 * An Envoy AI Gateway entry point, as in the Envoy AI Gateway setup: an EnvoyProxy, the GatewayClass
 * that uses it, the Gateway with an HTTP and optionally an HTTPS listener, and a ClientTrafficPolicy that
 * lets large LLM bodies through. Attach `AiModelRoute`s to it.
 */
export class AiGateway extends Construct implements IGateway {
  public readonly gatewayName: string;
  public readonly gatewayNamespace: string;
  public readonly gatewayApiVersion: GatewayApiVersion;

  /** The generated Gateway object. */
  public readonly apiObject: ApiObject;

  /** Whether routes in every namespace may attach; else only routes in the gateway's namespace. */
  public readonly allowsRoutesFromAllNamespaces: boolean;

  private readonly _listeners: GatewayListener[] = [];
  private readonly certificate?: ITlsCertificate;

  public constructor(scope: Construct, id: string, props: AiGatewayProps) {
    super(scope, id);
    this.gatewayName = props.name;
    this.gatewayNamespace = props.namespace;
    this.gatewayApiVersion = props.gatewayApiVersion ?? GatewayApiVersion.V1_2;
    this.certificate = props.https?.certificate;
    this.allowsRoutesFromAllNamespaces = props.allowRoutesFromAllNamespaces ?? false;
    failIf(this, KIND, checkDnsLabel('name', props.name));
    failIf(this, KIND, checkDnsLabel('namespace', props.namespace));

    if (props.http ?? true) {
      this._listeners.push({ name: 'http', port: props.httpPort ?? 80, protocol: ListenerProtocol.HTTP });
    } else if (props.https === undefined) {
      failIf(this, KIND, 'has no listener: http is false and https is not set. Set https: { certificate }, or keep the HTTP listener.');
    }
    let https: HttpsListener | undefined;
    if (props.https !== undefined) {
      failIf(this, KIND, checkDnsSubdomain('https.certificate.secretName', props.https.certificate.secretName));
      failIf(this, KIND, checkDnsLabel('https.certificate.secretNamespace', props.https.certificate.secretNamespace));
      // The listener's tls block, and the grant when the Secret lives in another namespace.
      https = httpsListener(this, { name: 'https', certificate: props.https.certificate, port: props.https.port, hostname: props.https.hostname });
      this._listeners.push(https.listener);
    }
    for (const listener of this._listeners) failIf(this, KIND, checkListener(listener));
    if (props.bufferLimit !== undefined && props.bufferLimit.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) < 1) {
      failIf(this, KIND, `bufferLimit ${props.bufferLimit.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki is less than 1 KiB. Use, for example, Size.mebibytes(50).`);
    }
    if (new Set(this._listeners.map(l => l.port)).size < this._listeners.length) {
      failIf(this, KIND, `httpPort and https.port are both ${this._listeners[0].port}. Give each listener its own port.`);
    }

    const classes = gatewayApiClasses(this.gatewayApiVersion);
    useRelease(this, 'gateway-api', classes.release);
    useRelease(this, 'envoy-gateway', ENVOY_GATEWAY_RELEASE);

    new EnvoyProxy(this, 'EnvoyProxy', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: { provider: { type: EnvoyProxySpecProviderType.KUBERNETES } },
    });
    new classes.GatewayClass(this, 'GatewayClass', {
      metadata: { name: props.name },
      spec: {
        controllerName: ENVOY_GATEWAY_CONTROLLER,
        parametersRef: { group: ENVOY_GATEWAY_GROUP, kind: 'EnvoyProxy', name: props.name, namespace: props.namespace },
      },
    });
    const from = this.allowsRoutesFromAllNamespaces ? 'All' : 'Same';
    this.apiObject = new classes.Gateway(this, 'Gateway', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        annotations: this.certificate === undefined ? undefined : certificateAnnotations([this.certificate]).annotations,
      },
      spec: Lazy.any({
        produce: () => ({
          gatewayClassName: props.name,
          listeners: this._listeners.map(l => l.protocol === ListenerProtocol.HTTPS ? { ...https!.spec, allowedRoutes: { namespaces: { from } } } : {
            name: l.name,
            port: l.port,
            protocol: l.protocol,
            hostname: l.hostname,
            allowedRoutes: { namespaces: { from } },
          }),
        }),
      }),
    });
    new ClientTrafficPolicy(this, 'ClientTrafficPolicy', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        targetRefs: [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name: props.name }],
        connection: {
          bufferLimit: ClientTrafficPolicySpecConnectionBufferLimit.fromString(quantity(props.bufferLimit ?? Size.mebibytes(50))),
        },
      },
    });

    if (this.certificate !== undefined) {
      const certificate = this.certificate;
      // The HTTPS hostname must be covered by the certificate; cert-manager's annotation route has its own needs.
      this.node.addValidation({
        validate: () => httpsListenerProblems(this, https!.listener, certificate, [])
          .map(problem => constructProblem(this, KIND, problem)),
      });
    }
  }

  /** The gateway's listeners: 'http' and, when configured, 'https'. Both admit HTTPRoutes (and so AIGatewayRoutes). */
  public get listeners(): GatewayListener[] {
    return this._listeners.map(l => ({ ...l, routeKinds: [RouteKind.HTTP_ROUTE, RouteKind.GRPC_ROUTE] }));
  }
}

/** A size as a Kubernetes quantity in the largest whole binary unit: '50Mi', '512Ki'. */
function quantity(size: Size): string {
  const mebibytes = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (Number.isInteger(mebibytes)) return `${mebibytes}Mi`;
  return `${Math.ceil(size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }))}Ki`;
}
