import { ManifestValidator } from '../../src';

const route = (costs: string[]) => ({
  apiVersion: 'aigateway.envoyproxy.io/v1beta1',
  kind: 'AIGatewayRoute',
  metadata: { name: 'models', namespace: 'ai' },
  spec: { parentRefs: [{ name: 'llm' }], llmRequestCosts: costs.map(k => ({ metadataKey: k, type: 'TotalToken' })), rules: [] },
});
const policy = (cost: any) => ({
  apiVersion: 'gateway.envoyproxy.io/v1alpha1',
  kind: 'BackendTrafficPolicy',
  metadata: { name: 'budget', namespace: 'ai' },
  spec: {
    targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'models' }],
    rateLimit: { global: { rules: [{ limit: { requests: 1000, unit: 'Hour' }, cost }] } },
  },
});
const tokens = (key: string) => ({ from: 'Metadata', metadata: { namespace: 'io.envoy.ai_gateway', key } });
const warningsOf = (objects: any[]) => ManifestValidator.validate(objects).objects.find(o => o.kind === 'BackendTrafficPolicy')!.warnings
  .filter(w => w.rule?.startsWith('token-budget')).map(w => [w.path, w.rule]);

describe('token budgets written by hand: the traps a cluster accepts', () => {
  test('request cost 0 and a key the route records: nothing to say', () => {
    expect(warningsOf([route(['llm_total_token']), policy({ request: { from: 'Number', number: 0 }, response: tokens('llm_total_token') })])).toStrictEqual([]);
  });

  test('no request cost, or one that is not 0: each request is charged too', () => {
    expect(warningsOf([route(['llm_total_token']), policy({ response: tokens('llm_total_token') })]))
      .toStrictEqual([['spec.rateLimit.global.rules[0].cost.request', 'token-budget-request-cost']]);
    expect(warningsOf([route(['llm_total_token']), policy({ request: { from: 'Number', number: 1 }, response: tokens('llm_total_token') })]))
      .toStrictEqual([['spec.rateLimit.global.rules[0].cost.request', 'token-budget-request-cost']]);
  });

  test('a key no AIGatewayRoute records; not judged without routes in the set', () => {
    const limit = policy({ request: { from: 'Number', number: 0 }, response: tokens('llm_output_token') });
    expect(warningsOf([route(['llm_total_token']), limit])).toStrictEqual([['spec.rateLimit.global.rules[0].cost.response.metadata.key', 'token-budget-metadata-key']]);
    expect(warningsOf([limit])).toStrictEqual([]);
  });

  test('a rate limit that does not count the AI Gateway\'s metadata is left alone', () => {
    expect(warningsOf([route([]), policy({ response: { from: 'Metadata', metadata: { namespace: 'envoy.filters.http.ext_authz', key: 'x' } } })])).toStrictEqual([]);
  });
});

describe('Envoy Gateway v1.8.1 rate limits on Kubernetes 1.36', () => {
  test('limit.requests is refused whatever its value, as the API server refuses it (an int32 field with maximum 4294967295)', () => {
    const report = ManifestValidator.validate([route(['llm_total_token']), policy({ request: { from: 'Number', number: 0 }, response: tokens('llm_total_token') })]);
    const errors = report.objects.find(o => o.kind === 'BackendTrafficPolicy')!.errors;
    // The API server's words (kube-apiserver 1.36.3 in the integration run): "Maximum boundary value must be of type
    // integer with format int32 in spec.rateLimit.global.rules[0].limit.requests".
    expect(errors.map(e => e.path)).toStrictEqual(['spec.rateLimit.global.rules[0].limit.requests']);
    expect(errors[0].message).toContain('Invalid value: "": Maximum boundary value must be of type integer with format int32 in spec.rateLimit.global.rules[0].limit.requests');
    expect(report.ok).toBe(false);
  });
});
