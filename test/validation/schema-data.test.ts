import * as fs from 'fs';
import * as path from 'path';
import { isCelRule } from '../../src/validation/report';
import { compileCel } from '../../src/validation/schema/cel';

/**
 * schemas/ is generated (npx projen schemas); CI re-runs the task and fails on any difference. These tests
 * check that what is committed is complete and consistent.
 */
const DIR = path.join(__dirname, '..', '..', 'schemas');
const index = JSON.parse(fs.readFileSync(path.join(DIR, 'index.json'), 'utf8'));

describe('schemas/', () => {
  test('holds every pinned release, and nothing else', () => {
    expect(index.releases.map((r: any) => r.id)).toStrictEqual([
      'ai-gateway-v0.5.0',
      'ai-gateway-v1.1.0',
      'cert-manager-v1.21.1',
      'envoy-gateway-v1.8.1',
      'gateway-api-v1.2.0-experimental',
      'gateway-api-v1.6.1-experimental',
      'gateway-api-v1.6.1-standard',
      'inference-extension-v1.6.0',
      'kubernetes-v1.36.3',
    ]);
    expect(fs.readdirSync(DIR).sort()).toStrictEqual(['index.json', ...index.releases.map((r: any) => r.file)].sort());
  });

  test.each(index.releases.map((r: any) => [r.id, r]))('%s: the index lists exactly the served versions the file holds, each with its schema', (_, entry: any) => {
    const data = JSON.parse(fs.readFileSync(path.join(DIR, entry.file), 'utf8'));
    const served = data.kinds.flatMap((k: any) => k.versions.map((v: any) => `${k.group}/${v.name}/${k.kind}`)).sort();
    expect(entry.served).toStrictEqual(served);
    for (const k of data.kinds) {
      // Built-in kinds name a shared OpenAPI definition, CRD kinds a schema of the file.
      for (const v of k.versions) expect((entry.builtIn ? data.definitions : data.schemas)[v.schema]?.type).toBe('object');
    }
    for (const file of data.crdFiles ?? data.openapiFiles) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('kubernetes-v1.36.3: every $ref names a definition of the file, each stored once', () => {
    const text = fs.readFileSync(path.join(DIR, 'kubernetes-v1.36.3.json'), 'utf8');
    const data = JSON.parse(text);
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map(m => m[1]);
    expect(refs.length).toBeGreaterThan(500);
    expect(refs.filter(r => data.definitions[r] === undefined)).toStrictEqual([]);
    // ObjectMeta is referenced by every kind, and stored once.
    expect(refs.filter(r => r === 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta').length).toBeGreaterThan(60);
    expect(text.match(/"io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta":\{/g)).toHaveLength(1);
    expect(text).not.toContain('"description":"');
    expect(text).not.toContain('"allOf":[');
    expect(data.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toStrictEqual({ 'x-kubernetes-int-or-string': true });
    expect(data.definitions['io.k8s.apimachinery.pkg.api.resource.Quantity']).toStrictEqual({ format: 'quantity' });
  });

  test('kubernetes-v1.36.3: scopes come from the create paths', () => {
    const entry = index.releases.find((r: any) => r.id === 'kubernetes-v1.36.3');
    expect(entry.scopes).toMatchObject({
      '/ConfigMap': 'Namespaced',
      '/Namespace': 'Cluster',
      '/PersistentVolume': 'Cluster',
      'apps/Deployment': 'Namespaced',
      'rbac.authorization.k8s.io/ClusterRole': 'Cluster',
      'rbac.authorization.k8s.io/Role': 'Namespaced',
      'policy/PodDisruptionBudget': 'Namespaced',
      'storage.k8s.io/StorageClass': 'Cluster',
      'networking.k8s.io/IngressClass': 'Cluster',
    });
    expect(entry.served).toEqual(expect.arrayContaining(['/v1/Service', 'apps/v1/Deployment', 'autoscaling/v1/HorizontalPodAutoscaler',
      'autoscaling/v2/HorizontalPodAutoscaler', 'batch/v1/CronJob', 'networking.k8s.io/v1/Ingress']));
    // Lists, options and WatchEvents are not created by clients.
    expect(entry.served.filter((s: string) => /List$|Options$|WatchEvent$|\/Status$/.test(s))).toStrictEqual([]);
  });

  test('covers the kinds and versions the library emits', () => {
    const served = index.releases.flatMap((r: any) => r.served.map((s: string) => `${r.id} ${s}`));
    expect(served).toEqual(expect.arrayContaining([
      'gateway-api-v1.2.0-experimental gateway.networking.k8s.io/v1alpha2/TCPRoute',
      'gateway-api-v1.2.0-experimental gateway.networking.k8s.io/v1beta1/ReferenceGrant',
      'gateway-api-v1.6.1-experimental gateway.networking.k8s.io/v1/TCPRoute',
      'gateway-api-v1.6.1-experimental gateway.networking.k8s.io/v1/ReferenceGrant',
      'gateway-api-v1.6.1-experimental gateway.networking.k8s.io/v1/BackendTLSPolicy',
      'envoy-gateway-v1.8.1 gateway.envoyproxy.io/v1alpha1/Backend',
      'ai-gateway-v1.1.0 aigateway.envoyproxy.io/v1alpha1/AIGatewayRoute',
      'ai-gateway-v1.1.0 aigateway.envoyproxy.io/v1beta1/AIGatewayRoute',
      'cert-manager-v1.21.1 cert-manager.io/v1/Certificate',
      'inference-extension-v1.6.0 inference.networking.k8s.io/v1/InferencePool',
    ]));
  });

  test('carries no documentation text (the validator never reads it)', () => {
    const text = fs.readFileSync(path.join(DIR, 'gateway-api-v1.6.1-experimental.json'), 'utf8');
    expect(text).not.toContain('"description":"');
  });
});

describe('the CEL rules of the pinned CRDs', () => {
  const rules = new Set<string>();
  const collect = (node: any): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(collect);
    for (const [key, value] of Object.entries<any>(node)) {
      if (key === 'x-kubernetes-validations') value.forEach((r: any) => rules.add(r.rule));
      else if (key !== 'default' && key !== 'enum') collect(value);
    }
  };
  for (const entry of index.releases) collect(JSON.parse(fs.readFileSync(path.join(DIR, entry.file), 'utf8')).schemas);

  test('every rule compiles, and only the format library is missing from the engine', () => {
    expect(rules.size).toBeGreaterThan(250);
    const missing = new Map<string, string[]>();
    for (const rule of rules) {
      const program = compileCel(rule);
      expect(program.evaluate(undefined).unevaluable ?? '').not.toMatch(/cannot be compiled/);
      if (program.missingFunctions.length > 0) missing.set(rule, program.missingFunctions);
    }
    // XBackend (gateway.networking.x-k8s.io, experimental): reported as unevaluable when it runs.
    expect([...missing]).toStrictEqual([['size(self) == 0 || format.dns1123Label().validate(self) == null', ['dns1123Label', 'validate']]]);
  });

  test('no rule is a single word, which a finding reads as the keyword of a schema check (isCelRule)', () => {
    expect([...rules].filter(rule => !isCelRule(rule))).toStrictEqual([]);
    expect(['minimum', 'unknown-field', 'x-kubernetes-list-type', 'config-key'].filter(isCelRule)).toStrictEqual([]);
  });
});
