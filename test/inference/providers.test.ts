import { Duration, Testing } from 'cdk8s';
import { EndpointPickerSource, InferenceGatewayKind, InferenceGatewayProvider, InferencePool, PoolSelector } from '../../src';

const selector = PoolSelector.matchLabels({ app: 'vllm' });

function extras(provider: InferenceGatewayProvider, targetPorts?: number[]) {
  const chart = Testing.chart();
  new InferencePool(chart, 'pool', { name: 'llama', namespace: 'llm', selector, provider, targetPorts });
  const core = ['InferencePool', 'ServiceAccount', 'ConfigMap', 'Deployment', 'Service', 'Role', 'RoleBinding'];
  return Testing.synth(chart).filter(o => !core.includes(o.kind));
}

describe('InferenceGatewayProvider', () => {
  test.each([
    [InferenceGatewayProvider.none(), InferenceGatewayKind.NONE],
    [InferenceGatewayProvider.kgateway(), InferenceGatewayKind.KGATEWAY],
    [InferenceGatewayProvider.agentgateway(), InferenceGatewayKind.AGENTGATEWAY],
    [InferenceGatewayProvider.envoyGateway(), InferenceGatewayKind.ENVOY_GATEWAY],
  ])('%o needs nothing per pool', (provider, kind) => {
    expect(provider.kind).toBe(kind);
    expect(extras(provider)).toStrictEqual([]);
  });

  test('Istio: a DestinationRule for the picker Service, TLS without verification', () => {
    expect(extras(InferenceGatewayProvider.istio())).toStrictEqual([{
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'llama-epp', namespace: 'llm', labels: { 'app.kubernetes.io/part-of': 'llama' } },
      spec: {
        host: 'llama-epp.llm.svc.cluster.local',
        trafficPolicy: { tls: { mode: 'SIMPLE', insecureSkipVerify: true } },
      },
    }]);
  });

  test('Istio with an existing picker: the rule names that Service', () => {
    const chart = Testing.chart();
    new InferencePool(chart, 'pool', {
      name: 'llama',
      namespace: 'llm',
      selector,
      endpointPicker: EndpointPickerSource.fromServiceName('shared-epp'),
      provider: InferenceGatewayProvider.istio(),
    });
    const rule = Testing.synth(chart).find(o => o.kind === 'DestinationRule');
    expect(rule.spec.host).toBe('shared-epp.llm.svc.cluster.local');
  });

  test('GKE: HealthCheckPolicy on the first target port and GCPBackendPolicy, both targeting the pool', () => {
    const [health, backend] = extras(InferenceGatewayProvider.gke(), [8080, 8081]);
    const targetRef = { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'llama' };
    expect(health.apiVersion).toBe('networking.gke.io/v1');
    expect(health.kind).toBe('HealthCheckPolicy');
    expect(health.metadata).toMatchObject({ name: 'llama', namespace: 'llm' });
    expect(health.spec).toStrictEqual({
      targetRef,
      default: {
        timeoutSec: 2,
        checkIntervalSec: 2,
        config: { type: 'HTTP', httpHealthCheck: { requestPath: '/health', port: 8080 } },
      },
    });
    expect(backend.kind).toBe('GCPBackendPolicy');
    expect(backend.spec).toStrictEqual({ targetRef, default: { timeoutSec: 300, logging: { enabled: true } } });
  });

  test('GKE options', () => {
    const [health, backend] = extras(InferenceGatewayProvider.gke({
      healthCheckPath: '/v1/models', backendTimeout: Duration.minutes(10), logging: false,
    }));
    expect(health.spec.default.config.httpHealthCheck.requestPath).toBe('/v1/models');
    expect(backend.spec.default).toStrictEqual({ timeoutSec: 600, logging: { enabled: false } });
  });

  test('fails on bad GKE options', () => {
    expect(() => extras(InferenceGatewayProvider.gke({ healthCheckPath: 'health' }))).toThrow(
      "InferencePool 'test/pool': provider gke healthCheckPath 'health' does not start with '/'. Use '/health'.");
    expect(() => extras(InferenceGatewayProvider.gke({ backendTimeout: Duration.millis(1500) }))).toThrow(
      /provider gke backendTimeout 1\.5s is not a whole number of seconds of at least 1\./);
  });
});
