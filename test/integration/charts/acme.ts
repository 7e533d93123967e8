import * as fs from 'fs';
import { App, Chart } from 'cdk8s';
import {
  AcmeServer, DnsProvider, IssuerKind, PlatformDomain, TlsIssuance, TlsMode, TsigAlgorithm, WildcardTls,
} from '../../../src';

/** The ACME test zone the run's BIND serves, and the platform's base domain in it. */
export const ACME_ZONE = process.env.INTEGRATION_ACME_ZONE ?? 'example.test';
export const ACME_BASE_DOMAIN = `ai.${ACME_ZONE}`;
/** Where the wildcard certificate and the issuer live; the run creates the TSIG Secret there. */
export const ACME_NAMESPACE = 'it-acme';
export const TSIG_SECRET = { name: 'it-acme-tsig', key: 'tsig-secret-key' };

/** The platform hosts the issued wildcard must cover (PlatformDomain's defaults plus one more). */
export function acmePlatformHosts(): string[] {
  const chart = new Chart(new App(), 'hosts');
  return new PlatformDomain(chart, 'domain', { baseDomain: ACME_BASE_DOMAIN, subdomains: { docs: 'docs' } }).hosts;
}

/**
 * Let's Encrypt mode against the run's own ACME server: a wildcard certificate for `*.ai.example.test`
 * issued by Pebble through a DNS-01 challenge that cert-manager answers with RFC2136 dynamic updates to the
 * run's BIND. Pebble's TLS is trusted through the issuer's CA bundle. Beside it, one ClusterIssuer per cloud
 * DNS provider (Cloudflare, Route 53, Google Cloud DNS, Azure DNS) on the same server: the providers cannot be
 * reached from here, so no certificate asks them; the cert-manager webhook judges the issuers, and Pebble
 * registers their accounts.
 */
export function build(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'acme', { disableResourceNameHashes: true });
  const caFile = process.env.INTEGRATION_ACME_CA_FILE;
  if (caFile === undefined || !fs.existsSync(caFile)) {
    throw new Error(`the ACME chart needs INTEGRATION_ACME_CA_FILE (Pebble's TLS root, set by scripts/integration/run.sh); got '${caFile}'`);
  }
  const url = process.env.INTEGRATION_ACME_DIRECTORY || 'https://127.0.0.1:14000/dir';
  const server = AcmeServer.custom({ url, caBundlePem: fs.readFileSync(caFile, 'utf8'), defaultIssuerName: 'pebble' });

  const domain = new PlatformDomain(chart, 'domain', { baseDomain: ACME_BASE_DOMAIN, subdomains: { docs: 'docs' } });
  new WildcardTls(chart, 'tls', {
    domain,
    namespace: ACME_NAMESPACE,
    mode: TlsMode.letsEncrypt({
      email: 'platform@example.com',
      server,
      dnsZone: ACME_ZONE,
      dnsProvider: DnsProvider.rfc2136({
        nameserver: process.env.INTEGRATION_ACME_NAMESERVER ?? '127.0.0.1:10053',
        tsigKeyName: process.env.INTEGRATION_TSIG_KEY_NAME ?? 'acme-update',
        tsigAlgorithm: TsigAlgorithm.HMAC_SHA256,
        tsigSecret: TSIG_SECRET,
      }),
    }),
  });

  const providers: [string, DnsProvider][] = [
    ['cloudflare', DnsProvider.cloudflare({ apiToken: { name: 'it-cloudflare-token' } })],
    ['route53', DnsProvider.route53({
      region: 'us-east-1', hostedZoneId: 'Z0123456789', accessKeyId: { name: 'it-route53' }, secretAccessKey: { name: 'it-route53' },
    })],
    ['clouddns', DnsProvider.googleCloudDns({ project: 'it-project', hostedZoneName: 'it-zone', serviceAccount: { name: 'it-clouddns' } })],
    ['azuredns', DnsProvider.azureDns({
      subscriptionId: '00000000-0000-0000-0000-000000000000',
      resourceGroupName: 'it-dns',
      clientId: 'it-client',
      tenantId: 'it-tenant',
      clientSecret: { name: 'it-azuredns' },
    })],
  ];
  for (const [name, dnsProvider] of providers) {
    const providerDomain = new PlatformDomain(chart, `${name}-domain`, { baseDomain: `${name}.${ACME_ZONE}` });
    new WildcardTls(chart, name, {
      domain: providerDomain,
      namespace: ACME_NAMESPACE,
      issuance: TlsIssuance.GATEWAY_ANNOTATION, // the issuer only: nothing asks the unreachable provider
      mode: TlsMode.letsEncrypt({
        email: 'platform@example.com',
        server,
        dnsZone: ACME_ZONE,
        dnsProvider,
        issuerKind: IssuerKind.CLUSTER_ISSUER,
        issuerName: `it-pebble-${name}`,
      }),
    });
  }
  return app;
}
