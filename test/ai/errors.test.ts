import { Duration, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AiBackend, AiGateway, AiModelRoute, ApiSchema, BackendCredential, BackendService, Gateway, IInferencePool, LlmRequestCost, TlsCertificate,
} from '../../src';

const vllm = AiBackend.fromFqdn('vllm.llm.svc.cluster.local', 8000, { name: 'vllm' });
const sglang = AiBackend.fromFqdn('sglang.llm.svc.cluster.local', 8000, { name: 'sglang' });

function newRoute(props: Partial<ConstructorParameters<typeof AiModelRoute>[2]> = {}) {
  const chart = Testing.chart();
  const gateway = Gateway.fromGatewayAttributes(chart, 'gw', { gatewayName: 'ai', gatewayNamespace: 'llm' });
  return new AiModelRoute(chart, 'models', { gateway, name: 'catalog', ...props });
}

describe('bad input is refused with the construct path, the field, the value and the fix', () => {
  test('fails on a duplicate public model name', () => {
    const route = newRoute({ models: [{ name: 'qwen3', backends: [{ backend: vllm }] }] });
    expect(() => route.addModel({ name: 'qwen3', backends: [{ backend: sglang }] }))
      .toThrow("AiModelRoute 'test/models': model 'qwen3' is declared twice. Declare each public model name once; list several backends in one model to balance between them.");
  });

  test('fails on the same model on the same gateway in two routes', () => {
    const chart = Testing.chart();
    const gateway = Gateway.fromGatewayAttributes(chart, 'gw', { gatewayName: 'ai', gatewayNamespace: 'llm' });
    new AiModelRoute(chart, 'a', { gateway, name: 'a', models: [{ name: 'qwen3', backends: [{ backend: vllm }] }] });
    expect(() => new AiModelRoute(chart, 'b', { gateway, name: 'b', models: [{ name: 'qwen3', backends: [{ backend: vllm }] }] }))
      .toThrow(/AiModelRoute 'test\/b': model 'qwen3' is already routed on gateway 'llm\/ai' by 'test\/a'/);
  });

  test('fails on a model without backends', () => {
    expect(() => newRoute({ models: [{ name: 'qwen3', backends: [] }] }))
      .toThrow(/AiModelRoute 'test\/models': model 'qwen3' has no backend\. Add one: backends: \[\{ backend: AiBackend\.fromFqdn/);
  });

  test('fails on a weight that is not positive', () => {
    for (const weight of [0, -1, 1.5]) {
      expect(() => newRoute({ models: [{ name: 'qwen3', backends: [{ backend: vllm, weight }] }] }))
        .toThrow(`model 'qwen3' backend 'vllm' weight ${weight} is not a positive integer. Use 1 or more`);
    }
  });

  test('fails on a priority gap, and on priorities that do not start at 0', () => {
    expect(() => newRoute({ models: [{ name: 'qwen3', backends: [{ backend: vllm }, { backend: sglang, priority: 2 }] }] }))
      .toThrow("model 'qwen3' backend priorities (0, 2) skip priority 1: fallback goes from 0 to 1 to 2 without gaps. Use 0, 1.");
    expect(() => newRoute({ models: [{ name: 'qwen3', backends: [{ backend: vllm, priority: 1 }] }] }))
      .toThrow("model 'qwen3' backend priorities (1) skip priority 0");
  });

  test('fails on a credential that does not authenticate to the schema', () => {
    const bedrock = AiBackend.fromFqdn('bedrock-runtime.us-east-1.amazonaws.com', 443, {
      name: 'bedrock', schema: ApiSchema.awsBedrock(), credential: BackendCredential.apiKey({ secretName: 'openai' }),
    });
    expect(() => newRoute({ models: [{ name: 'claude', backends: [{ backend: bedrock }] }] }))
      .toThrow("model 'claude': backend 'bedrock' has a credential of type APIKey, which does not authenticate to the AWSBedrock schema " +
        '(APIKey serves OpenAI, Cohere). Use a credential for AWSBedrock or a schema that APIKey serves.');
  });

  test('fails on names that are not DNS labels', () => {
    expect(() => newRoute({ name: 'Catalog' })).toThrow("AiModelRoute 'test/models': name 'Catalog' is not a valid RFC 1123 label");
    expect(() => newRoute({ namespace: 'LLM' })).toThrow("namespace 'LLM' is not a valid RFC 1123 label");
    const bad = AiBackend.fromFqdn('vllm.llm.svc', 8000, { name: 'vLLM_1' });
    expect(() => newRoute({ models: [{ name: 'qwen3', backends: [{ backend: bad }] }] }))
      .toThrow("model 'qwen3': backend name 'vLLM_1' is not a valid RFC 1123 label (lower case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters). Use 'vllm-1'.");
    const badPolicy = AiBackend.fromFqdn('api.openai.com', 443, { name: 'openai', credential: BackendCredential.apiKey({ secretName: 'OpenAI' }) });
    expect(() => newRoute({ models: [{ name: 'gpt', backends: [{ backend: badPolicy }] }] }))
      .toThrow("model 'gpt': backend 'openai' credential secretName 'OpenAI' is not a valid RFC 1123 label (lower case letters, digits and '-', " +
        "starting and ending with a letter or digit, at most 63 characters). Use 'openai'. The BackendSecurityPolicy is named after the Secret " +
        'unless policyName is given.');
    expect(() => new AiGateway(Testing.chart(), 'gw', { name: 'AI', namespace: 'llm' })).toThrow("AiGateway 'test/gw': name 'AI' is not a valid RFC 1123 label");
  });

  /** A route with one model 'm' on the backend, to be built inside expect(). */
  const routeTo = (backend: AiBackend) => () => newRoute({ models: [{ name: 'm', backends: [{ backend }] }] });

  test('reports a bad policy name under the field it comes from', () => {
    const fails = (credential: BackendCredential, schema: ApiSchema) =>
      routeTo(AiBackend.fromFqdn('api.example.com', 443, { name: 'b', schema, credential }));
    const label = "is not a valid RFC 1123 label (lower case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters).";
    const namedAfterSecret = 'The BackendSecurityPolicy is named after the Secret unless policyName is given.';
    expect(fails(BackendCredential.apiKey({ secretName: 'openai', policyName: 'OpenAI' }), ApiSchema.openAi()))
      .toThrow(`model 'm': backend 'b' credential policyName 'OpenAI' ${label} Use 'openai'.`);
    expect(fails(BackendCredential.apiKey({ secretName: 'openai.api-key' }), ApiSchema.openAi()))
      .toThrow(`backend 'b' credential secretName 'openai.api-key' ${label} Use 'openai-api-key'. ${namedAfterSecret}`);
    expect(fails(BackendCredential.anthropicApiKey({ secretName: 'Anthropic_Key' }), ApiSchema.anthropic()))
      .toThrow(`backend 'b' credential secretName 'Anthropic_Key' ${label} Use 'anthropic-key'. ${namedAfterSecret}`);
    expect(fails(BackendCredential.azureApiKey({ secretName: 'AzureKey' }), ApiSchema.azureOpenAi()))
      .toThrow(`backend 'b' credential secretName 'AzureKey' ${label} Use 'azurekey'. ${namedAfterSecret}`);
    expect(fails(BackendCredential.azureCredentials({ clientId: 'c', tenantId: 't', clientSecretName: 'Entra.Secret' }), ApiSchema.azureOpenAi()))
      .toThrow(`backend 'b' credential clientSecretName 'Entra.Secret' ${label} Use 'entra-secret'. ${namedAfterSecret}`);
    expect(fails(BackendCredential.awsCredentials({ region: 'us-east-1', credentialsSecretName: 'AWS_Creds' }), ApiSchema.awsBedrock()))
      .toThrow(`backend 'b' credential credentialsSecretName 'AWS_Creds' ${label} Use 'aws-creds'. ${namedAfterSecret}`);
    expect(fails(BackendCredential.awsCredentials({ region: 'US-East-1' }), ApiSchema.awsBedrock()))
      .toThrow("backend 'b' credential region 'US-East-1' makes the BackendSecurityPolicy's name 'aws-US-East-1' (no policyName is given), " +
        "which is not a valid RFC 1123 label. Use region 'us-east-1', or give policyName.");
    expect(fails(BackendCredential.gcpCredentials({ projectName: 'p', region: 'us-central1', credentialsSecretName: 'GCP' }), ApiSchema.gcpVertexAi()))
      .toThrow(`backend 'b' credential credentialsSecretName 'GCP' ${label} Use 'gcp'. ${namedAfterSecret}`);
    expect(fails(BackendCredential.gcpCredentials({ projectName: 'My Project', region: 'us-central1' }), ApiSchema.gcpVertexAi()))
      .toThrow("backend 'b' credential projectName 'My Project' makes the BackendSecurityPolicy's name 'gcp-My Project' (no policyName is given), " +
        "which is not a valid RFC 1123 label. Use projectName 'my-project', or give policyName.");
    expect(fails(BackendCredential.gcpCredentials({ projectName: 'p'.repeat(62), region: 'us-central1' }), ApiSchema.gcpVertexAi()))
      .toThrow(`which is not a valid RFC 1123 label. Give policyName, for example 'gcp-${'p'.repeat(59)}'.`);
    // A valid policyName makes the Secret's name free to be any Secret name.
    expect(fails(BackendCredential.apiKey({ secretName: 'openai.api-key', policyName: 'openai' }), ApiSchema.openAi())).not.toThrow();
  });

  test('fails on a timeout longer than the request timeout, the route\'s or the model\'s', () => {
    expect(() => newRoute({
      timeouts: { request: Duration.minutes(5) },
      models: [{ name: 'qwen3', backends: [{ backend: vllm }], timeouts: { backendRequest: Duration.minutes(10) } }],
    })).toThrow("model 'qwen3' timeouts.backendRequest 600s is longer than the request timeout 300s, which bounds the whole request. " +
      'Use at most 300s, or raise the request timeout.');
    expect(() => newRoute({ timeouts: { request: Duration.seconds(30), streamIdle: Duration.seconds(60) } }))
      .toThrow("AiModelRoute 'test/models': timeouts.streamIdle 60s is longer than the request timeout 30s");
  });

  test('fails on a timeout that no Gateway API duration holds', () => {
    expect(() => newRoute({ timeouts: { request: Duration.hours(100000) } }))
      .toThrow(/^AiModelRoute 'test\/models': timeouts.request 4166 days 15 hours is longer than a Gateway API duration holds \(at most 99999 of each unit/);
  });

  test('fails on an endpoint that is not one', () => {
    const ip = AiBackend.fromIp('10.0.0.300', 8000, { name: 'ip' });
    expect(() => newRoute({ models: [{ name: 'm', backends: [{ backend: ip }] }] }))
      .toThrow("backend 'ip': address '10.0.0.300' is not an IP address.");
    const port = AiBackend.fromFqdn('vllm.llm.svc', 0, { name: 'port' });
    expect(() => newRoute({ models: [{ name: 'm', backends: [{ backend: port }] }] }))
      .toThrow("backend 'port' port 0 is not a port number (1 to 65535).");
    const service = AiBackend.fromService(BackendService.fromName('vllm', 'llm', 70000), { name: 'svc' });
    expect(() => newRoute({ models: [{ name: 'm', backends: [{ backend: service }] }] })).toThrow('service.port 70000 is not a port number');
  });

  test('fails on a URL given as a backend hostname, and on an address that is not an IP', () => {
    expect(routeTo(AiBackend.fromFqdn('https://api.openai.com:443/v1', 443, { name: 'openai' })))
      .toThrow("model 'm': backend 'openai': hostname 'https://api.openai.com:443/v1' is not a valid hostname: a scheme ('https://'), " +
        "a port (':443') and a path ('/v1') are not part of a hostname. Use 'api.openai.com'.");
    expect(routeTo(AiBackend.fromFqdn('https://host', 443, { name: 'host' })))
      .toThrow("backend 'host': hostname 'https://host' is not a valid hostname: a scheme ('https://') is not part of a hostname. Use 'host'.");
    expect(routeTo(AiBackend.fromIp('vllm:8000', 8000, { name: 'ip' }))).toThrow("backend 'ip': address 'vllm:8000' is not an IP address.");
    expect(AiBackend.fromIp('2001:db8::12', 8000, { name: 'v6' })._problem).toBeUndefined();
  });

  test('fails on an inference pool mixed with backends', () => {
    const scope = new Construct(Testing.chart(), 'pool');
    const pool: IInferencePool = Object.assign(scope, { poolName: 'qwen-pool', poolNamespace: 'llm' });
    expect(() => newRoute({ models: [{ name: 'qwen3', inferencePool: pool, backends: [{ backend: vllm }] }] }))
      .toThrow("model 'qwen3' has both an inferencePool and backends; a rule never mixes them. Keep one, or declare two models.");
  });

  test('fails on one backend name declared with two different settings', () => {
    const other = AiBackend.fromFqdn('other.llm.svc.cluster.local', 8000, { name: 'vllm' });
    const route = newRoute({ models: [{ name: 'a', backends: [{ backend: vllm }] }] });
    expect(() => route.addModel({ name: 'b', backends: [{ backend: other }] }))
      .toThrow("backend 'vllm' in namespace 'llm' is declared twice with different settings");
  });

  test('fails on a duplicate cost metadata key', () => {
    expect(() => newRoute({ llmRequestCosts: [LlmRequestCost.inputToken('tokens'), LlmRequestCost.totalToken('tokens')] }))
      .toThrow("llmRequestCosts metadataKey 'tokens' is used twice; each key stores one cost. Rename one.");
  });

  test('fails at synth on a route without models', () => {
    const route = newRoute();
    expect(() => Testing.synth(route.node.scope as any)).toThrow(/AiModelRoute 'test\/models': has no model\. Add one with addModel/);
  });

  test('fails on a route in a namespace the AiGateway does not admit routes from', () => {
    const chart = Testing.chart();
    const gateway = new AiGateway(chart, 'gw', { name: 'ai', namespace: 'gateway' });
    new AiModelRoute(chart, 'r', { gateway, name: 'r', namespace: 'team-a', models: [{ name: 'n', backends: [{ backend: vllm }] }] });
    expect(synthProblems(chart)).toStrictEqual(["AiModelRoute 'test/r': namespace 'team-a' differs from the namespace 'gateway' of " +
      "Gateway 'gateway/ai', whose listeners admit routes from their own namespace only. Put the route in 'gateway', or set " +
      'allowRoutesFromAllNamespaces on the AiGateway.']);
    const other = Testing.chart();
    const open = new AiGateway(other, 'open', { name: 'open', namespace: 'gateway', allowRoutesFromAllNamespaces: true });
    const route = new AiModelRoute(other, 'ok', { gateway: open, name: 'ok', namespace: 'team-a', sectionNames: ['http'] });
    route.addModel({ name: 'm', backends: [{ backend: vllm }] });
    const routes = Testing.synth(other).filter(o => o.kind === 'AIGatewayRoute');
    expect(routes[0].spec.parentRefs).toStrictEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'open', namespace: 'gateway', sectionName: 'http' }]);
  });

  test('fails on hostnames no listener admits', () => {
    const chart = Testing.chart();
    const certificate = TlsCertificate.fromTlsCertificateAttributes(chart, 'Tls', { secretName: 'tls', secretNamespace: 'llm' });
    const gateway = new AiGateway(chart, 'gw', { name: 'ai', namespace: 'llm', http: false, https: { certificate, hostname: 'llm.example.org' } });
    new AiModelRoute(chart, 'r', { gateway, name: 'r', hostnames: ['api.other.org'], models: [{ name: 'm', backends: [{ backend: vllm }] }] });
    expect(synthProblems(chart)).toStrictEqual(["AiModelRoute 'test/r': no listener of Gateway 'llm/ai' admits HTTPRoute for its " +
      "hostnames (listeners: 'https' (HTTPS)). Add a listener that admits HTTPRoute, or attach to another gateway."]);
  });

  test('fails on a sectionName the gateway does not have', () => {
    const chart = Testing.chart();
    const gateway = new AiGateway(chart, 'gw', { name: 'ai', namespace: 'llm' });
    new AiModelRoute(chart, 'r', { gateway, name: 'r', sectionNames: ['https'], models: [{ name: 'm', backends: [{ backend: vllm }] }] });
    expect(synthProblems(chart)).toStrictEqual(["AiModelRoute 'test/r': sectionName 'https' names no listener of Gateway 'llm/ai' " +
      "(listeners: 'http'). Use one of those."]);
    // A listener added later counts: the check runs at synth.
    gateway.addHttpsListener({ certificate: TlsCertificate.fromTlsCertificateAttributes(chart, 'Tls', { secretName: 'tls', secretNamespace: 'llm' }) });
    expect(synthProblems(chart)).toStrictEqual([]);
  });
});

/** The synth-time problems of every construct of a chart, as `app.synth()` reports them (construct path first). */
function synthProblems(chart: Construct): string[] {
  return chart.node.findAll().flatMap(c => c.node.validate());
}
