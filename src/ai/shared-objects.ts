import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AI_GATEWAY_RELEASE, AiGatewayApiVersion, aiGatewayClasses, ENVOY_GATEWAY_RELEASE } from './api-version';
import { AiBackend } from './backend';
import { BackendCredential } from './credentials';
import { bucketName } from './placement';
import { Backend } from '../../imports/envoy-gateway-v1.8.1/gateway.envoyproxy.io-v1alpha1';
import { grantReference } from '../gateway-api/grants';
import { GrantFrom, GrantTo } from '../gateway-api/reference-grant';
import { GatewayApiVersion } from '../gateway-api/version';
import { constructError } from '../kubernetes/errors';
import { compareStrings, keepInOrder } from '../kubernetes/order';
import { emitSchemaDefaults } from '../kubernetes/schema-defaults';
import { AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP } from '../kubernetes/well-known';
import { declareKnown, useRelease } from '../validation/targets';

/**
 * The objects that several AiModelRoutes of one chart may share: one AIServiceBackend and one Backend per
 * backend, one BackendSecurityPolicy per credential. Each is created once, the first time a model needs
 * it, under the chart, with an id derived from its namespace and name.
 */

interface SharedBackend {
  readonly key: string;
}

interface SharedPolicy {
  readonly key: string;
  readonly credential: BackendCredential;
  readonly namespace: string;
  readonly targets: Set<string>;
  /** The targets in name order, computed once per change (each part of the policy reads its share). */
  sorted?: string[];
  readonly objects: ApiObject[];
  readonly version: AiGatewayApiVersion;
}

const BACKENDS = new WeakMap<Chart, Map<string, SharedBackend>>();
const POLICIES = new WeakMap<Chart, Map<string, SharedPolicy>>();

function registry<T>(map: WeakMap<Chart, Map<string, T>>, chart: Chart): Map<string, T> {
  let entries = map.get(chart);
  if (entries === undefined) {
    entries = new Map();
    map.set(chart, entries);
  }
  return entries;
}

/**
 * Makes sure the chart holds the AIServiceBackend, Backend and (shared) BackendSecurityPolicy of a
 * backend in a namespace; throws, naming `user`, when a different backend of the same name is there.
 */
export function ensureBackend(user: IConstruct, kind: string, backend: AiBackend, namespace: string,
  version: AiGatewayApiVersion, gatewayApiVersion: GatewayApiVersion): void {
  const chart = Chart.of(user);
  const backends = registry(BACKENDS, chart);
  const id = `${namespace}/${backend.name}`;
  const key = `${version}\0${backend._key(namespace)}`;
  const existing = backends.get(id);
  if (existing !== undefined) {
    if (existing.key !== key) {
      throw constructError(user, kind, `backend '${backend.name}' in namespace '${namespace}' is declared twice with different ` +
        'settings (endpoint, schema, credential, TLS or API version). Declare it once and use that AiBackend everywhere, or give the other one another name.');
    }
    return;
  }
  backends.set(id, { key });

  const scope = new Construct(chart, `AiBackend-${namespace}-${backend.name}`);
  keepInOrder(chart, scope, `1 ${namespace} ${backend.name}`);
  const classes = aiGatewayClasses(version);
  useRelease(scope, 'envoy-gateway', ENVOY_GATEWAY_RELEASE);
  emitSchemaDefaults(new Backend(scope, 'Backend', {
    metadata: { name: backend.name, namespace },
    spec: {
      endpoints: [backend._endpoint.fqdn !== undefined ? { fqdn: backend._endpoint.fqdn } : { ip: backend._endpoint.ip }],
      tls: backend.tls ? { wellKnownCaCertificates: 'System', sni: backend._endpoint.fqdn?.hostname } : undefined,
    },
  }), 'envoy-gateway', ENVOY_GATEWAY_RELEASE);
  emitSchemaDefaults(new classes.AiServiceBackend(scope, 'AIServiceBackend', {
    metadata: { name: backend.name, namespace },
    spec: {
      schema: backend.schema._toSpec() as any,
      backendRef: { name: backend.name, kind: 'Backend', group: ENVOY_GATEWAY_GROUP },
    },
  }), 'ai-gateway', AI_GATEWAY_RELEASE);
  if (backend._service !== undefined) {
    declareKnown(scope, { apiVersion: 'v1', kind: 'Service', name: backend._service.name, namespace: backend._service.namespace });
  }
  if (backend.credential !== undefined) {
    attachPolicy(user, kind, backend.credential, namespace, backend.name, version, gatewayApiVersion);
  }
}

/** Adds a backend to the one policy of its credential, creating the policy (or its next part) as needed. */
function attachPolicy(user: IConstruct, kind: string, credential: BackendCredential, namespace: string, target: string,
  version: AiGatewayApiVersion, gatewayApiVersion: GatewayApiVersion): void {
  const chart = Chart.of(user);
  const policies = registry(POLICIES, chart);
  const id = `${namespace}/${credential.policyName}`;
  const key = credential._key(namespace);
  let policy = policies.get(id);
  if (policy !== undefined && (policy.key !== key || policy.version !== version)) {
    throw constructError(user, kind, `BackendSecurityPolicy '${credential.policyName}' in namespace '${namespace}' would hold two ` +
      `different credentials (${policy.credential.credentialType} and ${credential.credentialType}, or other Secrets or settings). ` +
      'Give one of them another policyName.');
  }
  if (policy === undefined) {
    policy = { key, credential, namespace, targets: new Set(), objects: [], version };
    policies.set(id, policy);
    for (const secret of credential._secrets(namespace)) {
      declareKnown(chart, { apiVersion: 'v1', kind: 'Secret', name: secret.name, namespace: secret.namespace });
      grantReference(chart, GrantFrom.custom(AI_GATEWAY_GROUP, 'BackendSecurityPolicy', namespace), secret.namespace,
        GrantTo.secret(secret.name), gatewayApiVersion);
    }
  }
  policy.targets.add(target);
  policy.sorted = undefined;
  const classes = aiGatewayClasses(version);
  const parts = Math.ceil(policy.targets.size / classes.maxTargetsPerPolicy);
  while (policy.objects.length < parts) {
    const index = policy.objects.length + 1;
    const current = policy;
    const object = emitSchemaDefaults(new classes.BackendSecurityPolicy(chart, `BackendSecurityPolicy-${namespace}-${bucketName(credential.policyName, index)}`, {
      metadata: { name: bucketName(credential.policyName, index), namespace },
      spec: Lazy.any({ produce: () => policySpec(current, index, classes.maxTargetsPerPolicy) }),
    }), 'ai-gateway', AI_GATEWAY_RELEASE);
    keepInOrder(chart, object, `2 ${namespace} ${credential.policyName} ${String(index).padStart(6, '0')}`);
    policy.objects.push(object);
  }
}

/** Part `index` of a policy: its credential and its share of the targets, in name order. */
function policySpec(policy: SharedPolicy, index: number, capacity: number): any {
  policy.sorted ??= [...policy.targets].sort(compareStrings);
  const targets = policy.sorted.slice((index - 1) * capacity, index * capacity);
  return {
    ...policy.credential._toSpec(policy.namespace),
    targetRefs: targets.map(name => ({ name, kind: 'AIServiceBackend', group: AI_GATEWAY_GROUP })),
  };
}
