import * as path from 'path';
import { App, Chart, Duration } from 'cdk8s';
import {
  AiBackend, AiGateway, AiModelRoute, ApiKeyAuth, ApiSchema, ApplySet, BackendCredential, BackendService, ClientAccessPolicy, HostnameRoute,
  JwtProvider, LlmRequestCost, ModelAccess, RulePlacement,
} from '../src';
import { TlsExample } from './tls';

const QWEN3 = 'Qwen/Qwen3-235B-A22B-Thinking-2507-FP8';

/**
 * The model catalog of the example platform: an Envoy AI Gateway in 'nrp-llm' and the models it serves,
 * each declared once. The chart is one ApplySet, so models removed here are pruned from the cluster, and the
 * placement of models in AIGatewayRoutes is kept in examples/ai-models.lock.json (committed, frozen in CI).
 * HTTPS uses the platform's wildcard certificate, on the host the platform domain gives the API.
 *
 * Who may call: machine clients with API keys (`Authorization: Bearer <key>`, as OpenAI clients send it; the keys
 * in the Secret 'ai-clients', one entry per client), two teams limited to some models; the console, on its own host,
 * for users signed in with Keycloak on the platform's `auth` host.
 */
export function addAiModelCatalog(app: App, tls: TlsExample): Chart {
  const chart = new Chart(app, 'ai-models', { disableResourceNameHashes: true });
  const namespace = 'nrp-llm';
  new ApplySet(chart, 'prune', { name: 'ai-models', namespace });

  const gateway = new AiGateway(chart, 'gateway', {
    name: 'envoy-ai-gateway-nrp',
    namespace,
    // The certificate's Secret is in the TLS chart's namespace: the gateway gets a grant to read exactly it.
    https: { certificate: tls.tls, hostname: tls.domain.hostFor('api') },
  });
  gateway.addHttpsListener({ name: 'console', certificate: tls.tls, hostname: tls.domain.hostFor('console') });
  // Team A may call every model; team B not the external Claude; the others are open to every client with a key.
  const teams = ModelAccess.apiKeyClients(['team-a', 'team-b']);
  const teamA = ModelAccess.apiKeyClients(['team-a']);

  const nrpKey = BackendCredential.apiKey({ secretName: 'openai-apikey', policyName: 'envoy-ai-gateway-nrp-apikey' });
  const nrpQwen = AiBackend.fromService(BackendService.fromName('qwen-vllm-inference', namespace, 5000),
    { name: 'envoy-ai-gateway-nrp-qwen', credential: nrpKey });
  const nrpGemma = AiBackend.fromService(BackendService.fromName('gemma-vllm-inference', namespace, 5000),
    { name: 'envoy-ai-gateway-nrp-gemma', credential: nrpKey });
  const sdscQwen = AiBackend.fromFqdn('qwen3.nairr.sdsc.edu', 443, { name: 'envoy-ai-gateway-sdsc-nairr-qwen3' });
  const bedrock = AiBackend.fromFqdn('bedrock-runtime.us-west-2.amazonaws.com', 443, {
    name: 'aws-bedrock',
    schema: ApiSchema.awsBedrock(),
    credential: BackendCredential.awsCredentials({ region: 'us-west-2', credentialsSecretName: 'aws-bedrock-credentials' }),
  });

  const route = new AiModelRoute(chart, 'models', {
    gateway,
    name: 'envoy-ai-gateway-nrp-models',
    modelsOwnedBy: 'NRP',
    timeouts: { request: Duration.minutes(20) },
    placement: RulePlacement.fromLockFile(path.join(__dirname, 'ai-models.lock.json')),
    llmRequestCosts: [
      LlmRequestCost.inputToken('llm_input_token'),
      LlmRequestCost.outputToken('llm_output_token'),
      LlmRequestCost.totalToken('llm_total_token'),
    ],
  });
  route.addModel({ name: 'qwen3', backends: [{ backend: nrpQwen, modelNameOverride: QWEN3 }] });
  route.addModel({ name: 'qwen3-nairr', backends: [{ backend: sdscQwen, modelNameOverride: QWEN3 }], modelsOwnedBy: 'SDSC', access: teams });
  route.addModel({
    name: 'qwen3-combined',
    backends: [{ backend: nrpQwen, modelNameOverride: QWEN3 }, { backend: sdscQwen, modelNameOverride: QWEN3 }],
  });
  route.addModel({
    name: 'gemma3',
    backends: [{ backend: nrpGemma, modelNameOverride: 'google/gemma-3-27b-it' }],
    timeouts: { request: Duration.minutes(5) },
  });
  route.addModel({
    name: 'claude-sonnet',
    backends: [{ backend: bedrock, modelNameOverride: 'anthropic.claude-3-5-sonnet-20241022-v2:0' }],
    modelsOwnedBy: 'Anthropic',
    access: teamA,
  });
  // Fallback: the cluster's Qwen first, SDSC's only when it is unhealthy.
  route.addModel({
    name: 'qwen3-ha',
    backends: [{ backend: nrpQwen, modelNameOverride: QWEN3 }, { backend: sdscQwen, modelNameOverride: QWEN3, priority: 1 }],
  });
  new ClientAccessPolicy(chart, 'callers', {
    targets: [route],
    apiKeys: ApiKeyAuth.fromSecrets(['ai-clients'], { header: 'authorization' }),
  });

  const console = new HostnameRoute(chart, 'console', {
    gateway, name: 'ai-console', hostnames: [tls.domain.hostFor('console')], backend: BackendService.fromName('ai-console', namespace, 8080),
  });
  new ClientAccessPolicy(chart, 'console-users', {
    targets: [console],
    jwtProviders: [JwtProvider.keycloak({ domain: tls.domain, realm: 'platform', audiences: ['ai-console'], claimToHeaders: [{ claim: 'sub', header: 'x-user-id' }] })],
  });
  return chart;
}
