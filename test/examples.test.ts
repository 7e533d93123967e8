import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import { addInferenceRollout } from '../examples/inference';
import { buildExampleApp, NvcfPlatformChart } from '../examples/nvcf-platform';
import { GatewayApiVersion } from '../src';

describe('example app', () => {
  test('synthesizes one YAML file per chart', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
    try {
      buildExampleApp(outdir).synth();
      expect(fs.readdirSync(outdir).sort()).toStrictEqual([
        'ai-models.apply.sh',
        'ai-models.k8s.yaml',
        'inference-rollout.k8s.yaml',
        'nvcf-platform-gateway-api-v1-6.k8s.yaml',
        'nvcf-platform.k8s.yaml',
        'platform-tls.k8s.yaml',
      ]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('the NVCF platform: gateway, redirect, every route over HTTPS, and one narrow grant per referring kind and namespace', () => {
    const objects = Testing.synth(new NvcfPlatformChart(Testing.app(), 'nvcf-platform'));

    expect(objects.map(o => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toStrictEqual([
      'Namespace /envoy-gateway',
      'Namespace /api-keys',
      'Namespace /nvcf',
      'GatewayClass /eg',
      'Gateway envoy-gateway/nvcf-gateway',
      'HTTPRoute envoy-gateway/nvcf-gateway-https-redirect',
      'ReferenceGrant api-keys/allow-httproutes-from-envoy-gateway',
      'HTTPRoute envoy-gateway/api-keys',
      'HTTPRoute envoy-gateway/nvcf-api',
      'HTTPRoute envoy-gateway/invocation',
      'HTTPRoute envoy-gateway/llm-invocation',
      'TCPRoute envoy-gateway/grpc',
      'ReferenceGrant cert-manager/allow-gateways-from-envoy-gateway',
      'ReferenceGrant nvcf/allow-httproutes-from-envoy-gateway',
      'ReferenceGrant nvcf/allow-tcproutes-from-envoy-gateway',
    ]);
    const gateway = objects.find(o => o.kind === 'Gateway');
    expect(gateway.spec.listeners.map((l: any) => `${l.name}:${l.protocol}:${l.port}`)).toStrictEqual(['http:HTTP:80', 'tcp:TCP:10081', 'https:HTTPS:443']);
    for (const grant of objects.filter(o => o.kind === 'ReferenceGrant')) {
      expect(grant.apiVersion).toBe('gateway.networking.k8s.io/v1beta1');
      expect(grant.spec.from).toHaveLength(1);
      expect(grant.spec.from[0].namespace).toBe('envoy-gateway');
      for (const to of grant.spec.to) {
        expect(to).toStrictEqual({ group: '', kind: expect.stringMatching(/^(Service|Secret)$/), name: expect.any(String) });
      }
    }
    const grpc = objects.find(o => o.metadata.name === 'allow-tcproutes-from-envoy-gateway');
    expect(grpc.spec.from[0].kind).toBe('TCPRoute');
    expect(grpc.spec.to.map((t: any) => t.name)).toStrictEqual(['grpc-proxy']);
    expect(objects.find(o => o.kind === 'TCPRoute').apiVersion).toBe('gateway.networking.k8s.io/v1alpha2');
  });

  test('the v1.6 chart differs only in the apiVersions of TCPRoute and ReferenceGrant', () => {
    const v12 = Testing.synth(new NvcfPlatformChart(Testing.app(), 'nvcf-platform'));
    const v16 = Testing.synth(new NvcfPlatformChart(Testing.app(), 'nvcf-platform', { gatewayApiVersion: GatewayApiVersion.V1_6 }));

    expect(v16.map(o => o.apiVersion)).toStrictEqual(v12.map(o => o.apiVersion.replace(/\/v1(alpha2|beta1)$/, '/v1')));
    expect(v12.filter(o => o.apiVersion !== v16[v12.indexOf(o)].apiVersion).map(o => `${o.kind} ${o.apiVersion}`)).toStrictEqual([
      'ReferenceGrant gateway.networking.k8s.io/v1beta1',
      'TCPRoute gateway.networking.k8s.io/v1alpha2',
      'ReferenceGrant gateway.networking.k8s.io/v1beta1',
      'ReferenceGrant gateway.networking.k8s.io/v1beta1',
      'ReferenceGrant gateway.networking.k8s.io/v1beta1',
    ]);
    expect(v16.map(({ apiVersion, ...rest }) => rest)).toStrictEqual(v12.map(({ apiVersion, ...rest }) => rest));
  });

  test('the inference rollout sends 90 % to the current model version and 10 % to the new one', () => {
    const objects = Testing.synth(addInferenceRollout(Testing.app()));
    const pools = objects.filter(o => o.kind === 'InferencePool');
    expect(pools.map(p => `${p.metadata.namespace}/${p.metadata.name} -> ${p.spec.endpointPickerRef.name}`)).toStrictEqual([
      'llm/llama-3-8b-v1 -> llama-3-8b-v1-epp',
      'llm/llama-3-8b-v2 -> llama-3-8b-v2-epp',
    ]);
    const route = objects.find(o => o.kind === 'HTTPRoute');
    expect(route.metadata.namespace).toBe('envoy-gateway');
    expect(route.spec.rules[0].backendRefs.map((b: any) => `${b.namespace}/${b.name}=${b.weight}`)).toStrictEqual([
      'llm/llama-3-8b-v1=90',
      'llm/llama-3-8b-v2=10',
    ]);
    const grant = objects.find(o => o.kind === 'ReferenceGrant');
    expect(grant.metadata.namespace).toBe('llm');
    expect(grant.spec.to.map((t: any) => t.name)).toStrictEqual(['llama-3-8b-v1', 'llama-3-8b-v2']);
    expect(objects.filter(o => o.kind === 'Deployment').map(d => d.metadata.name)).toStrictEqual(['llama-3-8b-v1-epp', 'llama-3-8b-v2-epp']);
  });

  test('the model catalog routes each model once, behind one gateway, every object in one ApplySet', () => {
    const app = buildExampleApp(path.join(os.tmpdir(), 'unused'));
    const objects = Testing.synth(app.charts.find(chart => chart.node.id === 'ai-models')!);
    const models = objects.filter(o => o.kind === 'AIGatewayRoute')
      .flatMap(r => r.spec.rules.map((rule: any) => rule.matches[0].headers[0].value));
    expect(models.sort()).toStrictEqual(['claude-sonnet', 'gemma3', 'qwen3', 'qwen3-combined', 'qwen3-ha', 'qwen3-nairr']);
    expect(objects.filter(o => o.kind === 'Gateway').map(o => o.metadata.name)).toStrictEqual(['envoy-ai-gateway-nrp']);
    expect(new Set(objects.map(o => o.metadata.labels?.['applyset.kubernetes.io/part-of'])).size).toBe(1);
    expect(objects.find(o => o.metadata.name === 'envoy-ai-gateway-nrp-apikey').spec.targetRefs.map((t: any) => t.name))
      .toStrictEqual(['envoy-ai-gateway-nrp-gemma', 'envoy-ai-gateway-nrp-qwen']);
  });

  test('snapshot of the whole example app', () => {
    const app = buildExampleApp(path.join(os.tmpdir(), 'unused'));
    const manifests = Object.fromEntries(app.charts.map(chart => [chart.node.id, Yaml.stringify(...Testing.synth(chart))]));
    expect(manifests).toMatchSnapshot();
  });
});
