/**
 * The objects attachment analysis looks things up in: the manifest set, the Secrets cert-manager writes for
 * the set's Certificates, and the objects declared known (present in the cluster), by group, kind, namespace
 * and name. Plain manifest objects only.
 */
import { KnownObject } from './report';
import { CERT_MANAGER_GROUP } from '../kubernetes/well-known';

/** Kinds without a namespace, so that a manifest without `metadata.namespace` is not put in 'default'. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'GatewayClass', 'ClusterIssuer', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding',
  'PersistentVolume', 'StorageClass', 'Node', 'PriorityClass', 'IngressClass', 'RuntimeClass',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'APIService', 'CSIDriver', 'VolumeSnapshotClass',
]);

/** The label every namespace carries with its own name (Kubernetes 1.22 and later). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** The API group of an apiVersion: '' for the core group (`v1`). */
export function apiGroup(apiVersion: string | undefined): string {
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Whether objects of a kind live in a namespace. */
export function isNamespaced(kind: string): boolean {
  return !CLUSTER_SCOPED.has(kind);
}

/** The namespace of a manifest: its own, else 'default' for namespaced kinds (what `kubectl apply` does). */
export function namespaceOf(object: any): string | undefined {
  const kind = String(object?.kind ?? '');
  if (!isNamespaced(kind)) return undefined;
  const namespace = object?.metadata?.namespace;
  return typeof namespace === 'string' && namespace.length > 0 ? namespace : 'default';
}

/** An object found in the set or among the known objects. */
export interface FoundObject {
  /** The object in manifest form (for known objects: built from the declaration). */
  readonly object: any;
  /** True for an object declared known rather than part of the set. */
  readonly known: boolean;
  /** False for a known object declared without its spec (for example a Gateway without listeners). */
  readonly specKnown: boolean;
  /**
   * For a Secret that is not in the set but that cert-manager writes for a Certificate of the set
   * (`spec.secretName`): that Certificate, as `Certificate 'namespace/name'`.
   */
  readonly issuedBy?: string;
}

function key(group: string, kind: string, namespace: string | undefined, name: string): string {
  return `${group}\0${kind}\0${namespace ?? ''}\0${name}`;
}

/**
 * The identity of an object in a cluster: API group (not version), kind, namespace (none for cluster-scoped
 * kinds, 'default' for namespaced objects without one) and name, as one string; objects with the same identity
 * are one object in the cluster.
 */
export function objectIdentity(apiVersion: string | undefined, kind: string, namespace: string | undefined, name: string): string {
  return key(apiGroup(apiVersion), kind, namespaceOf({ kind, metadata: { namespace } }), name);
}

/**
 * Lookup of objects by group, kind, namespace and name. The set's own objects win over the Secrets its
 * Certificates issue, which win over known ones. Of two objects of the set with one identity, the later one is
 * found, as `kubectl apply` of the set leaves the one applied last (validation reports the pair as
 * DuplicateObject); of two known objects with one identity, the first (the --known files come before the
 * known-objects file the synth writes).
 */
export class ObjectIndex {
  private readonly byKey = new Map<string, FoundObject>();
  private readonly grantsByFrom = new Map<string, FoundObject[]>();

  public constructor(objects: any[], known: KnownObject[]) {
    const valid = objects.filter(o => isObject(o) && typeof o.kind === 'string' && typeof o.metadata?.name === 'string');
    // The last object of each identity, as kubectl leaves it; the Certificates of the others issue nothing.
    const last = new Map<string, any>();
    for (const object of valid) last.set(identityKey(object), object);
    const applied = valid.filter(object => last.get(identityKey(object)) === object);
    for (const object of applied) this.add({ object, known: false, specKnown: true });
    // cert-manager writes each Certificate's Secret: it is present once the set is applied.
    for (const certificate of applied) {
      if (apiGroup(certificate.apiVersion) !== CERT_MANAGER_GROUP || certificate.kind !== 'Certificate') continue;
      const secretName = certificate.spec?.secretName;
      if (typeof secretName !== 'string' || secretName.length === 0) continue;
      const namespace = namespaceOf(certificate);
      this.add({
        object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName, namespace } },
        known: false,
        specKnown: false,
        issuedBy: `Certificate '${namespace}/${certificate.metadata.name}'`,
      });
    }
    for (const declaration of known) {
      const object = {
        apiVersion: declaration.apiVersion,
        kind: declaration.kind,
        metadata: {
          name: declaration.name,
          namespace: declaration.namespace,
          labels: declaration.labels,
        },
        spec: declaration.spec,
      };
      this.add({ object, known: true, specKnown: declaration.spec !== undefined });
    }
  }

  /**
   * False for an object of the set that a later object of the set with the same identity replaces: it is not in
   * the cluster once the set is applied, so it is neither found nor analysed.
   */
  public isApplied(object: any): boolean {
    if (!isObject(object) || typeof object.kind !== 'string' || typeof object.metadata?.name !== 'string') return false;
    return this.byKey.get(identityKey(object))?.object === object;
  }

  /** Every object found: those of the set kubectl would leave, then the known ones, each identity once. */
  public all(): FoundObject[] {
    return [...this.byKey.values()];
  }

  /** Finds an object; undefined when it is neither in the set nor known. */
  public find(group: string, kind: string, namespace: string | undefined, name: string): FoundObject | undefined {
    return this.byKey.get(key(group, kind, isNamespaced(kind) ? namespace : undefined, name));
  }

  /**
   * The ReferenceGrants (any served apiVersion) in a namespace with a `from` entry for the given group,
   * kind and namespace; grants declared known without their spec are left out, as they show nothing.
   */
  public grantsFrom(namespace: string, group: string, kind: string, fromNamespace: string): FoundObject[] {
    return this.grantsByFrom.get(`${namespace}\0${group}\0${kind}\0${fromNamespace}`) ?? [];
  }

  /**
   * The labels of a namespace, with the implied `kubernetes.io/metadata.name`; undefined when the
   * Namespace is neither in the set nor known.
   */
  public namespaceLabels(namespace: string): { [key: string]: string } | undefined {
    const found = this.find('', 'Namespace', undefined, namespace);
    if (found === undefined) return undefined;
    return { ...(found.object.metadata?.labels ?? {}), [NAMESPACE_NAME_LABEL]: namespace };
  }

  private add(found: FoundObject): void {
    const object = found.object;
    const group = apiGroup(object.apiVersion);
    const namespace = namespaceOf(object);
    const k = identityKey(object);
    if (this.byKey.has(k)) return;
    this.byKey.set(k, found);
    if (group === 'gateway.networking.k8s.io' && object.kind === 'ReferenceGrant' && namespace !== undefined && found.specKnown) {
      const froms = Array.isArray(object.spec?.from) ? object.spec.from.filter(isObject) : [];
      const keys = new Set<string>(froms.map((f: any) => `${namespace}\0${f.group ?? ''}\0${f.kind}\0${f.namespace}`));
      for (const grantKey of keys) {
        const list = this.grantsByFrom.get(grantKey) ?? [];
        list.push(found);
        this.grantsByFrom.set(grantKey, list);
      }
    }
  }
}

/** The lookup key of a manifest object: its identity. */
function identityKey(object: any): string {
  return key(apiGroup(object.apiVersion), object.kind, namespaceOf(object), object.metadata.name);
}

/** True for a plain (non-array) object. */
export function isObject(value: unknown): value is { [key: string]: any } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
