import { Chart, Testing } from 'cdk8s';
import {
  AcmeServer, DnsProvider, IssuerKind, LetsEncryptOptions, PlatformDomain, SubdomainSeparator, TlsIssuance, TlsMode,
  WildcardTls, WildcardTlsProps,
} from '../../src';
import { uncoveredHostnames } from '../../src/gateway-api/certificate';
import { chartKnownObjects, chartReleases } from '../../src/validation/targets';

const CLOUDFLARE = DnsProvider.cloudflare({ apiToken: { name: 'cloudflare-api-token' } });

function letsEncrypt(options: Partial<LetsEncryptOptions> = {}): TlsMode {
  return TlsMode.letsEncrypt({
    email: 'platform@example.com',
    server: AcmeServer.letsEncryptStaging(),
    dnsProvider: CLOUDFLARE,
    dnsZone: 'example.com',
    ...options,
  });
}

function build(mode: TlsMode, props: Partial<WildcardTlsProps> = {}, separator = SubdomainSeparator.DOT) {
  const chart = Testing.chart();
  const domain = new PlatformDomain(chart, 'domain', { baseDomain: 'ai-gateway.example.com', separator });
  const tls = new WildcardTls(chart, 'tls', { domain, namespace: 'envoy-gateway', mode, ...props });
  return { chart, domain, tls, objects: Testing.synth(chart) };
}

function known(chart: Chart): string[] {
  return chartKnownObjects(chart).map(o => `${o.kind} ${o.namespace ?? '-'}/${o.name}`);
}

describe('WildcardTls', () => {
  describe("Let's Encrypt with DNS-01", () => {
    test('staging Issuer with a Cloudflare token, and the wildcard Certificate it issues', () => {
      const { chart, tls, objects } = build(letsEncrypt());

      expect(objects.map(o => `${o.apiVersion} ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toStrictEqual([
        'cert-manager.io/v1 Issuer envoy-gateway/letsencrypt-staging',
        'cert-manager.io/v1 Certificate envoy-gateway/ai-gateway-example-com-wildcard',
      ]);
      const [issuer, certificate] = objects;
      expect(issuer.spec).toStrictEqual({
        acme: {
          server: 'https://acme-staging-v02.api.letsencrypt.org/directory',
          email: 'platform@example.com',
          privateKeySecretRef: { name: 'letsencrypt-staging-account-key' },
          solvers: [{
            selector: { dnsZones: ['example.com'] },
            dns01: { cloudflare: { apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } } },
          }],
        },
      });
      expect(certificate.spec).toStrictEqual({
        secretName: 'ai-gateway-example-com-wildcard-tls',
        dnsNames: ['*.ai-gateway.example.com'],
        issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: 'letsencrypt-staging' },
      });

      expect(tls.secretName).toBe('ai-gateway-example-com-wildcard-tls');
      expect(tls.secretNamespace).toBe('envoy-gateway');
      expect(tls.dnsNames).toStrictEqual(['*.ai-gateway.example.com']);
      expect(tls.issuerRef).toStrictEqual({ group: 'cert-manager.io', kind: 'Issuer', name: 'letsencrypt-staging' });
      expect(tls.gatewayAnnotations).toBeUndefined();
      expect(tls.certificate?.name).toBe('ai-gateway-example-com-wildcard');
      expect([...chartReleases(chart).get('cert-manager') ?? []]).toStrictEqual(['v1.21.1']);
      expect(known(chart)).toStrictEqual([
        'Secret envoy-gateway/cloudflare-api-token',
        'Secret envoy-gateway/letsencrypt-staging-account-key',
        'Secret envoy-gateway/ai-gateway-example-com-wildcard-tls',
      ]);
      expect(objects).toMatchSnapshot();
    });

    test('production ClusterIssuer reads its credentials from the cluster resource namespace', () => {
      const { chart, objects } = build(letsEncrypt({
        server: AcmeServer.letsEncryptProduction(),
        issuerKind: IssuerKind.CLUSTER_ISSUER,
      }));

      expect(objects.map(o => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`)).toStrictEqual([
        'ClusterIssuer -/letsencrypt-prod',
        'Certificate envoy-gateway/ai-gateway-example-com-wildcard',
      ]);
      expect(objects[0].spec.acme.server).toBe('https://acme-v02.api.letsencrypt.org/directory');
      expect(objects[1].spec.issuerRef).toStrictEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt-prod' });
      expect(known(chart)).toStrictEqual([
        'Secret cert-manager/cloudflare-api-token',
        'Secret cert-manager/letsencrypt-prod-account-key',
        'Secret envoy-gateway/ai-gateway-example-com-wildcard-tls',
      ]);
      expect(objects).toMatchSnapshot();
    });

    test("'-' separator: the certificate is the parent wildcard and the zone may be the parent", () => {
      const { domain, tls, objects } = build(letsEncrypt(), {}, SubdomainSeparator.DASH);

      expect(tls.dnsNames).toStrictEqual(['*.example.com']);
      expect(objects[1].metadata.name).toBe('example-com-wildcard');
      expect(objects[1].spec.dnsNames).toStrictEqual(['*.example.com']);
      expect(objects[1].spec.secretName).toBe('example-com-wildcard-tls');
      expect(domain.hosts.every(host => tls.covers(host))).toBe(true);
      expect(objects).toMatchSnapshot();
    });

    test('the DNS zone defaults to the certificate domain; names can be given', () => {
      const { objects, tls } = build(letsEncrypt({
        dnsZone: undefined,
        issuerName: 'acme-staging',
        accountKeySecretName: 'acme-staging-key',
      }), { name: 'platform', secretName: 'platform-tls' });

      expect(objects[0].metadata.name).toBe('acme-staging');
      expect(objects[0].spec.acme.privateKeySecretRef).toStrictEqual({ name: 'acme-staging-key' });
      expect(objects[0].spec.acme.solvers[0].selector).toStrictEqual({ dnsZones: ['ai-gateway.example.com'] });
      expect(objects[1].metadata.name).toBe('platform-wildcard');
      expect(tls.secretName).toBe('platform-tls');
    });

    test('Route 53 with an access key in a Secret', () => {
      const { chart, objects } = build(letsEncrypt({
        dnsProvider: DnsProvider.route53({
          region: 'us-east-1',
          hostedZoneId: 'Z0123456789',
          accessKeyId: { name: 'route53-credentials' },
          secretAccessKey: { name: 'route53-credentials' },
        }),
      }));

      expect(objects[0].spec.acme.solvers[0].dns01).toStrictEqual({
        route53: {
          region: 'us-east-1',
          hostedZoneID: 'Z0123456789',
          accessKeyIDSecretRef: { name: 'route53-credentials', key: 'access-key-id' },
          secretAccessKeySecretRef: { name: 'route53-credentials', key: 'secret-access-key' },
        },
      });
      expect(known(chart)).toContain('Secret envoy-gateway/route53-credentials');
    });

    test('Route 53 with ambient credentials refers to no Secret', () => {
      const { chart, objects } = build(letsEncrypt({ dnsProvider: DnsProvider.route53() }));

      expect(objects[0].spec.acme.solvers[0].dns01).toStrictEqual({ route53: {} });
      expect(known(chart)).toStrictEqual([
        'Secret envoy-gateway/letsencrypt-staging-account-key',
        'Secret envoy-gateway/ai-gateway-example-com-wildcard-tls',
      ]);
    });

    test('Google Cloud DNS with a service account key', () => {
      const { objects } = build(letsEncrypt({
        dnsProvider: DnsProvider.googleCloudDns({ project: 'my-project', serviceAccount: { name: 'clouddns-sa', key: 'sa.json' } }),
      }));

      expect(objects[0].spec.acme.solvers[0].dns01).toStrictEqual({
        cloudDNS: { project: 'my-project', serviceAccountSecretRef: { name: 'clouddns-sa', key: 'sa.json' } },
      });
    });

    test('Azure DNS with a service principal; the zone name defaults to the DNS zone', () => {
      const { objects } = build(letsEncrypt({
        dnsProvider: DnsProvider.azureDns({
          subscriptionId: '00000000-0000-0000-0000-000000000000',
          resourceGroupName: 'dns',
          clientId: 'client',
          tenantId: 'tenant',
          clientSecret: { name: 'azuredns-sp' },
        }),
      }));

      expect(objects[0].spec.acme.solvers[0].dns01).toStrictEqual({
        azureDNS: {
          subscriptionID: '00000000-0000-0000-0000-000000000000',
          resourceGroupName: 'dns',
          hostedZoneName: 'example.com',
          clientID: 'client',
          tenantID: 'tenant',
          clientSecretSecretRef: { name: 'azuredns-sp', key: 'client-secret' },
        },
      });
    });

    test('Azure DNS with a managed identity', () => {
      const { objects } = build(letsEncrypt({
        dnsProvider: DnsProvider.azureDns({ subscriptionId: 'sub', resourceGroupName: 'dns', managedIdentityClientId: 'mi' }),
      }));

      expect(objects[0].spec.acme.solvers[0].dns01.azureDNS.managedIdentity).toStrictEqual({ clientID: 'mi' });
    });

    test('the gateway-annotation alternative emits the issuer but no Certificate', () => {
      const { tls, objects } = build(letsEncrypt({ issuerKind: IssuerKind.CLUSTER_ISSUER }), {
        issuance: TlsIssuance.GATEWAY_ANNOTATION,
      });

      expect(objects.map(o => o.kind)).toStrictEqual(['ClusterIssuer']);
      expect(tls.gatewayAnnotations).toStrictEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-staging' });
      expect(tls.certificate).toBeUndefined();
      expect(tls.secretName).toBe('ai-gateway-example-com-wildcard-tls');
      expect(objects).toMatchSnapshot();
    });

    test('the gateway-annotation alternative with a namespaced Issuer', () => {
      const { tls } = build(letsEncrypt(), { issuance: TlsIssuance.GATEWAY_ANNOTATION });
      expect(tls.gatewayAnnotations).toStrictEqual({ 'cert-manager.io/issuer': 'letsencrypt-staging' });
    });
  });

  describe('provided', () => {
    test('refers to your Secret and emits nothing', () => {
      const { chart, tls, objects } = build(TlsMode.provided({ secretName: 'ai-gateway-wildcard-tls' }));

      expect(objects).toStrictEqual([]);
      expect(tls.secretName).toBe('ai-gateway-wildcard-tls');
      expect(tls.secretNamespace).toBe('envoy-gateway');
      expect(tls.dnsNames).toStrictEqual(['*.ai-gateway.example.com']);
      expect(tls.issuerRef).toBeUndefined();
      expect(tls.certificate).toBeUndefined();
      expect(known(chart)).toStrictEqual(['Secret envoy-gateway/ai-gateway-wildcard-tls']);
      expect(chartReleases(chart).size).toBe(0);
    });

    test("'-' separator with the DNS names of an existing parent wildcard", () => {
      const { domain, tls } = build(TlsMode.provided({ secretName: 'example-com-wildcard', dnsNames: ['*.example.com', 'example.com'] }),
        {}, SubdomainSeparator.DASH);

      expect(tls.dnsNames).toStrictEqual(['*.example.com', 'example.com']);
      expect(uncoveredHostnames(tls, domain.hosts)).toStrictEqual([]);
      expect({ secretName: tls.secretName, secretNamespace: tls.secretNamespace, dnsNames: tls.dnsNames }).toMatchSnapshot();
    });
  });

  test('fails at synth when provided DNS names miss a platform host, including one added later', () => {
    const chart = Testing.chart();
    const domain = new PlatformDomain(chart, 'domain', { baseDomain: 'ai-gateway.example.com' });
    new WildcardTls(chart, 'tls', {
      domain,
      namespace: 'envoy-gateway',
      // A certificate for the five default hosts, no wildcard: fine until a service is added.
      mode: TlsMode.provided({ secretName: 'mine', dnsNames: [...domain.hosts, '*.example.com'] }),
    });
    expect(Testing.synth(chart)).toStrictEqual([]);
    domain.addSubdomain('docs', 'docs');
    expect(() => Testing.synth(chart)).toThrow(
      "WildcardTls 'test/tls': the host 'docs.ai-gateway.example.com' of service 'docs' is not covered by the certificate's " +
      "DNS names ('api.ai-gateway.example.com', 'auth.ai-gateway.example.com', 'console.ai-gateway.example.com', " +
      "'grafana.ai-gateway.example.com', 'mcp.ai-gateway.example.com', '*.example.com'; a wildcard covers exactly one label). Provide a certificate " +
      "for '*.ai-gateway.example.com', or add the host to its DNS names.");
  });

  describe('self-signed', () => {
    test('root Issuer, CA Certificate, CA Issuer and the wildcard signed by the CA', () => {
      const { chart, tls, objects } = build(TlsMode.selfSigned());

      expect(objects.map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toStrictEqual([
        'Issuer envoy-gateway/ai-gateway-example-com-selfsigned-root',
        'Certificate envoy-gateway/ai-gateway-example-com-ca',
        'Issuer envoy-gateway/ai-gateway-example-com-ca',
        'Certificate envoy-gateway/ai-gateway-example-com-wildcard',
      ]);
      const [root, ca, caIssuer, wildcard] = objects;
      expect(root.spec).toStrictEqual({ selfSigned: {} });
      expect(ca.spec).toStrictEqual({
        isCA: true,
        commonName: 'ai-gateway.example.com CA',
        duration: '87600h',
        secretName: 'ai-gateway-example-com-ca-tls',
        privateKey: { algorithm: 'ECDSA', size: 256 },
        issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: 'ai-gateway-example-com-selfsigned-root' },
      });
      expect(caIssuer.spec).toStrictEqual({ ca: { secretName: 'ai-gateway-example-com-ca-tls' } });
      expect(wildcard.spec.issuerRef).toStrictEqual({ group: 'cert-manager.io', kind: 'Issuer', name: 'ai-gateway-example-com-ca' });
      expect(wildcard.spec.dnsNames).toStrictEqual(['*.ai-gateway.example.com']);
      expect(tls.caSecret).toBe('envoy-gateway/ai-gateway-example-com-ca-tls');
      expect(known(chart)).toStrictEqual([
        'Secret envoy-gateway/ai-gateway-example-com-ca-tls',
        'Secret envoy-gateway/ai-gateway-example-com-wildcard-tls',
      ]);
      expect(objects).toMatchSnapshot();
    });

    test("ClusterIssuers keep the CA in the cluster resource namespace; '-' separator", () => {
      const { tls, objects } = build(TlsMode.selfSigned({ issuerKind: IssuerKind.CLUSTER_ISSUER, caCommonName: 'Acme Root' }),
        { clusterResourceNamespace: 'certs' }, SubdomainSeparator.DASH);

      expect(objects.map(o => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`)).toStrictEqual([
        'ClusterIssuer -/example-com-selfsigned-root',
        'Certificate certs/example-com-ca',
        'ClusterIssuer -/example-com-ca',
        'Certificate envoy-gateway/example-com-wildcard',
      ]);
      expect(objects[3].spec.dnsNames).toStrictEqual(['*.example.com']);
      expect(tls.caSecret).toBe('certs/example-com-ca-tls');
      expect(objects).toMatchSnapshot();
    });
  });

  test('an existing ClusterIssuer: only the Certificate, and the issuer declared as known', () => {
    const { chart, objects } = build(TlsMode.existingIssuer({ issuerName: 'letsencrypt-prod' }));

    expect(objects.map(o => o.kind)).toStrictEqual(['Certificate']);
    expect(objects[0].spec.issuerRef).toStrictEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt-prod' });
    expect(chartKnownObjects(chart)[0]).toStrictEqual({ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', name: 'letsencrypt-prod', namespace: undefined });
    expect(known(chart)).toContain('Secret envoy-gateway/ai-gateway-example-com-wildcard-tls');
    expect(objects).toMatchSnapshot();
  });

  test('an existing namespaced Issuer is declared in the certificate namespace', () => {
    const { chart } = build(TlsMode.existingIssuer({ issuerName: 'internal-ca', issuerKind: IssuerKind.ISSUER }));
    expect(known(chart)[0]).toBe('Issuer envoy-gateway/internal-ca');
  });

  test('same input, byte-identical output', () => {
    expect(build(letsEncrypt()).objects).toStrictEqual(build(letsEncrypt()).objects);
  });

  describe('coverage of the platform hosts', () => {
    test.each([
      ['.', SubdomainSeparator.DOT],
      ['-', SubdomainSeparator.DASH],
    ])("every host is covered with the '%s' separator, in every mode", (_, separator) => {
      for (const mode of [letsEncrypt(), TlsMode.selfSigned(), TlsMode.provided({ secretName: 'mine' })]) {
        const { domain, tls } = build(mode, {}, separator);
        domain.addSubdomain('docs', 'docs');
        expect(uncoveredHostnames(tls, domain.hosts)).toStrictEqual([]);
      }
    });

    test('a wildcard covers exactly one label', () => {
      const { tls } = build(letsEncrypt());
      expect(uncoveredHostnames(tls, [
        'api.ai-gateway.example.com',
        'ai-gateway.example.com',
        'a.b.ai-gateway.example.com',
        'api-ai-gateway.example.com',
        '*.ai-gateway.example.com',
        '*.example.com',
      ])).toStrictEqual(['ai-gateway.example.com', 'a.b.ai-gateway.example.com', 'api-ai-gateway.example.com', '*.example.com']);
    });

    test("'-' hosts are covered by the parent wildcard, '.' hosts are not", () => {
      const { tls } = build(letsEncrypt(), {}, SubdomainSeparator.DASH);
      expect(tls.covers('api-ai-gateway.example.com')).toBe(true);
      expect(tls.covers('api.ai-gateway.example.com')).toBe(false);
      expect(tls.hostFor('api')).toBe('api-ai-gateway.example.com');
    });
  });

  describe('bad input', () => {
    const path = "WildcardTls 'test/tls'";

    test.each([
      ['', `${path}: mode.email is empty. Let's Encrypt sends expiry and account notices to it: give a mailbox your team reads, for example 'platform@example.com'.`],
      ['   ', `${path}: mode.email is empty.`],
      ['platform', `${path}: mode.email 'platform' is not a valid email address (local part, '@', a domain of at least two labels). Use one like 'platform@example.com'.`],
      ['platform@localhost', "mode.email 'platform@localhost' is not a valid email address"],
      ['platform@example..com', "mode.email 'platform@example..com' is not a valid email address"],
      [' platform@example.com', "mode.email ' platform@example.com' is not a valid email address (local part, '@', a domain of at least two labels). Use 'platform@example.com'."],
    ])('fails for the email %p', (email, message) => {
      expect(() => build(letsEncrypt({ email }))).toThrow(message);
    });

    test('a test email domain is fine on production', () => {
      expect(() => build(letsEncrypt({ email: 'ops@example.com', server: AcmeServer.letsEncryptProduction() }))).not.toThrow();
    });

    test('fails for a DNS zone that does not contain the certificate domain', () => {
      expect(() => build(letsEncrypt({ dnsZone: 'example.org' }))).toThrow(
        `${path}: mode.dnsZone 'example.org' does not contain the certificate's domain 'ai-gateway.example.com' ` +
        "(certificate '*.ai-gateway.example.com'), so the DNS-01 challenge record '_acme-challenge.ai-gateway.example.com' " +
        "cannot be written there. Use the zone that holds it: 'ai-gateway.example.com' or 'example.com'.");
    });

    test("fails for a zone below the parent wildcard's domain with the '-' separator", () => {
      expect(() => build(letsEncrypt({ dnsZone: 'ai-gateway.example.com' }), {}, SubdomainSeparator.DASH)).toThrow(
        "mode.dnsZone 'ai-gateway.example.com' does not contain the certificate's domain 'example.com' (certificate '*.example.com')");
    });

    test('fails for a zone that only shares a suffix', () => {
      expect(() => build(letsEncrypt({ dnsZone: 'ample.com' }))).toThrow(/mode.dnsZone 'ample.com' does not contain/);
    });

    test('fails for an invalid zone', () => {
      expect(() => build(letsEncrypt({ dnsZone: 'Example.com' }))).toThrow(/mode.dnsZone 'Example.com' is not a valid hostname .* Use 'example.com'./);
      expect(() => build(letsEncrypt({ dnsZone: 'https://example.com/' }))).toThrow(
        "mode.dnsZone 'https://example.com/' is not a valid hostname: a scheme ('https://') and a path ('/') are not part of a hostname. Use 'example.com'.");
    });

    test('fails for a staging issuer name on the production server, and the other way round', () => {
      expect(() => build(letsEncrypt({ server: AcmeServer.letsEncryptProduction(), issuerName: 'letsencrypt-staging' }))).toThrow(
        `${path}: mode.issuerName 'letsencrypt-staging' says staging, but the server is Let's Encrypt production ` +
        "(https://acme-v02.api.letsencrypt.org/directory). Use AcmeServer.letsEncryptStaging(), or a name without 'staging'.");
      expect(() => build(letsEncrypt({ issuerName: 'letsencrypt-prod' }))).toThrow(
        `${path}: mode.issuerName 'letsencrypt-prod' says production, but the server is Let's Encrypt staging ` +
        '(https://acme-staging-v02.api.letsencrypt.org/directory), whose certificates clients do not trust. ' +
        "Use AcmeServer.letsEncryptProduction(), or a name without 'prod'.");
      expect(() => build(letsEncrypt({ server: AcmeServer.letsEncryptProduction(), accountKeySecretName: 'le-staging-key' })))
        .toThrow(/mode.accountKeySecretName 'le-staging-key' says staging/);
    });

    test('fails without a server (JavaScript callers)', () => {
      expect(() => build(letsEncrypt({ server: undefined }))).toThrow(
        `${path}: mode.server is not set. Use AcmeServer.letsEncryptStaging() until issuance works end to end, then AcmeServer.letsEncryptProduction().`);
    });

    test('fails for provided mode without a Secret name', () => {
      expect(() => build(TlsMode.provided({ secretName: '' }))).toThrow(
        `${path}: mode: TlsMode.provided() has no secretName. Give the name of the kubernetes.io/tls Secret holding your ` +
        "wildcard certificate for '*.ai-gateway.example.com', for example TlsMode.provided({ secretName: 'ai-gateway-example-com-wildcard-tls' }).");
      expect(() => build(TlsMode.provided({} as any))).toThrow(/mode: TlsMode.provided\(\) has no secretName/);
    });

    test('fails for provided mode with conflicting settings', () => {
      expect(() => build(TlsMode.provided({ secretName: 'mine' }), { secretName: 'other' })).toThrow(
        `${path}: secretName 'other' differs from the provided Secret 'mine'. Set only the mode's secretName.`);
      expect(() => build(TlsMode.provided({ secretName: 'mine' }), { issuance: TlsIssuance.GATEWAY_ANNOTATION })).toThrow(
        /issuance: TlsIssuance.GATEWAY_ANNOTATION asks cert-manager to issue, but TlsMode.provided\(\) issues nothing/);
      expect(() => build(TlsMode.provided({ secretName: 'mine', dnsNames: [] }))).toThrow(/mode.dnsNames is empty/);
      expect(() => build(TlsMode.provided({ secretName: 'Mine' }))).toThrow(/mode.secretName 'Mine' is not a valid RFC 1123 subdomain .* Use 'mine'./);
      expect(() => build(TlsMode.provided({ secretName: 'mine', dnsNames: ['*.Example.com'] }))).toThrow(/mode.dnsNames '\*.Example.com' is not a valid hostname/);
      expect(() => build(TlsMode.provided({ secretName: 'mine', dnsNames: ['https://*.example.com'] }))).toThrow(
        "mode.dnsNames 'https://*.example.com' is not a valid hostname: a scheme ('https://') is not part of a hostname. Use '*.example.com'.");
    });

    test('fails for invalid names', () => {
      expect(() => build(letsEncrypt(), { namespace: 'Envoy Gateway' })).toThrow(/namespace 'Envoy Gateway' is not a valid RFC 1123 label .* Use 'envoy-gateway'./);
      expect(() => build(letsEncrypt(), { secretName: 'TLS' })).toThrow(/secretName 'TLS' is not a valid RFC 1123 subdomain/);
      expect(() => build(letsEncrypt({ issuerName: 'Lets Encrypt' }))).toThrow(/mode.issuerName 'Lets Encrypt' is not a valid/);
      expect(() => build(TlsMode.existingIssuer({ issuerName: '' }))).toThrow(/mode.issuerName '' is not a valid/);
    });

    test('fails for incomplete or invalid DNS provider credentials', () => {
      expect(() => build(letsEncrypt({ dnsProvider: DnsProvider.route53({ accessKeyId: { name: 'aws' } }) }))).toThrow(
        `${path}: mode.dnsProvider route53: accessKeyId is set without secretAccessKey. Set both, or neither for ambient credentials.`);
      expect(() => build(letsEncrypt({ dnsProvider: DnsProvider.azureDns({ subscriptionId: 's', resourceGroupName: 'r', clientId: 'c' }) }))).toThrow(
        'mode.dnsProvider azureDns: clientId is set without tenantId and clientSecret. Set clientId, tenantId and clientSecret ' +
        'for a service principal, or none of them for a managed identity.');
      expect(() => build(letsEncrypt({
        dnsProvider: DnsProvider.azureDns({
          subscriptionId: 's', resourceGroupName: 'r', clientId: 'c', tenantId: 't', clientSecret: { name: 'sp' }, managedIdentityClientId: 'mi',
        }),
      }))).toThrow('mode.dnsProvider azureDns: managedIdentityClientId is set together with a service principal. Use one of them.');
      expect(() => build(letsEncrypt({ dnsProvider: DnsProvider.azureDns({ subscriptionId: '', resourceGroupName: 'r' }) })))
        .toThrow('mode.dnsProvider azureDns: subscriptionId is empty.');
      expect(() => build(letsEncrypt({ dnsProvider: DnsProvider.googleCloudDns({ project: '' }) })))
        .toThrow('mode.dnsProvider googleCloudDns: project is empty.');
      expect(() => build(letsEncrypt({ dnsProvider: DnsProvider.cloudflare({ apiToken: { name: 'Cloudflare Token' } }) }))).toThrow(
        /mode.dnsProvider cloudflare: apiToken.name 'Cloudflare Token' is not a valid RFC 1123 subdomain .* Use 'cloudflare-token'./);
      expect(() => build(letsEncrypt({ dnsProvider: DnsProvider.cloudflare({ apiToken: { name: 'cf', key: 'api token' } }) }))).toThrow(
        "mode.dnsProvider cloudflare: apiToken.key 'api token' is not a valid Secret key");
    });

    test('fails for a bad self-signed CA', () => {
      expect(() => build(TlsMode.selfSigned({ caDuration: '10y' }))).toThrow(
        `${path}: mode.caDuration '10y' is not a Go duration. Use, for example, '87600h' (10 years).`);
      expect(() => build(TlsMode.selfSigned({ caCommonName: '' }))).toThrow(/mode.caCommonName '' must have 1 to 64 characters/);
    });
  });
});
