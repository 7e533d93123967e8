import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ofKind, validationErrors } from './fixtures';
import {
  BackendService, Gateway, GatewayApiVersion, GrpcTcpRoute, HostnameRoute, HttpsTermination, ListenerProtocol, LoadBalancer,
  LoadBalancerScheme, NvcfGateway, NvcfGatewayClass, NvcfPlatformRoutes, PathMatch, PlatformNamespace, RouteKind, TlsCertificate,
} from '../../src';
import { chartKnownObjects } from '../../src/validation/targets';

const chart = () => new Chart(Testing.app(), 'nvcf', { disableResourceNameHashes: true });
const gatewayOf = (objects: any[]) => ofKind(objects, 'Gateway')[0];
const sectionNames = (route: any) => route.spec.parentRefs.map((p: any) => p.sectionName);

describe('NvcfGateway options', () => {
  test('existing namespaces and GatewayClass are referenced, not created, and declared with their labels', () => {
    const c = chart();
    new NvcfGateway(c, 'gw', {
      domain: 'nvcf.example.com',
      gatewayClass: NvcfGatewayClass.fromExisting('istio'),
      namespaces: [
        PlatformNamespace.fromExisting('envoy-gateway', { 'nvcf/platform': 'true', 'team': 'platform' }),
        PlatformNamespace.create('nvcf', { team: 'nvcf' }),
      ],
    });
    const objects = Testing.synth(c);
    expect(ofKind(objects, 'GatewayClass')).toStrictEqual([]);
    expect(gatewayOf(objects).spec.gatewayClassName).toBe('istio');
    expect(ofKind(objects, 'Namespace').map(n => [n.metadata.name, n.metadata.labels])).toStrictEqual([
      ['nvcf', { 'nvcf/platform': 'true', 'team': 'nvcf' }],
    ]);
    expect(chartKnownObjects(c)).toStrictEqual([
      { apiVersion: 'v1', kind: 'Namespace', name: 'envoy-gateway', labels: { 'nvcf/platform': 'true', 'team': 'platform' } },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', name: 'istio' },
    ]);
  });

  test('a GatewayClass for any controller; ports, listener names and the label are configurable', () => {
    const c = chart();
    new NvcfGateway(c, 'gw', {
      domain: 'nvcf.example.com',
      name: 'edge',
      namespace: 'ingress',
      gatewayClass: NvcfGatewayClass.forController('traefik', 'traefik.io/gateway-controller'),
      httpListenerName: 'web',
      httpPort: 8080,
      tcpListenerName: 'grpc',
      tcpPort: 9000,
      platformLabelKey: 'example.com/ingress',
      platformLabelValue: 'allowed',
    });
    const objects = Testing.synth(c);
    expect(ofKind(objects, 'GatewayClass')[0].spec).toStrictEqual({ controllerName: 'traefik.io/gateway-controller' });
    const gateway = gatewayOf(objects);
    expect(gateway.metadata).toStrictEqual({ name: 'edge', namespace: 'ingress' });
    expect(gateway.spec.listeners.map((l: any) => [l.name, l.port, l.allowedRoutes.namespaces.selector.matchLabels])).toStrictEqual([
      ['web', 8080, { 'example.com/ingress': 'allowed' }],
      ['grpc', 9000, { 'example.com/ingress': 'allowed' }],
    ]);
    expect(ofKind(objects, 'Namespace').map(n => [n.metadata.name, n.metadata.labels])).toStrictEqual([
      ['ingress', { 'example.com/ingress': 'allowed' }],
      ['api-keys', { 'example.com/ingress': 'allowed' }],
      ['nvcf', { 'example.com/ingress': 'allowed' }],
    ]);
  });

  test.each([
    ['AWS NLB internal', LoadBalancer.awsNlb(LoadBalancerScheme.INTERNAL), {
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
    }],
    ['GKE internal', LoadBalancer.gke(LoadBalancerScheme.INTERNAL), { 'networking.gke.io/load-balancer-type': 'Internal' }],
    ['GKE external', LoadBalancer.gke(), undefined],
    ['AKS internal', LoadBalancer.aks(LoadBalancerScheme.INTERNAL), { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' }],
    ['AKS public', LoadBalancer.aks(), undefined],
    ['on-premises', LoadBalancer.onPremises(), undefined],
    ['custom', LoadBalancer.custom({ 'metallb.universe.tf/address-pool': 'public' }), { 'metallb.universe.tf/address-pool': 'public' }],
  ])('load balancer preset: %s', (_, loadBalancer, annotations) => {
    const c = chart();
    new NvcfGateway(c, 'gw', { domain: 'nvcf.example.com', loadBalancer });
    expect(gatewayOf(Testing.synth(c)).spec.infrastructure?.annotations).toStrictEqual(annotations);
  });

  test('free-form load-balancer annotations add to the preset', () => {
    const c = chart();
    new NvcfGateway(c, 'gw', {
      domain: 'nvcf.example.com',
      loadBalancer: LoadBalancer.gke(LoadBalancerScheme.INTERNAL),
      loadBalancerAnnotations: { 'networking.gke.io/internal-load-balancer-allow-global-access': 'true' },
    });
    expect(gatewayOf(Testing.synth(c)).spec.infrastructure.annotations).toStrictEqual({
      'networking.gke.io/internal-load-balancer-allow-global-access': 'true',
      'networking.gke.io/load-balancer-type': 'Internal',
    });
  });

  test('TLS at the AWS load balancer: ACM annotations and a plain-HTTP listener on 443 that routes attach to', () => {
    const c = chart();
    const gateway = new NvcfGateway(c, 'gw', {
      domain: 'nvcf.example.com',
      loadBalancer: LoadBalancer.awsNlb(),
      https: HttpsTermination.atAwsLoadBalancer({
        certificateArns: ['arn:aws:acm:us-west-2:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666'],
        sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      }),
    });
    new NvcfPlatformRoutes(c, 'routes', { gateway });
    const objects = Testing.synth(c);
    const spec = gatewayOf(objects).spec;
    expect(spec.infrastructure.annotations).toMatchObject({
      'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': 'arn:aws:acm:us-west-2:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666',
      'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': '443',
      'service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
    expect(spec.listeners.map((l: any) => [l.name, l.port, l.protocol, l.tls])).toStrictEqual([
      ['http', 80, 'HTTP', undefined], ['tcp', 10081, 'TCP', undefined], ['https', 443, 'HTTP', undefined],
    ]);
    expect(gateway.httpsListenerNames).toStrictEqual(['https']);
    expect(ofKind(objects, 'HTTPRoute').map(sectionNames)).toStrictEqual([['http', 'https'], ['http', 'https'], ['http', 'https']]);
  });

  test('redirect to an HTTPS listener on another port names the port', () => {
    const c = chart();
    new NvcfGateway(c, 'gw', {
      domain: 'nvcf.example.com',
      https: HttpsTermination.atGateway({
        port: 8443, certificate: TlsCertificate.fromTlsCertificateAttributes(c, 'Tls', { secretName: 'tls', secretNamespace: 'envoy-gateway' }),
      }),
      redirectHttpToHttps: true,
    });
    const redirect = ofKind(Testing.synth(c), 'HTTPRoute')[0];
    expect(redirect.spec.rules[0].filters[0].requestRedirect).toStrictEqual({ scheme: 'https', port: 8443, statusCode: 301 });
  });

  test('a certificate in the Gateway namespace needs no grant; its gatewayAnnotations go on the Gateway; the Secret is declared', () => {
    const c = chart();
    new NvcfGateway(c, 'gw', {
      domain: 'nvcf.example.com',
      https: HttpsTermination.atGateway({
        // cert-manager issues for the listener's hostname, so an annotated certificate needs one.
        hostname: '*.nvcf.example.com',
        certificate: {
          secretName: 'nvcf-tls',
          secretNamespace: 'envoy-gateway',
          dnsNames: ['*.nvcf.example.com'],
          gatewayAnnotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' },
        },
      }),
    });
    const objects = Testing.synth(c);
    const gateway = gatewayOf(objects);
    expect(gateway.metadata.annotations).toStrictEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
    expect(gateway.spec.listeners[2].tls.certificateRefs).toStrictEqual([{ group: '', kind: 'Secret', name: 'nvcf-tls' }]);
    expect(ofKind(objects, 'ReferenceGrant')).toStrictEqual([]);
    expect(chartKnownObjects(c)).toContainEqual({ apiVersion: 'v1', kind: 'Secret', name: 'nvcf-tls', namespace: 'envoy-gateway' });
  });

  test('a narrower HTTPS listener with its own certificate serves its hostnames; the coverage check follows', () => {
    const c = chart();
    const gateway = new NvcfGateway(c, 'gw', {
      domain: 'nvcf.example.com',
      https: HttpsTermination.atGateway({
        hostname: '*.nvcf.example.com',
        certificate: TlsCertificate.fromTlsCertificateAttributes(c, 'Tls', { secretName: 'wild', secretNamespace: 'envoy-gateway', dnsNames: ['*.nvcf.example.com'] }),
      }),
    });
    new NvcfPlatformRoutes(c, 'routes', { gateway, llmInvocation: {} });
    expect(validationErrors(c)).toHaveLength(1); // llm.invocation.nvcf.example.com is two labels below the wildcard
    // Added after the routes: they attach to it (specs are computed at synth).
    gateway.addHttpsListener({
      name: 'https-invocation',
      hostname: '*.invocation.nvcf.example.com',
      certificate: TlsCertificate.fromTlsCertificateAttributes(c, 'TlsInvocation', {
        secretName: 'invocation', secretNamespace: 'envoy-gateway', dnsNames: ['*.invocation.nvcf.example.com'],
      }),
    });
    expect(validationErrors(c)).toStrictEqual([]);
    const routes = ofKind(Testing.synth(c), 'HTTPRoute');
    expect(routes.map(r => [r.metadata.name, sectionNames(r)])).toStrictEqual([
      ['api-keys', ['http', 'https']],
      ['nvcf-api', ['http', 'https']],
      ['invocation', ['http', 'https']],
      ['llm-invocation', ['http', 'https', 'https-invocation']],
    ]);
  });

  test('addListener adds listeners that admit only their kind', () => {
    const c = chart();
    const gateway = new NvcfGateway(c, 'gw', { domain: 'nvcf.example.com' });
    gateway.addListener({ name: 'metrics', port: 9090, protocol: ListenerProtocol.HTTP, hostname: 'metrics.nvcf.example.com' });
    expect(gateway.listeners.map(l => [l.name, l.routeKinds])).toStrictEqual([
      ['http', [RouteKind.HTTP_ROUTE]], ['tcp', [RouteKind.TCP_ROUTE]], ['metrics', [RouteKind.HTTP_ROUTE]],
    ]);
    expect(gateway.hostname('llm.invocation')).toBe('llm.invocation.nvcf.example.com');
  });
});

describe('HostnameRoute and GrpcTcpRoute', () => {
  test('a cdk8s-plus Service backend in another namespace: grant, no known-object declaration', () => {
    const c = chart();
    const gateway = new NvcfGateway(c, 'gw', { domain: 'nvcf.example.com' });
    const service = new kplus.Service(c, 'svc', { metadata: { name: 'console', namespace: 'nvcf' }, ports: [{ port: 3000 }] });
    const route = new HostnameRoute(c, 'console', {
      gateway,
      name: 'console',
      hostnames: [gateway.hostname('console')],
      backend: BackendService.fromService(service),
      paths: [PathMatch.prefix('/ui'), PathMatch.exact('/healthz')],
      annotations: { 'external-dns.alpha.kubernetes.io/hostname': 'console.nvcf.example.com' },
    });
    route.addHostname(gateway.hostname('ui'));
    const objects = Testing.synth(c);
    const [http] = ofKind(objects, 'HTTPRoute');
    expect(http.metadata).toStrictEqual({
      name: 'console',
      namespace: 'envoy-gateway',
      annotations: { 'external-dns.alpha.kubernetes.io/hostname': 'console.nvcf.example.com' },
    });
    expect(http.spec).toStrictEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'nvcf-gateway', namespace: 'envoy-gateway', sectionName: 'http' }],
      hostnames: ['console.nvcf.example.com', 'ui.nvcf.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/ui' } }, { path: { type: 'Exact', value: '/healthz' } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'console', namespace: 'nvcf', port: 3000, weight: 1 }],
      }],
    });
    expect(ofKind(objects, 'ReferenceGrant').map(g => [g.metadata.namespace, g.spec.to])).toStrictEqual([
      ['nvcf', [{ group: '', kind: 'Service', name: 'console' }]],
    ]);
    expect(chartKnownObjects(c).filter(o => o.kind === 'Service')).toStrictEqual([]);
  });

  test('a route in its backend\'s namespace needs no grant', () => {
    const c = chart();
    const gateway = new NvcfGateway(c, 'gw', { domain: 'nvcf.example.com' });
    new HostnameRoute(c, 'api', {
      gateway, namespace: 'nvcf', hostnames: ['api.nvcf.example.com'], backend: BackendService.fromName('nvcf-api', 'nvcf', 8080),
    });
    expect(ofKind(Testing.synth(c), 'ReferenceGrant')).toStrictEqual([]);
  });

  test('routes on an existing Gateway follow its version and listeners; without listeners they attach by gateway', () => {
    const c = chart();
    const known = Gateway.fromGatewayAttributes(c, 'known', {
      gatewayName: 'shared',
      gatewayNamespace: 'gateways',
      gatewayApiVersion: GatewayApiVersion.V1_6,
      listeners: [{ name: 'web', port: 80, protocol: ListenerProtocol.HTTP }, { name: 'grpc', port: 10081, protocol: ListenerProtocol.TCP }],
    });
    const unknown = Gateway.fromGatewayAttributes(c, 'unknown', { gatewayName: 'other', gatewayNamespace: 'gateways' });
    new NvcfPlatformRoutes(c, 'routes', { gateway: known, domain: 'nvcf.example.com' });
    new GrpcTcpRoute(c, 'grpc', { gateway: unknown, name: 'grpc-other', backend: BackendService.fromName('grpc-proxy', 'nvcf', 10081) });
    const objects = Testing.synth(c);
    const tcp = ofKind(objects, 'TCPRoute');
    expect(tcp.map(r => [r.apiVersion, r.metadata.name, sectionNames(r)])).toStrictEqual([
      ['gateway.networking.k8s.io/v1', 'grpc', ['grpc']],
      ['gateway.networking.k8s.io/v1alpha2', 'grpc-other', [undefined]],
    ]);
    expect(ofKind(objects, 'HTTPRoute').map(sectionNames)).toStrictEqual([['web'], ['web'], ['web']]);
  });

  test('platform route overrides: backends, subdomains, namespace', () => {
    const c = chart();
    const gateway = new NvcfGateway(c, 'gw', { domain: 'nvcf.example.com', namespaces: [PlatformNamespace.create('nvcf-routes')] });
    const routes = new NvcfPlatformRoutes(c, 'routes', {
      gateway,
      namespace: 'nvcf-routes',
      apiKeys: { backend: BackendService.fromName('keys', 'nvcf', 9000), subdomain: 'keys' },
      grpc: { backend: BackendService.fromName('grpc', 'nvcf', 50051) },
    });
    expect(routes.llmInvocation).toBeUndefined();
    const objects = Testing.synth(c);
    const [apiKeys] = ofKind(objects, 'HTTPRoute');
    expect(apiKeys.metadata.namespace).toBe('nvcf-routes');
    expect(apiKeys.spec.hostnames).toStrictEqual(['keys.nvcf.example.com']);
    expect(apiKeys.spec.rules[0].backendRefs[0]).toMatchObject({ name: 'keys', namespace: 'nvcf', port: 9000 });
    expect(ofKind(objects, 'TCPRoute')[0].spec.rules[0].backendRefs[0]).toMatchObject({ name: 'grpc', port: 50051 });
    expect(ofKind(objects, 'ReferenceGrant').map(g => `${g.metadata.namespace}/${g.metadata.name}`)).toStrictEqual([
      'nvcf/allow-httproutes-from-nvcf-routes', 'nvcf/allow-tcproutes-from-nvcf-routes',
    ]);
  });
});
