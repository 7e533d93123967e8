import { Duration, Testing, Yaml } from 'cdk8s';
import {
  AiBackend, AiGatewayApiVersion, AiModelRoute, BackendCredential, Gateway, LlmRequestCost,
} from '../../src';
import { chartKnownObjects, chartReleases } from '../../src/validation/targets';

const QWEN = 'Qwen/Qwen3-235B-A22B-Thinking-2507-FP8';

/** The seed's qwen3 / qwen3-nairr / qwen3-combined models, declared once each, through the library. */
function seedChart(apiVersion = AiGatewayApiVersion.V1ALPHA1) {
  const chart = Testing.chart();
  const gateway = Gateway.fromGatewayAttributes(chart, 'nrp-gateway', { gatewayName: 'envoy-ai-gateway-nrp', gatewayNamespace: 'nrp-llm' });
  const nrp = AiBackend.fromFqdn('qwen-vllm-inference.nrp-llm.svc.cluster.local', 5000, {
    name: 'envoy-ai-gateway-nrp-qwen',
    credential: BackendCredential.apiKey({ secretName: 'openai-apikey', policyName: 'envoy-ai-gateway-nrp-apikey' }),
  });
  const sdsc = AiBackend.fromFqdn('qwen3.nairr.sdsc.edu', 443, { name: 'envoy-ai-gateway-sdsc-nairr-qwen3' });
  const timeouts = { request: Duration.seconds(1200) };
  const route = new AiModelRoute(chart, 'qwen', {
    gateway,
    name: 'envoy-ai-gateway-nrp-qwen',
    apiVersion,
    llmRequestCosts: [
      LlmRequestCost.inputToken('llm_input_token'),
      LlmRequestCost.outputToken('llm_output_token'),
      LlmRequestCost.totalToken('llm_total_token'),
    ],
    models: [
      { name: 'qwen3', backends: [{ backend: nrp, modelNameOverride: QWEN }], timeouts, modelsOwnedBy: 'NRP' },
      { name: 'qwen3-nairr', backends: [{ backend: sdsc, modelNameOverride: QWEN }], timeouts, modelsOwnedBy: 'SDSC' },
    ],
  });
  // Added after construction: mutators reach the output too.
  route.addModel({
    name: 'qwen3-combined',
    backends: [{ backend: nrp, modelNameOverride: QWEN }, { backend: sdsc, modelNameOverride: QWEN }],
    timeouts,
    modelsOwnedBy: 'NRP',
  });
  return { chart, route };
}

describe('the seed example (qwen3, qwen3-nairr, qwen3-combined)', () => {
  test('reproduces the AIGatewayRoute of the seed, rule for rule', () => {
    const objects = Testing.synth(seedChart().chart);
    const routes = objects.filter(o => o.kind === 'AIGatewayRoute');
    expect(routes).toHaveLength(1);
    // The seed's rules, with the defaults the API server gives every backendRef written out.
    const stored = { weight: 1, priority: 0 };
    expect(routes[0]).toStrictEqual({
      apiVersion: 'aigateway.envoyproxy.io/v1alpha1',
      kind: 'AIGatewayRoute',
      metadata: { name: 'envoy-ai-gateway-nrp-qwen', namespace: 'nrp-llm', annotations: { 'cdk8s-ai-gateway.dev/model-route': 'envoy-ai-gateway-nrp-qwen' } },
      spec: {
        llmRequestCosts: [
          { metadataKey: 'llm_input_token', type: 'InputToken' },
          { metadataKey: 'llm_output_token', type: 'OutputToken' },
          { metadataKey: 'llm_total_token', type: 'TotalToken' },
        ],
        parentRefs: [{ name: 'envoy-ai-gateway-nrp', namespace: 'nrp-llm', kind: 'Gateway', group: 'gateway.networking.k8s.io' }],
        rules: [
          {
            matches: [{ headers: [{ type: 'Exact', name: 'x-ai-eg-model', value: 'qwen3' }] }],
            backendRefs: [{ name: 'envoy-ai-gateway-nrp-qwen', modelNameOverride: QWEN, ...stored }],
            timeouts: { request: '1200s' },
            modelsOwnedBy: 'NRP',
          },
          {
            matches: [{ headers: [{ type: 'Exact', name: 'x-ai-eg-model', value: 'qwen3-combined' }] }],
            backendRefs: [
              { name: 'envoy-ai-gateway-nrp-qwen', modelNameOverride: QWEN, ...stored },
              { name: 'envoy-ai-gateway-sdsc-nairr-qwen3', modelNameOverride: QWEN, ...stored },
            ],
            timeouts: { request: '1200s' },
            modelsOwnedBy: 'NRP',
          },
          {
            matches: [{ headers: [{ type: 'Exact', name: 'x-ai-eg-model', value: 'qwen3-nairr' }] }],
            backendRefs: [{ name: 'envoy-ai-gateway-sdsc-nairr-qwen3', modelNameOverride: QWEN, ...stored }],
            timeouts: { request: '1200s' },
            modelsOwnedBy: 'SDSC',
          },
        ],
      },
    });
  });

  test('one AIServiceBackend and one Backend per backend, as in the seed', () => {
    const objects = Testing.synth(seedChart().chart);
    expect(objects.find(o => o.kind === 'AIServiceBackend' && o.metadata.name === 'envoy-ai-gateway-nrp-qwen')).toStrictEqual({
      apiVersion: 'aigateway.envoyproxy.io/v1alpha1',
      kind: 'AIServiceBackend',
      metadata: { name: 'envoy-ai-gateway-nrp-qwen', namespace: 'nrp-llm' },
      spec: { schema: { name: 'OpenAI' }, backendRef: { name: 'envoy-ai-gateway-nrp-qwen', kind: 'Backend', group: 'gateway.envoyproxy.io' } },
    });
    expect(objects.find(o => o.kind === 'Backend' && o.metadata.name === 'envoy-ai-gateway-nrp-qwen')).toStrictEqual({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'Backend',
      metadata: { name: 'envoy-ai-gateway-nrp-qwen', namespace: 'nrp-llm' },
      // The type is the schema's default, written out as the API server stores it.
      spec: { type: 'Endpoints', endpoints: [{ fqdn: { hostname: 'qwen-vllm-inference.nrp-llm.svc.cluster.local', port: 5000 } }] },
    });
    // The provider on 443 is reached over TLS, verified with the system CAs.
    expect(objects.find(o => o.kind === 'Backend' && o.metadata.name === 'envoy-ai-gateway-sdsc-nairr-qwen3').spec.tls)
      .toStrictEqual({ wellKnownCACertificates: 'System', sni: 'qwen3.nairr.sdsc.edu', insecureSkipVerify: false });
    expect(objects.filter(o => o.kind === 'AIServiceBackend')).toHaveLength(2);
    expect(objects.filter(o => o.kind === 'Backend')).toHaveLength(2);
  });

  test('the BackendSecurityPolicy of the seed points at the existing Secret, never at a value', () => {
    const { chart } = seedChart();
    const objects = Testing.synth(chart);
    expect(objects.filter(o => o.kind === 'BackendSecurityPolicy')).toStrictEqual([{
      apiVersion: 'aigateway.envoyproxy.io/v1alpha1',
      kind: 'BackendSecurityPolicy',
      metadata: { name: 'envoy-ai-gateway-nrp-apikey', namespace: 'nrp-llm' },
      spec: {
        type: 'APIKey',
        apiKey: { secretRef: { group: '', kind: 'Secret', name: 'openai-apikey', namespace: 'nrp-llm' } },
        targetRefs: [{ name: 'envoy-ai-gateway-nrp-qwen', kind: 'AIServiceBackend', group: 'aigateway.envoyproxy.io' }],
      },
    }]);
    expect(objects.filter(o => o.kind === 'Secret')).toStrictEqual([]);
    expect(chartKnownObjects(chart)).toEqual(expect.arrayContaining([
      { apiVersion: 'v1', kind: 'Secret', name: 'openai-apikey', namespace: 'nrp-llm' },
      expect.objectContaining({ kind: 'Gateway', name: 'envoy-ai-gateway-nrp', namespace: 'nrp-llm' }),
    ]));
  });

  test('records the pinned releases it emits', () => {
    const { chart } = seedChart();
    expect(chartReleases(chart).get('ai-gateway')).toStrictEqual(new Set(['v1.1.0']));
    expect(chartReleases(chart).get('envoy-gateway')).toStrictEqual(new Set(['v1.8.1']));
  });

  test('v1beta1 (the default) differs only in apiVersion', () => {
    const alpha = Testing.synth(seedChart(AiGatewayApiVersion.V1ALPHA1).chart);
    const beta = Testing.synth(seedChart(AiGatewayApiVersion.V1BETA1).chart);
    expect(beta.map(o => o.apiVersion)).toStrictEqual(alpha.map(o => o.apiVersion.replace('aigateway.envoyproxy.io/v1alpha1', 'aigateway.envoyproxy.io/v1beta1')));
    expect(beta.map(({ apiVersion, ...rest }) => rest)).toStrictEqual(alpha.map(({ apiVersion, ...rest }) => rest));
  });

  test('snapshot', () => {
    expect(Yaml.stringify(...Testing.synth(seedChart().chart))).toMatchSnapshot();
  });
});
