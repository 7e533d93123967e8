/**
 * Benchmark of the route map over a 1,000-model chart:
 * `npx ts-node --project scripts/tsconfig.json bench/graph.ts [models] [backends]` (default 1,000 models over 50 backends).
 *
 * The chart: one AiGateway (HTTP and HTTPS), one AiModelRoute with every model (split over as many
 * AIGatewayRoute objects as the CRD's rule limit needs), each model on one or two AiBackends (every tenth with
 * a priority-1 fallback), each backend a Service with an API key. Measures the synthesis, then each format of
 * `RouteMap.render()` (which runs the validator's schema and attachment analysis), and checks that two
 * renderings are byte-identical. Prints one line per step, a `route map figure:` line, and last the figures as one
 * JSON line (read by the `route map` section of bench/run.ts).
 */
import { App, Chart } from 'cdk8s';
import { AiBackend, AiGateway, AiModelRoute, BackendCredential, BackendService, RouteMap, RouteMapFormat, TlsCertificate } from '../src';

const models = Number(process.argv[2] ?? 1000);
const backendCount = Number(process.argv[3] ?? 50);

function time<T>(label: string, f: () => T): { result: T; ms: number } {
  const start = process.hrtime.bigint();
  const result = f();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${label}: ${ms.toFixed(0)} ms`);
  return { result, ms };
}

const manifests = time(`synth: ${models} models over ${backendCount} backends`, () => {
  const app = new App();
  const chart = new Chart(app, 'fleet', { disableResourceNameHashes: true });
  const gateway = new AiGateway(chart, 'gateway', {
    name: 'fleet',
    namespace: 'llm',
    https: {
      certificate: TlsCertificate.fromTlsCertificateAttributes(chart, 'Tls', { secretName: 'fleet-tls', secretNamespace: 'llm', dnsNames: ['api.fleet.example.com'] }),
      hostname: 'api.fleet.example.com',
    },
  });
  const key = BackendCredential.apiKey({ secretName: 'fleet-apikey', policyName: 'fleet-apikey' });
  const backends = Array.from({ length: backendCount }, (_, b) =>
    AiBackend.fromService(BackendService.fromName(`vllm-${b}`, 'llm', 8000), { name: `pool-${b}`, credential: key }));
  const route = new AiModelRoute(chart, 'models', { gateway, name: 'fleet-models' });
  for (let m = 0; m < models; m++) {
    const primary = { backend: backends[m % backendCount] };
    route.addModel({
      name: `model-${m}`,
      backends: m % 10 === 0 ? [primary, { backend: backends[(m + 1) % backendCount], priority: 1 }] : [primary],
    });
  }
  return chart.toJson();
}).result;
console.log(`objects: ${manifests.length} (${manifests.filter((o: any) => o.kind === 'AIGatewayRoute').length} AIGatewayRoutes)`);

const figures: string[] = [];
const json: { [key: string]: number } = { models, backends: backendCount, objects: manifests.length };
for (const format of [RouteMapFormat.DOT, RouteMapFormat.MERMAID, RouteMapFormat.SVG, RouteMapFormat.HTML]) {
  const first = time(`RouteMap.render ${format}`, () => RouteMap.render(manifests, { format }));
  const second = RouteMap.render(manifests, { format });
  if (first.result !== second) throw new Error(`${format}: two renderings of the same input differ`);
  console.log(`  ${format}: ${(first.result.length / 1024).toFixed(0)} KiB, byte-identical on a second rendering`);
  figures.push(`${format} ${(first.ms / 1000).toFixed(1)} s`);
  json[`${format}Ms`] = first.ms;
}
console.log(`route map figure: ${models} models, ${manifests.length} objects: ${figures.join(', ')}`);
console.log(JSON.stringify(json));
