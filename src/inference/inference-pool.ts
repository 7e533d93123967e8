import { ApiObject, Chart, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { EndpointPickerSource, IEndpointPicker } from './endpoint-picker';
import { IInferencePool } from './inference-pool-ref';
import { InferenceGatewayProvider } from './providers';
import * as v1 from '../../imports/inference-extension-v1.6.0/inference.networking.k8s.io-v1';
import { failIf } from '../kubernetes/errors';
import { checkLabelValue, checkMetadataKey } from '../kubernetes/metadata';
import { checkDnsLabel, checkDnsSubdomain } from '../kubernetes/names';
import { compareStrings } from '../kubernetes/order';
import { emitSchemaDefaults } from '../kubernetes/schema-defaults';
import { INFERENCE_GROUP } from '../kubernetes/well-known';
import { declareKnown, useRelease } from '../validation/targets';

/** The Gateway API Inference Extension release whose InferencePool (`inference.networking.k8s.io/v1`) is emitted. */
export const INFERENCE_EXTENSION_RELEASE = 'v1.6.0';

/** The apiVersion of InferencePool v1. */
export const INFERENCE_POOL_API_VERSION = `${INFERENCE_GROUP}/v1`;

/** At most this many target ports and selector labels (the CRD's maxItems / maxProperties). */
const MAX_TARGET_PORTS = 8;
const MAX_SELECTOR_LABELS = 64;


/**
 * What the gateway does when the endpoint picker does not answer.
 *
 * @see https://gateway-api-inference-extension.sigs.k8s.io/reference/spec/#endpointpickerref
 */
export enum FailureMode {
  /** Requests go on to a model server chosen without the picker (the gateway's own load balancing). */
  FAIL_OPEN = 'FailOpen',
  /** Requests fail while the picker is unavailable. The upstream default. */
  FAIL_CLOSE = 'FailClose',
}

/** The application protocol of every target port of a pool. */
export enum PoolAppProtocol {
  /** HTTP/1.1, the upstream default. */
  HTTP = 'http',
  /** HTTP/2 over cleartext (`kubernetes.io/h2c`). */
  H2C = 'kubernetes.io/h2c',
}

/**
 * Which Pods are the members of a pool: model-server Pods in the pool's namespace, matched by labels.
 * InferencePool v1 accepts labels only (no expressions).
 */
export class PoolSelector {
  /**
   * Pods carrying all of these labels.
   *
   * @param labels 1 to 64 labels, for example `{ app: 'vllm-llama3-8b' }`
   */
  public static matchLabels(labels: { [key: string]: string }): PoolSelector {
    return new PoolSelector({ ...labels }, undefined);
  }

  /**
   * The Pods of a cdk8s-plus-28 workload (Deployment, StatefulSet, ...) of this app: its `matchLabels` as they
   * are when the pool is created. The workload must be in the pool's namespace and select by labels only.
   */
  public static fromWorkload(workload: kplus.Workload): PoolSelector {
    return new PoolSelector({ ...workload.matchLabels }, workload);
  }

  private constructor(
    /** The labels Pods must carry. */
    public readonly labels: { [key: string]: string },
    private readonly workload: kplus.Workload | undefined,
  ) {}

  /** @internal says what is wrong with the selector for a pool in `namespace`, or undefined */
  public _problem(namespace: string): string | undefined {
    const keys = Object.keys(this.labels);
    if (this.workload !== undefined) {
      if (this.workload.matchExpressions.length > 0) {
        return `selector: workload '${this.workload.name}' selects Pods with label expressions, which InferencePool v1 ` +
          'does not accept. Select it by labels only, or use PoolSelector.matchLabels({...}).';
      }
      const workloadNamespace = this.workload.metadata.namespace ?? 'default';
      if (workloadNamespace !== namespace) {
        return `selector: workload '${this.workload.name}' is in namespace '${workloadNamespace}', but a pool selects Pods ` +
          `only in its own namespace '${namespace}'. Create the pool with namespace '${workloadNamespace}'.`;
      }
    }
    if (keys.length === 0) {
      return 'selector has no labels, so the pool would select no model server. Pass at least one, for example ' +
        "PoolSelector.matchLabels({ app: 'vllm-llama3-8b' }).";
    }
    if (keys.length > MAX_SELECTOR_LABELS) {
      return `selector has ${keys.length} labels, more than the ${MAX_SELECTOR_LABELS} an InferencePool accepts. Select by fewer labels.`;
    }
    for (const key of keys.sort(compareStrings)) {
      const problem = checkMetadataKey('selector label', key, 'app')
        ?? checkLabelValue(`selector label '${key}'`, this.labels[key], 'vllm-llama3-8b');
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
}

/** What is known of an InferencePool that already exists in the cluster. */
export interface InferencePoolAttributes {
  /** The InferencePool's metadata.name. */
  readonly poolName: string;

  /** The InferencePool's namespace. */
  readonly poolNamespace: string;
}

/**
 * Options of an InferencePool.
 */
export interface InferencePoolProps {
  /**
   * The InferencePool's metadata.name (an RFC 1123 subdomain). Routes refer to it; a deployed endpoint picker
   * is named after it (`<name>-epp`).
   *
   * @default - generated from the construct path
   */
  readonly name?: string;

  /**
   * The pool's namespace, where its model-server Pods and its endpoint picker run.
   *
   * @default - the chart's namespace, else 'default'
   */
  readonly namespace?: string;

  /**
   * Labels of the InferencePool object.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * The model-server Pods of the pool. Required.
   */
  readonly selector: PoolSelector;

  /**
   * The ports the model servers listen on; each `podIP:port` is an endpoint the picker chooses from.
   * 1 to 8 distinct ports.
   *
   * @default [8000] (vLLM's port, as in the upstream chart)
   */
  readonly targetPorts?: number[];

  /**
   * The application protocol of the target ports.
   *
   * @default - not set: HTTP/1.1
   */
  readonly appProtocol?: PoolAppProtocol;

  /**
   * The endpoint picker the gateway consults for every request: one deployed with the pool, or one that runs already.
   *
   * @default EndpointPickerSource.deploy() with the upstream defaults
   */
  readonly endpointPicker?: EndpointPickerSource;

  /**
   * What the gateway does when the endpoint picker does not answer.
   *
   * @default FailureMode.FAIL_CLOSE
   */
  readonly failureMode?: FailureMode;

  /**
   * The Gateway implementation that serves the pool, which selects the extra objects it needs
   * (an Istio DestinationRule, GKE HealthCheckPolicy and GCPBackendPolicy, or nothing).
   *
   * @default InferenceGatewayProvider.none()
   */
  readonly provider?: InferenceGatewayProvider;
}

/**
 * A Gateway API Inference Extension InferencePool (`inference.networking.k8s.io/v1`): a set of model-server
 * Pods that routes send traffic to, with the endpoint picker that chooses a Pod for each request.
 *
 * By default the pool deploys its own endpoint picker (Deployment, Service, ServiceAccount, RBAC and plugin
 * ConfigMap, as the upstream `inferencepool` Helm chart does). Routes (`InferenceRoute`, an AIGatewayRoute) refer
 * to it through `IInferencePool`.
 *
 * @see https://gateway-api-inference-extension.sigs.k8s.io/api-types/inferencepool/
 */
export class InferencePool extends Construct implements IInferencePool {
  /**
   * References an InferencePool that already exists in the cluster (for example one installed by the upstream
   * Helm chart), so routes can send traffic to it. It is declared as a known object for validation.
   */
  public static fromInferencePoolAttributes(scope: Construct, id: string, attributes: InferencePoolAttributes): IInferencePool {
    return new ImportedInferencePool(scope, id, attributes);
  }

  public readonly poolName: string;
  public readonly poolNamespace: string;

  /** The ports the model servers listen on. */
  public readonly targetPorts: number[];

  /** What the gateway does when the endpoint picker does not answer. */
  public readonly failureMode: FailureMode;

  /**
   * The application protocol of the target ports.
   *
   * @default - HTTP/1.1
   */
  public readonly appProtocol?: PoolAppProtocol;

  /** The endpoint picker the pool refers to. */
  public readonly endpointPicker: IEndpointPicker;

  /** The model-server selector. */
  public readonly selector: PoolSelector;

  /** The generated InferencePool object. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: InferencePoolProps) {
    super(scope, id);

    this.poolNamespace = props.namespace ?? Chart.of(this).namespace ?? 'default';
    failIf(this, 'InferencePool', checkDnsLabel('namespace', this.poolNamespace));
    if (props.name !== undefined) failIf(this, 'InferencePool', checkDnsSubdomain('name', props.name));

    if (props.selector === undefined || props.selector === null) {
      failIf(this, 'InferencePool', 'has no selector, so it would select no model server. Pass one, for example ' +
        "selector: PoolSelector.matchLabels({ app: 'vllm-llama3-8b' }).");
    }
    failIf(this, 'InferencePool', props.selector._problem(this.poolNamespace));
    this.selector = props.selector;

    this.targetPorts = [...props.targetPorts ?? [8000]];
    failIf(this, 'InferencePool', checkTargetPorts(this.targetPorts));
    this.failureMode = props.failureMode ?? FailureMode.FAIL_CLOSE;
    this.appProtocol = props.appProtocol;

    useRelease(this, 'inference-extension', INFERENCE_EXTENSION_RELEASE);
    this.apiObject = emitSchemaDefaults(new v1.InferencePool(this, 'Resource', {
      metadata: { ...(props.name === undefined ? {} : { name: props.name }), namespace: this.poolNamespace, labels: props.labels },
      spec: Lazy.any({ produce: () => this._toSpec() }),
    }), 'inference-extension', INFERENCE_EXTENSION_RELEASE);
    this.poolName = this.apiObject.name;

    const source = props.endpointPicker ?? EndpointPickerSource.deploy();
    this.endpointPicker = source._bind(this, this.poolName, this.poolNamespace);

    (props.provider ?? InferenceGatewayProvider.none())._emit(this, {
      poolName: this.poolName,
      poolNamespace: this.poolNamespace,
      targetPorts: this.targetPorts,
      picker: this.endpointPicker,
    });
  }

  /** @internal */
  public _toSpec(): any {
    return {
      selector: { matchLabels: sortedRecord(this.selector.labels) },
      targetPorts: this.targetPorts.map(number => ({ number })),
      appProtocol: this.appProtocol,
      endpointPickerRef: {
        kind: 'Service',
        name: this.endpointPicker.serviceName,
        port: { number: this.endpointPicker.port },
        failureMode: this.failureMode,
      },
    };
  }
}

/** Checks a pool's target ports against the CRD: 1 to 8 distinct port numbers. */
function checkTargetPorts(ports: number[]): string | undefined {
  if (ports.length === 0) {
    return 'targetPorts is empty. Give the port the model servers listen on, for example [8000].';
  }
  if (ports.length > MAX_TARGET_PORTS) {
    return `targetPorts has ${ports.length} ports, more than the ${MAX_TARGET_PORTS} an InferencePool accepts. ` +
      'Split the model servers over several pools.';
  }
  for (const port of ports) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      return `targetPorts: ${port} is not a port number (1 to 65535). Use the port the model servers listen on, for example 8000.`;
    }
  }
  const duplicate = ports.find((port, index) => ports.indexOf(port) !== index);
  if (duplicate !== undefined) {
    return `targetPorts lists port ${duplicate} twice; the ports must be distinct. Remove the duplicate.`;
  }
  return undefined;
}

function sortedRecord(record: { [key: string]: string }): { [key: string]: string } {
  return Object.fromEntries(Object.keys(record).sort().map(key => [key, record[key]]));
}

class ImportedInferencePool extends Construct implements IInferencePool {
  public readonly poolName: string;
  public readonly poolNamespace: string;

  public constructor(scope: Construct, id: string, attributes: InferencePoolAttributes) {
    super(scope, id);
    failIf(this, 'InferencePool', checkDnsSubdomain('poolName', attributes.poolName));
    failIf(this, 'InferencePool', checkDnsLabel('poolNamespace', attributes.poolNamespace));
    this.poolName = attributes.poolName;
    this.poolNamespace = attributes.poolNamespace;
    declareKnown(this, { apiVersion: INFERENCE_POOL_API_VERSION, kind: 'InferencePool', name: this.poolName, namespace: this.poolNamespace });
  }
}
