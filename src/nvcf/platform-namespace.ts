import { ApiObject, ApiObjectMetadataDefinition, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { constructError, failIf } from '../kubernetes/errors';
import { checkLabels } from '../kubernetes/metadata';
import { checkDnsLabel } from '../kubernetes/names';
import { sortedMap } from '../kubernetes/order';
import { declareKnown } from '../validation/targets';

/**
 * A namespace a gateway (`NvcfGateway`, `AiGateway`) needs: created by the gateway's chart (an `NvcfGateway`
 * labels it as a platform namespace), or one that already exists in the cluster with the labels it has there.
 */
export class PlatformNamespace {
  /**
   * A namespace the chart creates. An `NvcfGateway` labels it with its platform label (`nvcf/platform=true` by
   * default) so that routes in it may attach to the Gateway.
   *
   * @param name the namespace name
   * @param labels more labels for it
   */
  public static create(name: string, labels: { [key: string]: string } = {}): PlatformNamespace {
    return new PlatformNamespace(name, false, { ...labels });
  }

  /**
   * A namespace that already exists in the cluster. Nothing is created or labelled: say which labels it has,
   * so that the gateway can tell whether routes in it are admitted (an `NvcfGateway`'s need the platform label).
   *
   * @param name the namespace name
   * @param labels the labels it carries in the cluster, for example `{ 'nvcf/platform': 'true' }`
   */
  public static fromExisting(name: string, labels: { [key: string]: string } = {}): PlatformNamespace {
    return new PlatformNamespace(name, true, { ...labels });
  }

  private constructor(
    /** The namespace name. */
    public readonly name: string,
    /** True when the namespace exists already and is only referenced. */
    public readonly existing: boolean,
    private readonly _labels: { [key: string]: string },
  ) {}

  /** The labels given for it (without the platform label a created namespace also gets), as a copy. */
  public get labels(): { [key: string]: string } {
    return { ...this._labels };
  }
}

/** A Namespace object a gateway created, per chart and name: gateways of one chart share it. */
interface CreatedNamespace {
  readonly owner: IConstruct;
  readonly metadata: ApiObjectMetadataDefinition;
  readonly labels: { [key: string]: string };
}

const CREATED = new WeakMap<Chart, Map<string, CreatedNamespace>>();

/**
 * The namespaces of one gateway, each listed once: a created one is a Namespace object (a child of the gateway,
 * `Namespace-<name>`), emitted once per chart (gateways of one chart that create the same namespace share it,
 * with the labels of both); an existing one is declared known with its labels, for synth-time validation.
 */
export class GatewayNamespaces {
  private readonly byName = new Map<string, PlatformNamespace>();

  /**
   * @param gateway the gateway, the scope of created Namespace objects and of errors
   * @param kind the gateway's kind, for errors
   */
  public constructor(private readonly gateway: Construct, private readonly kind: string) {}

  /** The namespaces, in the order added. */
  public get all(): PlatformNamespace[] {
    return [...this.byName.values()];
  }

  /** The namespace of that name, if added. */
  public get(name: string): PlatformNamespace | undefined {
    return this.byName.get(name);
  }

  /**
   * Adds a namespace: checks its name and labels, then creates or declares it.
   *
   * @param namespace the namespace
   * @param problem a check of the gateway's own on the namespace (for example of its labels), run after the common ones
   * @param gatewayLabels labels every namespace the gateway creates carries besides its own
   */
  public add(namespace: PlatformNamespace, problem: string | undefined = undefined, gatewayLabels: { [key: string]: string } = {}): void {
    failIf(this.gateway, this.kind, checkDnsLabel('namespaces name', namespace.name));
    failIf(this.gateway, this.kind, checkLabels(`namespace '${namespace.name}' labels`, namespace.labels));
    if (this.byName.has(namespace.name)) {
      throw constructError(this.gateway, this.kind, `namespace '${namespace.name}' is listed twice. List each namespace once.`);
    }
    failIf(this.gateway, this.kind, problem);
    this.byName.set(namespace.name, namespace);
    if (namespace.existing) {
      declareKnown(this.gateway, { apiVersion: 'v1', kind: 'Namespace', name: namespace.name, labels: namespace.labels });
      return;
    }
    const labels = { ...namespace.labels, ...gatewayLabels };
    const chart = Chart.of(this.gateway);
    let created = CREATED.get(chart);
    if (created === undefined) {
      created = new Map();
      CREATED.set(chart, created);
    }
    const shared = created.get(namespace.name);
    if (shared === undefined) {
      const object = new kplus.Namespace(this.gateway, `Namespace-${namespace.name}`, {
        metadata: { name: namespace.name, labels: sortedMap(labels) },
      });
      // The finalizer the API server gives every Namespace, written out so that the object read back equals the manifest.
      ApiObject.of(object).addJsonPatch(JsonPatch.add('/spec', { finalizers: ['kubernetes'] }));
      created.set(namespace.name, { owner: this.gateway, metadata: object.metadata, labels });
      return;
    }
    for (const [key, value] of Object.entries(labels)) {
      const current = shared.labels[key];
      if (current !== undefined && current !== value) {
        throw constructError(this.gateway, this.kind, `namespace '${namespace.name}' label '${key}' is '${value}', but ` +
          `'${shared.owner.node.path}' creates that namespace in this chart with '${key}: ${current}'. Give both the same ` +
          'value, or use another namespace.');
      }
      if (current === undefined) {
        shared.labels[key] = value;
        shared.metadata.addLabel(key, value);
      }
    }
  }
}
