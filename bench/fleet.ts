/**
 * The benchmark fleet: N models, each on two backends, every backend authenticated with one shared API key
 * (one BackendSecurityPolicy, split in parts of 16 targets), routed by an Envoy AI Gateway that serves the
 * platform's wildcard certificate, beside an NVCF gateway with the NVCF route set.
 *
 * Three builders of the same objects:
 * - `buildOurs`: this library's constructs (WildcardTls, NvcfGateway, NvcfPlatformRoutes, AiGateway, AiModelRoute);
 * - `buildImports`: baseline (a), a plain cdk8s Chart of the generated `imports/` classes, no construct of ours;
 * - `buildPlain`: baseline (b), plain JavaScript objects, serialized with the YAML library cdk8s uses.
 *
 * The platform part that does not grow with N (gateways, NVCF routes, certificate issuers: `fleet-platform.ts`)
 * is the same literal in (a) and (b); what grows with N is written out by hand in each baseline, with the schema
 * defaults our constructs write out (a backendRef's weight and priority, a rule's modelsOwnedBy, a Backend's type,
 * a Secret reference's group and kind).
 * `test/bench/fleet.test.ts` checks that the three give the same objects.
 */
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { PLATFORM_OBJECTS } from './fleet-platform';
import * as aigw from '../imports/ai-gateway-v1.1.0/aigateway.envoyproxy.io-v1beta1';
import {
  Backend, BackendSpecType,
} from '../imports/envoy-gateway-v1.8.1/gateway.envoyproxy.io-v1alpha1';
import {
  AiBackend, AiGateway, AiModelRoute, BackendCredential, HttpsTermination, NvcfGateway, NvcfPlatformRoutes,
  PlatformDomain, SynthValidation, TlsMode, WildcardTls,
} from '../src';

/** The base domain of the fleet's platform. */
export const BASE_DOMAIN = 'bench.example.com';
/** Namespace of the AI gateway, its routes, backends and policy. */
export const AI_NAMESPACE = 'ai-gateway';
const AI_GATEWAY = 'ai-gateway';
const ROUTE = 'fleet';
const POLICY = 'fleet-apikey';
const SECRET = 'fleet-apikey';
const RULES_PER_ROUTE = 15;
const TARGETS_PER_POLICY = 16;

/** The public name of model i: zero-padded, so that name order is number order. */
export function modelName(i: number): string {
  return `model-${String(i).padStart(5, '0')}`;
}

function backendNames(i: number): string[] {
  return [`${modelName(i)}-a`, `${modelName(i)}-b`];
}

function backendHost(backend: string): string {
  return `${backend}.models.${BASE_DOMAIN}`;
}

/** Options of the builders. */
export interface FleetOptions {
  /** Number of models. */
  readonly models: number;
  /** Whether our charts run the synth-time validation (the default of the library). Ours only. */
  readonly synthValidation?: boolean;
}

/** The fleet with this library's constructs. Returns the app; `app.synthYaml()` renders it. */
export function buildOurs(options: FleetOptions): App {
  const app = new App();
  if (!(options.synthValidation ?? false)) SynthValidation.disable(app);
  const chart = new Chart(app, 'fleet', { disableResourceNameHashes: true });
  const domain = new PlatformDomain(chart, 'domain', { baseDomain: BASE_DOMAIN });
  const tls = new WildcardTls(chart, 'tls', { domain, namespace: 'envoy-gateway', mode: TlsMode.selfSigned() });
  const nvcf = new NvcfGateway(chart, 'nvcf', {
    domain: BASE_DOMAIN,
    https: HttpsTermination.atGateway({ certificate: tls }),
  });
  new NvcfPlatformRoutes(chart, 'routes', { gateway: nvcf });

  const gateway = new AiGateway(chart, 'ai', {
    name: AI_GATEWAY, namespace: AI_NAMESPACE, https: { certificate: tls, hostname: domain.hostFor('mcp') },
  });
  const route = new AiModelRoute(chart, 'models', { gateway, name: ROUTE });
  const credential = BackendCredential.apiKey({ secretName: SECRET, policyName: POLICY });
  for (let i = 0; i < options.models; i++) {
    route.addModel({
      name: modelName(i),
      backends: backendNames(i).map(name => ({ backend: AiBackend.fromFqdn(backendHost(name), 8000, { name, credential }) })),
    });
  }
  return app;
}

/** The manifests of the objects that grow with N, as plain objects (what baseline (b) serializes). */
function fleetObjects(models: number): any[] {
  const objects: any[] = [];
  const groupVersion = 'aigateway.envoyproxy.io/v1beta1';
  const backends: string[] = [];
  for (let i = 0; i < models; i++) {
    for (const name of backendNames(i)) {
      backends.push(name);
      objects.push({
        apiVersion: 'gateway.envoyproxy.io/v1alpha1',
        kind: 'Backend',
        metadata: { name, namespace: AI_NAMESPACE },
        spec: { endpoints: [{ fqdn: { hostname: backendHost(name), port: 8000 } }], type: 'Endpoints' },
      });
      objects.push({
        apiVersion: groupVersion,
        kind: 'AIServiceBackend',
        metadata: { name, namespace: AI_NAMESPACE },
        spec: { backendRef: { group: 'gateway.envoyproxy.io', kind: 'Backend', name }, schema: { name: 'OpenAI' } },
      });
    }
  }
  for (let start = 0, part = 1; start < models; start += RULES_PER_ROUTE, part++) {
    const rules: any[] = [];
    for (let i = start; i < Math.min(models, start + RULES_PER_ROUTE); i++) {
      rules.push({
        backendRefs: backendNames(i).map(name => ({ name, priority: 0, weight: 1 })),
        matches: [{ headers: [{ name: 'x-ai-eg-model', type: 'Exact', value: modelName(i) }] }],
        modelsOwnedBy: 'Envoy AI Gateway',
      });
    }
    objects.push({
      apiVersion: groupVersion,
      kind: 'AIGatewayRoute',
      metadata: { name: part === 1 ? ROUTE : `${ROUTE}-${part}`, namespace: AI_NAMESPACE, annotations: { 'cdk8s-ai-gateway.dev/model-route': ROUTE } },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: AI_GATEWAY, namespace: AI_NAMESPACE }],
        rules,
      },
    });
  }
  backends.sort();
  for (let start = 0, part = 1; start < backends.length; start += TARGETS_PER_POLICY, part++) {
    objects.push({
      apiVersion: groupVersion,
      kind: 'BackendSecurityPolicy',
      metadata: { name: part === 1 ? POLICY : `${POLICY}-${part}`, namespace: AI_NAMESPACE },
      spec: {
        apiKey: { secretRef: { group: '', kind: 'Secret', name: SECRET, namespace: AI_NAMESPACE } },
        targetRefs: backends.slice(start, start + TARGETS_PER_POLICY)
          .map(name => ({ group: 'aigateway.envoyproxy.io', kind: 'AIServiceBackend', name })),
        type: 'APIKey',
      },
    });
  }
  return objects;
}

/** The platform part that does not grow with N, a fresh copy. */
function platform(): any[] {
  return JSON.parse(JSON.stringify(PLATFORM_OBJECTS));
}

/** Baseline (b): the same objects as plain JavaScript objects. `plainYaml()` renders them. */
export function buildPlain(options: FleetOptions): any[] {
  return [...platform(), ...fleetObjects(options.models)];
}

/** Baseline (b) to YAML, with the YAML library and settings cdk8s uses (`Yaml.stringify`). */
export function plainYaml(objects: any[]): string {
  return Yaml.stringify(...objects);
}

/**
 * Baseline (a): a plain cdk8s Chart of the generated classes (what a user writes without our constructs).
 * The platform part, being the same literal, goes in as ApiObjects; what grows with N is built here.
 */
export function buildImports(options: FleetOptions): App {
  const app = new App();
  const chart = new Chart(app, 'fleet', { disableResourceNameHashes: true });
  for (const object of platform()) {
    new ApiObject(chart, `${object.kind}-${object.metadata.namespace ?? ''}-${object.metadata.name}`, object);
  }
  const models = options.models;
  const backends: string[] = [];
  for (let i = 0; i < models; i++) {
    for (const name of backendNames(i)) {
      backends.push(name);
      new Backend(chart, `Backend-${name}`, {
        metadata: { name, namespace: AI_NAMESPACE },
        spec: { endpoints: [{ fqdn: { hostname: backendHost(name), port: 8000 } }], type: BackendSpecType.ENDPOINTS },
      });
      new aigw.AiServiceBackend(chart, `AIServiceBackend-${name}`, {
        metadata: { name, namespace: AI_NAMESPACE },
        spec: {
          backendRef: { group: 'gateway.envoyproxy.io', kind: 'Backend', name },
          schema: { name: aigw.AiServiceBackendSpecSchemaName.OPEN_AI },
        },
      });
    }
  }
  for (let start = 0, part = 1; start < models; start += RULES_PER_ROUTE, part++) {
    const rules: aigw.AiGatewayRouteSpecRules[] = [];
    for (let i = start; i < Math.min(models, start + RULES_PER_ROUTE); i++) {
      rules.push({
        backendRefs: backendNames(i).map(name => ({ name, priority: 0, weight: 1 })),
        matches: [{ headers: [{ name: 'x-ai-eg-model', type: aigw.AiGatewayRouteSpecRulesMatchesHeadersType.EXACT, value: modelName(i) }] }],
        modelsOwnedBy: 'Envoy AI Gateway',
      });
    }
    const name = part === 1 ? ROUTE : `${ROUTE}-${part}`;
    new aigw.AiGatewayRoute(chart, `AIGatewayRoute-${name}`, {
      metadata: { name, namespace: AI_NAMESPACE, annotations: { 'cdk8s-ai-gateway.dev/model-route': ROUTE } },
      spec: { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: AI_GATEWAY, namespace: AI_NAMESPACE }], rules },
    });
  }
  backends.sort();
  for (let start = 0, part = 1; start < backends.length; start += TARGETS_PER_POLICY, part++) {
    const name = part === 1 ? POLICY : `${POLICY}-${part}`;
    new aigw.BackendSecurityPolicy(chart, `BackendSecurityPolicy-${name}`, {
      metadata: { name, namespace: AI_NAMESPACE },
      spec: {
        apiKey: { secretRef: { group: '', kind: 'Secret', name: SECRET, namespace: AI_NAMESPACE } },
        targetRefs: backends.slice(start, start + TARGETS_PER_POLICY)
          .map(target => ({ group: 'aigateway.envoyproxy.io', kind: 'AIServiceBackend', name: target })),
        type: aigw.BackendSecurityPolicySpecType.API_KEY,
      },
    });
  }
  return app;
}

/** The kinds that grow with N; every other object of our fleet is the platform part. */
export const FLEET_KINDS = ['Backend', 'AIServiceBackend', 'AIGatewayRoute', 'BackendSecurityPolicy'];

/** Sorts manifests by apiVersion, kind, namespace and name, for comparison. */
export function sortManifests(objects: any[]): any[] {
  const key = (o: any) => `${o.apiVersion}\0${o.kind}\0${o.metadata?.namespace ?? ''}\0${o.metadata?.name}`;
  return [...objects].sort((a, b) => key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}
