import { App, Chart } from 'cdk8s';
import {
  AiBackend, AiGateway, AiModelRoute, BackendService, HostnameRoute, HttpsTermination, InferencePool, InferenceRoute,
  NvcfGateway, PathMatch, PlatformDomain, PlatformNamespace, PoolSelector, TlsMode, WildcardTls,
} from '../../../src';

/**
 * The construct families wired together, for the real controllers to judge: one self-signed wildcard
 * certificate in its own namespace, served by an NVCF gateway and an AI gateway in two others (each through
 * a ReferenceGrant to that Secret); a hostname route and a pool route on the NVCF gateway; an AI model
 * route with one model on an FQDN backend and one on an InferencePool.
 */
export function build(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'wiring', { disableResourceNameHashes: true });

  const domain = new PlatformDomain(chart, 'domain', { baseDomain: 'wired.example.com' });
  const tls = new WildcardTls(chart, 'tls', { domain, namespace: 'wired-certs', mode: TlsMode.selfSigned() });

  const nvcf = new NvcfGateway(chart, 'nvcf', {
    name: 'wired-nvcf',
    namespace: 'wired-gw',
    domain: domain.baseDomain,
    namespaces: [PlatformNamespace.create('wired-gw'), PlatformNamespace.create('wired-apps')],
    https: HttpsTermination.atGateway({ certificate: tls }),
  });
  new HostnameRoute(chart, 'console', {
    gateway: nvcf,
    namespace: 'wired-gw',
    name: 'wired-console',
    hostnames: [domain.hostFor('console')],
    backend: BackendService.fromName('wired-console', 'wired-apps', 8080),
  });
  const llama = new InferencePool(chart, 'llama', {
    name: 'wired-llama', namespace: 'wired-apps', selector: PoolSelector.matchLabels({ app: 'wired-llama' }),
  });
  new InferenceRoute(chart, 'llama-route', {
    gateway: nvcf,
    namespace: 'wired-apps',
    name: 'wired-llama',
    hostnames: [domain.hostFor('api')],
    rules: [{ matches: [PathMatch.prefix('/v1')], backends: [{ pool: llama }] }],
  });

  const ai = new AiGateway(chart, 'ai', {
    name: 'wired-ai', namespace: 'wired-ai', https: { certificate: tls, hostname: domain.hostFor('mcp') },
  });
  const qwenPool = new InferencePool(chart, 'qwen', {
    name: 'wired-qwen', namespace: 'wired-ai', selector: PoolSelector.matchLabels({ app: 'wired-qwen' }),
  });
  new AiModelRoute(chart, 'models', {
    gateway: ai,
    name: 'wired-models',
    models: [
      { name: 'gpt-oss', backends: [{ backend: AiBackend.fromFqdn('gpt-oss.wired.example.com', 8000, { name: 'wired-gpt-oss' }) }] },
      { name: 'qwen3', inferencePool: qwenPool },
    ],
  });
  return app;
}
