import { Chart, Duration, Size, Testing, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AiBackend, AiGateway, AiGatewayApiVersion, AiModelRoute, ApiSchema, ApplySet, BackendCredential, BackendService, Gateway,
  GatewayApiVersion, IInferencePool, InferencePool, InferenceRoute, ListenerProtocol, LlmRequestCost, NvcfGateway, PlatformNamespace,
  PoolSelector, TlsCertificate,
} from '../../src';
import { chartKnownObjects, chartReleases } from '../../src/validation/targets';

/** A pool that already runs in the cluster. */
function pool(scope: Construct, name: string, namespace: string): IInferencePool {
  return InferencePool.fromInferencePoolAttributes(scope, `pool-${name}`, { poolName: name, poolNamespace: namespace });
}

describe('credentials', () => {
  test('every backend using the same Secret shares one BackendSecurityPolicy with many targetRefs', () => {
    const chart = Testing.chart();
    const gateway = Gateway.fromGatewayAttributes(chart, 'gw', { gatewayName: 'ai', gatewayNamespace: 'llm' });
    const key = BackendCredential.apiKey({ secretName: 'nrp-apikey' });
    const backends = ['a', 'b', 'c'].map(name => AiBackend.fromFqdn(`${name}.llm.svc.cluster.local`, 8000, { name, credential: key }));
    const other = AiBackend.fromFqdn('api.openai.com', 443, { name: 'openai', credential: BackendCredential.apiKey({ secretName: 'openai-key' }) });
    const route = new AiModelRoute(chart, 'r', { gateway, name: 'r' });
    backends.forEach((backend, i) => route.addModel({ name: `m${i}`, backends: [{ backend }] }));
    // Declared again with an equal credential value: still one policy.
    route.addModel({ name: 'gpt', backends: [{ backend: other }, { backend: AiBackend.fromFqdn('d.llm.svc', 8000, { name: 'd', credential: BackendCredential.apiKey({ secretName: 'nrp-apikey' }) }) }] });

    const policies = Testing.synth(chart).filter(o => o.kind === 'BackendSecurityPolicy');
    expect(policies.map(p => p.metadata.name)).toStrictEqual(['nrp-apikey', 'openai-key']);
    expect(policies[0].spec.targetRefs.map((t: any) => t.name)).toStrictEqual(['a', 'b', 'c', 'd']);
    expect(policies[1].spec.targetRefs).toStrictEqual([{ name: 'openai', kind: 'AIServiceBackend', group: 'aigateway.envoyproxy.io' }]);
  });

  test('past 16 targets (the CRD limit), the policy continues in <name>-2; each backend is targeted once', () => {
    const chart = Testing.chart();
    const gateway = Gateway.fromGatewayAttributes(chart, 'gw', { gatewayName: 'ai', gatewayNamespace: 'llm' });
    const key = BackendCredential.apiKey({ secretName: 'shared' });
    const route = new AiModelRoute(chart, 'r', { gateway, name: 'r' });
    for (let i = 0; i < 20; i++) {
      const backend = AiBackend.fromFqdn(`b${i}.llm.svc`, 8000, { name: `b${String(i).padStart(2, '0')}`, credential: key });
      route.addModel({ name: `m${i}`, backends: [{ backend }] });
    }
    const policies = Testing.synth(chart).filter(o => o.kind === 'BackendSecurityPolicy');
    expect(policies.map(p => [p.metadata.name, p.spec.targetRefs.length])).toStrictEqual([['shared', 16], ['shared-2', 4]]);
    const targets = policies.flatMap(p => p.spec.targetRefs.map((t: any) => t.name));
    expect(new Set(targets).size).toBe(20);
  });

  test('cloud credentials: AWS, Azure and GCP policies reference Secrets only', () => {
    const chart = Testing.chart();
    const gateway = Gateway.fromGatewayAttributes(chart, 'gw', { gatewayName: 'ai', gatewayNamespace: 'llm' });
    new AiModelRoute(chart, 'r', {
      gateway,
      name: 'cloud',
      models: [
        {
          name: 'claude',
          backends: [{
            backend: AiBackend.fromFqdn('bedrock-runtime.us-east-1.amazonaws.com', 443, {
              name: 'bedrock',
              schema: ApiSchema.awsBedrock(),
              credential: BackendCredential.awsCredentials({ region: 'us-east-1', credentialsSecretName: 'aws-creds', credentialsSecretNamespace: 'secrets' }),
            }),
          }],
        },
        {
          name: 'gpt-4o',
          backends: [{
            backend: AiBackend.fromFqdn('nrp.openai.azure.com', 443, {
              name: 'azure',
              schema: ApiSchema.azureOpenAi('2025-01-01-preview'),
              credential: BackendCredential.azureCredentials({ clientId: 'client', tenantId: 'tenant', clientSecretName: 'azure-client' }),
            }),
          }],
        },
        {
          name: 'gemini',
          backends: [{
            backend: AiBackend.fromFqdn('us-central1-aiplatform.googleapis.com', 443, {
              name: 'vertex',
              schema: ApiSchema.gcpVertexAi(),
              credential: BackendCredential.gcpCredentials({ projectName: 'nrp', region: 'us-central1', credentialsSecretName: 'gcp-sa' }),
            }),
          }],
        },
        {
          name: 'claude-direct',
          backends: [{
            backend: AiBackend.fromFqdn('api.anthropic.com', 443, {
              name: 'anthropic', schema: ApiSchema.anthropic(), credential: BackendCredential.anthropicApiKey({ secretName: 'anthropic-key' }),
            }),
          }],
        },
      ],
    });
    const objects = Testing.synth(chart);
    const specs = Object.fromEntries(objects.filter(o => o.kind === 'BackendSecurityPolicy').map(p => [p.metadata.name, p.spec]));
    expect(specs['aws-creds']).toStrictEqual({
      type: 'AWSCredentials',
      // With the schema's defaults: the profile, and the core group and kind of the Secret reference.
      awsCredentials: {
        region: 'us-east-1',
        credentialsFile: { profile: 'default', secretRef: { group: '', kind: 'Secret', name: 'aws-creds', namespace: 'secrets' } },
      },
      targetRefs: [{ name: 'bedrock', kind: 'AIServiceBackend', group: 'aigateway.envoyproxy.io' }],
    });
    const secretRef = (name: string) => ({ group: '', kind: 'Secret', name, namespace: 'llm' });
    expect(specs['azure-client'].azureCredentials).toStrictEqual({ clientID: 'client', tenantID: 'tenant', clientSecretRef: secretRef('azure-client') });
    expect(specs['gcp-sa'].gcpCredentials).toStrictEqual({ projectName: 'nrp', region: 'us-central1', credentialsFile: { secretRef: secretRef('gcp-sa') } });
    expect(specs['anthropic-key']).toMatchObject({ type: 'AnthropicAPIKey', anthropicAPIKey: { secretRef: { name: 'anthropic-key', namespace: 'llm' } } });
    expect(objects.find(o => o.kind === 'AIServiceBackend' && o.metadata.name === 'azure').spec.schema)
      .toStrictEqual({ name: 'AzureOpenAI', version: '2025-01-01-preview' });
    // The Secret in another namespace is opened to BackendSecurityPolicies of 'llm' only, by name.
    const grant = objects.find(o => o.kind === 'ReferenceGrant' && o.metadata.namespace === 'secrets');
    expect(grant.spec).toStrictEqual({
      from: [{ group: 'aigateway.envoyproxy.io', kind: 'BackendSecurityPolicy', namespace: 'llm' }],
      to: [{ group: '', kind: 'Secret', name: 'aws-creds' }],
    });
    expect(chartKnownObjects(chart).filter(k => k.kind === 'Secret').map(k => `${k.namespace}/${k.name}`).sort())
      .toStrictEqual(['llm/anthropic-key', 'llm/azure-client', 'llm/gcp-sa', 'secrets/aws-creds']);
    expect(Yaml.stringify(...objects)).toMatchSnapshot();
  });

  test('GCP without a credentials file is v1beta1 only', () => {
    const make = (apiVersion: AiGatewayApiVersion) => {
      const chart = Testing.chart();
      const gateway = Gateway.fromGatewayAttributes(chart, 'gw', { gatewayName: 'ai', gatewayNamespace: 'llm' });
      return new AiModelRoute(chart, 'r', {
        gateway,
        name: 'r',
        apiVersion,
        models: [{
          name: 'gemini',
          backends: [{
            backend: AiBackend.fromFqdn('aiplatform.googleapis.com', 443, {
              name: 'vertex', schema: ApiSchema.gcpVertexAi(), credential: BackendCredential.gcpCredentials({ projectName: 'p', region: 'r' }),
            }),
          }],
        }],
      });
    };
    expect(() => make(AiGatewayApiVersion.V1BETA1)).not.toThrow();
    expect(() => make(AiGatewayApiVersion.V1ALPHA1))
      .toThrow(/backend 'vertex': a GCPCredentials credential without credentialsSecretName needs AiGatewayApiVersion.V1BETA1/);
  });
});

describe('backends and rules', () => {
  test('Kubernetes Service and IP backends; weights, priorities and timeouts reach the rule', () => {
    const chart = Testing.chart();
    const gateway = Gateway.fromGatewayAttributes(chart, 'gw', { gatewayName: 'ai', gatewayNamespace: 'llm' });
    const service = AiBackend.fromService(BackendService.fromName('vllm', 'models', 8000), { name: 'vllm', namespace: 'models' });
    const ip = AiBackend.fromIp('10.1.2.3', 8080, { name: 'gpu-box' });
    new AiModelRoute(chart, 'r', {
      gateway,
      name: 'r',
      modelsOwnedBy: 'NRP',
      timeouts: { request: Duration.minutes(20) },
      llmRequestCosts: [LlmRequestCost.cel('llm_cost', 'input_tokens + output_tokens * 4u')],
      models: [{
        name: 'llama',
        backends: [{ backend: service, weight: 3 }, { backend: ip, weight: 1 }, { backend: AiBackend.fromFqdn('api.together.xyz', 443, { name: 'together' }), priority: 1 }],
        timeouts: { backendRequest: Duration.seconds(90), streamIdle: Duration.millis(30500) },
      }],
    });
    const objects = Testing.synth(chart);
    const route = objects.find(o => o.kind === 'AIGatewayRoute');
    expect(route.spec.llmRequestCosts).toStrictEqual([{ metadataKey: 'llm_cost', type: 'CEL', cel: 'input_tokens + output_tokens * 4u' }]);
    expect(route.spec.rules[0]).toStrictEqual({
      matches: [{ headers: [{ type: 'Exact', name: 'x-ai-eg-model', value: 'llama' }] }],
      // What is not given takes the schema's defaults, weight 1 and priority 0.
      backendRefs: [
        { name: 'vllm', namespace: 'models', weight: 3, priority: 0 },
        { name: 'gpu-box', weight: 1, priority: 0 },
        { name: 'together', weight: 1, priority: 1 },
      ],
      timeouts: { request: '1200s', backendRequest: '90s' },
      streamIdleTimeout: '30s500ms',
      modelsOwnedBy: 'NRP',
    });
    expect(objects.find(o => o.kind === 'Backend' && o.metadata.name === 'vllm')).toMatchObject({
      metadata: { namespace: 'models' },
      spec: { endpoints: [{ fqdn: { hostname: 'vllm.models.svc.cluster.local', port: 8000 } }] },
    });
    expect(objects.find(o => o.kind === 'Backend' && o.metadata.name === 'gpu-box').spec)
      .toStrictEqual({ type: 'Endpoints', endpoints: [{ ip: { address: '10.1.2.3', port: 8080 } }] });
    // The route reaches the AIServiceBackend in 'models' through a grant naming it.
    expect(objects.find(o => o.kind === 'ReferenceGrant' && o.metadata.namespace === 'models').spec).toStrictEqual({
      from: [{ group: 'aigateway.envoyproxy.io', kind: 'AIGatewayRoute', namespace: 'llm' }],
      to: [{ group: 'aigateway.envoyproxy.io', kind: 'AIServiceBackend', name: 'vllm' }],
    });
    expect(chartKnownObjects(chart)).toContainEqual({ apiVersion: 'v1', kind: 'Service', name: 'vllm', namespace: 'models' });
  });

  test('a model on an InferencePool gets a rule of its own with one pool reference and a grant across namespaces', () => {
    const chart = Testing.chart();
    const gateway = Gateway.fromGatewayAttributes(chart, 'gw', { gatewayName: 'ai', gatewayNamespace: 'llm', gatewayApiVersion: GatewayApiVersion.V1_6 });
    new AiModelRoute(chart, 'r', {
      gateway,
      name: 'r',
      models: [
        { name: 'qwen3', inferencePool: pool(chart, 'qwen-pool', 'llm-d') },
        { name: 'local', inferencePool: pool(chart, 'local-pool', 'llm') },
      ],
    });
    const objects = Testing.synth(chart);
    const rules = objects.find(o => o.kind === 'AIGatewayRoute').spec.rules;
    expect(rules.map((r: any) => r.backendRefs)).toStrictEqual([
      [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'local-pool', weight: 1, priority: 0 }],
      [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'qwen-pool', namespace: 'llm-d', weight: 1, priority: 0 }],
    ]);
    const grant = objects.find(o => o.kind === 'ReferenceGrant');
    expect(grant.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(grant.metadata.namespace).toBe('llm-d');
    expect(grant.spec.to).toStrictEqual([{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'qwen-pool' }]);
    expect(objects.filter(o => o.kind === 'AIServiceBackend')).toStrictEqual([]);
  });

  test('a backend shared by two routes of a chart is emitted once', () => {
    const chart = Testing.chart();
    const gateway = Gateway.fromGatewayAttributes(chart, 'gw', { gatewayName: 'ai', gatewayNamespace: 'llm' });
    const backend = AiBackend.fromFqdn('vllm.llm.svc', 8000, { name: 'vllm', credential: BackendCredential.apiKey({ secretName: 'k' }) });
    new AiModelRoute(chart, 'a', { gateway, name: 'a', models: [{ name: 'x', backends: [{ backend }] }] });
    new AiModelRoute(chart, 'b', { gateway, name: 'b', models: [{ name: 'y', backends: [{ backend }] }] });
    const objects = Testing.synth(chart);
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`).sort()).toStrictEqual([
      'AIGatewayRoute/a', 'AIGatewayRoute/b', 'AIServiceBackend/vllm', 'Backend/vllm', 'BackendSecurityPolicy/k',
    ]);
  });
});

describe('AiGateway', () => {
  test('EnvoyProxy, GatewayClass, Gateway and ClientTrafficPolicy as in the seed diagram; routes attach to it', () => {
    const chart = Testing.chart();
    const gateway = new AiGateway(chart, 'gw', { name: 'envoy-ai-gateway-nrp', namespace: 'nrp-llm' });
    new AiModelRoute(chart, 'r', { gateway, name: 'r', models: [{ name: 'm', backends: [{ backend: AiBackend.fromFqdn('v.nrp-llm.svc', 80, { name: 'v' }) }] }] });
    const objects = Testing.synth(chart);
    expect(objects.filter(o => ['EnvoyProxy', 'GatewayClass', 'Gateway', 'ClientTrafficPolicy'].includes(o.kind))).toStrictEqual([
      {
        apiVersion: 'gateway.envoyproxy.io/v1alpha1',
        kind: 'EnvoyProxy',
        metadata: { name: 'envoy-ai-gateway-nrp', namespace: 'nrp-llm' },
        // The log level is the schema's default, written out as the API server stores it.
        spec: { provider: { type: 'Kubernetes' }, logging: { level: { default: 'warn' } } },
      },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'GatewayClass',
        metadata: { name: 'envoy-ai-gateway-nrp' },
        spec: {
          controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
          parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'envoy-ai-gateway-nrp', namespace: 'nrp-llm' },
        },
      },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'envoy-ai-gateway-nrp', namespace: 'nrp-llm' },
        spec: {
          gatewayClassName: 'envoy-ai-gateway-nrp',
          listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }],
        },
      },
      {
        apiVersion: 'gateway.envoyproxy.io/v1alpha1',
        kind: 'ClientTrafficPolicy',
        metadata: { name: 'envoy-ai-gateway-nrp', namespace: 'nrp-llm' },
        spec: {
          targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'envoy-ai-gateway-nrp' }],
          connection: { bufferLimit: '50Mi', maxAcceptPerSocketEvent: 1 },
        },
      },
    ]);
    // Created here, so not declared as existing.
    expect(chartKnownObjects(chart).filter(k => k.kind === 'Gateway')).toStrictEqual([]);
    expect(chartReleases(chart).get('gateway-api')).toStrictEqual(new Set(['v1.2.0']));
  });

  test('its namespace is created, first, so that the output applies to a fresh cluster; or referenced when it exists', () => {
    const created = Testing.chart();
    const gateway = new AiGateway(created, 'gw', { name: 'ai', namespace: 'llm' });
    const objects = Testing.synth(created);
    expect(objects[0]).toStrictEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'llm' }, spec: { finalizers: ['kubernetes'] } });
    expect(objects.filter(o => o.kind === 'Namespace')).toHaveLength(1);
    expect(gateway.namespaces.map(ns => [ns.name, ns.existing])).toStrictEqual([['llm', false]]);
    expect(chartKnownObjects(created).filter(k => k.kind === 'Namespace')).toStrictEqual([]);

    // An existing namespace is declared known with its labels (synth-time validation and the known-objects file).
    const existing = Testing.chart();
    new AiGateway(existing, 'gw', { name: 'ai', namespace: 'llm', namespaces: [PlatformNamespace.fromExisting('llm', { team: 'ml' })] });
    expect(Testing.synth(existing).filter(o => o.kind === 'Namespace')).toStrictEqual([]);
    expect(chartKnownObjects(existing)).toContainEqual({ apiVersion: 'v1', kind: 'Namespace', name: 'llm', labels: { team: 'ml' } });

    // More namespaces, for example of routes admitted from all namespaces: the gateway's first, then the others.
    const more = Testing.chart();
    const open = new AiGateway(more, 'gw', {
      name: 'ai', namespace: 'llm', allowRoutesFromAllNamespaces: true, namespaces: [PlatformNamespace.create('apps', { team: 'apps' })],
    });
    open.addNamespace(PlatformNamespace.fromExisting('shared'));
    expect(Testing.synth(more).filter(o => o.kind === 'Namespace').map(o => o.metadata)).toStrictEqual([
      { name: 'llm' }, { name: 'apps', labels: { team: 'apps' } },
    ]);
    expect(open.namespaces.map(ns => ns.name)).toStrictEqual(['llm', 'apps', 'shared']);
    expect(() => open.addNamespace(PlatformNamespace.create('apps'))).toThrow("AiGateway 'test/gw': namespace 'apps' is listed twice. List each namespace once.");
  });

  test('gateways of one chart share the namespace they create, with the labels of both; another chart creating it is a duplicate', () => {
    const chart = Testing.chart();
    new AiGateway(chart, 'a', { name: 'a', namespace: 'envoy-gateway' });
    new AiGateway(chart, 'b', { name: 'b', namespace: 'envoy-gateway' });
    new NvcfGateway(chart, 'nvcf', { domain: 'nvcf.example.com' }); // creates envoy-gateway too, with the platform label
    expect(Testing.synth(chart).filter(o => o.kind === 'Namespace').map(o => o.metadata)).toStrictEqual([
      { name: 'envoy-gateway', labels: { 'nvcf/platform': 'true' } },
      { name: 'api-keys', labels: { 'nvcf/platform': 'true' } },
      { name: 'nvcf', labels: { 'nvcf/platform': 'true' } },
    ]);

    const conflicting = Testing.chart();
    new AiGateway(conflicting, 'a', { name: 'a', namespace: 'llm', namespaces: [PlatformNamespace.create('llm', { team: 'a' })] });
    expect(() => new AiGateway(conflicting, 'b', { name: 'b', namespace: 'llm', namespaces: [PlatformNamespace.create('llm', { team: 'b' })] }))
      .toThrow("AiGateway 'test/b': namespace 'llm' label 'team' is 'b', but 'test/a' creates that namespace in this chart with 'team: a'. " +
        'Give both the same value, or use another namespace.');

    const app = Testing.app();
    new AiGateway(new Chart(app, 'one'), 'gw', { name: 'one', namespace: 'llm' });
    const two = new Chart(app, 'two');
    new AiGateway(two, 'gw', { name: 'two', namespace: 'llm' });
    expect(() => Testing.synth(two)).toThrow("Namespace 'llm' (construct two/gw/Namespace-llm/Resource) metadata.name: DuplicateObject: " +
      "Namespace 'llm' is in the set twice, at construct one/gw/Namespace-llm/Resource and at construct two/gw/Namespace-llm/Resource.");
  });

  test('HTTPS listener: certificate Secret in another namespace gets a Gateway→Secret grant', () => {
    const chart = Testing.chart();
    const certificate = TlsCertificate.fromTlsCertificateAttributes(chart, 'Tls', { secretName: 'wildcard-tls', secretNamespace: 'certs', dnsNames: ['*.llm.example.com'] });
    new AiGateway(chart, 'gw', { name: 'ai', namespace: 'llm', https: { certificate, hostname: 'api.llm.example.com' }, http: false });
    const objects = Testing.synth(chart);
    expect(objects.find(o => o.kind === 'Gateway').spec.listeners).toStrictEqual([{
      name: 'https',
      port: 443,
      protocol: 'HTTPS',
      hostname: 'api.llm.example.com',
      allowedRoutes: { namespaces: { from: 'Same' } },
      tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'wildcard-tls', namespace: 'certs' }] },
    }]);
    expect(objects.find(o => o.kind === 'ReferenceGrant')).toMatchObject({
      metadata: { namespace: 'certs' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'llm' }], to: [{ group: '', kind: 'Secret', name: 'wildcard-tls' }] },
    });
    expect(chartKnownObjects(chart)).toContainEqual({ apiVersion: 'v1', kind: 'Secret', name: 'wildcard-tls', namespace: 'certs' });
  });

  test('bufferLimit is written in the largest whole unit', () => {
    const chart = Testing.chart();
    new AiGateway(chart, 'a', { name: 'a', namespace: 'llm', bufferLimit: Size.kibibytes(1536) });
    new AiGateway(chart, 'b', { name: 'b', namespace: 'llm', bufferLimit: Size.gibibytes(1) });
    const limits = Testing.synth(chart).filter(o => o.kind === 'ClientTrafficPolicy').map(o => o.spec.connection.bufferLimit);
    expect(limits).toStrictEqual(['1536Ki', '1024Mi']);
  });

  test('snapshot: HTTPS gateway with a model route, in one ApplySet', () => {
    const chart = Testing.chart();
    new ApplySet(chart, 'prune', { name: 'ai', namespace: 'llm' });
    const certificate = TlsCertificate.fromTlsCertificateAttributes(chart, 'Tls', { secretName: 'llm-tls', secretNamespace: 'llm', dnsNames: ['llm.example.org'] });
    const gateway = new AiGateway(chart, 'gw', { name: 'ai', namespace: 'llm', https: { certificate, hostname: 'llm.example.org' } });
    new AiModelRoute(chart, 'r', {
      gateway,
      name: 'models',
      sectionNames: ['https'],
      hostnames: ['llm.example.org'],
      models: [{
        name: 'gpt-4o-mini',
        backends: [{
          backend: AiBackend.fromFqdn('api.openai.com', 443, {
            name: 'openai', credential: BackendCredential.apiKey({ secretName: 'openai-key' }),
          }),
        }],
      }],
    });
    expect(Yaml.stringify(...Testing.synth(chart))).toMatchSnapshot();
  });

  test('fails at synth when the certificate does not cover the HTTPS hostname', () => {
    const chart = Testing.chart();
    const certificate = TlsCertificate.fromTlsCertificateAttributes(chart, 'Tls', { secretName: 'tls', secretNamespace: 'llm', dnsNames: ['*.example.com'] });
    new AiGateway(chart, 'gw', { name: 'ai', namespace: 'llm', https: { certificate, hostname: 'a.b.example.com' } });
    expect(() => Testing.synth(chart)).toThrow("AiGateway 'test/gw': HTTPS listener 'https' serves hostname 'a.b.example.com' " +
      "(listener 'https' hostname), which certificate 'llm/tls' (dnsNames '*.example.com') does not cover; a wildcard covers " +
      "exactly one label. Add 'a.b.example.com' or '*.b.example.com' to the certificate's dnsNames, or use a hostname it covers.");
  });

  test('fails at synth when the certificate does not cover the hostname of a route it serves', () => {
    const chart = Testing.chart();
    const certificate = TlsCertificate.fromTlsCertificateAttributes(chart, 'Tls', { secretName: 'tls', secretNamespace: 'llm', dnsNames: ['*.example.com'] });
    const gateway = new AiGateway(chart, 'gw', { name: 'ai', namespace: 'llm', http: false, https: { certificate } });
    const qwen = InferencePool.fromInferencePoolAttributes(chart, 'pool', { poolName: 'qwen', poolNamespace: 'llm' });
    new InferenceRoute(chart, 'route', { gateway, hostnames: ['llm.team.example.com'], rules: [{ backends: [{ pool: qwen }] }] });
    expect(() => Testing.synth(chart)).toThrow("AiGateway 'test/gw': HTTPS listener 'https' serves hostname 'llm.team.example.com' " +
      "(route 'test/route'), which certificate 'llm/tls' (dnsNames '*.example.com') does not cover");
  });

  test('listeners added after construction serve routes; HTTPS without a certificate fails with the library\'s error', () => {
    const chart = Testing.chart();
    const gateway = new AiGateway(chart, 'gw', { name: 'ai', namespace: 'llm' });
    gateway.addListener({ name: 'internal', port: 8080, protocol: ListenerProtocol.HTTP, hostname: 'internal.example.com' });
    expect(gateway.listeners.map(l => [l.name, l.port, l.routeKinds])).toStrictEqual([
      ['http', 80, ['HTTPRoute', 'GRPCRoute']], ['internal', 8080, ['HTTPRoute', 'GRPCRoute']],
    ]);
    const spec = Testing.synth(chart).find(o => o.kind === 'Gateway').spec;
    expect(spec.listeners[1]).toStrictEqual({ name: 'internal', port: 8080, protocol: 'HTTP', hostname: 'internal.example.com', allowedRoutes: { namespaces: { from: 'Same' } } });
    // What a JavaScript or Python caller can pass: no certificate at all.
    expect(() => new AiGateway(Testing.chart(), 'gw', { name: 'ai', namespace: 'llm', https: {} as any }))
      .toThrow("AiGateway 'test/gw': HTTPS listener 'https' has no certificate. Pass one, for example certificate: ");
    expect(() => gateway.addListener({ name: 'tls', port: 443, protocol: ListenerProtocol.HTTPS }))
      .toThrow("AiGateway 'test/gw': listener 'tls' is HTTPS but has no certificate. Use addHttpsListener({ certificate, ... }).");
  });
});

describe('a model served by an InferencePool of this app', () => {
  test('the AIGatewayRoute reaches the pool in its namespace through a grant, and the whole chart validates strictly', () => {
    const chart = Testing.chart();
    const gateway = new AiGateway(chart, 'gw', { name: 'ai', namespace: 'llm' });
    const qwen = new InferencePool(chart, 'qwen', {
      name: 'qwen-pool', namespace: 'llm-d', selector: PoolSelector.matchLabels({ app: 'qwen' }),
    });
    new AiModelRoute(chart, 'r', { gateway, name: 'r', models: [{ name: 'qwen3', inferencePool: qwen }] });
    const objects = Testing.synth(chart); // runs the strict manifest validation too
    expect(objects.find(o => o.kind === 'AIGatewayRoute').spec.rules[0].backendRefs).toStrictEqual([
      { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'qwen-pool', namespace: 'llm-d', weight: 1, priority: 0 },
    ]);
    const grant = objects.find(o => o.kind === 'ReferenceGrant' && o.metadata.namespace === 'llm-d');
    expect(grant.spec).toStrictEqual({
      from: [{ group: 'aigateway.envoyproxy.io', kind: 'AIGatewayRoute', namespace: 'llm' }],
      to: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'qwen-pool' }],
    });
    expect(objects.filter(o => o.kind === 'InferencePool')).toHaveLength(1);
  });
});
