import { App, Chart, Duration } from 'cdk8s';
import {
  AiBackend, AiModelRoute, BackendCredential, HttpsTermination, LlmRequestCost, NvcfGateway, PlatformDomain,
  PlatformNamespace, TlsMode, WildcardTls,
} from '../src';

/**
 * The declaration every language package is tested with (examples/python, examples/java, examples/go declare
 * the same, in their language, and must synthesize byte-identical YAML): the seed's model catalog (qwen3,
 * qwen3-nairr, qwen3-combined) on an NVCF gateway that serves a self-signed wildcard certificate.
 */
export function buildPolyglotApp(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'polyglot', { disableResourceNameHashes: true });

  const domain = new PlatformDomain(chart, 'domain', { baseDomain: 'nvcf.example.com' });
  const tls = new WildcardTls(chart, 'tls', { domain, namespace: 'envoy-gateway', mode: TlsMode.selfSigned() });
  const gateway = new NvcfGateway(chart, 'gateway', {
    domain: domain.baseDomain,
    https: HttpsTermination.atGateway({ certificate: tls }),
  });
  gateway.addNamespace(PlatformNamespace.create('nrp-llm'));

  const qwen = 'Qwen/Qwen3-235B-A22B-Thinking-2507-FP8';
  const nrp = AiBackend.fromFqdn('qwen-vllm-inference.nrp-llm.svc.cluster.local', 5000, {
    name: 'envoy-ai-gateway-nrp-qwen',
    credential: BackendCredential.apiKey({ secretName: 'openai-apikey', policyName: 'envoy-ai-gateway-nrp-apikey' }),
  });
  const sdsc = AiBackend.fromFqdn('qwen3.nairr.sdsc.edu', 443, { name: 'envoy-ai-gateway-sdsc-nairr-qwen3' });

  const route = new AiModelRoute(chart, 'models', {
    gateway,
    name: 'envoy-ai-gateway-nrp-qwen',
    namespace: 'nrp-llm',
    modelsOwnedBy: 'NRP',
    timeouts: { request: Duration.seconds(1200) },
    llmRequestCosts: [
      LlmRequestCost.inputToken('llm_input_token'),
      LlmRequestCost.outputToken('llm_output_token'),
      LlmRequestCost.totalToken('llm_total_token'),
    ],
  });
  route.addModel({ name: 'qwen3', backends: [{ backend: nrp, modelNameOverride: qwen }] });
  route.addModel({ name: 'qwen3-nairr', backends: [{ backend: sdsc, modelNameOverride: qwen }], modelsOwnedBy: 'SDSC' });
  route.addModel({
    name: 'qwen3-combined',
    backends: [{ backend: nrp, modelNameOverride: qwen }, { backend: sdsc, modelNameOverride: qwen }],
  });
  return app;
}

// `npx ts-node examples/polyglot.ts OUTDIR`: the reference YAML the language packages are compared with.
if (require.main === module) {
  buildPolyglotApp(process.argv[2] ?? 'dist/polyglot/typescript').synth();
}
