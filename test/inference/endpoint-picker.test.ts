import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { EndpointPicker, EndpointPickerEnv, EndpointPickerOptions, EndpointPickerSource, InferencePool, PodSecurityLevel, PoolSelector } from '../../src';
import { DEFAULT_PLUGINS_CONFIG } from '../../src/inference/endpoint-picker';
import { podSecurityFindings } from '../../src/validation/pod-security';

const selector = PoolSelector.matchLabels({ app: 'vllm' });

function render(options: EndpointPickerOptions = {}) {
  const chart = Testing.chart();
  new InferencePool(chart, 'pool', { name: 'llama', namespace: 'llm', selector, endpointPicker: EndpointPickerSource.deploy(options) });
  const objects = Testing.synth(chart);
  const byKind = (kind: string) => objects.filter(o => o.kind === kind);
  const deployment = byKind('Deployment')[0];
  return { objects, byKind, deployment, container: deployment?.spec.template.spec.containers[0] };
}

describe('EndpointPicker', () => {
  test('upstream defaults: image, args, ports, probes, env, config mount', () => {
    const { deployment, container } = render();
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toStrictEqual({ type: 'Recreate' });
    expect(deployment.spec.template.spec.serviceAccountName).toBe('llama-epp');
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBe(130);
    expect(container.image).toBe('registry.k8s.io/gateway-api-inference-extension/epp:v1.6.0');
    expect(container.imagePullPolicy).toBe('Always');
    expect(container.args).toStrictEqual([
      '--pool-name=llama',
      '--pool-namespace=llm',
      '--config-file=/config/default-plugins.yaml',
      '--grpc-port=9002',
      '--grpc-health-port=9003',
      '--metrics-port=9090',
      '--metrics-endpoint-auth=false',
      '--tracing=false',
      '--zap-encoder=json',
    ]);
    expect(container.ports).toStrictEqual([
      { containerPort: 9002, name: 'grpc', protocol: 'TCP' },
      { containerPort: 9003, name: 'grpc-health', protocol: 'TCP' },
      { containerPort: 9090, name: 'metrics', protocol: 'TCP' },
    ]);
    const thresholds = { timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 };
    expect(container.livenessProbe).toStrictEqual({
      grpc: { port: 9003, service: 'inference-extension' }, initialDelaySeconds: 5, periodSeconds: 10, ...thresholds,
    });
    expect(container.readinessProbe).toStrictEqual({ grpc: { port: 9003, service: 'inference-extension' }, periodSeconds: 2, ...thresholds });
    expect(container.env).toStrictEqual([
      { name: 'NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
      { name: 'EPP_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
    ]);
    expect(container.resources).toStrictEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect(container.volumeMounts).toStrictEqual([{ mountPath: '/config', name: 'plugins-config', readOnly: true }]);
    expect(deployment.spec.template.spec.volumes).toStrictEqual([{ name: 'plugins-config', configMap: { name: 'llama-epp', defaultMode: 0o644 } }]);
  });

  test('the Deployment carries the defaults the API server would set, and none of the zero values it drops', () => {
    const { deployment, container } = render();
    expect(deployment.spec.revisionHistoryLimit).toBe(10);
    expect(deployment.spec.progressDeadlineSeconds).toBe(600);
    expect(deployment.spec).not.toHaveProperty('minReadySeconds');
    const pod = deployment.spec.template.spec;
    expect(pod).toMatchObject({
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccount: 'llama-epp',
      serviceAccountName: 'llama-epp',
      securityContext: { runAsNonRoot: true, fsGroupChangePolicy: 'Always' },
    });
    expect(pod).not.toHaveProperty('hostNetwork');
    expect(container).toMatchObject({ terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
  });

  test('the picker container meets Pod Security restricted: non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp', () => {
    expect(render().container.securityContext).toStrictEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('the Service exposes gRPC ext-proc and metrics and selects the picker Pods', () => {
    const { byKind, deployment } = render();
    const [service] = byKind('Service');
    expect(service.metadata).toStrictEqual({ name: 'llama-epp', namespace: 'llm' });
    expect(service.spec.type).toBe('ClusterIP');
    // As the API server stores it: its defaults written out, no empty externalIPs.
    expect(service.spec.sessionAffinity).toBe('None');
    expect(service.spec.internalTrafficPolicy).toBe('Cluster');
    expect(service.spec).not.toHaveProperty('externalIPs');
    expect(service.spec.ports).toStrictEqual([
      { name: 'grpc-ext-proc', port: 9002, protocol: 'TCP', targetPort: 9002 },
      { name: 'http-metrics', port: 9090, protocol: 'TCP', targetPort: 9090 },
    ]);
    expect(service.spec.selector).toStrictEqual({ inferencepool: 'llama-epp' });
    expect(deployment.spec.selector.matchLabels).toStrictEqual({ inferencepool: 'llama-epp' });
    expect(deployment.spec.template.metadata.labels.inferencepool).toBe('llama-epp');
  });

  test('RBAC: read Pods, InferencePools and InferenceObjectives in the namespace, bound to the ServiceAccount', () => {
    const { byKind } = render();
    const [role] = byKind('Role');
    expect(role.metadata).toStrictEqual({ name: 'llama-epp', namespace: 'llm' });
    expect(role.rules).toStrictEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['inference.networking.k8s.io'], resources: ['inferencepools'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['inference.networking.x-k8s.io'], resources: ['inferenceobjectives'], verbs: ['get', 'list', 'watch'] },
    ]);
    const [binding] = byKind('RoleBinding');
    expect(binding.roleRef).toStrictEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'llama-epp' });
    // A ServiceAccount subject without the empty apiGroup, which the API server drops.
    expect(binding.subjects).toStrictEqual([{ kind: 'ServiceAccount', name: 'llama-epp', namespace: 'llm' }]);
    expect(byKind('ClusterRole')).toStrictEqual([]);
  });

  test('the ConfigMap holds the upstream default plugins; a custom config is mounted and selected', () => {
    expect(render().byKind('ConfigMap')[0].data).toStrictEqual({ 'default-plugins.yaml': DEFAULT_PLUGINS_CONFIG });

    const custom = DEFAULT_PLUGINS_CONFIG.replace('weight: 3', 'weight: 5');
    const { byKind, container } = render({ pluginsConfig: custom });
    expect(byKind('ConfigMap')[0].data['custom-plugins.yaml']).toBe(custom);
    expect(container.args).toContain('--config-file=/config/custom-plugins.yaml');
  });

  test('image, flags (sorted, overriding defaults), env and resources', () => {
    const { container } = render({
      name: 'llama-scheduler',
      image: 'ghcr.io/llm-d/llm-d-inference-scheduler:v0.5.0',
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      flags: { 'v': '3', 'kv-cache-usage-percentage-metric': 'vllm:kv_cache_usage_perc', '--tracing': 'true' },
      env: { Z_VAR: 'z', A_VAR: 'a' },
      resources: {
        cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(2000) },
        memory: { request: Size.mebibytes(1536), limit: Size.gibibytes(4) },
      },
    });
    expect(container.image).toBe('ghcr.io/llm-d/llm-d-inference-scheduler:v0.5.0');
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.args.slice(6)).toStrictEqual([
      '--metrics-endpoint-auth=false',
      '--kv-cache-usage-percentage-metric=vllm:kv_cache_usage_perc',
      '--tracing=true',
      '--v=3',
      '--zap-encoder=json',
    ]);
    expect(container.env.map((e: any) => e.name)).toStrictEqual(['NAMESPACE', 'EPP_NAME', 'A_VAR', 'Z_VAR']);
    // Quantities in the form the API server stores them in (2000m is 2, 4096Mi is 4Gi).
    expect(container.resources).toStrictEqual({ requests: { cpu: '500m', memory: '1536Mi' }, limits: { cpu: '2', memory: '4Gi' } });
  });

  test('several replicas run with leader election and its RBAC', () => {
    const { deployment, container, byKind } = render({ replicas: 3 });
    expect(deployment.spec.replicas).toBe(3);
    expect(container.args).toContain('--ha-enable-leader-election');
    expect(container.livenessProbe.grpc.service).toBe('liveness');
    expect(container.readinessProbe.grpc.service).toBe('readiness');
    const rules = byKind('Role')[0].rules;
    expect(rules).toContainEqual({
      apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
    });
    expect(rules).toContainEqual({ apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] });
  });

  test('metrics endpoint auth adds the ClusterRole for token and access reviews', () => {
    const { container, byKind } = render({ metricsEndpointAuth: true });
    expect(container.args).not.toContain('--metrics-endpoint-auth=false');
    const [clusterRole] = byKind('ClusterRole');
    expect(clusterRole.metadata.name).toBe('llm-llama-epp-auth');
    // Without empty resourceNames, as the API server stores the rules.
    expect(clusterRole.rules).toStrictEqual([
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    ]);
    expect(byKind('ClusterRoleBinding')[0].subjects).toStrictEqual([{ kind: 'ServiceAccount', name: 'llama-epp', namespace: 'llm' }]);
  });

  test('can be used on its own for a pool declared elsewhere', () => {
    const chart = Testing.chart();
    const picker = new EndpointPicker(chart, 'epp', { poolName: 'helm-pool', namespace: 'llm' });
    expect([picker.serviceName, picker.serviceNamespace, picker.port]).toStrictEqual(['helm-pool-epp', 'llm', 9002]);
    expect(Testing.synth(chart).find(o => o.kind === 'Deployment').spec.template.spec.containers[0].args[0]).toBe('--pool-name=helm-pool');
  });
});

describe('EndpointPicker hardening', () => {
  test('its Deployment passes Pod Security restricted, with one replica and with several', () => {
    for (const replicas of [1, 3]) {
      const { deployment } = render({ replicas, envValues: { HF_TOKEN: EndpointPickerEnv.fromSecret('hf-token', 'token') } });
      expect(podSecurityFindings(deployment, PodSecurityLevel.RESTRICTED)).toStrictEqual([]);
    }
  });

  test('a PodDisruptionBudget of minAvailable 1 over its pods with more than one replica, none with one, optional off', () => {
    expect(render().byKind('PodDisruptionBudget')).toStrictEqual([]);
    const { byKind, deployment } = render({ replicas: 2 });
    expect(byKind('PodDisruptionBudget')).toStrictEqual([{
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'llama-epp', namespace: 'llm' },
      spec: { minAvailable: 1, selector: { matchLabels: deployment.spec.selector.matchLabels } },
    }]);
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(render({ replicas: 2, podDisruptionBudget: false }).byKind('PodDisruptionBudget')).toStrictEqual([]);
    expect(() => render({ podDisruptionBudget: true })).toThrow(
      "EndpointPicker 'test/pool/EndpointPicker': podDisruptionBudget is true with 1 replica: a budget of minAvailable 1 over one pod " +
      'blocks every node drain. Set replicas to 2 or more, or leave podDisruptionBudget unset.');
  });

  test('env from Secrets: the manifest holds the Secret name and key, not the value; literals stay plain', () => {
    const { container } = render({
      env: { LOG_FORMAT: 'json', TOKENIZERS_CACHE_DIR: '/cache' },
      envValues: { HF_TOKEN: EndpointPickerEnv.fromSecret('hf-token', 'token'), REGION: EndpointPickerEnv.fromValue('eu') },
    });
    expect(container.env.slice(2)).toStrictEqual([
      { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token', key: 'token' } } },
      { name: 'LOG_FORMAT', value: 'json' },
      { name: 'REGION', value: 'eu' },
      { name: 'TOKENIZERS_CACHE_DIR', value: '/cache' },
    ]);
  });

  test.each([
    ['HF_TOKEN', 'abc'], ['OPENAI_API_KEY', 'x'], ['db_password', 'p'], ['AWS_SECRET_ACCESS_KEY', 'k'], ['APIKEY', 'k'], ['GCP_CREDENTIALS', '{}'],
  ])('refuses a literal credential by its name: %s', (name, value) => {
    const message = `EndpointPicker 'test/pool/EndpointPicker': env: ${name} is set to a literal value (not shown); its name says it holds ` +
      'a credential, and a literal would be written into the manifest in clear. Keep the credential in a Secret and reference it: ' +
      `envValues: { ${name}: EndpointPickerEnv.fromSecret('<secret name>', '<key>') }.`;
    expect(() => render({ env: { [name]: value } })).toThrow(message);
    expect(() => render({ envValues: { [name]: EndpointPickerEnv.fromValue(value) } })).toThrow(`envValues: ${name} is set to a literal value`);
    expect(() => render({ envValues: { [name]: EndpointPickerEnv.fromSecret('creds', 'value') } })).not.toThrow();
  });

  test.each([
    ['Bearer abcdefghijklmnop', 'a bearer token'],
    ['sk-proj-abcdefghijklmnopqrstuvwx', 'an API key (sk-...)'],
    ['hf_abcdefghijklmnopqrstuvwxyz', 'a Hugging Face token'],
    ['AKIAABCDEFGHIJKLMNOP', 'an AWS access key ID'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE', 'a private key'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc', 'a JSON Web Token'],
  ])('refuses a value that looks like a credential under any name: %s', (value, what) => {
    expect(() => render({ env: { UPSTREAM: value } })).toThrow(
      `env: the literal value of UPSTREAM looks like ${what} (not shown), which would be written into the manifest in clear. ` +
      "Keep the credential in a Secret and reference it: envValues: { UPSTREAM: EndpointPickerEnv.fromSecret('<secret name>', '<key>') }.");
  });

  test('refuses a name in both env and envValues, and a bad Secret name or key', () => {
    expect(() => render({ env: { A: '1' }, envValues: { A: EndpointPickerEnv.fromValue('2') } })).toThrow(/envValues: A is also in env\./);
    expect(() => render({ envValues: { T: EndpointPickerEnv.fromSecret('Bad_Name', 'k') } })).toThrow(/envValues: T: the Secret name 'Bad_Name'/);
    expect(() => render({ envValues: { T: EndpointPickerEnv.fromSecret('s', 'a/b') } })).toThrow(/the Secret key 'a\/b' is not a data key/);
  });
});

describe('EndpointPicker bad input', () => {
  test('fails on a flag the construct sets', () => {
    expect(() => render({ flags: { 'pool-name': 'other' } })).toThrow(
      "EndpointPicker 'test/pool/EndpointPicker': flags: 'pool-name' is set by the construct (it wires the picker to its " +
      'pool, ports and RBAC). Remove it; use the props poolName, namespace, replicas, pluginsConfig or metricsEndpointAuth instead.');
    expect(() => render({ flags: { 'grpc-port': '9999' } })).toThrow(/flags: 'grpc-port' is set by the construct/);
  });

  test('fails on a flag name that is not one', () => {
    expect(() => render({ flags: { 'v 3': '' } })).toThrow(/flags: 'v 3' is not a flag name/);
  });

  test('fails on bad replicas, empty image, or a config that is no EndpointPickerConfig', () => {
    expect(() => render({ replicas: 0 })).toThrow(/replicas 0 is not a positive whole number\./);
    expect(() => render({ image: ' ' })).toThrow(/image is empty\. Use, for example, 'registry\.k8s\.io/);
    expect(() => render({ pluginsConfig: 'plugins: []' })).toThrow(/pluginsConfig is not an EndpointPickerConfig document/);
  });

  test('fails when the derived name is too long, and says how to fix it', () => {
    const chart = Testing.chart();
    const long = 'a'.repeat(62);
    expect(() => new InferencePool(chart, 'pool', { name: long, namespace: 'llm', selector })).toThrow(
      /name 'a{62}-epp' is not a valid RFC 1123 label .* The name derives from the pool name 'a{62}'; pass a shorter one as the endpoint picker's name\.$/);
    expect(() => new InferencePool(chart, 'pool2', {
      name: long, namespace: 'llm', selector, endpointPicker: EndpointPickerSource.deploy({ name: 'short-epp' }),
    })).not.toThrow();
  });
});
