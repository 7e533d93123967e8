import { Testing } from 'cdk8s';
import { AiBackend, AiGateway, AiModelRoute, ManifestValidator, PlatformDomain } from '../../src';
import { chartKnownObjects, chartReleases } from '../../src/validation/targets';

/** A chart with a platform domain, an AI gateway `ai/llm` and its route `models` serving one model, `qwen3`. */
export function app() {
  const chart = Testing.chart();
  const domain = new PlatformDomain(chart, 'domain', { baseDomain: 'ai.corp.example' });
  const gateway = new AiGateway(chart, 'gateway', { name: 'llm', namespace: 'ai' });
  const route = new AiModelRoute(chart, 'models', { gateway, name: 'models' });
  route.addModel({ name: 'qwen3', backends: [{ backend: AiBackend.fromFqdn('qwen.ai.svc.cluster.local', 8000, { name: 'qwen' }) }] });
  return { chart, domain, gateway, route };
}

/** The chart's objects validated as `validate --strict` would, with the chart's own known objects. */
export function validated(chart: ReturnType<typeof Testing.chart>) {
  const objects = Testing.synth(chart);
  const releases = Object.fromEntries([...chartReleases(chart)].map(([project, set]) => [project, [...set][0]]));
  const report = ManifestValidator.validate(objects, { strict: true, knownObjects: chartKnownObjects(chart), releases });
  return { objects, report };
}
