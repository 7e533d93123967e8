import { ApiObject, Lazy, Size, SizeRoundingBehavior } from 'cdk8s';
import { Construct } from 'constructs';
import { ENVOY_GATEWAY_RELEASE } from './api-version';
import { ClientTrafficPolicy, ClientTrafficPolicySpecConnectionBufferLimit, EnvoyProxy, EnvoyProxySpecProviderType } from '../../imports/envoy-gateway-v1.8.1/gateway.envoyproxy.io-v1alpha1';
import { GatewayListener, ListenerProtocol, RoutesFrom } from '../gateway-api/gateway';
import { GatewayBase } from '../gateway-api/gateway-base';
import { GatewayHttpsOptions } from '../gateway-api/https-listener';
import { GatewayApiVersion, gatewayApiClasses } from '../gateway-api/version';
import { failIf } from '../kubernetes/errors';
import { checkDnsLabel } from '../kubernetes/names';
import { emitSchemaDefaults } from '../kubernetes/schema-defaults';
import { ENVOY_GATEWAY_CONTROLLER, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP } from '../kubernetes/well-known';
import { GatewayNamespaces, PlatformNamespace } from '../nvcf/platform-namespace';
import { useRelease } from '../validation/targets';

const KIND = 'AiGateway';
const AI_GATEWAY_SYMBOL = Symbol.for('cdk8s-ai-gateway.AiGateway');

/** Options of an AiGateway. */
export interface AiGatewayProps {
  /** Name of the Gateway, its GatewayClass, EnvoyProxy and ClientTrafficPolicy. An RFC 1123 label. */
  readonly name: string;

  /**
   * Namespace of the Gateway, EnvoyProxy and ClientTrafficPolicy. It is created (a Namespace object in the chart)
   * unless `namespaces` lists it as existing.
   */
  readonly namespace: string;

  /**
   * The namespaces the gateway needs: its own, and others, for example those of routes in other namespaces
   * (`allowRoutesFromAllNamespaces`). Created ones are emitted, once per chart; existing ones are only
   * referenced (`PlatformNamespace.fromExisting()`, declared known with the labels they have). The Gateway's
   * namespace is created when the list does not have it.
   *
   * @default - the Gateway's namespace, created
   */
  readonly namespaces?: PlatformNamespace[];

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
   * An HTTPS listener (named 'https' unless the options name it) terminating TLS with the given certificate.
   * More can be added with `addHttpsListener()`.
   *
   * @default - none
   */
  readonly https?: GatewayHttpsOptions;

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
 * lets large LLM bodies through. Attach `AiModelRoute`s to it (or any other route of this library); more
 * listeners come with `addListener()` and `addHttpsListener()`.
 */
export class AiGateway extends GatewayBase {
  /** Whether a construct is an `AiGateway` (works across copies of the library). */
  public static isAiGateway(x: any): x is AiGateway {
    return x !== null && typeof x === 'object' && AI_GATEWAY_SYMBOL in x;
  }

  public readonly gatewayName: string;
  public readonly gatewayNamespace: string;
  public readonly gatewayApiVersion: GatewayApiVersion;

  /** The generated Gateway object. */
  public readonly apiObject: ApiObject;

  /** Whether routes in every namespace may attach; else only routes in the gateway's namespace. */
  public readonly allowsRoutesFromAllNamespaces: boolean;

  private readonly _namespaces = new GatewayNamespaces(this, KIND);

  public constructor(scope: Construct, id: string, props: AiGatewayProps) {
    super(scope, id, KIND);
    Object.defineProperty(this, AI_GATEWAY_SYMBOL, { value: true });
    this.gatewayName = props.name;
    this.gatewayNamespace = props.namespace;
    this.gatewayApiVersion = props.gatewayApiVersion ?? GatewayApiVersion.V1_2;
    this.allowsRoutesFromAllNamespaces = props.allowRoutesFromAllNamespaces ?? false;
    failIf(this, KIND, checkDnsLabel('name', props.name));
    failIf(this, KIND, checkDnsLabel('namespace', props.namespace));
    if (!(props.http ?? true) && props.https === undefined) {
      failIf(this, KIND, 'has no listener: http is false and https is not set. Set https: { certificate }, or keep the HTTP listener.');
    }
    if (props.bufferLimit !== undefined && props.bufferLimit.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) < 1) {
      failIf(this, KIND, `bufferLimit ${props.bufferLimit.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki is less than 1 KiB. Use, for example, Size.mebibytes(50).`);
    }

    const classes = gatewayApiClasses(this.gatewayApiVersion);
    useRelease(this, 'gateway-api', classes.release);
    useRelease(this, 'envoy-gateway', ENVOY_GATEWAY_RELEASE);

    // Namespaces: the Gateway's first, then the others in the given order.
    const namespaces = props.namespaces ?? [];
    if (!namespaces.some(ns => ns.name === props.namespace)) this.addNamespace(PlatformNamespace.create(props.namespace));
    for (const ns of namespaces) this.addNamespace(ns);

    emitSchemaDefaults(new EnvoyProxy(this, 'EnvoyProxy', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: { provider: { type: EnvoyProxySpecProviderType.KUBERNETES } },
    }), 'envoy-gateway', ENVOY_GATEWAY_RELEASE);
    emitSchemaDefaults(new classes.GatewayClass(this, 'GatewayClass', {
      metadata: { name: props.name },
      spec: {
        controllerName: ENVOY_GATEWAY_CONTROLLER,
        parametersRef: { group: ENVOY_GATEWAY_GROUP, kind: 'EnvoyProxy', name: props.name, namespace: props.namespace },
      },
    }), 'gateway-api', classes.release);
    const from = this.allowsRoutesFromAllNamespaces ? RoutesFrom.ALL : RoutesFrom.SAME;
    this.apiObject = emitSchemaDefaults(new classes.Gateway(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: Lazy.any({
        produce: () => ({
          gatewayClassName: props.name,
          listeners: this._listenerSpecs(() => ({ namespaces: { from } })),
        }),
      }),
    }), 'gateway-api', classes.release);
    emitSchemaDefaults(new ClientTrafficPolicy(this, 'ClientTrafficPolicy', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        targetRefs: [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name: props.name }],
        connection: {
          bufferLimit: ClientTrafficPolicySpecConnectionBufferLimit.fromString(quantity(props.bufferLimit ?? Size.mebibytes(50))),
        },
      },
    }), 'envoy-gateway', ENVOY_GATEWAY_RELEASE);

    if (props.http ?? true) this.addListener({ name: 'http', port: props.httpPort ?? 80, protocol: ListenerProtocol.HTTP });
    if (props.https !== undefined) this.addHttpsListener(props.https);
  }

  /** The gateway's namespaces, created and existing. */
  public get namespaces(): PlatformNamespace[] {
    return this._namespaces.all;
  }

  /** Adds a namespace the gateway needs: created (once per chart), or existing and referenced. */
  public addNamespace(namespace: PlatformNamespace): void {
    this._namespaces.add(namespace);
  }

  /** @internal */
  protected get _gatewayObject(): ApiObject | undefined {
    return this.apiObject;
  }

  /** @internal Every listener admits HTTPRoutes and GRPCRoutes (and so AIGatewayRoutes), from the gateway's namespace or from all. */
  protected _admitting(listener: GatewayListener): GatewayListener {
    return { ...listener, routesFrom: this.allowsRoutesFromAllNamespaces ? RoutesFrom.ALL : RoutesFrom.SAME };
  }

  /** @internal */
  protected _admitOtherNamespacesHint(): string {
    return 'set allowRoutesFromAllNamespaces on the AiGateway';
  }
}

/** A size as a Kubernetes quantity in the largest whole binary unit: '50Mi', '512Ki'. */
function quantity(size: Size): string {
  const mebibytes = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (Number.isInteger(mebibytes)) return `${mebibytes}Mi`;
  return `${Math.ceil(size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }))}Ki`;
}
