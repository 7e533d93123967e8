import { ApiObject, Chart, Lazy, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AcmeServer, DnsProvider, GatewayApiVersion, GatewayBase, IGatewayRoute, IssuerKind, ITlsCertificate, PlatformDomain, RouteKind,
  SubdomainSeparator, TlsCertificate, TlsIssuance, TlsMode, WildcardTls,
} from '../../src';
import { gatewayApiClasses } from '../../src/gateway-api/version';

/**
 * How a gateway serves an ITlsCertificate: the smallest gateway of another kind, built on GatewayBase as a
 * third party would, with HTTPS listeners and routes registered on them.
 */
interface TestHttpsListener {
  readonly name: string;
  readonly certificate: ITlsCertificate;
  readonly hostname?: string;
  /** The hostnames of the routes attached to the listener. */
  readonly routeHostnames?: string[];
}

class TestGateway extends GatewayBase {
  public readonly gatewayName: string;
  public readonly gatewayNamespace = 'envoy-gateway';
  public readonly gatewayApiVersion: GatewayApiVersion;
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, listeners: TestHttpsListener[], version = GatewayApiVersion.V1_2) {
    super(scope, id, 'TestGateway');
    this.gatewayName = id;
    this.gatewayApiVersion = version;
    this.apiObject = new (gatewayApiClasses(version).Gateway)(this, 'Resource', {
      metadata: { name: id, namespace: this.gatewayNamespace },
      spec: Lazy.any({ produce: () => ({ gatewayClassName: 'eg', listeners: this._listenerSpecs(() => undefined) }) }),
    });
    for (const l of listeners) {
      this.addHttpsListener({ name: l.name, certificate: l.certificate, hostname: l.hostname });
      if (l.routeHostnames !== undefined) {
        const route: IGatewayRoute = Object.assign(new Construct(this, `route-${l.name}`), {
          routeKind: RouteKind.HTTP_ROUTE, hostnames: l.routeHostnames, sectionNames: [l.name],
        });
        this.registerRoute(route);
      }
    }
  }

  protected get _gatewayObject(): ApiObject | undefined {
    return this.apiObject;
  }
}

function setup(separator = SubdomainSeparator.DOT, namespace = 'envoy-gateway') {
  const chart = Testing.chart();
  const domain = new PlatformDomain(chart, 'domain', { baseDomain: 'ai-gateway.example.com', separator });
  const tls = new WildcardTls(chart, 'tls', { domain, namespace, mode: TlsMode.selfSigned() });
  return { chart, domain, tls };
}

function problems(chart: Chart): string[] {
  return chart.node.findAll().flatMap(c => c.node.validate());
}

describe('a gateway serving a WildcardTls', () => {
  test('the HTTPS listener refers to the Secret; same namespace, no grant', () => {
    const { chart, domain, tls } = setup();
    new TestGateway(chart, 'platform', [{ name: 'https', certificate: tls, hostname: tls.dnsNames![0], routeHostnames: domain.hosts }]);

    const objects = Testing.synth(chart);
    const gateway = objects.find(o => o.kind === 'Gateway');
    expect(gateway.spec.listeners).toStrictEqual([{
      name: 'https',
      port: 443,
      protocol: 'HTTPS',
      hostname: '*.ai-gateway.example.com',
      tls: {
        mode: 'Terminate',
        // The Secret is in the Gateway's own namespace: the reference names none (the Gateway API infers it).
        certificateRefs: [{ group: '', kind: 'Secret', name: 'ai-gateway-example-com-wildcard-tls' }],
      },
    }]);
    expect(objects.filter(o => o.kind === 'ReferenceGrant')).toStrictEqual([]);
    expect(problems(chart)).toStrictEqual([]);
    expect(objects).toMatchSnapshot();
  });

  test.each([
    [GatewayApiVersion.V1_2, 'gateway.networking.k8s.io/v1beta1'],
    [GatewayApiVersion.V1_6, 'gateway.networking.k8s.io/v1'],
  ])('a Secret in another namespace gets one narrow ReferenceGrant (%s)', (version, apiVersion) => {
    const { chart, tls } = setup(SubdomainSeparator.DOT, 'certs');
    new TestGateway(chart, 'platform', [
      { name: 'https', certificate: tls },
      { name: 'https-alt', certificate: tls, hostname: tls.hostFor('api') },
    ], version);

    const grants = Testing.synth(chart).filter(o => o.kind === 'ReferenceGrant');
    expect(grants).toStrictEqual([{
      apiVersion,
      kind: 'ReferenceGrant',
      metadata: { name: 'allow-gateways-from-envoy-gateway', namespace: 'certs' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'envoy-gateway' }],
        to: [{ group: '', kind: 'Secret', name: 'ai-gateway-example-com-wildcard-tls' }],
      },
    }]);
  });

  test('an existing Secret elsewhere is granted as well', () => {
    const chart = Testing.chart();
    const certificate = TlsCertificate.fromTlsCertificateAttributes(chart, 'Tls', { secretName: 'corp-wildcard', secretNamespace: 'security' });
    new TestGateway(chart, 'platform', [{ name: 'https', certificate }]);

    const grant = Testing.synth(chart).find(o => o.kind === 'ReferenceGrant');
    expect(grant.metadata.namespace).toBe('security');
    expect(grant.spec.to).toStrictEqual([{ group: '', kind: 'Secret', name: 'corp-wildcard' }]);
  });

  describe('coverage check', () => {
    test("every platform host is covered, with '.' and with '-'", () => {
      for (const separator of [SubdomainSeparator.DOT, SubdomainSeparator.DASH]) {
        const { chart, domain, tls } = setup(separator);
        domain.addSubdomain('docs', 'docs');
        new TestGateway(chart, 'platform', [{ name: 'https', certificate: tls, hostname: tls.dnsNames![0], routeHostnames: domain.hosts }]);
        expect(problems(chart)).toStrictEqual([]);
      }
    });

    test('fails for a route hostname the wildcard does not cover, naming the hostname and the certificate', () => {
      const { chart, tls } = setup();
      new TestGateway(chart, 'platform', [{
        name: 'https',
        certificate: tls,
        routeHostnames: ['api.ai-gateway.example.com', 'v1.api.ai-gateway.example.com', 'ai-gateway.example.com'],
      }]);

      expect(problems(chart)).toStrictEqual([
        "TestGateway 'test/platform': HTTPS listener 'https' serves hostname 'v1.api.ai-gateway.example.com' (route " +
        "'test/platform/route-https'), which certificate 'envoy-gateway/ai-gateway-example-com-wildcard-tls' (dnsNames " +
        "'*.ai-gateway.example.com') does not cover; a wildcard covers exactly one label. Add 'v1.api.ai-gateway.example.com' " +
        "or '*.api.ai-gateway.example.com' to the certificate's dnsNames, or use a hostname it covers.",
        "TestGateway 'test/platform': HTTPS listener 'https' serves hostname 'ai-gateway.example.com' (route " +
        "'test/platform/route-https'), which certificate 'envoy-gateway/ai-gateway-example-com-wildcard-tls' (dnsNames " +
        "'*.ai-gateway.example.com') does not cover; a wildcard covers exactly one label. Add 'ai-gateway.example.com' " +
        "or '*.example.com' to the certificate's dnsNames, or use a hostname it covers.",
      ]);
      expect(() => Testing.synth(chart)).toThrow(/HTTPS listener 'https' serves hostname 'v1.api.ai-gateway.example.com'/);
    });

    test("fails for '.' hosts on a listener that serves the '-' wildcard, and for a broader listener hostname", () => {
      const dash = setup(SubdomainSeparator.DASH);
      new TestGateway(dash.chart, 'platform', [{ name: 'https', certificate: dash.tls, routeHostnames: ['api.ai-gateway.example.com'] }]);
      expect(problems(dash.chart)).toStrictEqual([expect.stringContaining("serves hostname 'api.ai-gateway.example.com' " +
        "(route 'test/platform/route-https'), which certificate 'envoy-gateway/example-com-wildcard-tls' (dnsNames '*.example.com') does not cover")]);

      const dot = setup();
      new TestGateway(dot.chart, 'platform', [{ name: 'https', certificate: dot.tls, hostname: '*.example.com' }]);
      expect(problems(dot.chart)).toStrictEqual([expect.stringContaining("listener 'https' serves hostname '*.example.com' (listener 'https' hostname)")]);
    });

    test('a certificate with unknown DNS names is not checked', () => {
      const chart = Testing.chart();
      const certificate = TlsCertificate.fromTlsCertificateAttributes(chart, 'Tls', { secretName: 'corp', secretNamespace: 'envoy-gateway' });
      new TestGateway(chart, 'platform', [{ name: 'https', certificate, routeHostnames: ['anything.example.org'] }]);
      expect(problems(chart)).toStrictEqual([]);
    });
  });

  describe("cert-manager's gateway annotation", () => {
    function annotated(namespace = 'envoy-gateway', issuerKind = IssuerKind.CLUSTER_ISSUER) {
      const chart = Testing.chart();
      const domain = new PlatformDomain(chart, 'domain', { baseDomain: 'ai-gateway.example.com' });
      const tls = new WildcardTls(chart, 'tls', {
        domain,
        namespace,
        issuance: TlsIssuance.GATEWAY_ANNOTATION,
        mode: TlsMode.letsEncrypt({
          email: 'platform@example.com',
          server: AcmeServer.letsEncryptProduction(),
          dnsProvider: DnsProvider.cloudflare({ apiToken: { name: 'cloudflare-api-token' } }),
          issuerKind,
        }),
      });
      return { chart, tls };
    }

    test('the Gateway carries the issuer annotation and no Certificate is emitted', () => {
      const { chart, tls } = annotated();
      new TestGateway(chart, 'platform', [{ name: 'https', certificate: tls, hostname: '*.ai-gateway.example.com' }]);

      const objects = Testing.synth(chart);
      expect(objects.map(o => o.kind)).toStrictEqual(['ClusterIssuer', 'Gateway']);
      expect(objects[1].metadata.annotations).toStrictEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
      expect(problems(chart)).toStrictEqual([]);
      expect(objects).toMatchSnapshot();
    });

    test('fails for a listener without hostname and for a Secret outside the Gateway namespace', () => {
      const { chart, tls } = annotated('certs');
      new TestGateway(chart, 'platform', [{ name: 'https', certificate: tls }]);

      expect(problems(chart)).toStrictEqual([
        "TestGateway 'test/platform': listener 'https' has no hostname, but certificate Secret " +
        "'certs/ai-gateway-example-com-wildcard-tls' (DNS names '*.ai-gateway.example.com') is issued by cert-manager from " +
        "the Gateway's annotations, which needs one. Set hostname to '*.ai-gateway.example.com'.",
        "TestGateway 'test/platform': certificate Secret 'certs/ai-gateway-example-com-wildcard-tls' (DNS names " +
        "'*.ai-gateway.example.com') is issued by cert-manager from the Gateway's annotations, which writes the Secret in " +
        "the Gateway's namespace 'envoy-gateway', not 'certs'. Give the certificate the namespace 'envoy-gateway'.",
      ]);
    });

    test('fails when two certificates want different issuers on one Gateway', () => {
      const { chart, tls } = annotated();
      const other: ITlsCertificate = {
        secretName: 'other',
        secretNamespace: 'envoy-gateway',
        gatewayAnnotations: { 'cert-manager.io/cluster-issuer': 'internal-ca' },
      };
      expect(() => new TestGateway(chart, 'platform', [
        { name: 'https', certificate: tls, hostname: '*.ai-gateway.example.com' },
        { name: 'https-internal', certificate: other, hostname: 'internal.example.com' },
      ])).toThrow("TestGateway 'test/platform': certificate Secret 'envoy-gateway/other' asks for Gateway annotation " +
        "'cert-manager.io/cluster-issuer: internal-ca', but another certificate set it to 'letsencrypt-prod'; a Gateway " +
        'carries one value. Use certificates that agree on it (for example issued by the same cluster issuer), or serve ' +
        'them on different Gateways.');
    });
  });
});
