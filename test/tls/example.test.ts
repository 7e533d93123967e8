import { Testing } from 'cdk8s';
import { addTlsExample } from '../../examples/tls';
import { uncoveredHostnames } from '../../src/gateway-api/certificate';

describe('example app: HTTPS', () => {
  test('a self-signed CA and one wildcard for every platform host, in the gateway namespace', () => {
    const { chart, domain, tls } = addTlsExample(Testing.app());
    const objects = Testing.synth(chart);

    expect(objects.map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toStrictEqual([
      'Issuer envoy-gateway/ai-gateway-example-com-selfsigned-root',
      'Certificate envoy-gateway/ai-gateway-example-com-ca',
      'Issuer envoy-gateway/ai-gateway-example-com-ca',
      'Certificate envoy-gateway/ai-gateway-example-com-wildcard',
    ]);
    expect(domain.hosts).toStrictEqual([
      'api.ai-gateway.example.com',
      'auth.ai-gateway.example.com',
      'console.ai-gateway.example.com',
      'grafana.ai-gateway.example.com',
      'mcp.ai-gateway.example.com',
    ]);
    expect(uncoveredHostnames(tls, domain.hosts)).toStrictEqual([]);
    expect(tls.secretNamespace).toBe('envoy-gateway');
    expect(tls.secretName).toBe('ai-gateway-example-com-wildcard-tls');
  });
});
