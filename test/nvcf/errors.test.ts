import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { manifestValidationErrors, validationErrors } from './fixtures';
import {
  BackendService, GrpcTcpRoute, HostnameRoute, HttpsTermination, ListenerProtocol, LoadBalancer, NvcfGateway, NvcfGatewayClass,
  NvcfGatewayProps, NvcfPlatformRoutes, PathMatch, PlatformNamespace, RouteKind, TlsCertificate, Gateway,
} from '../../src';

const DOMAIN = 'nvcf.example.com';
const chart = () => new Chart(Testing.app(), 'nvcf', { disableResourceNameHashes: true });
const gateway = (props: Partial<NvcfGatewayProps> = {}, c: Chart = chart()) => new NvcfGateway(c, 'gw', { domain: DOMAIN, ...props });
const backend = BackendService.fromName('api-keys', 'api-keys', 8080);
const cert = (dnsNames?: string[]) => TlsCertificate.fromTlsCertificateAttributes(Testing.chart(), 'Tls', { secretName: 'nvcf-tls', secretNamespace: 'envoy-gateway', dnsNames });
const route = (gw: NvcfGateway, props: any = {}) =>
  new HostnameRoute(gw.node.scope as Chart, 'route', { gateway: gw, hostnames: [gw.hostname('api')], backend, ...props });

describe('NvcfGateway refuses bad input', () => {
  test.each([
    [{ domain: 'NVCF.example.com' }, /^NvcfGateway 'nvcf\/gw': domain 'NVCF\.example\.com' is not a valid hostname .* Use 'nvcf\.example\.com'\.$/],
    [{ domain: '10.0.0.5' }, /^NvcfGateway 'nvcf\/gw': domain '10\.0\.0\.5' is an IP address.* Use a DNS name .* '10\.0\.0\.5\.nip\.io'\.$/],
    [{ domain: '*.nvcf.example.com' }, /domain '\*\.nvcf\.example\.com' is a wildcard\. Use the domain itself: 'nvcf\.example\.com'\./],
    [{ name: 'NVCF_Gateway' }, /^NvcfGateway 'nvcf\/gw': name 'NVCF_Gateway' is not a valid RFC 1123 subdomain .* Use 'nvcf-gateway'\.$/],
    [{ namespace: 'envoy.gateway' }, /namespace 'envoy\.gateway' is not a valid RFC 1123 label .* Use 'envoy-gateway'\./],
    [{ httpPort: 0 }, /^NvcfGateway 'nvcf\/gw': listener 'http' port 0 is not a port number \(1 to 65535\)\. Use, for example, 80\.$/],
    [{ tcpPort: 70000 }, /listener 'tcp' port 70000 is not a port number \(1 to 65535\)/],
    [{ httpListenerName: 'web', tcpListenerName: 'web' }, /listener name 'web' is used twice\. Give each listener its own name, for example 'web-10081'\./],
    [{ tcpPort: 80 }, /listener 'tcp' \(TCP\) uses port 80, which listener 'http' already uses with HTTP\. Use another port\./],
    [{ httpListenerName: 'HTTP' }, /listener name 'HTTP' is not a valid RFC 1123 label .* Use 'http'\./],
    [{ platformLabelKey: 'nvcf platform' }, /platformLabelKey key 'nvcf platform' is not a valid key .* Use, for example,/],
    [{ platformLabelValue: 'yes please' }, /platformLabelValue value 'yes please' is not a valid label value .* Use, for example, 'true'\./],
    [{ gatewayClass: NvcfGatewayClass.forController('eg', 'envoy') }, /gatewayClass controllerName 'envoy' is not a valid controller name .* Use, for example, 'gateway\.envoyproxy\.io\/gatewayclass-controller'\./],
    [{ gatewayClass: NvcfGatewayClass.fromExisting('EG') }, /gatewayClass name 'EG' is not a valid RFC 1123 subdomain .* Use 'eg'\./],
    [{ namespaces: [PlatformNamespace.create('nvcf'), PlatformNamespace.create('nvcf')] }, /namespace 'nvcf' is listed twice\. List each namespace once\./],
    [{ namespaces: [PlatformNamespace.create('NVCF')] }, /namespaces name 'NVCF' is not a valid RFC 1123 label .* Use 'nvcf'\./],
    [{ namespaces: [PlatformNamespace.create('nvcf', { 'nvcf/platform': 'false' })] }, /namespace 'nvcf' label 'nvcf\/platform' is 'false', but created namespaces carry the platform label 'nvcf\/platform=true'\. Remove that label/],
    [{ loadBalancer: LoadBalancer.awsNlb(), loadBalancerAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' } },
      /loadBalancerAnnotations annotation 'service\.beta\.kubernetes\.io\/aws-load-balancer-scheme: internal' conflicts with '.*: internet-facing' set by the load-balancer preset or HTTPS\. Remove one of them\./],
    [{ loadBalancerAnnotations: { 'bad key!': 'x' } }, /loadBalancerAnnotations key 'bad key!' is not a valid key/],
    [{ loadBalancer: LoadBalancer.awsNlb(), loadBalancerAnnotations: Object.fromEntries([1, 2, 3, 4, 5, 6].map(i => [`example.com/a${i}`, 'x'])) },
      /the load balancer would get 9 annotations \(.*\), more than the 8 a Gateway's spec\.infrastructure holds\. Drop some of loadBalancerAnnotations\./],
    [{ https: HttpsTermination.atAwsLoadBalancer({ certificateArns: ['arn:aws:acm:us-west-2:123456789012:certificate/abc'] }) },
      /https terminates TLS at the AWS load balancer, but loadBalancer is 'on-premises'\. Use loadBalancer: LoadBalancer\.awsNlb\(\)/],
    [{ https: HttpsTermination.atGateway({ port: 99999, certificate: cert() }) }, /listener 'https' port 99999 is not a port number \(1 to 65535\)\. Use, for example, 443\./],
    [{ https: HttpsTermination.atGateway({ hostname: 'API.example.com', certificate: cert() }) }, /listener 'https' hostname 'API\.example\.com' is not a valid hostname .* Use 'api\.example\.com'\./],
    [{ https: HttpsTermination.atGateway({ certificate: { secretName: 'TLS', secretNamespace: 'envoy-gateway' } }) }, /listener 'https' certificate secretName 'TLS' is not a valid RFC 1123 subdomain .* Use 'tls'\./],
  ].map(([props, message], i) => [`${i + 1}: ${Object.keys(props).join(', ')}`, props, message]))('%s', (_, props, message) => {
    expect(() => gateway(props as any)).toThrow(message as RegExp);
  });

  test('HTTPS without a certificate', () => {
    expect(() => HttpsTermination.atGateway({} as any)).toThrow(
      /^HttpsTermination\.atGateway\(\): certificate is missing: HTTPS needs a certificate\. Pass one, for example certificate: TlsCertificate\.fromTlsCertificateAttributes/);
    expect(() => HttpsTermination.atAwsLoadBalancer({ certificateArns: [] })).toThrow(/certificateArns is empty: HTTPS needs a certificate/);
    expect(() => HttpsTermination.atAwsLoadBalancer({ certificateArns: ['arn:aws:iam::123:server-certificate/x'] })).toThrow(
      /certificateArns entry 'arn:aws:iam::123:server-certificate\/x' is not an ACM certificate ARN\. Use the form 'arn:aws:acm:<region>:<account>:certificate\/<id>'\./);
    const gw = gateway();
    expect(() => gw.addHttpsListener({ name: 'https' } as any)).toThrow(
      /^NvcfGateway 'nvcf\/gw': HTTPS listener 'https' has no certificate\. Pass one, for example certificate: TlsCertificate\.fromTlsCertificateAttributes/);
    expect(() => gw.addListener({ name: 'https', port: 443, protocol: ListenerProtocol.HTTPS })).toThrow(
      /^NvcfGateway 'nvcf\/gw': listener 'https' is HTTPS but has no certificate\. Use addHttpsListener\(\{ certificate, \.\.\. \}\)/);
  });

  test('a hostname on the TCP listener', () => {
    expect(() => gateway().addListener({ name: 'grpc2', port: 10082, protocol: ListenerProtocol.TCP, hostname: 'grpc.nvcf.example.com' })).toThrow(
      /^NvcfGateway 'nvcf\/gw': listener 'grpc2' is TCP but has hostname 'grpc\.nvcf\.example\.com': TCP listeners match no hostname .* Remove the hostname; the listener routes by port\.$/);
  });

  test('listener conflicts and kinds a protocol cannot admit', () => {
    const gw = gateway();
    expect(() => gw.addListener({ name: 'http', port: 8080, protocol: ListenerProtocol.HTTP })).toThrow(/listener name 'http' is used twice/);
    expect(() => gw.addListener({ name: 'http2', port: 80, protocol: ListenerProtocol.HTTP })).toThrow(
      /listener 'http2' has the same port 80, protocol HTTP and hostname '' as listener 'http'\. Give it another port or hostname\./);
    expect(() => gw.addListener({ name: 'x', port: 81, protocol: ListenerProtocol.HTTP, routeKinds: [RouteKind.TCP_ROUTE] })).toThrow(
      /listener 'x' \(HTTP\) cannot admit TCPRoute \(a HTTP listener admits HTTPRoute, GRPCRoute\)\. Remove it from routeKinds/);
    gw.addHttpsListener({ certificate: cert(), hostname: '*.nvcf.example.com' });
    expect(() => gw.addHttpsListener({ name: 'https2', certificate: cert(), hostname: '*.nvcf.example.com' })).toThrow(
      /listener 'https2' has the same port 443, protocol HTTPS and hostname '\*\.nvcf\.example\.com' as listener 'https'/);
  });

  test('certificates that disagree on a Gateway annotation', () => {
    const gw = gateway();
    gw.addHttpsListener({ certificate: { secretName: 'a', secretNamespace: 'envoy-gateway', gatewayAnnotations: { 'cert-manager.io/cluster-issuer': 'prod' } } });
    expect(() => gw.addHttpsListener({
      name: 'b',
      hostname: 'b.nvcf.example.com',
      certificate: { secretName: 'b', secretNamespace: 'envoy-gateway', gatewayAnnotations: { 'cert-manager.io/cluster-issuer': 'staging' } },
    })).toThrow(/certificate Secret 'envoy-gateway\/b' asks for Gateway annotation 'cert-manager\.io\/cluster-issuer: staging', but another certificate set it to 'prod'/);
  });

  test('bad factory input', () => {
    expect(() => LoadBalancer.custom({ 'not valid!': 'x' })).toThrow(/^LoadBalancer: LoadBalancer\.custom\(\) annotation key 'not valid!' is not a valid key/);
    expect(() => gateway().hostname('*')).toThrow(/^NvcfGateway 'nvcf\/gw': subdomain '\*' contains '\*'\. Use DNS labels only, for example 'api'\.$/);
    expect(() => gateway().hostname('API')).toThrow(/subdomain 'API' is not a valid hostname .* Use 'api'\./);
  });

  test('redirect without HTTPS (at synth)', () => {
    const gw = gateway({ redirectHttpToHttps: true });
    expect(validationErrors(gw.node.scope as Chart)).toStrictEqual([
      "NvcfGateway 'nvcf/gw': redirectHttpToHttps is true, but the gateway has no HTTPS listener to redirect to. " +
      'Add https: HttpsTermination.atGateway({ certificate }) (or atAwsLoadBalancer), or remove redirectHttpToHttps.',
    ]);
    gw.addHttpsListener({ certificate: cert() });
    expect(validationErrors(gw.node.scope as Chart)).toStrictEqual([]);
  });

  test('an HTTPS hostname the certificate does not cover (at synth), naming hostname and certificate', () => {
    const c = chart();
    const gw = gateway({
      https: HttpsTermination.atGateway({ hostname: '*.example.com', certificate: cert(['*.nvcf.example.com']) }),
    }, c);
    new NvcfPlatformRoutes(c, 'routes', { gateway: gw, llmInvocation: {} });
    expect(validationErrors(c)).toStrictEqual([
      "NvcfGateway 'nvcf/gw': HTTPS listener 'https' serves hostname '*.example.com' (listener 'https' hostname), which certificate " +
      "'envoy-gateway/nvcf-tls' (dnsNames '*.nvcf.example.com') does not cover; a wildcard covers exactly one label. " +
      "Add '*.example.com' to the certificate's dnsNames, or use a hostname it covers.",
      "NvcfGateway 'nvcf/gw': HTTPS listener 'https' serves hostname 'llm.invocation.nvcf.example.com' (route 'nvcf/routes/llm-invocation'), " +
      "which certificate 'envoy-gateway/nvcf-tls' (dnsNames '*.nvcf.example.com') does not cover; a wildcard covers exactly one label. " +
      "Add 'llm.invocation.nvcf.example.com' or '*.invocation.nvcf.example.com' to the certificate's dnsNames, or use a hostname it covers.",
    ]);
    expect(() => Testing.synth(c)).toThrow(/Validation failed/);
  });
});

describe('routes refuse bad input', () => {
  test('a hostname outside the gateway domain', () => {
    expect(() => route(gateway(), { hostnames: ['api.other.com'] })).toThrow(
      /^HostnameRoute 'nvcf\/route': hostname 'api\.other\.com' is outside the gateway's domain 'nvcf\.example\.com'\. Use a hostname under it, for example 'api\.nvcf\.example\.com' \(gateway\.hostname\('api'\)\), or change the gateway's domain\.$/);
    expect(() => route(gateway(), { hostnames: ['example.com'] })).toThrow(/outside the gateway's domain/);
    expect(() => route(gateway(), { hostnames: ['xnvcf.example.com'] })).toThrow(/outside the gateway's domain/);
  });

  test('more than 16 hostnames', () => {
    const hostnames = Array.from({ length: 17 }, (_, i) => `h${i}.${DOMAIN}`);
    expect(() => route(gateway(), { hostnames })).toThrow(
      /^HostnameRoute 'nvcf\/route': hostname 'h16\.nvcf\.example\.com' would be hostname 17, more than the 16 an HTTPRoute holds\. Split the hostnames over a second HostnameRoute\.$/);
    const sixteen = route(gateway(), { hostnames: hostnames.slice(0, 16) });
    expect(() => sixteen.addHostname(`x.${DOMAIN}`)).toThrow(/would be hostname 17/);
  });

  test.each([
    [{ hostnames: ['API.nvcf.example.com'] }, /^HostnameRoute 'nvcf\/route': hostname 'API\.nvcf\.example\.com' is not a valid hostname .* Use 'api\.nvcf\.example\.com'\.$/],
    [{ hostnames: [] }, /hostnames is empty: a HostnameRoute serves at least one hostname/],
    [{ hostnames: ['api.nvcf.example.com', 'api.nvcf.example.com'] }, /hostname 'api\.nvcf\.example\.com' is listed twice\. List it once\./],
    [{ name: 'Api Keys' }, /name 'Api Keys' is not a valid RFC 1123 subdomain .* Use 'api-keys'\./],
    [{ namespace: 'Nvcf' }, /namespace 'Nvcf' is not a valid RFC 1123 label .* Use 'nvcf'\./],
    [{ backend: BackendService.fromName('api', 'nvcf', 0) }, /^HostnameRoute 'nvcf\/route': backend\.port 0 is not a port number \(1 to 65535\)\. Use the Service port, for example 8080\.$/],
    [{ backend: BackendService.fromName('API', 'nvcf', 80) }, /backend\.name 'API' is not a valid RFC 1123 label/],
    [{ backend: undefined }, /backend is missing\. Pass one, for example BackendService\.fromName/],
    [{ paths: [PathMatch.prefix('v1')] }, /path 'v1' is not a valid PathPrefix path .* Use '\/v1'\./],
    [{ paths: [PathMatch.exact('/v1//chat?x=1')] }, /path '\/v1\/\/chat\?x=1' is not a valid Exact path .* Use '\/v1\/chat'\./],
    [{ paths: [] }, /paths is empty\. Leave it out to match every request/],
    [{ annotations: { 'external dns': 'x' } }, /annotations key 'external dns' is not a valid key/],
    [{ sectionNames: ['HTTP'] }, /sectionNames entry 'HTTP' is not a valid RFC 1123 label/],
  ].map(([props, message], i) => [`${i + 1}: ${Object.keys(props).join(', ')}`, props, message]))('HostnameRoute %s', (_, props, message) => {
    expect(() => route(gateway(), props)).toThrow(message as RegExp);
  });

  test('a route attached to a listener that does not admit its kind (at synth)', () => {
    const gw = gateway();
    const c = gw.node.scope as Chart;
    route(gw, { sectionNames: ['tcp'] });
    new GrpcTcpRoute(c, 'grpc', { gateway: gw, sectionName: 'http', backend: BackendService.fromName('grpc-proxy', 'nvcf', 10081) });
    new GrpcTcpRoute(c, 'grpc2', { gateway: gw, sectionName: 'grpc', backend: BackendService.fromName('grpc-proxy', 'nvcf', 10081) });
    expect(validationErrors(c)).toStrictEqual([
      "HostnameRoute 'nvcf/route': listener 'tcp' (TCP, port 10081) of Gateway 'envoy-gateway/nvcf-gateway' does not admit HTTPRoute " +
      "(it admits TCPRoute). Attach to 'http' instead.",
      "GrpcTcpRoute 'nvcf/grpc': listener 'http' (HTTP, port 80) of Gateway 'envoy-gateway/nvcf-gateway' does not admit TCPRoute " +
      "(it admits HTTPRoute). Attach to 'tcp' instead.",
      "GrpcTcpRoute 'nvcf/grpc2': sectionName 'grpc' names no listener of Gateway 'envoy-gateway/nvcf-gateway' " +
      "(listeners: 'http', 'tcp'). Use one of those.",
    ]);
  });

  test('a listener hostname that matches none of the route hostnames (at synth)', () => {
    const gw = gateway();
    gw.addListener({ name: 'metrics', port: 9090, protocol: ListenerProtocol.HTTP, hostname: 'metrics.nvcf.example.com' });
    route(gw, { sectionNames: ['http', 'metrics'] });
    expect(validationErrors(gw.node.scope as Chart)).toStrictEqual([
      "HostnameRoute 'nvcf/route': listener 'metrics' hostname 'metrics.nvcf.example.com' matches none of the route's hostnames " +
      "('api.nvcf.example.com'), so the route would not attach to it. Remove it from sectionNames or use a hostname it matches.",
    ]);
  });

  test('no listener admits the kind for the route hostnames (at synth)', () => {
    const c = chart();
    const existing = Gateway.fromGatewayAttributes(c, 'gw', {
      gatewayName: 'gw', gatewayNamespace: 'gw', listeners: [{ name: 'web', port: 80, protocol: ListenerProtocol.HTTP, hostname: 'a.example.com' }],
    });
    new HostnameRoute(c, 'route', { gateway: existing, hostnames: ['b.example.com'], backend });
    expect(validationErrors(c)).toStrictEqual([
      "HostnameRoute 'nvcf/route': no listener of Gateway 'gw/gw' admits HTTPRoute for its hostnames (listeners: 'web' (HTTP)). " +
      'Add a listener that admits HTTPRoute, or attach to another gateway.',
    ]);
  });

  test('routes in a namespace whose routes the gateway does not admit (at synth)', () => {
    const c = chart();
    const gw = gateway({ namespaces: [PlatformNamespace.fromExisting('nvcf', { team: 'nvcf' })] }, c);
    route(gw, { namespace: 'nvcf' });
    new GrpcTcpRoute(c, 'grpc', { gateway: gw, namespace: 'elsewhere', backend: BackendService.fromName('grpc-proxy', 'nvcf', 10081) });
    expect(validationErrors(c)).toStrictEqual([
      "HostnameRoute 'nvcf/route': namespace 'nvcf' exists without the label nvcf/platform=true, so the Gateway's listeners do not admit " +
      'routes from it. Label it (kubectl label namespace nvcf nvcf/platform=true) and declare the label: ' +
      "PlatformNamespace.fromExisting('nvcf', { 'nvcf/platform': 'true' }).",
      "GrpcTcpRoute 'nvcf/grpc': namespace 'elsewhere' is not a platform namespace of Gateway 'envoy-gateway/nvcf-gateway' " +
      "('envoy-gateway', 'nvcf'), whose listeners admit routes only from namespaces labelled nvcf/platform=true. " +
      "Add it: addNamespace(PlatformNamespace.create('elsewhere')), or PlatformNamespace.fromExisting('elsewhere', " +
      "{ 'nvcf/platform': 'true' }) once labelled.",
    ]);
    // The manifest validation, reading only the output, reaches the same verdict.
    expect(manifestValidationErrors(c).join('\n')).toMatch(
      /HTTPRoute 'nvcf\/nvcf-route' .* NotAllowedByListeners: .*Namespace 'nvcf' has labels team=nvcf[\s\S]*TCPRoute 'elsewhere\/nvcf-grpc' .* NotAllowedByListeners: unverified:/);
  });

  test('GrpcTcpRoute bad input', () => {
    const gw = gateway();
    const c = gw.node.scope as Chart;
    expect(() => new GrpcTcpRoute(c, 'a', { gateway: gw, backend: BackendService.fromName('grpc', 'nvcf', 70000) })).toThrow(
      /^GrpcTcpRoute 'nvcf\/a': backend\.port 70000 is not a port number \(1 to 65535\)\. Use the Service port, for example 8080\.$/);
    expect(() => new GrpcTcpRoute(c, 'b', { gateway: gw, sectionName: 'TCP', backend })).toThrow(/sectionName 'TCP' is not a valid RFC 1123 label/);
    const multi = new kplus.Service(c, 'svc', { metadata: { name: 'grpc', namespace: 'nvcf' }, ports: [{ port: 1 }, { port: 2 }] });
    expect(() => new GrpcTcpRoute(c, 'c', { gateway: gw, backend: BackendService.fromService(multi) })).toThrow(
      /GrpcTcpRoute 'nvcf\/c': backend: Service 'grpc' has 2 ports \(1, 2\), so the port to use is ambiguous\. Pass it/);
  });

  test('NvcfPlatformRoutes bad input', () => {
    const c = chart();
    const existing = Gateway.fromGatewayAttributes(c, 'existing', { gatewayName: 'gw', gatewayNamespace: 'gw' });
    expect(() => new NvcfPlatformRoutes(c, 'a', { gateway: existing })).toThrow(
      /^NvcfPlatformRoutes 'nvcf\/a': domain is missing: Gateway 'gw\/gw' has no domain of its own \(an NvcfGateway has\)\. Pass domain, for example 'nvcf\.example\.com'\.$/);
    expect(() => new NvcfPlatformRoutes(c, 'b', { gateway: existing, domain: 'Example.com' })).toThrow(/domain 'Example\.com' is not a valid hostname/);
    expect(() => new NvcfPlatformRoutes(c, 'c', { gateway: existing, domain: 'example.com', routeAnnotations: { 'a b': 'c' } })).toThrow(
      /routeAnnotations key 'a b' is not a valid key/);
    const gw = gateway({}, chart());
    expect(() => new NvcfPlatformRoutes(gw.node.scope as Chart, 'e', {
      gateway: gw, routeAnnotations: { 'example.com/team': 'nvcf' }, grpc: { annotations: { 'example.com/team': 'grpc' } },
    })).toThrow(/^NvcfPlatformRoutes 'nvcf\/e': grpc\.annotations 'example\.com\/team: grpc' conflicts with routeAnnotations 'example\.com\/team: nvcf'\. Set it in one place only\.$/);
    expect(() => new NvcfPlatformRoutes(gw.node.scope as Chart, 'd', { gateway: gw, apiKeys: { subdomain: 'Keys' } })).toThrow(
      /^HostnameRoute 'nvcf\/d\/api-keys': hostname 'Keys\.nvcf\.example\.com' is not a valid hostname/);
  });
});
