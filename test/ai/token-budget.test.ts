import { Testing } from 'cdk8s';
import {
  AiBackend, ApiKeyAuth, BudgetWindow, ClientAccessPolicy, ClientKey, JwtProvider, LlmRequestCost, PolicyReason, TokenBudget,
} from '../../src';
import { app, validated } from '../security/fixtures';

const backend = (name: string) => AiBackend.fromFqdn(`${name}.ai.svc.cluster.local`, 8000, { name });
const hourly = { tokens: 2_000_000, window: BudgetWindow.HOUR };

describe('TokenBudget', () => {
  test('a model\'s budgets: one BackendTrafficPolicy on its rule of the generated HTTPRoute, token costs from the AI Gateway\'s metadata, request cost 0', () => {
    const x = app();
    x.route.addModel({
      name: 'Qwen/Qwen3-235B',
      backends: [{ backend: backend('big'), modelNameOverride: 'Qwen/Qwen3-235B-A22B-FP8' }],
      budgets: [
        TokenBudget.perClient(ClientKey.apiKeyClient(), hourly),
        TokenBudget.clients(ClientKey.jwtClaim('team'), ['team-a', 'team-b'], { tokens: 500_000, window: BudgetWindow.DAY, cost: LlmRequestCost.outputToken('llm_output_token') }),
        TokenBudget.shared({ tokens: 50_000_000, window: BudgetWindow.MONTH }),
      ],
    });
    new ClientAccessPolicy(x.chart, 'access', {
      targets: [x.route],
      apiKeys: ApiKeyAuth.fromSecrets(['keys']),
      jwtProviders: [JwtProvider.keycloak({ domain: x.domain, realm: 'platform', audiences: ['ci'], claimToHeaders: [{ claim: 'team', header: 'x-team' }] })],
    });
    const { objects, report } = validated(x.chart);
    const route = objects.find(o => o.kind === 'AIGatewayRoute');
    const rule = route.spec.rules.find((r: any) => r.matches[0].headers[0].value === 'Qwen/Qwen3-235B');
    expect(rule.name).toBe('qwen-qwen3-235b');
    // The metadata keys the budgets count are on the route, once each.
    expect(route.spec.llmRequestCosts).toStrictEqual([{ metadataKey: 'llm_total_token', type: 'TotalToken' }, { metadataKey: 'llm_output_token', type: 'OutputToken' }]);
    const policies = objects.filter(o => o.kind === 'BackendTrafficPolicy');
    expect(policies.map(p => [p.apiVersion, p.metadata.name, p.metadata.namespace])).toStrictEqual([['gateway.envoyproxy.io/v1alpha1', 'models-qwen-qwen3-235b-budget', 'ai']]);
    const spec = policies[0].spec;
    expect(spec.targetRefs).toStrictEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'models', sectionName: 'qwen-qwen3-235b' }]);
    const cost = (key: string) => ({ request: { from: 'Number', number: 0 }, response: { from: 'Metadata', metadata: { namespace: 'io.envoy.ai_gateway', key } } });
    expect(spec.rateLimit.global.rules).toStrictEqual([
      // invert: false is the CRD's default, written out (Envoy Gateway refuses only invert: true on a Distinct match).
      { clientSelectors: [{ headers: [{ name: 'x-client-id', type: 'Distinct', invert: false }] }], limit: { requests: 2000000, unit: 'Hour' }, cost: cost('llm_total_token') },
      { clientSelectors: [{ headers: [{ name: 'x-team', type: 'Exact', value: 'team-a', invert: false }] }], limit: { requests: 500000, unit: 'Day' }, cost: cost('llm_output_token') },
      { clientSelectors: [{ headers: [{ name: 'x-team', type: 'Exact', value: 'team-b', invert: false }] }], limit: { requests: 500000, unit: 'Day' }, cost: cost('llm_output_token') },
      { limit: { requests: 50000000, unit: 'Month' }, cost: cost('llm_total_token') },
    ]);
    expect(report.objects.filter(o => o.kind === 'BackendTrafficPolicy').flatMap(o => o.errors)).toStrictEqual([]);
    expect(report.policies.map(p => p.reason)).toStrictEqual([PolicyReason.ACCEPTED]);
    // Models without budgets keep unnamed rules.
    expect(route.spec.rules.find((r: any) => r.matches[0].headers[0].value === 'qwen3').name).toBeUndefined();
  });

  test('the policy follows its model to the AIGatewayRoute the placement puts it in, and the output does not depend on the order models are added', () => {
    const build = (order: number[]) => {
      const x = app();
      const models = Array.from({ length: 20 }, (_, i) => `m${String(i).padStart(2, '0')}`);
      for (const i of order) x.route.addModel({ name: models[i], backends: [{ backend: backend('b') }], budgets: i % 8 === 0 ? [TokenBudget.shared(hourly)] : undefined });
      return Testing.synth(x.chart);
    };
    const forward = build(Array.from({ length: 20 }, (_, i) => i));
    const policies = forward.filter(o => o.kind === 'BackendTrafficPolicy');
    expect(policies.map(p => [p.metadata.name, p.spec.targetRefs[0].name])).toStrictEqual([
      ['models-m00-budget', 'models'], ['models-m08-budget', 'models'], ['models-m16-budget', 'models-2'],
    ]);
    for (const p of policies) {
      const route = forward.find(o => o.kind === 'AIGatewayRoute' && o.metadata.name === p.spec.targetRefs[0].name);
      expect(route.spec.rules.map((r: any) => r.name)).toContain(p.spec.targetRefs[0].sectionName);
    }
    expect(JSON.stringify(build(Array.from({ length: 20 }, (_, i) => 19 - i)))).toBe(JSON.stringify(forward));
  });

  test.each<[string, (x: ReturnType<typeof app>) => void, RegExp]>([
    ['a client key no access policy sets', x => {
      x.route.addModel({ name: 'vip', backends: [{ backend: backend('vip') }], budgets: [TokenBudget.perClient(ClientKey.jwtClaim('team'), hourly)] });
      new ClientAccessPolicy(x.chart, 'access', { targets: [x.route], jwtProviders: [JwtProvider.keycloak({ domain: x.domain, realm: 'p', audiences: ['c'] })] });
    }, /model 'vip' budgets\[0\] \(2000000 tokens per Hour for each client by the JWT claim 'team'\) counts by the JWT claim 'team', but the ClientAccessPolicy on this route sets no client header: .*claimToHeaders: \[\{ claim: 'team', header: 'x-team' \}\]/],
    ['a header only the client sets', x => {
      x.route.addModel({ name: 'vip', backends: [{ backend: backend('vip') }], budgets: [TokenBudget.perClient(ClientKey.header('x-tenant'), hourly)] });
      new ClientAccessPolicy(x.chart, 'access', { targets: [x.route], apiKeys: ApiKeyAuth.fromSecrets(['keys']) });
    }, /counts by the header 'x-tenant', but the ClientAccessPolicy on this route sets only 'x-client-id'/],
    ['a per-client budget without an access policy', x => {
      x.route.addModel({ name: 'vip', backends: [{ backend: backend('vip') }], budgets: [TokenBudget.perClient(ClientKey.apiKeyClient(), hourly)] });
    }, /counts by the API key client id, but the ClientAccessPolicy on this route does not exist/],
    ['tokens that are no whole number', x => x.route.addModel({ name: 'vip', backends: [{ backend: backend('vip') }], budgets: [TokenBudget.shared({ tokens: 1.5, window: BudgetWindow.HOUR })] }),
      /model 'vip' budgets\[0\] tokens 1.5 is not a whole number from 1 to 4294967295/],
    ['a window that is none', x => x.route.addModel({ name: 'vip', backends: [{ backend: backend('vip') }], budgets: [TokenBudget.shared({ tokens: 1, window: 'Week' as BudgetWindow })] }),
      /window 'Week' is not a BudgetWindow/],
    ['no clients named', x => x.route.addModel({ name: 'vip', backends: [{ backend: backend('vip') }], budgets: [TokenBudget.clients(ClientKey.apiKeyClient(), [], hourly)] }),
      /budgets\[0\] names no client/],
    ['more rules than a policy holds', x => x.route.addModel({
      name: 'vip',
      backends: [{ backend: backend('vip') }],
      budgets: [TokenBudget.clients(ClientKey.apiKeyClient(), Array.from({ length: 200 }, (_, i) => `c${i}`), hourly), TokenBudget.clients(ClientKey.apiKeyClient(), Array.from({ length: 100 }, (_, i) => `d${i}`), hourly)],
    }), /model 'vip' budgets take 300 rate limit rules, more than the 256 one BackendTrafficPolicy holds/],
    ['a cost that contradicts the route\'s', x => {
      const route = new (x.route.constructor as any)(x.chart, 'other', { gateway: x.gateway, name: 'other', llmRequestCosts: [LlmRequestCost.inputToken('llm_total_token')] });
      route.addModel({ name: 'vip', backends: [{ backend: backend('vip') }], budgets: [TokenBudget.shared(hourly)] });
    }, /budget counts 'llm_total_token' as TotalToken, but the route's llmRequestCosts stores InputToken under that key/],
  ])('refuses %s, naming the route', (_, make, message) => {
    const x = app();
    expect(() => {
      make(x);
      Testing.synth(x.chart);
    }).toThrow(new RegExp(`AiModelRoute '${x.chart.node.path}/(models|other)': (.|\\n)*${message.source}`));
  });
});
