import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';

import { GatewayApiVersion, gatewayApiClasses } from './version';
import { constructError, constructProblem, failIf } from '../kubernetes/errors';
import { checkDnsLabel, checkDnsSubdomain, checkGroup, checkKind } from '../kubernetes/names';
import { compareStrings } from '../kubernetes/order';
import { emitSchemaDefaults } from '../kubernetes/schema-defaults';
import { GATEWAY_API_GROUP } from '../kubernetes/well-known';
import { useRelease } from '../validation/targets';

/** At most this many `from` and `to` entries per ReferenceGrant (the CRD's maxItems). */
const MAX_ENTRIES = 16;

/**
 * Who may refer across namespaces: a kind of object in one namespace.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/referencegrant/
 */
export class GrantFrom {
  /** HTTPRoutes in the given namespace. */
  public static httpRoutes(namespace: string): GrantFrom {
    return new GrantFrom(GATEWAY_API_GROUP, 'HTTPRoute', namespace);
  }

  /** GRPCRoutes in the given namespace. */
  public static grpcRoutes(namespace: string): GrantFrom {
    return new GrantFrom(GATEWAY_API_GROUP, 'GRPCRoute', namespace);
  }

  /** TCPRoutes in the given namespace. */
  public static tcpRoutes(namespace: string): GrantFrom {
    return new GrantFrom(GATEWAY_API_GROUP, 'TCPRoute', namespace);
  }

  /** TLSRoutes in the given namespace. */
  public static tlsRoutes(namespace: string): GrantFrom {
    return new GrantFrom(GATEWAY_API_GROUP, 'TLSRoute', namespace);
  }

  /** Gateways in the given namespace, for listener certificateRefs to Secrets elsewhere. */
  public static gateways(namespace: string): GrantFrom {
    return new GrantFrom(GATEWAY_API_GROUP, 'Gateway', namespace);
  }

  /**
   * Any other kind, for example Envoy AI Gateway's AIGatewayRoute.
   *
   * @param group API group of the referring kind ('' for the core group)
   * @param kind the referring kind, for example 'AIGatewayRoute'
   * @param namespace namespace of the referring objects
   */
  public static custom(group: string, kind: string, namespace: string): GrantFrom {
    return new GrantFrom(group, kind, namespace);
  }

  private constructor(
    /** API group of the referring kind. */
    public readonly group: string,
    /** The referring kind. */
    public readonly kind: string,
    /** Namespace of the referring objects. */
    public readonly namespace: string,
  ) {}
}

/**
 * What may be referred to: one named object of a kind in the grant's namespace, or, only when asked
 * for explicitly, every object of that kind.
 */
export class GrantTo {
  /** One Service, by name: the narrow grant a route to that backend needs. */
  public static service(name: string): GrantTo {
    return new GrantTo('', 'Service', name);
  }

  /** One Secret, by name: for a listener's certificateRef. */
  public static secret(name: string): GrantTo {
    return new GrantTo('', 'Secret', name);
  }

  /** One InferencePool (inference.networking.k8s.io), by name. */
  public static inferencePool(name: string): GrantTo {
    return new GrantTo('inference.networking.k8s.io', 'InferencePool', name);
  }

  /**
   * One object of any other kind, by name.
   *
   * @param group API group of the kind ('' for the core group)
   * @param kind the kind, for example 'Backend'
   * @param name the object's name
   */
  public static custom(group: string, kind: string, name: string): GrantTo {
    return new GrantTo(group, kind, name);
  }

  /**
   * Every object of a kind in the grant's namespace. Broader than a route needs: prefer a named
   * grant unless the referring objects are as trusted as the namespace's own.
   */
  public static allOfKind(group: string, kind: string): GrantTo {
    return new GrantTo(group, kind, undefined);
  }

  private constructor(
    /** API group of the kind. */
    public readonly group: string,
    /** The kind. */
    public readonly kind: string,
    /** The object's name; undefined grants every object of the kind. */
    public readonly name?: string,
  ) {}
}

/**
 * Options of a ReferenceGrant.
 */
export interface ReferenceGrantProps {
  /**
   * Namespace of the objects the grant opens up; the grant lives there too.
   */
  readonly namespace: string;

  /**
   * Name, labels and annotations of the ReferenceGrant object. Its namespace is `namespace`.
   *
   * @default - the name is generated from the construct path; no labels or annotations
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * Who may refer. More can be added with `addFrom()`.
   *
   * @default - none yet; at least one is required by synth time
   */
  readonly referrers?: GrantFrom[];

  /**
   * What may be referred to. More can be added with `addTo()`.
   *
   * @default - none yet; at least one is required by synth time
   */
  readonly to?: GrantTo[];

  /**
   * The Gateway API release the cluster runs; it selects the ReferenceGrant apiVersion
   * (`v1beta1` for v1.2, `v1` for v1.6).
   *
   * @default GatewayApiVersion.V1_2
   */
  readonly gatewayApiVersion?: GatewayApiVersion;
}

/**
 * A Gateway API ReferenceGrant: lets the listed kinds in other namespaces refer to objects in this one.
 *
 * Grants are as narrow as asked: each `to` entry names one object unless `GrantTo.allOfKind()` is used.
 * Entries are de-duplicated and sorted, so the output does not depend on the order of calls.
 */
export class ReferenceGrant extends Construct {
  /** Namespace of the grant and of the objects it opens up. */
  public readonly namespace: string;

  /** The targeted Gateway API release. */
  public readonly gatewayApiVersion: GatewayApiVersion;

  /** The generated ReferenceGrant object. */
  public readonly apiObject: ApiObject;

  private readonly _from = new Map<string, GrantFrom>();
  private readonly _to = new Map<string, GrantTo>();

  public constructor(scope: Construct, id: string, props: ReferenceGrantProps) {
    super(scope, id);
    this.namespace = props.namespace;
    this.gatewayApiVersion = props.gatewayApiVersion ?? GatewayApiVersion.V1_2;

    failIf(this, 'ReferenceGrant', checkDnsLabel('namespace', props.namespace));
    if (props.metadata?.namespace !== undefined && props.metadata.namespace !== props.namespace) {
      throw constructError(this, 'ReferenceGrant', `metadata.namespace '${props.metadata.namespace}' differs from ` +
        `namespace '${props.namespace}'. Set only 'namespace'.`);
    }
    if (props.metadata?.name !== undefined) {
      failIf(this, 'ReferenceGrant', checkDnsSubdomain('metadata.name', props.metadata.name));
    }

    const classes = gatewayApiClasses(this.gatewayApiVersion);
    useRelease(this, 'gateway-api', classes.release);
    this.apiObject = emitSchemaDefaults(new classes.ReferenceGrant(this, 'Resource', {
      metadata: { ...props.metadata, namespace: props.namespace },
      spec: Lazy.any({ produce: () => this._toSpec() }),
    }), 'gateway-api', classes.release);

    this.addFrom(...props.referrers ?? []);
    this.addTo(...props.to ?? []);

    this.node.addValidation({
      validate: () => {
        const problems: string[] = [];
        if (this._from.size === 0) {
          problems.push(constructProblem(this, 'ReferenceGrant', "has no 'from' entry. Add one, for example " +
            "addFrom(GrantFrom.httpRoutes('routes-namespace'))."));
        }
        if (this._to.size === 0) {
          problems.push(constructProblem(this, 'ReferenceGrant', "has no 'to' entry. Add one, for example " +
            "addTo(GrantTo.service('backend-service'))."));
        }
        return problems;
      },
    });
  }

  /** The ReferenceGrant's metadata.name. */
  public get name(): string {
    return this.apiObject.name;
  }

  /** Who may refer, sorted. */
  public get referrers(): GrantFrom[] {
    return [...this._from.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, f]) => f);
  }

  /** What may be referred to, sorted. */
  public get to(): GrantTo[] {
    return [...this._to.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, t]) => t);
  }

  /**
   * Allows more kinds of objects, in other namespaces, to refer to this namespace.
   */
  public addFrom(...referrers: GrantFrom[]): void {
    for (const f of referrers) {
      failIf(this, 'ReferenceGrant', checkGroup('from.group', f.group));
      failIf(this, 'ReferenceGrant', checkKind('from.kind', f.kind));
      failIf(this, 'ReferenceGrant', checkDnsLabel('from.namespace', f.namespace));
      if (f.namespace === this.namespace) {
        throw constructError(this, 'ReferenceGrant', `from.namespace '${f.namespace}' is the grant's own namespace: ` +
          'references within one namespace need no grant. Remove this entry.');
      }
      this.addEntry('from', this._from, `${f.group}\0${f.kind}\0${f.namespace}`, f);
    }
  }

  /**
   * Allows references to more objects in this namespace.
   */
  public addTo(...to: GrantTo[]): void {
    for (const t of to) {
      failIf(this, 'ReferenceGrant', checkGroup('to.group', t.group));
      failIf(this, 'ReferenceGrant', checkKind('to.kind', t.kind));
      if (t.name !== undefined) {
        failIf(this, 'ReferenceGrant', checkDnsSubdomain('to.name', t.name));
      }
      this.addEntry('to', this._to, `${t.group}\0${t.kind}\0${t.name ?? ''}`, t);
    }
  }

  /** Replaces the objects that may be referred to (a grant set deals its targets in name order at synth). @internal */
  public _replaceTo(to: GrantTo[]): void {
    this._to.clear();
    this.addTo(...to);
  }

  /** @internal */
  public _toSpec(): any {
    return {
      from: this.referrers.map(f => ({ group: f.group, kind: f.kind, namespace: f.namespace })),
      to: this.to.map(t => ({ group: t.group, kind: t.kind, name: t.name })),
    };
  }

  /** Adds an entry unless it is already there; refuses, before adding, one past the CRD's limit. */
  private addEntry<T>(field: string, entries: Map<string, T>, key: string, entry: T) {
    if (!entries.has(key) && entries.size >= MAX_ENTRIES) {
      throw constructError(this, 'ReferenceGrant', `has ${entries.size + 1} '${field}' entries, more than the ${MAX_ENTRIES} ` +
        'a ReferenceGrant holds. Split them over a second ReferenceGrant in the same namespace.');
    }
    entries.set(key, entry);
  }
}
