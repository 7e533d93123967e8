import { App, Chart } from 'cdk8s';
import { PlatformDomain, TlsMode, WildcardTls } from '../src';

/** What the TLS part of the example adds: the chart, the platform's domain and its certificate. */
export interface TlsExample {
  readonly chart: Chart;
  readonly domain: PlatformDomain;
  readonly tls: WildcardTls;
}

/**
 * HTTPS for the example platform, air-gapped style: cert-manager issues a self-signed CA and, from it,
 * one wildcard certificate for every platform subdomain (`api.`, `console.`, `grafana.`, `auth.`, `mcp.`
 * under `ai-gateway.example.com`), in the gateway's namespace. Clients trust the CA's `ca.crt`.
 * A gateway takes `tls` for its HTTPS listeners, and every construct asks `domain.hostFor('api')`.
 */
export function addTlsExample(app: App): TlsExample {
  const chart = new Chart(app, 'platform-tls', { disableResourceNameHashes: true });
  const domain = new PlatformDomain(chart, 'domain', { baseDomain: 'ai-gateway.example.com' });
  const tls = new WildcardTls(chart, 'wildcard', {
    domain,
    namespace: 'envoy-gateway',
    mode: TlsMode.selfSigned(),
  });
  return { chart, domain, tls };
}
