import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { BackendService, Gateway, GatewayApiVersion, GrantFrom, GrantTo, ListenerProtocol, RouteKind, RoutesFrom, TlsCertificate } from '../../src';
import { uncoveredHostnames } from '../../src/gateway-api/certificate';
import { parentRef, resolveListeners } from '../../src/gateway-api/gateway';
import { grantReference } from '../../src/gateway-api/grants';
import { certificateCovers, checkHostname, hostnamesIntersect } from '../../src/gateway-api/hostnames';
import { chartKnownObjects } from '../../src/validation/targets';

describe('hostnames', () => {
  test.each([
    ['api.example.com'], ['*.example.com'], ['a'], ['llm.invocation.example.com'],
  ])('%s is a valid hostname', (h) => {
    expect(checkHostname('hostname', h)).toBeUndefined();
  });

  test.each([
    ['API.example.com', 'api.example.com'], ['10.0.0.1', 'api.example.com'], ['api.example.com:443', 'api.example.com'],
    ['a.*.example.com', 'api.example.com'], ['-api.example.com', 'api.example.com'],
  ])('%s is refused with a suggestion', (h, suggestion) => {
    const problem = checkHostname('hostname', h);
    expect(problem).toContain(`hostname '${h}' is not a valid hostname`);
    expect(problem).toMatch(/Use '.+'\.$/);
    if (h === 'API.example.com' || h === 'api.example.com:443') expect(problem).toContain(`Use '${suggestion}'`);
  });

  test('listener and route hostnames intersect as the Gateway API says', () => {
    expect(hostnamesIntersect(undefined, 'api.example.com')).toBe(true);
    expect(hostnamesIntersect('api.example.com', 'api.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', 'api.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', 'a.b.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', 'example.com')).toBe(false);
    expect(hostnamesIntersect('*.example.com', '*.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', '*.a.example.com')).toBe(true);
    expect(hostnamesIntersect('api.example.com', '*.example.com')).toBe(true);
    expect(hostnamesIntersect('api.example.com', 'api.example.org')).toBe(false);
    expect(hostnamesIntersect('*.example.org', '*.example.com')).toBe(false);
  });

  test('a wildcard certificate covers exactly one label', () => {
    expect(certificateCovers('*.example.com', 'api.example.com')).toBe(true);
    expect(certificateCovers('*.example.com', 'llm.invocation.example.com')).toBe(false);
    expect(certificateCovers('*.example.com', 'example.com')).toBe(false);
    expect(certificateCovers('example.com', 'example.com')).toBe(true);
    expect(certificateCovers('*.example.com', '*.example.com')).toBe(true);
    expect(certificateCovers('*.example.com', '*.a.example.com')).toBe(false);
  });
});

describe('Gateway.fromGatewayAttributes', () => {
  test('references an existing Gateway and checks routes against its listeners', () => {
    const chart = Testing.chart();
    const gateway = Gateway.fromGatewayAttributes(chart, 'gw', {
      gatewayName: 'nvcf-gateway',
      gatewayNamespace: 'envoy-gateway',
      listeners: [
        { name: 'http', port: 80, protocol: ListenerProtocol.HTTP },
        { name: 'tcp', port: 10081, protocol: ListenerProtocol.TCP },
      ],
    });
    expect(gateway.gatewayApiVersion).toBe(GatewayApiVersion.V1_2);
    expect(Testing.synth(chart)).toStrictEqual([]);
    expect(resolveListeners(gateway, RouteKind.HTTP_ROUTE, ['http']).listeners.map(l => l.port)).toStrictEqual([80]);
    expect(resolveListeners(gateway, RouteKind.HTTP_ROUTE, ['tcp']).problem).toBe(
      "listener 'tcp' (TCP, port 10081) of Gateway 'envoy-gateway/nvcf-gateway' does not admit HTTPRoute " +
      "(it admits TCPRoute). Attach to 'http' instead.");
    expect(resolveListeners(gateway, RouteKind.TCP_ROUTE, ['grpc']).problem).toContain("sectionName 'grpc' names no listener");
    expect(parentRef(gateway, 'http')).toStrictEqual({
      group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'nvcf-gateway', namespace: 'envoy-gateway', sectionName: 'http',
    });
  });

  test('unknown listeners are not checked', () => {
    const gateway = Gateway.fromGatewayAttributes(Testing.chart(), 'gw', { gatewayName: 'gw', gatewayNamespace: 'gw' });
    expect(resolveListeners(gateway, RouteKind.TCP_ROUTE, ['anything'])).toStrictEqual({ listeners: [] });
  });

  test('bad attributes fail with path, field, value and fix', () => {
    const chart = Testing.chart();
    expect(() => Gateway.fromGatewayAttributes(chart, 'a', { gatewayName: 'GW', gatewayNamespace: 'gw' })).toThrow(
      /^Gateway 'test\/a': gatewayName 'GW' is not a valid RFC 1123 subdomain .* Use 'gw'\.$/);
    expect(() => Gateway.fromGatewayAttributes(chart, 'b', {
      gatewayName: 'gw', gatewayNamespace: 'gw', listeners: [{ name: 'http', port: 0, protocol: ListenerProtocol.HTTP }],
    })).toThrow("Gateway 'test/b': listener 'http' port 0 is not a port number (1 to 65535). Use, for example, 80.");
  });
});

describe('BackendService', () => {
  test('from a name, or from a cdk8s-plus Service', () => {
    const chart = Testing.chart();
    const svc = new kplus.Service(chart, 'svc', { metadata: { name: 'api', namespace: 'nvcf' }, ports: [{ port: 8080 }] });
    const fromService = BackendService.fromService(svc);
    expect([fromService.name, fromService.namespace, fromService.port]).toStrictEqual(['api', 'nvcf', 8080]);
    expect(fromService.problem('backend')).toBeUndefined();
    expect(BackendService.fromService(svc, 9090).problem('backend')).toBe(
      "backend.port 9090 is not a port of Service 'api' (it has 8080). Use one of those.");
    expect(BackendService.fromName('api', 'nvcf', 70000).problem('backend')).toContain('backend.port 70000 is not a port number');
    expect(BackendService.fromName('Api', 'nvcf', 80).problem('backend')).toContain("backend.name 'Api' is not a valid RFC 1123 label");
  });

  test('a Service with several ports needs the port named', () => {
    const chart = Testing.chart();
    const svc = new kplus.Service(chart, 'svc', { metadata: { name: 'api', namespace: 'nvcf' }, ports: [{ port: 80 }, { port: 443 }] });
    expect(BackendService.fromService(svc).problem('backend')).toContain('has 2 ports (80, 443), so the port to use is ambiguous');
  });
});

describe('grantReference', () => {
  test('one narrow grant per referring kind and namespace, merged across routes', () => {
    const chart = Testing.chart();
    grantReference(chart, GrantFrom.httpRoutes('gw'), 'nvcf', GrantTo.service('invocation'), GatewayApiVersion.V1_2);
    grantReference(chart, GrantFrom.httpRoutes('gw'), 'nvcf', GrantTo.service('api'), GatewayApiVersion.V1_2);
    grantReference(chart, GrantFrom.httpRoutes('gw'), 'nvcf', GrantTo.service('api'), GatewayApiVersion.V1_2);
    grantReference(chart, GrantFrom.tcpRoutes('gw'), 'nvcf', GrantTo.service('grpc'), GatewayApiVersion.V1_2);
    grantReference(chart, GrantFrom.httpRoutes('nvcf'), 'nvcf', GrantTo.service('api'), GatewayApiVersion.V1_2); // same namespace: no grant
    const objects = Testing.synth(chart);
    expect(objects.map(o => o.metadata.name)).toStrictEqual(['allow-httproutes-from-gw', 'allow-tcproutes-from-gw']);
    expect(objects[0].spec.to.map((t: any) => t.name)).toStrictEqual(['api', 'invocation']);
    expect(objects[1].spec).toStrictEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'TCPRoute', namespace: 'gw' }],
      to: [{ group: '', kind: 'Service', name: 'grpc' }],
    });
  });

  test('continues in a second grant past 16 entries, and keeps versions apart', () => {
    const chart = Testing.chart();
    for (let i = 0; i < 17; i++) {
      grantReference(chart, GrantFrom.httpRoutes('gw'), 'nvcf', GrantTo.service(`svc-${i}`), GatewayApiVersion.V1_2);
    }
    grantReference(chart, GrantFrom.httpRoutes('gw'), 'nvcf', GrantTo.service('svc-0'), GatewayApiVersion.V1_6);
    const objects = Testing.synth(chart);
    expect(objects.map(o => `${o.apiVersion} ${o.metadata.name} ${o.spec.to.length}`)).toStrictEqual([
      'gateway.networking.k8s.io/v1beta1 allow-httproutes-from-gw 16',
      'gateway.networking.k8s.io/v1beta1 allow-httproutes-from-gw-2 1',
      'gateway.networking.k8s.io/v1 allow-httproutes-from-gw 1',
    ]);
  });

  test('targets are dealt to the grants in name order, whatever order references were asked for', () => {
    const synth = (order: number[]) => {
      const chart = Testing.chart();
      for (const i of order) grantReference(chart, GrantFrom.httpRoutes('gw'), 'nvcf', GrantTo.service(`svc-${String(i).padStart(2, '0')}`), GatewayApiVersion.V1_2);
      return Testing.synth(chart).map(o => o.spec.to.map((t: any) => t.name));
    };
    const forward = synth([...Array(20).keys()]);
    expect(synth([...Array(20).keys()].reverse())).toStrictEqual(forward);
    expect(forward[0]).toStrictEqual([...Array(16).keys()].map(i => `svc-${String(i).padStart(2, '0')}`));
    expect(forward[1]).toStrictEqual(['svc-16', 'svc-17', 'svc-18', 'svc-19']);
  });
});

describe('TlsCertificate.fromTlsCertificateAttributes', () => {
  test('copies what is known and declares the Secret known, emitting nothing', () => {
    const chart = Testing.chart();
    const names = ['*.example.com'];
    const cert = TlsCertificate.fromTlsCertificateAttributes(chart, 'Tls', { secretName: 'wildcard', secretNamespace: 'gw', dnsNames: names });
    names.push('x');
    expect([cert.secretName, cert.secretNamespace, cert.dnsNames]).toStrictEqual(['wildcard', 'gw', ['*.example.com']]);
    expect(Testing.synth(chart)).toStrictEqual([]);
  });

  test('fails on a Secret name, namespace or DNS name that is not one', () => {
    expect(() => TlsCertificate.fromTlsCertificateAttributes(Testing.chart(), 'Tls', { secretName: 'Wild', secretNamespace: 'gw' }))
      .toThrow(/^TlsCertificate 'test\/Tls': secretName 'Wild' is not a valid RFC 1123 subdomain .* Use 'wild'\.$/);
    expect(() => TlsCertificate.fromTlsCertificateAttributes(Testing.chart(), 'Tls', { secretName: 'w', secretNamespace: 'g.w' }))
      .toThrow(/^TlsCertificate 'test\/Tls': secretNamespace 'g\.w' is not a valid RFC 1123 label/);
    expect(() => TlsCertificate.fromTlsCertificateAttributes(Testing.chart(), 'Tls', { secretName: 'w', secretNamespace: 'gw', dnsNames: ['a b'] }))
      .toThrow(/^TlsCertificate 'test\/Tls': dnsNames entry 'a b' is not a valid hostname/);
  });
});

describe('uncoveredHostnames', () => {
  test('lists the hostnames no DNS name of the certificate covers', () => {
    const chart = Testing.chart();
    const cert = TlsCertificate.fromTlsCertificateAttributes(chart, 'Tls', { secretName: 'w', secretNamespace: 'gw', dnsNames: ['*.example.com', 'example.com'] });
    expect(uncoveredHostnames(cert, ['api.example.com', 'example.com', 'llm.invocation.example.com', 'api.example.org']))
      .toStrictEqual(['llm.invocation.example.com', 'api.example.org']);
    expect(uncoveredHostnames(TlsCertificate.fromTlsCertificateAttributes(chart, 'Unknown', { secretName: 'w', secretNamespace: 'gw' }), ['x.example.org'])).toStrictEqual([]);
  });
});

describe('Gateway.fromGatewayAttributes declares the Gateway as existing', () => {
  test('with its listeners, for strict validation', () => {
    const chart = Testing.chart();
    Gateway.fromGatewayAttributes(chart, 'gw', {
      gatewayName: 'gw',
      gatewayNamespace: 'edge',
      listeners: [
        { name: 'tcp', port: 10081, protocol: ListenerProtocol.TCP, routeKinds: [RouteKind.TCP_ROUTE] },
        { name: 'http', port: 80, protocol: ListenerProtocol.HTTP, routesFrom: RoutesFrom.SELECTOR, routeNamespaceLabels: { team: 'a' } },
      ],
    });
    expect(() => Gateway.fromGatewayAttributes(chart, 'bad', {
      gatewayName: 'bad', gatewayNamespace: 'edge', listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP, routesFrom: RoutesFrom.SELECTOR }],
    })).toThrow("Gateway 'test/bad': listener 'http' admits routes from a namespace selector but has no routeNamespaceLabels. " +
      "Pass them, for example routeNamespaceLabels: { 'nvcf/platform': 'true' }.");
    Gateway.fromGatewayAttributes(chart, 'other', { gatewayName: 'other', gatewayNamespace: 'edge' });
    expect(chartKnownObjects(chart)).toStrictEqual([
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        name: 'gw',
        namespace: 'edge',
        spec: {
          listeners: [
            {
              name: 'tcp',
              port: 10081,
              protocol: 'TCP',
              hostname: undefined,
              allowedRoutes: { namespaces: undefined, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'TCPRoute' }] },
            },
            {
              name: 'http',
              port: 80,
              protocol: 'HTTP',
              hostname: undefined,
              allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'a' } } }, kinds: undefined },
            },
          ],
        },
      },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', name: 'other', namespace: 'edge', spec: undefined },
    ]);
  });
});
