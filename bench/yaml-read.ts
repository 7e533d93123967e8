/**
 * Reading speed of manifest YAML (`npx ts-node --transpile-only --project bench/tsconfig.json bench/yaml-read.ts [N]`):
 * N typical objects (HTTPRoutes, AIGatewayRoutes, Services, Deployments; default 21000, about 5 MB) written as cdk8s
 * writes them, read by kubectl's rules (src/validation/kube-yaml.ts) and, for comparison, by the `yaml` package.
 */
import * as YAML from 'yaml';
import { readKubeDocuments } from '../src/validation/kube-yaml';

/** The i-th object of the corpus. */
export function corpusObject(i: number): any {
  const ns = `team-${i % 40}`;
  const name = `model-${i}`;
  const labels = { app: name };
  switch (i % 4) {
    case 0:
      return {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name, namespace: ns, labels },
        spec: {
          parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'ai-gateway', namespace: 'gateways', sectionName: 'https' }],
          hostnames: [`${name}.bench.example.com`],
          rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/v1' } }], backendRefs: [{ name, port: 8080, weight: 1 }] }],
        },
      };
    case 1:
      return {
        apiVersion: 'aigateway.envoyproxy.io/v1beta1',
        kind: 'AIGatewayRoute',
        metadata: { name, namespace: ns, labels },
        spec: {
          parentRefs: [{ name: 'ai-gateway', kind: 'Gateway', group: 'gateway.networking.k8s.io' }],
          rules: [{
            matches: [{ headers: [{ type: 'Exact', name: 'x-ai-eg-model', value: `org/${name}` }] }],
            backendRefs: [{ name: `${name}-a`, weight: 90, priority: 0 }, { name: `${name}-b`, weight: 10, priority: 1 }],
            modelsOwnedBy: 'Envoy AI Gateway',
          }],
        },
      };
    case 2:
      return {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: ns, labels },
        spec: { type: 'ClusterIP', selector: { app: name }, ports: [{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }] },
      };
    default:
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: ns, labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: {
              containers: [{
                name: 'server',
                image: 'registry.example.com/server:1.2',
                ports: [{ containerPort: 8080, name: 'http' }],
                resources: { limits: { 'nvidia.com/gpu': '1' } },
              }],
            },
          },
        },
      };
  }
}

/** The corpus text: N objects, one YAML document each. */
export function corpusText(n: number): string {
  return Array.from({ length: n }, (_, i) => YAML.stringify(corpusObject(i), { lineWidth: 0 })).join('---\n');
}

function time<T>(f: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t0) / 1e6];
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? 21000);
  const text = corpusText(n);
  console.log(`corpus: ${n} objects, ${(text.length / 1e6).toFixed(1)} MB`);
  for (let round = 0; round < 3; round++) {
    const [docs, ms] = time(() => readKubeDocuments(text));
    const [, yms] = time(() => YAML.parseAllDocuments(text).map(d => d.toJS({ maxAliasCount: 1000 })));
    console.log(`round ${round + 1}: kube-yaml ${docs.length} documents in ${ms.toFixed(0)} ms; yaml package ${yms.toFixed(0)} ms`);
  }
}
