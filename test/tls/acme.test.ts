import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import {
  AcmeServer, DnsProvider, IssuerKind, LetsEncryptOptions, PlatformDomain, Rfc2136DnsOptions, TlsMode, TsigAlgorithm, WildcardTls,
} from '../../src';
import { chartKnownObjects } from '../../src/validation/targets';

/** A CA certificate made for these tests only (public part; its key was thrown away). */
const CA_PEM = fs.readFileSync(path.join(__dirname, 'fixtures', 'test-acme-ca.pem'), 'utf8');
const PATH = "WildcardTls 'test/tls'";

const RFC2136: Rfc2136DnsOptions = {
  nameserver: '192.0.2.53:53',
  tsigKeyName: 'acme-update',
  tsigAlgorithm: TsigAlgorithm.HMAC_SHA256,
  tsigSecret: { name: 'acme-tsig' },
};

function build(options: Partial<LetsEncryptOptions> = {}) {
  const chart = Testing.chart();
  const domain = new PlatformDomain(chart, 'domain', { baseDomain: 'ai.corp.example' });
  const tls = new WildcardTls(chart, 'tls', {
    domain,
    namespace: 'envoy-gateway',
    mode: TlsMode.letsEncrypt({
      email: 'platform@corp.example',
      server: AcmeServer.custom({ url: 'https://ca.corp.example/acme/acme/directory', caBundlePem: CA_PEM }),
      dnsProvider: DnsProvider.rfc2136(RFC2136),
      dnsZone: 'corp.example',
      ...options,
    }),
  });
  return { chart, tls, objects: Testing.synth(chart) };
}

function rfc2136(options: Partial<Rfc2136DnsOptions>) {
  return build({ dnsProvider: DnsProvider.rfc2136({ ...RFC2136, ...options }) });
}

describe('private ACME server and RFC2136', () => {
  test('the issuer trusts the private CA through caBundle and updates DNS with the TSIG key from a Secret', () => {
    const { chart, tls, objects } = build();

    expect(objects.map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toStrictEqual([
      'Issuer envoy-gateway/private-acme',
      'Certificate envoy-gateway/ai-corp-example-wildcard',
    ]);
    const acme = objects[0].spec.acme;
    expect(acme.server).toBe('https://ca.corp.example/acme/acme/directory');
    // cert-manager's caBundle is the base64 of the PEM bytes.
    expect(Buffer.from(acme.caBundle, 'base64').toString()).toBe(CA_PEM.trim() + '\n');
    expect(acme.skipTLSVerify).toBeUndefined();
    expect(acme.privateKeySecretRef).toStrictEqual({ name: 'private-acme-account-key' });
    expect(acme.solvers).toStrictEqual([{
      selector: { dnsZones: ['corp.example'] },
      dns01: {
        rfc2136: {
          nameserver: '192.0.2.53:53',
          tsigKeyName: 'acme-update',
          tsigAlgorithm: 'HMACSHA256',
          tsigSecretSecretRef: { name: 'acme-tsig', key: 'tsig-secret-key' },
        },
      },
    }]);
    expect(objects[1].spec.issuerRef).toStrictEqual({ group: 'cert-manager.io', kind: 'Issuer', name: 'private-acme' });
    expect(tls.dnsNames).toStrictEqual(['*.ai.corp.example']);
    expect(chartKnownObjects(chart).map(o => `${o.kind} ${o.namespace}/${o.name}`)).toStrictEqual([
      'Secret envoy-gateway/acme-tsig',
      'Secret envoy-gateway/private-acme-account-key',
      'Secret envoy-gateway/ai-corp-example-wildcard-tls',
    ]);
    expect(objects).toMatchSnapshot();
  });

  test('a ClusterIssuer, TCP updates, another key, and names that say staging are fine on a private server', () => {
    const { chart, objects } = build({
      issuerKind: IssuerKind.CLUSTER_ISSUER,
      issuerName: 'step-ca-staging',
      server: AcmeServer.custom({ url: 'https://step-ca.corp.example:9000/acme/acme/directory', defaultIssuerName: 'step-ca' }),
      dnsProvider: DnsProvider.rfc2136({ ...RFC2136, nameserver: '[2001:db8::53]:5353', useTcp: true, tsigAlgorithm: TsigAlgorithm.HMAC_SHA512, tsigSecret: { name: 'tsig', key: 'secret' } }),
    });

    expect(objects[0].kind).toBe('ClusterIssuer');
    expect(objects[0].metadata.name).toBe('step-ca-staging');
    expect(objects[0].spec.acme.caBundle).toBeUndefined();
    expect(objects[0].spec.acme.solvers[0].dns01.rfc2136).toStrictEqual({
      nameserver: '[2001:db8::53]:5353',
      tsigKeyName: 'acme-update',
      tsigAlgorithm: 'HMACSHA512',
      tsigSecretSecretRef: { name: 'tsig', key: 'secret' },
      protocol: 'TCP',
    });
    expect(chartKnownObjects(chart).map(o => `${o.kind} ${o.namespace}/${o.name}`)).toContain('Secret cert-manager/tsig');
    expect(objects).toMatchSnapshot();
  });

  test('the default issuer name of a custom server can be given', () => {
    const { objects } = build({ server: AcmeServer.custom({ url: 'https://ca.corp.example/dir', defaultIssuerName: 'corp-acme' }) });
    expect(objects[0].metadata.name).toBe('corp-acme');
    expect(objects[0].spec.acme.privateKeySecretRef).toStrictEqual({ name: 'corp-acme-account-key' });
  });

  test('every TSIG algorithm cert-manager knows, by the name its webhook accepts', () => {
    // cert-manager v1.21.1 pkg/issuer/acme/dns/rfc2136/rfc2136.go supportedAlgorithms.
    expect(Object.values(TsigAlgorithm).sort()).toStrictEqual(['HMACMD5', 'HMACSHA1', 'HMACSHA256', 'HMACSHA512']);
    for (const algorithm of Object.values(TsigAlgorithm)) {
      expect(rfc2136({ tsigAlgorithm: algorithm }).objects[0].spec.acme.solvers[0].dns01.rfc2136.tsigAlgorithm).toBe(algorithm);
    }
  });

  test.each(['192.0.2.53', '192.0.2.53:53', 'ns1.corp.example', 'ns1.corp.example:5353', 'bind.dns.svc.cluster.local.:53', '[2001:db8::53]', '[::1]:53', 'localhost'])(
    'the nameserver %p is accepted', (nameserver) => {
      expect(() => rfc2136({ nameserver })).not.toThrow();
    });

  describe('bad input', () => {
    test('fails for a server URL that is not HTTPS', () => {
      expect(() => build({ server: AcmeServer.custom({ url: 'http://ca.corp.example/acme/acme/directory' }) })).toThrow(
        `${PATH}: mode.server: AcmeServer.custom() url 'http://ca.corp.example/acme/acme/directory' is not HTTPS: ACME needs TLS ` +
        'between cert-manager and the CA (account keys and orders cross it). Serve the directory over HTTPS and use ' +
        "'https://ca.corp.example/acme/acme/directory', with caBundlePem if a private CA signed its certificate.");
      expect(() => build({ server: AcmeServer.custom({ url: 'ftp://ca.corp.example/dir' }) })).toThrow(
        "mode.server: AcmeServer.custom() url 'ftp://ca.corp.example/dir' is not HTTPS");
      expect(() => build({ server: AcmeServer.custom({ url: 'ca.corp.example/dir' }) })).toThrow(
        `${PATH}: mode.server: AcmeServer.custom() url 'ca.corp.example/dir' is not a URL. Use 'https://ca.corp.example/dir'.`);
      expect(() => build({ server: AcmeServer.custom({ url: '' }) })).toThrow(
        "mode.server: AcmeServer.custom() url '' is not a URL. Use the ACME directory URL, for example 'https://ca.internal.example.com/acme/acme/directory'.");
      expect(() => build({ server: AcmeServer.custom({ url: 'https://user:pw@ca.corp.example/dir' }) })).toThrow(
        "mode.server: AcmeServer.custom() url 'https://***@ca.corp.example/dir' carries credentials. Remove them");
    });

    test('fails for a CA bundle that holds a private key, no certificate, or garbage', () => {
      const key = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';
      expect(() => build({ server: AcmeServer.custom({ url: 'https://ca.corp.example/dir', caBundlePem: CA_PEM + key }) })).toThrow(
        `${PATH}: mode.server: AcmeServer.custom() caBundlePem holds a private key, which must never be in a chart`);
      expect(() => build({ server: AcmeServer.custom({ url: 'https://ca.corp.example/dir', caBundlePem: 'root-ca.pem' }) })).toThrow(
        "mode.server: AcmeServer.custom() caBundlePem 'root-ca.pem' holds no PEM certificate. Give the PEM text of the CA certificate(s)");
      expect(() => build({
        server: AcmeServer.custom({ url: 'https://ca.corp.example/dir', caBundlePem: '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----' }),
      })).toThrow(/mode.server: AcmeServer.custom\(\) caBundlePem certificate 1 of 1 cannot be parsed/);
      expect(() => build({ server: AcmeServer.custom({ url: 'https://ca.corp.example/dir', caBundlePem: CA_PEM + 'trailing' }) })).toThrow(
        "mode.server: AcmeServer.custom() caBundlePem has text outside its 1 certificate(s) ('trailing')");
    });

    test('fails for an unknown TSIG algorithm (JavaScript callers, or a cast)', () => {
      expect(() => rfc2136({ tsigAlgorithm: 'hmac-sha256' as TsigAlgorithm })).toThrow(
        `${PATH}: mode.dnsProvider rfc2136: tsigAlgorithm 'hmac-sha256' is not one cert-manager knows (HMACMD5, HMACSHA1, HMACSHA256, HMACSHA512). Use TsigAlgorithm.HMAC_SHA256.`);
      expect(() => rfc2136({ tsigAlgorithm: 'HMACSHA384' as TsigAlgorithm })).toThrow(
        "rfc2136: tsigAlgorithm 'HMACSHA384' is not one cert-manager knows (HMACMD5, HMACSHA1, HMACSHA256, HMACSHA512). Use the TsigAlgorithm of the key, for example TsigAlgorithm.HMAC_SHA256.");
      expect(() => rfc2136({ tsigAlgorithm: undefined })).toThrow("rfc2136: tsigAlgorithm 'undefined' is not one cert-manager knows");
    });

    test('fails for a missing TSIG secret reference', () => {
      expect(() => rfc2136({ tsigSecret: undefined })).toThrow(
        `${PATH}: mode.dnsProvider rfc2136: tsigSecret has no Secret name. Refer to the Secret holding the TSIG key's secret, for example ` +
        "{ name: 'rfc2136-tsig', key: 'tsig-secret-key' }; create the Secret yourself, never in the chart.");
      expect(() => rfc2136({ tsigSecret: { name: '' } })).toThrow('mode.dnsProvider rfc2136: tsigSecret has no Secret name.');
      expect(() => rfc2136({ tsigSecret: { name: 'TSIG Key' } })).toThrow(/mode.dnsProvider rfc2136: tsigSecret.name 'TSIG Key' is not a valid RFC 1123 subdomain/);
      expect(() => rfc2136({ tsigSecret: { name: 'tsig', key: 'tsig secret' } })).toThrow("mode.dnsProvider rfc2136: tsigSecret.key 'tsig secret' is not a valid Secret key");
    });

    test('fails for an empty or invalid TSIG key name', () => {
      expect(() => rfc2136({ tsigKeyName: '' })).toThrow(`${PATH}: mode.dnsProvider rfc2136: tsigKeyName is empty.`);
      expect(() => rfc2136({ tsigKeyName: 'acme update' })).toThrow(
        "mode.dnsProvider rfc2136: tsigKeyName 'acme update' is not a valid DNS name (labels of letters, digits, '-' and '_', separated by dots). " +
        "Use the key's name as the DNS server knows it, for example 'acme-update'.");
    });

    test.each([
      ['', "rfc2136: nameserver is empty. Give the address of the DNS server that accepts the updates. Use 'host:port', for example '192.0.2.53:53', '[2001:db8::53]:53' or 'ns1.example.com:53'."],
      ['2001:db8::53', "rfc2136: nameserver '2001:db8::53' is an IPv6 address without brackets, so its port cannot be told apart. Use 'host:port'"],
      ['[ns1.corp.example]:53', "rfc2136: nameserver '[ns1.corp.example]:53' has 'ns1.corp.example' in brackets, which is not an IPv6 address."],
      ['192.0.2.300:53', "rfc2136: nameserver '192.0.2.300:53' has '192.0.2.300', which is not an IPv4 address."],
      ['192.0.2.53:99999', "rfc2136: nameserver '192.0.2.53:99999' has the port '99999', which is not a number from 1 to 65535."],
      ['192.0.2.53:dns', "rfc2136: nameserver '192.0.2.53:dns' has the port 'dns', which is not a number from 1 to 65535."],
      ['udp://192.0.2.53:53', "rfc2136: nameserver 'udp://192.0.2.53:53' is not an address."],
      ['udp://192.0.2.53:53', "rfc2136: nameserver 'udp://192.0.2.53:53' is not an address. A scheme ('udp://') is not part of a name server's address. Use '192.0.2.53:53'."],
      ['https://ns1.corp.example', "rfc2136: nameserver 'https://ns1.corp.example' is not an address. A scheme ('https://') is not part of a name server's address. Use 'ns1.corp.example'."],
      ['ns1.corp.example:53/', "rfc2136: nameserver 'ns1.corp.example:53/' is not an address. A path ('/') is not part of a name server's address. Use 'ns1.corp.example:53'."],
      ['dns://admin:secret@[2001:db8::53]:53', "rfc2136: nameserver 'dns://***@[2001:db8::53]:53' is not an address. A scheme ('dns://') and a user part ('***@') are not part of a name server's address. Use '[2001:db8::53]:53'."],
      ['ns1.corp.example:', "rfc2136: nameserver 'ns1.corp.example:' has the port '', which is not a number from 1 to 65535."],
      ['ns_1 corp:53', "rfc2136: nameserver 'ns_1 corp:53' has 'ns_1 corp', which is neither an IP address nor a hostname."],
    ])('fails for the nameserver %p', (nameserver, message) => {
      expect(() => rfc2136({ nameserver })).toThrow(`${PATH}: mode.dnsProvider ${message}`);
    });
  });
});

describe('the Let\'s Encrypt switch selects its ACME directory', () => {
  test.each([
    ['staging', AcmeServer.letsEncryptStaging(), 'https://acme-staging-v02.api.letsencrypt.org/directory', 'letsencrypt-staging'],
    ['production', AcmeServer.letsEncryptProduction(), 'https://acme-v02.api.letsencrypt.org/directory', 'letsencrypt-prod'],
  ])('%s', (_, server, directory, issuerName) => {
    expect(server.url).toBe(directory);
    const { objects } = build({ server, email: 'platform@example.com' });
    expect(objects[0].metadata.name).toBe(issuerName);
    expect(objects[0].spec.acme.server).toBe(directory);
    expect(objects[0].spec.acme.caBundle).toBeUndefined();
    expect(objects[1].spec.issuerRef.name).toBe(issuerName);
  });
});

/**
 * Each provider's solver, set up as cert-manager's documentation sets it up, must come out as the documentation's
 * YAML (the `dns01` block of its Issuer example, cert-manager/website content/docs/configuration/acme/dns01/*.md),
 * with the Secret keys the documentation uses as our defaults. Fields the documentation shows that the library
 * does not offer are listed, so dropping one is a decision, not an accident.
 */
describe("each DNS-01 solver as cert-manager's documentation writes it", () => {
  const solver = (dnsProvider: DnsProvider) => build({ dnsProvider }).objects[0].spec.acme.solvers[0].dns01;

  test('Cloudflare (cloudflare.md, API Tokens; API keys and email are not offered: tokens are the recommended way)', () => {
    expect(solver(DnsProvider.cloudflare({ apiToken: { name: 'cloudflare-api-token-secret' } }))).toStrictEqual({
      cloudflare: { apiTokenSecretRef: { name: 'cloudflare-api-token-secret', key: 'api-token' } },
    });
  });

  test('Route 53 (route53.md; a literal accessKeyID is not offered: the ID comes from a Secret too)', () => {
    expect(solver(DnsProvider.route53({ region: 'us-east-1', hostedZoneId: 'DIKER8JEXAMPLE', role: 'arn:aws:iam::YYYYYYYYYYYY:role/dns-manager' })))
      .toStrictEqual({ route53: { region: 'us-east-1', hostedZoneID: 'DIKER8JEXAMPLE', role: 'arn:aws:iam::YYYYYYYYYYYY:role/dns-manager' } });
    expect(solver(DnsProvider.route53({
      region: 'eu-central-1',
      accessKeyId: { name: 'prod-route53-credentials-secret' },
      secretAccessKey: { name: 'prod-route53-credentials-secret' },
      role: 'arn:aws:iam::YYYYYYYYYYYY:role/dns-manager',
    }))).toStrictEqual({
      route53: {
        region: 'eu-central-1',
        accessKeyIDSecretRef: { name: 'prod-route53-credentials-secret', key: 'access-key-id' },
        secretAccessKeySecretRef: { name: 'prod-route53-credentials-secret', key: 'secret-access-key' },
        role: 'arn:aws:iam::YYYYYYYYYYYY:role/dns-manager',
      },
    });
  });

  test('Google Cloud DNS (google.md: static credentials, then GKE Workload Identity)', () => {
    expect(solver(DnsProvider.googleCloudDns({ project: 'myproject-id', serviceAccount: { name: 'clouddns-dns01-solver-svc-acct' } }))).toStrictEqual({
      cloudDNS: { project: 'myproject-id', serviceAccountSecretRef: { name: 'clouddns-dns01-solver-svc-acct', key: 'key.json' } },
    });
    expect(solver(DnsProvider.googleCloudDns({ project: 'myproject-id' }))).toStrictEqual({ cloudDNS: { project: 'myproject-id' } });
  });

  test('Azure DNS (azuredns.md: workload identity, then service principal; environment is not offered: AzurePublicCloud, the default)', () => {
    expect(solver(DnsProvider.azureDns({
      subscriptionId: 'AZURE_SUBSCRIPTION_ID', resourceGroupName: 'AZURE_RESOURCE_GROUP', hostedZoneName: 'example.com', managedIdentityClientId: 'IDENTITY_CLIENT_ID',
    }))).toStrictEqual({
      azureDNS: {
        subscriptionID: 'AZURE_SUBSCRIPTION_ID',
        resourceGroupName: 'AZURE_RESOURCE_GROUP',
        hostedZoneName: 'example.com',
        managedIdentity: { clientID: 'IDENTITY_CLIENT_ID' },
      },
    });
    expect(solver(DnsProvider.azureDns({
      subscriptionId: 'AZURE_SUBSCRIPTION_ID',
      resourceGroupName: 'AZURE_DNS_ZONE_RESOURCE_GROUP',
      hostedZoneName: 'AZURE_DNS_ZONE',
      clientId: 'AZURE_CERT_MANAGER_SP_APP_ID',
      tenantId: 'AZURE_TENANT_ID',
      clientSecret: { name: 'azuredns-config', key: 'client-secret' },
    }))).toStrictEqual({
      azureDNS: {
        subscriptionID: 'AZURE_SUBSCRIPTION_ID',
        resourceGroupName: 'AZURE_DNS_ZONE_RESOURCE_GROUP',
        hostedZoneName: 'AZURE_DNS_ZONE',
        clientID: 'AZURE_CERT_MANAGER_SP_APP_ID',
        tenantID: 'AZURE_TENANT_ID',
        clientSecretSecretRef: { name: 'azuredns-config', key: 'client-secret' },
      },
    });
  });

  test('RFC2136 (rfc2136.md)', () => {
    expect(solver(DnsProvider.rfc2136({
      nameserver: '1.2.3.4:53', tsigKeyName: 'example-com-secret', tsigAlgorithm: TsigAlgorithm.HMAC_SHA512, tsigSecret: { name: 'tsig-secret' },
    }))).toStrictEqual({
      rfc2136: {
        nameserver: '1.2.3.4:53',
        tsigKeyName: 'example-com-secret',
        tsigAlgorithm: 'HMACSHA512',
        tsigSecretSecretRef: { name: 'tsig-secret', key: 'tsig-secret-key' },
      },
    });
  });
});
