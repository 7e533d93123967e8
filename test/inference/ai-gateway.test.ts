import { Testing } from 'cdk8s';
import { GatewayApiVersion, InferencePool, PoolSelector } from '../../src';
import { aiGatewayPoolBackendRef, checkAiGatewayRulePools } from '../../src/inference/ai-gateway';

describe('InferencePool as an AIGatewayRoute rule target', () => {
  test('a pool of this app and an existing pool work as IInferencePool; other namespaces get a narrow grant', () => {
    const chart = Testing.chart();
    const pool = new InferencePool(chart, 'pool', { name: 'llama', namespace: 'llm', selector: PoolSelector.matchLabels({ app: 'llama' }) });
    const existing = InferencePool.fromPoolName(chart, 'existing', 'mistral', 'envoy-ai-gateway');

    expect(aiGatewayPoolBackendRef(chart, 'envoy-ai-gateway', pool, GatewayApiVersion.V1_2)).toStrictEqual({
      group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'llama', namespace: 'llm',
    });
    expect(aiGatewayPoolBackendRef(chart, 'envoy-ai-gateway', existing, GatewayApiVersion.V1_2)).toStrictEqual({
      group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'mistral', namespace: undefined,
    });
    const grants = Testing.synth(chart).filter(o => o.kind === 'ReferenceGrant');
    expect(grants.map(g => [g.metadata.namespace, g.metadata.name, g.spec])).toStrictEqual([[
      'llm', 'allow-aigatewayroutes-from-envoy-ai-gateway', {
        from: [{ group: 'aigateway.envoyproxy.io', kind: 'AIGatewayRoute', namespace: 'envoy-ai-gateway' }],
        to: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'llama' }],
      },
    ]]);
  });

  test('one pool per rule, not mixed with AIServiceBackends', () => {
    const chart = Testing.chart();
    const a = InferencePool.fromPoolName(chart, 'a', 'llama-v1', 'llm');
    const b = InferencePool.fromPoolName(chart, 'b', 'llama-v2', 'llm');
    expect(checkAiGatewayRulePools("rule 'llama'", [a], 0)).toBeUndefined();
    expect(checkAiGatewayRulePools("rule 'llama'", [], 3)).toBeUndefined();
    expect(checkAiGatewayRulePools("rule 'llama'", [a, b], 0)).toBe(
      "rule 'llama' refers to 2 InferencePools ('llm/llama-v1', 'llm/llama-v2'); an AIGatewayRoute rule takes exactly one, " +
      'whose endpoint picker chooses the model server. Give each pool its own rule (or model), or split traffic between ' +
      'pools with an InferenceRoute.');
    expect(checkAiGatewayRulePools("rule 'llama'", [a], 1)).toBe(
      "rule 'llama' mixes InferencePool 'llm/llama-v1' with 1 AIServiceBackend(s); an AIGatewayRoute rule refers to either " +
      'one InferencePool or AIServiceBackends. Put them in separate rules.');
  });
});
