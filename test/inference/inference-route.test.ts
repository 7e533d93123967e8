import { Chart, Duration, Testing } from 'cdk8s';
import {
  Gateway, GatewayApiVersion, RoutesFrom, IGateway, InferencePool, InferenceRoute, PathMatch, InferenceRouteProps,
  ListenerProtocol, PoolSelector,
} from '../../src';
import { chartReleases } from '../../src/validation/targets';

function setup(version = GatewayApiVersion.V1_2) {
  const chart = Testing.chart();
  const gateway = Gateway.fromGatewayAttributes(chart, 'gateway', {
    gatewayName: 'inference-gateway',
    gatewayNamespace: 'gateway',
    gatewayApiVersion: version,
    listeners: [
      { name: 'http', port: 80, protocol: ListenerProtocol.HTTP, routesFrom: RoutesFrom.ALL },
      { name: 'https', port: 443, protocol: ListenerProtocol.HTTPS, hostname: '*.example.com', routesFrom: RoutesFrom.ALL },
      { name: 'grpc', port: 10081, protocol: ListenerProtocol.TCP, routesFrom: RoutesFrom.ALL },
    ],
  });
  const pool = (name: string, namespace = 'llm') =>
    new InferencePool(chart, name, { name, namespace, selector: PoolSelector.matchLabels({ app: name }) });
  return { chart, gateway, v1: pool('llama-v1'), v2: pool('llama-v2') };
}

function routeOf(chart: Chart) {
  return Testing.synth(chart).find(o => o.kind === 'HTTPRoute');
}

describe('InferenceRoute', () => {
  test('rollout: one rule splits traffic 90/10 between two pools, with a grant for the other namespace', () => {
    // GIVEN
    const { chart, gateway, v1, v2 } = setup();

    // WHEN
    new InferenceRoute(chart, 'llama', {
      gateway,
      name: 'llama',
      sectionNames: ['https'],
      hostnames: ['llm.example.com'],
      rules: [{
        matches: [PathMatch.prefix('/v1')],
        backends: [{ pool: v1, weight: 90 }, { pool: v2, weight: 10 }],
      }],
    });

    // THEN
    const route = routeOf(chart);
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.metadata).toStrictEqual({ name: 'llama', namespace: 'gateway' });
    expect(route.spec).toStrictEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'inference-gateway', namespace: 'gateway', sectionName: 'https' }],
      hostnames: ['llm.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/v1' } }],
        backendRefs: [
          { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'llama-v1', namespace: 'llm', weight: 90 },
          { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'llama-v2', namespace: 'llm', weight: 10 },
        ],
        timeouts: { request: '300s' },
      }],
    });
    const grants = Testing.synth(chart).filter(o => o.kind === 'ReferenceGrant');
    expect(grants).toStrictEqual([{
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'allow-httproutes-from-gateway', namespace: 'llm' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'gateway' }],
        to: [
          { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'llama-v1' },
          { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'llama-v2' },
        ],
      },
    }]);
    expect(chartReleases(chart).get('gateway-api')).toStrictEqual(new Set(['v1.2.0']));
  });

  test('a route in the pools namespace needs no grant; defaults: every path, weight 1, all listeners', () => {
    const { chart, gateway, v1 } = setup();
    new InferenceRoute(chart, 'llama', { gateway, name: 'llama', namespace: 'llm', rules: [{ backends: [{ pool: v1 }] }] });
    const route = routeOf(chart);
    expect(route.metadata.namespace).toBe('llm');
    expect(route.spec.parentRefs).toStrictEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'inference-gateway', namespace: 'gateway' },
    ]);
    expect(route.spec.hostnames).toBeUndefined();
    expect(route.spec.rules).toStrictEqual([{
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'llama-v1', weight: 1 }],
      timeouts: { request: '300s' },
    }]);
    expect(Testing.synth(chart).filter(o => o.kind === 'ReferenceGrant')).toStrictEqual([]);
  });

  test('rules added after construction reach the output; timeouts in Gateway API form', () => {
    const { chart, gateway, v1, v2 } = setup();
    const route = new InferenceRoute(chart, 'llama', { gateway, name: 'llama' });
    route.addRule({ matches: [PathMatch.exact('/v1/completions')], backends: [{ pool: v2 }], requestTimeout: Duration.seconds(1.5) });
    route.addRule({ backends: [{ pool: v1, weight: 100 }, { pool: v2, weight: 0 }], requestTimeout: Duration.minutes(10) });
    const rules = routeOf(chart).spec.rules;
    expect(rules.map((r: any) => r.timeouts.request)).toStrictEqual(['1s500ms', '600s']);
    expect(rules[0].matches).toStrictEqual([{ path: { type: 'Exact', value: '/v1/completions' } }]);
    expect(rules[1].backendRefs.map((b: any) => b.weight)).toStrictEqual([100, 0]);
  });

  test('without a name, the HTTPRoute is named after the construct id, readable (no hash)', () => {
    const { chart, gateway, v1 } = setup();
    new InferenceRoute(chart, 'llama', { gateway, rules: [{ backends: [{ pool: v1 }] }] });
    new InferenceRoute(chart, 'Qwen3 Route_v2', { gateway, rules: [{ backends: [{ pool: v1 }] }] });
    new InferenceRoute(chart, 'x'.repeat(70), { gateway, rules: [{ backends: [{ pool: v1 }] }] });
    const names = Testing.synth(chart).filter(o => o.kind === 'HTTPRoute').map(o => o.metadata.name);
    expect(names).toStrictEqual(['llama', 'qwen3-route-v2', 'x'.repeat(63)]);
  });

  test('follows the Gateway API release of the gateway (v1.6: ReferenceGrant v1)', () => {
    const { chart, gateway, v1 } = setup(GatewayApiVersion.V1_6);
    new InferenceRoute(chart, 'llama', { gateway, rules: [{ backends: [{ pool: v1 }] }] });
    expect(chartReleases(chart).get('gateway-api')).toStrictEqual(new Set(['v1.6.1']));
    expect(Testing.synth(chart).find(o => o.kind === 'ReferenceGrant').apiVersion).toBe('gateway.networking.k8s.io/v1');
  });

  test('routes to an existing pool', () => {
    const { chart, gateway } = setup();
    const helm = InferencePool.fromInferencePoolAttributes(chart, 'helm', { poolName: 'llama-helm', poolNamespace: 'models' });
    new InferenceRoute(chart, 'llama', { gateway, rules: [{ backends: [{ pool: helm }] }] });
    expect(routeOf(chart).spec.rules[0].backendRefs[0]).toMatchObject({ name: 'llama-helm', namespace: 'models' });
    expect(Testing.synth(chart).find(o => o.kind === 'ReferenceGrant').metadata.namespace).toBe('models');
  });

  test('snapshot: a 90/10 rollout across namespaces', () => {
    const { chart, gateway, v1, v2 } = setup();
    new InferenceRoute(chart, 'llama', {
      gateway,
      name: 'llama',
      hostnames: ['llm.example.com'],
      rules: [{ backends: [{ pool: v1, weight: 90 }, { pool: v2, weight: 10 }] }],
    });
    expect(Testing.synth(chart).filter(o => o.kind === 'HTTPRoute' || o.kind === 'ReferenceGrant')).toMatchSnapshot();
  });
});

describe('InferenceRoute bad input', () => {
  const make = (props: (s: ReturnType<typeof setup>) => Partial<InferenceRouteProps>, gateway?: (chart: Chart) => IGateway) => () => {
    const s = setup();
    return new InferenceRoute(s.chart, 'route', { gateway: gateway?.(s.chart) ?? s.gateway, ...props(s) });
  };
  /** Attachment is checked at synth, when every listener has been added: builds the route with a rule, then synthesizes. */
  const synthesize = (props: (s: ReturnType<typeof setup>) => Partial<InferenceRouteProps>, gateway?: (chart: Chart) => IGateway) => () => {
    const s = setup();
    new InferenceRoute(s.chart, 'route', { gateway: gateway?.(s.chart) ?? s.gateway, rules: [{ backends: [{ pool: s.v1 }] }], ...props(s) });
    return Testing.synth(s.chart);
  };

  test('fails when the weights sum to zero', () => {
    expect(make(({ v1, v2 }) => ({ rules: [{ backends: [{ pool: v1, weight: 0 }, { pool: v2, weight: 0 }] }] }))).toThrow(
      "InferenceRoute 'test/route': rules[0] weights sum to 0 ('llama-v1': 0, 'llama-v2': 0), so no pool would receive " +
      'traffic. Give at least one pool a positive weight, for example 100.');
  });

  test('fails on a weight out of range or not whole', () => {
    expect(make(({ v1 }) => ({ rules: [{ backends: [{ pool: v1, weight: -1 }] }] }))).toThrow(
      "rules[0] weight -1 of pool 'llm/llama-v1' is not a whole number from 0 to 1000000. Use, for example, 90 and 10 for a 90/10 split.");
    expect(make(({ v1 }) => ({ rules: [{ backends: [{ pool: v1, weight: 2.5 }] }] }))).toThrow(/weight 2\.5 of pool/);
  });

  test('fails on a rule without backends, or with a pool twice', () => {
    expect(make(() => ({ rules: [{ backends: [] }] }))).toThrow('rules[0] has no backends. Give at least one pool: backends: [{ pool }].');
    expect(make(({ v1 }) => ({ rules: [{ backends: [{ pool: v1 }, { pool: v1, weight: 5 }] }] }))).toThrow(
      "rules[0] lists pool 'llm/llama-v1' twice. List each pool once, with its whole weight.");
  });

  test('fails on bad paths', () => {
    expect(make(({ v1 }) => ({ rules: [{ matches: [PathMatch.prefix('v1')], backends: [{ pool: v1 }] }] }))).toThrow(
      /rules\[0\]\.matches\[0\] path 'v1' is not a valid PathPrefix path .* Use '\/v1'\.$/);
    expect(make(({ v1 }) => ({ rules: [{ matches: [PathMatch.exact('/v1/ chat')], backends: [{ pool: v1 }] }] }))).toThrow(
      /rules\[0\]\.matches\[0\] path '\/v1\/ chat' is not a valid Exact path .* Use '\/v1\/chat'\.$/);
  });

  test('fails on a listener that does not exist or does not admit HTTPRoutes', () => {
    expect(synthesize(() => ({ sectionNames: ['web'] }))).toThrow(/InferenceRoute 'test\/route': sectionName 'web' names no listener of Gateway 'gateway\/inference-gateway'/);
    expect(synthesize(() => ({ sectionNames: ['grpc'] }))).toThrow(/listener 'grpc' \(TCP, port 10081\) .* does not admit HTTPRoute/);
    expect(synthesize(() => ({}), chart => Gateway.fromGatewayAttributes(chart, 'tcp-only', {
      gatewayName: 'tcp', gatewayNamespace: 'gateway', listeners: [{ name: 'tcp', port: 9000, protocol: ListenerProtocol.TCP }],
    }))).toThrow("InferenceRoute 'test/route': no listener of Gateway 'gateway/tcp' admits HTTPRoute (listeners: 'tcp' (TCP)). " +
      'Add a listener that admits HTTPRoute, or attach to another gateway.');
  });

  test('fails on a hostname no listener serves, and on an invalid one', () => {
    expect(synthesize(() => ({ sectionNames: ['https'], hostnames: ['llm.example.org'] }))).toThrow(
      "InferenceRoute 'test/route': hostname 'llm.example.org' matches no listener the route attaches to ('https': *.example.com), " +
      "so Gateway 'gateway/inference-gateway' would not serve it. Use a hostname the listeners serve, or attach to a listener for it.");
    expect(make(() => ({ hostnames: ['LLM.example.com'] }))).toThrow(/hostname 'LLM\.example\.com' is not a valid hostname .* Use 'llm\.example\.com'\.$/);
  });

  test('fails on too many rules, hostnames or backends', () => {
    expect(make(() => ({ hostnames: Array.from({ length: 17 }, (_, i) => `h${i}.example.com`) }))).toThrow(
      'has 17 hostnames, more than the 16 an HTTPRoute holds.');
    const s = setup();
    const route = new InferenceRoute(s.chart, 'route', { gateway: s.gateway });
    for (let i = 0; i < 16; i++) route.addRule({ backends: [{ pool: s.v1 }] });
    expect(() => route.addRule({ backends: [{ pool: s.v1 }] })).toThrow('has 17 rules, more than the 16 an HTTPRoute holds.');
    const pools = Array.from({ length: 17 }, (_, i) => ({ pool: InferencePool.fromInferencePoolAttributes(s.chart, `p${i}`, { poolName: `p${i}`, poolNamespace: 'llm' }) }));
    const other = new InferenceRoute(s.chart, 'other', { gateway: s.gateway });
    expect(() => other.addRule({ backends: pools })).toThrow(/rules\[0\] has 17 backends, more than the 16 an HTTPRoute rule holds\./);
  });

  test('fails on a timeout the Gateway API cannot express', () => {
    expect(make(({ v1 }) => ({ rules: [{ backends: [{ pool: v1 }], requestTimeout: Duration.days(2) }] }))).not.toThrow();
    expect(make(({ v1 }) => ({ rules: [{ backends: [{ pool: v1 }], requestTimeout: Duration.hours(100000) }] }))).toThrow(
      /rules\[0\] requestTimeout 360000000000ms is not a Gateway API duration/);
  });

  test('fails at synth without a rule', () => {
    const s = setup();
    new InferenceRoute(s.chart, 'route', { gateway: s.gateway });
    expect(() => Testing.synth(s.chart)).toThrow(/InferenceRoute 'test\/route': has no rule\. Add one, for example addRule/);
  });
});
