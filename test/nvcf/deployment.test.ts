import { Testing, Yaml } from 'cdk8s';
import { ofKind, productionDeployment, seedDeployment } from './fixtures';
import { GatewayApiVersion } from '../../src';
import { chartKnownObjects, chartReleases } from '../../src/validation/targets';

const VERSIONS: Array<[string, GatewayApiVersion]> = [['v1.2', GatewayApiVersion.V1_2], ['v1.6', GatewayApiVersion.V1_6]];
const PLATFORM = { matchLabels: { 'nvcf/platform': 'true' } };
const DOMAIN = 'a1b2c3d4.us-west-2.elb.amazonaws.com';

describe('the NVCF seed deployment', () => {
  test.each(VERSIONS)('snapshot on Gateway API %s', (_, version) => {
    const { chart } = seedDeployment(version);
    expect(Yaml.stringify(...Testing.synth(chart))).toMatchSnapshot();
  });

  test.each(VERSIONS)('snapshot of the production variant (HTTPS, redirect) on Gateway API %s', (_, version) => {
    const { chart } = productionDeployment(version);
    expect(Yaml.stringify(...Testing.synth(chart))).toMatchSnapshot();
  });

  test('namespaces are created and carry the platform label', () => {
    const objects = Testing.synth(seedDeployment(GatewayApiVersion.V1_2).chart);
    expect(ofKind(objects, 'Namespace').map(n => [n.metadata.name, n.metadata.labels])).toStrictEqual([
      ['envoy-gateway', { 'nvcf/platform': 'true' }],
      ['api-keys', { 'nvcf/platform': 'true' }],
      ['nvcf', { 'nvcf/platform': 'true' }],
    ]);
    // With the finalizer the API server gives every Namespace, so that each reads back as written.
    expect(ofKind(objects, 'Namespace').map(n => n.spec)).toStrictEqual(Array(3).fill({ finalizers: ['kubernetes'] }));
  });

  test('an Envoy Gateway GatewayClass and a Gateway with http 80 and tcp 10081 that admit only their kind from platform namespaces', () => {
    const objects = Testing.synth(seedDeployment(GatewayApiVersion.V1_2).chart);
    expect(ofKind(objects, 'GatewayClass')).toStrictEqual([{
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'eg' },
      spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' },
    }]);
    const [gateway] = ofKind(objects, 'Gateway');
    expect(gateway.metadata).toStrictEqual({ name: 'nvcf-gateway', namespace: 'envoy-gateway' });
    expect(gateway.spec.gatewayClassName).toBe('eg');
    expect(gateway.spec.infrastructure).toStrictEqual({
      annotations: {
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      },
    });
    expect(gateway.spec.listeners).toStrictEqual([
      {
        name: 'http',
        port: 80,
        protocol: 'HTTP',
        allowedRoutes: { kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }], namespaces: { from: 'Selector', selector: PLATFORM } },
      },
      {
        name: 'tcp',
        port: 10081,
        protocol: 'TCP',
        allowedRoutes: { kinds: [{ group: 'gateway.networking.k8s.io', kind: 'TCPRoute' }], namespaces: { from: 'Selector', selector: PLATFORM } },
      },
    ]);
  });

  test('every route: hostname built from the domain, attached by sectionName, to its Service', () => {
    const objects = Testing.synth(seedDeployment(GatewayApiVersion.V1_2).chart);
    const routes = [...ofKind(objects, 'HTTPRoute'), ...ofKind(objects, 'TCPRoute')];
    expect(routes.map(r => ({
      kind: r.kind,
      name: `${r.metadata.namespace}/${r.metadata.name}`,
      hostnames: r.spec.hostnames,
      sectionNames: r.spec.parentRefs.map((p: any) => `${p.namespace}/${p.name}#${p.sectionName}`),
      backends: r.spec.rules.flatMap((rule: any) => rule.backendRefs.map((b: any) => `${b.kind}:${b.namespace}/${b.name}:${b.port}`)),
      paths: r.spec.rules.flatMap((rule: any) => (rule.matches ?? []).map((m: any) => `${m.path.type} ${m.path.value}`)),
    }))).toStrictEqual([
      {
        kind: 'HTTPRoute',
        name: 'envoy-gateway/api-keys',
        hostnames: [`api-keys.${DOMAIN}`],
        sectionNames: ['envoy-gateway/nvcf-gateway#http'],
        backends: ['Service:api-keys/api-keys:8080'],
        paths: ['PathPrefix /'],
      },
      {
        kind: 'HTTPRoute',
        name: 'envoy-gateway/nvcf-api',
        hostnames: [`api.${DOMAIN}`],
        sectionNames: ['envoy-gateway/nvcf-gateway#http'],
        backends: ['Service:nvcf/nvcf-api:8080'],
        paths: ['PathPrefix /'],
      },
      {
        kind: 'HTTPRoute',
        name: 'envoy-gateway/invocation',
        hostnames: [`invocation.${DOMAIN}`],
        sectionNames: ['envoy-gateway/nvcf-gateway#http'],
        backends: ['Service:nvcf/invocation-service:8080'],
        paths: ['PathPrefix /'],
      },
      {
        kind: 'HTTPRoute',
        name: 'envoy-gateway/llm-invocation',
        hostnames: [`llm.invocation.${DOMAIN}`],
        sectionNames: ['envoy-gateway/nvcf-gateway#http'],
        backends: ['Service:nvcf/invocation-service:8080'],
        paths: ['PathPrefix /'],
      },
      {
        kind: 'TCPRoute',
        name: 'envoy-gateway/grpc',
        hostnames: undefined,
        sectionNames: ['envoy-gateway/nvcf-gateway#tcp'],
        backends: ['Service:nvcf/grpc-proxy:10081'],
        paths: [],
      },
    ]);
  });

  test.each(VERSIONS)('on %s every cross-namespace backend is covered by exactly one narrow ReferenceGrant', (_, version) => {
    for (const { chart } of [seedDeployment(version), productionDeployment(version)]) {
      const objects = Testing.synth(chart);
      const grants = ofKind(objects, 'ReferenceGrant');
      // Every reference that crosses namespaces: route → Service, Gateway → certificate Secret.
      const references: Array<{ fromKind: string; fromNs: string; toKind: string; toNs: string; name: string }> = [];
      for (const route of [...ofKind(objects, 'HTTPRoute'), ...ofKind(objects, 'TCPRoute')]) {
        for (const ref of route.spec.rules.flatMap((r: any) => r.backendRefs ?? [])) {
          if (ref.namespace !== route.metadata.namespace) {
            references.push({ fromKind: route.kind, fromNs: route.metadata.namespace, toKind: ref.kind, toNs: ref.namespace, name: ref.name });
          }
        }
      }
      for (const gateway of ofKind(objects, 'Gateway')) {
        for (const ref of gateway.spec.listeners.flatMap((l: any) => l.tls?.certificateRefs ?? [])) {
          if (ref.namespace !== undefined && ref.namespace !== gateway.metadata.namespace) {
            references.push({ fromKind: 'Gateway', fromNs: gateway.metadata.namespace, toKind: ref.kind, toNs: ref.namespace, name: ref.name });
          }
        }
      }
      expect(references.length).toBeGreaterThanOrEqual(5);
      for (const ref of references) {
        const covering = grants.filter(g => g.metadata.namespace === ref.toNs
          && g.spec.from.some((f: any) => f.kind === ref.fromKind && f.namespace === ref.fromNs)
          && g.spec.to.some((t: any) => t.kind === ref.toKind && (t.name === undefined || t.name === ref.name)));
        expect(covering).toHaveLength(1);
      }
      // Narrow: one referring kind and namespace per grant, named targets only, each target actually referenced.
      for (const grant of grants) {
        expect(grant.spec.from).toHaveLength(1);
        for (const to of grant.spec.to) {
          expect(to.name).toEqual(expect.any(String));
          expect(references.some(r => r.toNs === grant.metadata.namespace && r.fromKind === grant.spec.from[0].kind
            && r.fromNs === grant.spec.from[0].namespace && r.name === to.name && r.toKind === to.kind)).toBe(true);
        }
      }
    }
  });

  test('the grants: api-keys for HTTPRoutes; nvcf for HTTPRoutes (two Services) and, separately, for the TCPRoute', () => {
    const grants = ofKind(Testing.synth(seedDeployment(GatewayApiVersion.V1_2).chart), 'ReferenceGrant');
    expect(grants.map(g => [g.metadata.namespace, g.metadata.name, g.spec.from[0].kind, g.spec.to.map((t: any) => t.name)])).toStrictEqual([
      ['api-keys', 'allow-httproutes-from-envoy-gateway', 'HTTPRoute', ['api-keys']],
      ['nvcf', 'allow-httproutes-from-envoy-gateway', 'HTTPRoute', ['invocation-service', 'nvcf-api']],
      ['nvcf', 'allow-tcproutes-from-envoy-gateway', 'TCPRoute', ['grpc-proxy']],
    ]);
  });

  test('v1.2 writes TCPRoute v1alpha2 and ReferenceGrant v1beta1; v1.6 writes v1 everywhere; nothing else differs', () => {
    const v12 = Testing.synth(seedDeployment(GatewayApiVersion.V1_2).chart);
    const v16 = Testing.synth(seedDeployment(GatewayApiVersion.V1_6).chart);
    const versions = (objects: any[]) => Object.fromEntries(objects.map(o => [o.kind, o.apiVersion]));
    expect(versions(v12)).toStrictEqual({
      Namespace: 'v1',
      GatewayClass: 'gateway.networking.k8s.io/v1',
      Gateway: 'gateway.networking.k8s.io/v1',
      HTTPRoute: 'gateway.networking.k8s.io/v1',
      TCPRoute: 'gateway.networking.k8s.io/v1alpha2',
      ReferenceGrant: 'gateway.networking.k8s.io/v1beta1',
    });
    expect(versions(v16)).toStrictEqual({
      Namespace: 'v1',
      GatewayClass: 'gateway.networking.k8s.io/v1',
      Gateway: 'gateway.networking.k8s.io/v1',
      HTTPRoute: 'gateway.networking.k8s.io/v1',
      TCPRoute: 'gateway.networking.k8s.io/v1',
      ReferenceGrant: 'gateway.networking.k8s.io/v1',
    });
    expect(v16.map(({ apiVersion, ...rest }) => rest)).toStrictEqual(v12.map(({ apiVersion, ...rest }) => rest));
  });

  test('the chart records the Gateway API release and declares the Services it references but does not create', () => {
    const { chart } = seedDeployment(GatewayApiVersion.V1_6);
    expect([...chartReleases(chart).entries()].map(([p, r]) => `${p}@${[...r].join(',')}`)).toStrictEqual(['gateway-api@v1.6.1']);
    expect(chartKnownObjects(chart)).toStrictEqual([
      { apiVersion: 'v1', kind: 'Service', name: 'api-keys', namespace: 'api-keys' },
      { apiVersion: 'v1', kind: 'Service', name: 'nvcf-api', namespace: 'nvcf' },
      { apiVersion: 'v1', kind: 'Service', name: 'invocation-service', namespace: 'nvcf' },
      { apiVersion: 'v1', kind: 'Service', name: 'grpc-proxy', namespace: 'nvcf' },
    ]);
    expect([...chartReleases(seedDeployment(GatewayApiVersion.V1_2).chart).get('gateway-api')!]).toStrictEqual(['v1.2.0']);
  });

  test('the same input gives byte-identical output', () => {
    const a = Yaml.stringify(...Testing.synth(productionDeployment(GatewayApiVersion.V1_2).chart));
    const b = Yaml.stringify(...Testing.synth(productionDeployment(GatewayApiVersion.V1_2).chart));
    expect(a).toBe(b);
  });
});

describe('the production variant', () => {
  test('HTTPS listener on 443 with the certificate Secret in its namespace, the cross-namespace grant, and the redirect', () => {
    const objects = Testing.synth(productionDeployment(GatewayApiVersion.V1_2).chart);
    const [gateway] = ofKind(objects, 'Gateway');
    expect(gateway.spec.listeners.map((l: any) => [l.name, l.port, l.protocol])).toStrictEqual([
      ['http', 80, 'HTTP'], ['tcp', 10081, 'TCP'], ['https', 443, 'HTTPS'],
    ]);
    expect(gateway.spec.listeners[2].tls).toStrictEqual({
      mode: 'Terminate',
      certificateRefs: [{ group: '', kind: 'Secret', name: 'nvcf-wildcard-tls', namespace: 'cert-manager' }],
    });
    expect(gateway.spec.infrastructure.annotations['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internal');
    const grant = ofKind(objects, 'ReferenceGrant').find(g => g.metadata.namespace === 'cert-manager');
    expect(grant.spec).toStrictEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'envoy-gateway' }],
      to: [{ group: '', kind: 'Secret', name: 'nvcf-wildcard-tls' }],
    });

    const routes = ofKind(objects, 'HTTPRoute');
    const redirect = routes.find(r => r.metadata.name === 'nvcf-gateway-https-redirect');
    expect(redirect.spec.parentRefs.map((p: any) => p.sectionName)).toStrictEqual(['http']);
    // Every path (the match the API server would give a rule without one, written out).
    expect(redirect.spec.rules).toStrictEqual([{
      filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
    }]);
    // The platform routes leave the redirected listener to the redirect route.
    for (const route of routes.filter(r => r !== redirect)) {
      expect(route.spec.parentRefs.map((p: any) => p.sectionName)).toStrictEqual(['https']);
      expect(route.metadata.annotations).toStrictEqual({ 'external-dns.alpha.kubernetes.io/ttl': '60' });
    }
    expect(routes.map(r => r.spec.hostnames?.[0])).toStrictEqual([
      undefined, 'api-keys.nvcf.example.com', 'api.nvcf.example.com', 'invocation.nvcf.example.com', 'llm.invocation.nvcf.example.com',
    ]);
  });
});
