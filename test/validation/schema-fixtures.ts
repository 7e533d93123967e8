/**
 * Valid objects of every CRD family, shaped after the reference documents in ../shared/seeds (the NVCF
 * gateway and routes, the Envoy AI Gateway model routing, wildcard TLS with cert-manager, the llm-d
 * InferencePool). Tests copy them and break one field at a time.
 */

export const GW = 'gateway.networking.k8s.io';

export function gatewayClass(): any {
  return { apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: { name: 'eg' }, spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' } };
}

export function gateway(): any {
  return {
    apiVersion: `${GW}/v1`,
    kind: 'Gateway',
    metadata: { name: 'nvcf-gateway', namespace: 'envoy-gateway', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' } },
    spec: {
      gatewayClassName: 'eg',
      listeners: [
        {
          name: 'http',
          protocol: 'HTTP',
          port: 80,
          allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'nvcf/platform': 'true' } } } },
        },
        {
          name: 'https',
          protocol: 'HTTPS',
          port: 443,
          hostname: '*.nvcf.example.com',
          tls: { mode: 'Terminate', certificateRefs: [{ name: 'wildcard-nvcf-tls' }] },
          allowedRoutes: { namespaces: { from: 'All' } },
        },
        {
          name: 'tcp',
          protocol: 'TCP',
          port: 10081,
          allowedRoutes: { kinds: [{ kind: 'TCPRoute' }], namespaces: { from: 'All' } },
        },
      ],
    },
  };
}

export function httpRoute(): any {
  return {
    apiVersion: `${GW}/v1`,
    kind: 'HTTPRoute',
    metadata: { name: 'api-keys', namespace: 'envoy-gateway' },
    spec: {
      parentRefs: [{ name: 'nvcf-gateway', sectionName: 'http' }],
      hostnames: ['api-keys.nvcf.example.com'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [{ name: 'api-keys', namespace: 'api-keys', port: 8080 }],
        },
      ],
    },
  };
}

export function grpcRoute(): any {
  return {
    apiVersion: `${GW}/v1`,
    kind: 'GRPCRoute',
    metadata: { name: 'grpc', namespace: 'envoy-gateway' },
    spec: {
      parentRefs: [{ name: 'nvcf-gateway', sectionName: 'https' }],
      hostnames: ['grpc.nvcf.example.com'],
      rules: [{ matches: [{ method: { service: 'nvcf.Invocation', method: 'Invoke' } }], backendRefs: [{ name: 'grpc-proxy', namespace: 'nvcf', port: 10081 }] }],
    },
  };
}

export function tcpRoute(version = 'v1alpha2'): any {
  return {
    apiVersion: `${GW}/${version}`,
    kind: 'TCPRoute',
    metadata: { name: 'grpc', namespace: 'envoy-gateway' },
    spec: {
      parentRefs: [{ name: 'nvcf-gateway', sectionName: 'tcp' }],
      rules: [{ backendRefs: [{ name: 'grpc-proxy', namespace: 'nvcf', port: 10081 }] }],
    },
  };
}

export function tlsRoute(version = 'v1'): any {
  return {
    apiVersion: `${GW}/${version}`,
    kind: 'TLSRoute',
    metadata: { name: 'passthrough', namespace: 'envoy-gateway' },
    spec: {
      parentRefs: [{ name: 'nvcf-gateway' }],
      hostnames: ['tls.nvcf.example.com'],
      rules: [{ backendRefs: [{ name: 'tls-backend', port: 8443 }] }],
    },
  };
}

export function referenceGrant(version = 'v1beta1'): any {
  return {
    apiVersion: `${GW}/${version}`,
    kind: 'ReferenceGrant',
    metadata: { name: 'allow-routes-to-api-keys', namespace: 'api-keys' },
    spec: { from: [{ group: GW, kind: 'HTTPRoute', namespace: 'envoy-gateway' }], to: [{ group: '', kind: 'Service', name: 'api-keys' }] },
  };
}

export function backendTlsPolicy(): any {
  return {
    apiVersion: `${GW}/v1`,
    kind: 'BackendTLSPolicy',
    metadata: { name: 'upstream-tls', namespace: 'nvcf' },
    spec: {
      targetRefs: [{ group: '', kind: 'Service', name: 'nvcf-api' }],
      validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }], hostname: 'nvcf-api.nvcf.svc' },
    },
  };
}

export const EG = 'gateway.envoyproxy.io';

export function backend(): any {
  return {
    apiVersion: `${EG}/v1alpha1`,
    kind: 'Backend',
    metadata: { name: 'envoy-ai-gateway-nrp-qwen', namespace: 'nrp-llm' },
    spec: { endpoints: [{ fqdn: { hostname: 'qwen-vllm-inference.nrp-llm.svc.cluster.local', port: 5000 } }] },
  };
}

export function envoyProxy(): any {
  return {
    apiVersion: `${EG}/v1alpha1`,
    kind: 'EnvoyProxy',
    metadata: { name: 'ai-gateway-proxy', namespace: 'envoy-gateway-system' },
    spec: { provider: { type: 'Kubernetes', kubernetes: { envoyService: { type: 'LoadBalancer' } } } },
  };
}

export function clientTrafficPolicy(): any {
  return {
    apiVersion: `${EG}/v1alpha1`,
    kind: 'ClientTrafficPolicy',
    metadata: { name: 'client-timeouts', namespace: 'envoy-gateway' },
    spec: {
      targetRefs: [{ group: GW, kind: 'Gateway', name: 'nvcf-gateway' }],
      timeout: { http: { requestReceivedTimeout: '1200s' } },
      connection: { bufferLimit: '50Mi' },
    },
  };
}

export function backendTrafficPolicy(): any {
  return {
    apiVersion: `${EG}/v1alpha1`,
    kind: 'BackendTrafficPolicy',
    metadata: { name: 'llm-timeouts', namespace: 'nrp-llm' },
    spec: {
      targetRefs: [{ group: GW, kind: 'HTTPRoute', name: 'envoy-ai-gateway-nrp-qwen' }],
      timeout: { http: { requestTimeout: '1200s' } },
      retry: { numRetries: 2 },
    },
  };
}

export function securityPolicy(): any {
  return {
    apiVersion: `${EG}/v1alpha1`,
    kind: 'SecurityPolicy',
    metadata: { name: 'api-key-auth', namespace: 'nrp-llm' },
    spec: {
      targetRefs: [{ group: GW, kind: 'HTTPRoute', name: 'envoy-ai-gateway-nrp-qwen' }],
      apiKeyAuth: { credentialRefs: [{ name: 'client-keys' }], extractFrom: [{ headers: ['x-api-key'] }] },
    },
  };
}

export const AI = 'aigateway.envoyproxy.io';

/** The AIGatewayRoute of the Envoy AI Gateway seed (001). */
export function aiGatewayRoute(version = 'v1alpha1'): any {
  return {
    apiVersion: `${AI}/${version}`,
    kind: 'AIGatewayRoute',
    metadata: { name: 'envoy-ai-gateway-nrp-qwen', namespace: 'nrp-llm' },
    spec: {
      llmRequestCosts: [
        { metadataKey: 'llm_input_token', type: 'InputToken' },
        { metadataKey: 'llm_output_token', type: 'OutputToken' },
        { metadataKey: 'llm_total_token', type: 'TotalToken' },
      ],
      parentRefs: [{ name: 'envoy-ai-gateway-nrp', kind: 'Gateway', group: GW }],
      rules: [
        {
          matches: [{ headers: [{ type: 'Exact', name: 'x-ai-eg-model', value: 'qwen3' }] }],
          backendRefs: [{ name: 'envoy-ai-gateway-nrp-qwen', modelNameOverride: 'Qwen/Qwen3-235B-A22B-Thinking-2507-FP8' }],
          timeouts: { request: '1200s' },
          modelsOwnedBy: 'NRP',
        },
        {
          matches: [{ headers: [{ type: 'Exact', name: 'x-ai-eg-model', value: 'qwen3-combined' }] }],
          backendRefs: [
            { name: 'envoy-ai-gateway-nrp-qwen', modelNameOverride: 'Qwen/Qwen3-235B-A22B-Thinking-2507-FP8' },
            { name: 'envoy-ai-gateway-sdsc-nairr-qwen3', modelNameOverride: 'Qwen/Qwen3-235B-A22B-Thinking-2507-FP8' },
          ],
          timeouts: { request: '1200s' },
          modelsOwnedBy: 'NRP',
        },
      ],
    },
  };
}

export function aiServiceBackend(version = 'v1alpha1'): any {
  return {
    apiVersion: `${AI}/${version}`,
    kind: 'AIServiceBackend',
    metadata: { name: 'envoy-ai-gateway-nrp-qwen', namespace: 'nrp-llm' },
    spec: { schema: { name: 'OpenAI' }, backendRef: { name: 'envoy-ai-gateway-nrp-qwen', kind: 'Backend', group: EG } },
  };
}

export function backendSecurityPolicy(version = 'v1alpha1'): any {
  return {
    apiVersion: `${AI}/${version}`,
    kind: 'BackendSecurityPolicy',
    metadata: { name: 'envoy-ai-gateway-nrp-apikey', namespace: 'nrp-llm' },
    spec: {
      type: 'APIKey',
      apiKey: { secretRef: { name: 'openai-apikey', namespace: 'nrp-llm' } },
      targetRefs: [{ name: 'envoy-ai-gateway-nrp-qwen', kind: 'AIServiceBackend', group: AI }],
    },
  };
}

export const CM = 'cert-manager.io';

export function clusterIssuer(): any {
  return {
    apiVersion: `${CM}/v1`,
    kind: 'ClusterIssuer',
    metadata: { name: 'letsencrypt-prod' },
    spec: {
      acme: {
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        email: 'platform@example.com',
        privateKeySecretRef: { name: 'letsencrypt-prod-account' },
        solvers: [{ dns01: { route53: { region: 'us-west-2' } }, selector: { dnsZones: ['nvcf.example.com'] } }],
      },
    },
  };
}

export function issuer(): any {
  return { apiVersion: `${CM}/v1`, kind: 'Issuer', metadata: { name: 'selfsigned', namespace: 'envoy-gateway' }, spec: { selfSigned: {} } };
}

export function certificate(): any {
  return {
    apiVersion: `${CM}/v1`,
    kind: 'Certificate',
    metadata: { name: 'wildcard-nvcf', namespace: 'envoy-gateway' },
    spec: {
      secretName: 'wildcard-nvcf-tls',
      dnsNames: ['*.nvcf.example.com', 'nvcf.example.com'],
      issuerRef: { name: 'letsencrypt-prod', kind: 'ClusterIssuer', group: CM },
      duration: '2160h',
      renewBefore: '360h',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
    },
  };
}

export function inferencePool(): any {
  return {
    apiVersion: 'inference.networking.k8s.io/v1',
    kind: 'InferencePool',
    metadata: { name: 'qwen3-pool', namespace: 'llm-d' },
    spec: {
      selector: { matchLabels: { 'llm-d.ai/inferenceServing': 'true', 'llm-d.ai/model': 'qwen3' } },
      targetPorts: [{ number: 8000 }],
      endpointPickerRef: { name: 'qwen3-epp', port: { number: 9002 } },
    },
  };
}

/** Every valid fixture, with the release it is checked against by default. */
export function allValid(): [string, any, string][] {
  return [
    ['GatewayClass', gatewayClass(), 'gateway-api v1.6.1 (experimental)'],
    ['Gateway', gateway(), 'gateway-api v1.6.1 (experimental)'],
    ['HTTPRoute', httpRoute(), 'gateway-api v1.6.1 (experimental)'],
    ['GRPCRoute', grpcRoute(), 'gateway-api v1.6.1 (experimental)'],
    ['TCPRoute v1alpha2', tcpRoute('v1alpha2'), 'gateway-api v1.6.1 (experimental)'],
    ['TCPRoute v1', tcpRoute('v1'), 'gateway-api v1.6.1 (experimental)'],
    ['TLSRoute v1', tlsRoute('v1'), 'gateway-api v1.6.1 (experimental)'],
    ['ReferenceGrant v1beta1', referenceGrant('v1beta1'), 'gateway-api v1.6.1 (experimental)'],
    ['ReferenceGrant v1', referenceGrant('v1'), 'gateway-api v1.6.1 (experimental)'],
    ['BackendTLSPolicy', backendTlsPolicy(), 'gateway-api v1.6.1 (experimental)'],
    ['Backend', backend(), 'envoy-gateway v1.8.1'],
    ['EnvoyProxy', envoyProxy(), 'envoy-gateway v1.8.1'],
    ['ClientTrafficPolicy', clientTrafficPolicy(), 'envoy-gateway v1.8.1'],
    ['BackendTrafficPolicy', backendTrafficPolicy(), 'envoy-gateway v1.8.1'],
    ['SecurityPolicy', securityPolicy(), 'envoy-gateway v1.8.1'],
    ['AIGatewayRoute v1alpha1', aiGatewayRoute('v1alpha1'), 'ai-gateway v1.1.0'],
    ['AIGatewayRoute v1beta1', aiGatewayRoute('v1beta1'), 'ai-gateway v1.1.0'],
    ['AIServiceBackend v1alpha1', aiServiceBackend('v1alpha1'), 'ai-gateway v1.1.0'],
    ['AIServiceBackend v1beta1', aiServiceBackend('v1beta1'), 'ai-gateway v1.1.0'],
    ['BackendSecurityPolicy v1alpha1', backendSecurityPolicy('v1alpha1'), 'ai-gateway v1.1.0'],
    ['ClusterIssuer', clusterIssuer(), 'cert-manager v1.21.1'],
    ['Issuer', issuer(), 'cert-manager v1.21.1'],
    ['Certificate', certificate(), 'cert-manager v1.21.1'],
    ['InferencePool', inferencePool(), 'inference-extension v1.6.0'],
  ];
}
