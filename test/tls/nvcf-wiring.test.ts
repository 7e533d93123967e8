import { Chart, Testing } from 'cdk8s';
import {
  HttpsTermination, NvcfGateway, NvcfPlatformRoutes, PlatformDomain, TlsIssuance, TlsMode, WildcardTls,
} from '../../src';
import { validationErrors } from '../nvcf/fixtures';

/** The NVCF gateway serving a WildcardTls: the two constructs of the HTTPS setup, together. */
function platform(options: { certNamespace: string; llm?: boolean; issuance?: TlsIssuance }) {
  const chart: Chart = Testing.chart();
  const domain = new PlatformDomain(chart, 'domain', {
    baseDomain: 'nvcf.example.com',
    subdomains: { 'api-keys': 'api-keys', 'api': 'api', 'invocation': 'invocation' },
  });
  const tls = new WildcardTls(chart, 'tls', {
    domain, namespace: options.certNamespace, mode: TlsMode.selfSigned(), issuance: options.issuance,
  });
  const gateway = new NvcfGateway(chart, 'gateway', {
    domain: domain.baseDomain,
    https: HttpsTermination.atGateway({ certificate: tls, hostname: options.issuance ? tls.dnsNames![0] : undefined }),
  });
  new NvcfPlatformRoutes(chart, 'routes', { gateway, llmInvocation: options.llm ? {} : undefined });
  return { chart, tls, gateway };
}

describe('NvcfGateway serving a WildcardTls', () => {
  test('the HTTPS listener uses the Secret, through one grant that admits the gateway namespace to that Secret', () => {
    const { chart, tls } = platform({ certNamespace: 'cert-manager' });
    expect(validationErrors(chart)).toStrictEqual([]);
    const objects = Testing.synth(chart);
    const gateway = objects.find(o => o.kind === 'Gateway');
    const https = gateway.spec.listeners.find((l: any) => l.protocol === 'HTTPS');
    expect(https.port).toBe(443);
    expect(https.tls.certificateRefs).toStrictEqual([{ group: '', kind: 'Secret', name: tls.secretName, namespace: 'cert-manager' }]);
    const certificate = objects.find(o => o.kind === 'Certificate' && o.spec.secretName === tls.secretName);
    expect(certificate.metadata.namespace).toBe('cert-manager');
    expect(certificate.spec.dnsNames).toStrictEqual(tls.dnsNames);
    expect(tls.dnsNames).toContain('*.nvcf.example.com');
    const secretGrants = objects.filter(o => o.kind === 'ReferenceGrant' && o.spec.to.some((t: any) => t.kind === 'Secret'));
    expect(secretGrants).toHaveLength(1);
    expect(secretGrants[0].metadata.namespace).toBe('cert-manager');
    expect(secretGrants[0].spec).toStrictEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: gateway.metadata.namespace }],
      to: [{ group: '', kind: 'Secret', name: tls.secretName }],
    });
  });

  test('a Secret in the gateway namespace needs no grant', () => {
    const { chart } = platform({ certNamespace: 'envoy-gateway' });
    expect(Testing.synth(chart).filter(o => o.kind === 'ReferenceGrant' && o.spec.to.some((t: any) => t.kind === 'Secret'))).toHaveLength(0);
  });

  test('the LLM invocation host, two labels below the domain, is not covered by the one wildcard: synth fails naming both', () => {
    const { chart } = platform({ certNamespace: 'envoy-gateway', llm: true });
    const errors = validationErrors(chart);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("serves hostname 'llm.invocation.nvcf.example.com'");
    expect(errors[0]).toContain("'*.nvcf.example.com'");
    expect(errors[0]).toContain('a wildcard covers exactly one label');
  });

  test('issuance from the Gateway annotations puts the issuer annotation on the Gateway', () => {
    const { chart, tls } = platform({ certNamespace: 'envoy-gateway', issuance: TlsIssuance.GATEWAY_ANNOTATION });
    expect(validationErrors(chart)).toStrictEqual([]);
    const objects = Testing.synth(chart);
    expect(objects.filter(o => o.kind === 'Certificate' && o.spec.secretName === tls.secretName)).toHaveLength(0);
    const gateway = objects.find(o => o.kind === 'Gateway');
    expect(gateway.metadata.annotations).toMatchObject(tls.gatewayAnnotations!);
    expect(Object.keys(tls.gatewayAnnotations!)).toStrictEqual(['cert-manager.io/issuer']);
  });
});

describe('NvcfGateway with cert-manager issuing from its annotations', () => {
  test('needs a listener hostname and the Secret in its own namespace', () => {
    const { chart } = platform({ certNamespace: 'cert-manager', issuance: TlsIssuance.GATEWAY_ANNOTATION });
    const errors = validationErrors(chart);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^NvcfGateway 'test\/gateway': certificate Secret 'cert-manager\/[^']*' \(DNS names [^)]*\) is issued by cert-manager from the Gateway's annotations, which writes the Secret in the Gateway's namespace 'envoy-gateway', not 'cert-manager'\./);
  });
});
