import * as fs from 'fs';
import * as path from 'path';
import { textReport, toJson } from '../../src/validation/cli';
import { ManifestValidator } from '../../src/validation/manifest-validator';
import { CompiledSchema, SchemaDefinitions } from '../../src/validation/schema/structural';
import { SchemaValidator } from '../../src/validation/schema/validator';

/**
 * Built-in kinds, checked against the OpenAPI schemas of the pinned Kubernetes release (schemas/kubernetes-v1.36.3.json)
 * as the API server decodes them, plus the Go validation rules checked exactly (names, ConfigMap and Secret limits).
 */
const validator = new SchemaValidator();
const MiB = 1024 * 1024;

const errors = (object: any) => validator.validate(object).findings.filter(f => !f.warning);
const warnings = (object: any) => validator.validate(object).findings.filter(f => f.warning);

function deployment(spec: any = {}, container: any = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'model-server', namespace: 'ai', labels: { 'app.kubernetes.io/name': 'model-server' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'model-server' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'model-server' }, annotations: { 'prometheus.io/scrape': 'true' } },
        spec: {
          serviceAccountName: 'model-server',
          securityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'server',
            image: 'ghcr.io/example/model-server:1.4.2',
            imagePullPolicy: 'IfNotPresent',
            args: ['--port=8080'],
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            env: [
              { name: 'LOG_LEVEL', value: 'info' },
              { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'model-server', key: 'api-key' } } },
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            ],
            resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { 'cpu': 2, 'memory': '2Gi', 'nvidia.com/gpu': 1 } },
            readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
            livenessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 10 },
            volumeMounts: [{ name: 'config', mountPath: '/etc/model-server', readOnly: true }],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
            ...container,
          }],
          volumes: [{ name: 'config', configMap: { name: 'model-server', items: [{ key: 'config.yaml', path: 'config.yaml' }] } }],
          topologySpreadConstraints: [{
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'model-server' } },
          }],
          tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
        },
      },
      ...spec,
    },
  };
}

function service(port: any = {}): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'model-server', namespace: 'ai' },
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'model-server' },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', ...port }],
    },
  };
}

function configMap(data: any, binaryData?: any): any {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'model-server', namespace: 'ai' }, data, ...(binaryData ? { binaryData } : {}) };
}

function secret(fields: any): any {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'model-server', namespace: 'ai' }, type: 'Opaque', ...fields };
}

/** A valid set of the common kinds, shaped as real charts write them. */
const COMMON: any[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ai', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'model-server', namespace: 'ai' }, automountServiceAccountToken: false },
  deployment(),
  service(),
  configMap({ 'config.yaml': 'port: 8080\nmodels: [qwen3]\n' }),
  secret({ data: { 'api-key': Buffer.from('sk-123').toString('base64') }, stringData: { extra: 'plain' } }),
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls', namespace: 'ai' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y2VydA==', 'tls.key': 'a2V5' } },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'model-server', namespace: 'ai' },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'model-server', namespace: 'ai' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'model-server' },
    subjects: [{ kind: 'ServiceAccount', name: 'model-server', namespace: 'ai' }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'system:model-server:reader' },
    rules: [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }],
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-reader': 'true' } }] },
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'system:model-server:reader' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:model-server:reader' },
    subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' }],
  },
  {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'model-server', namespace: 'ai' },
    spec: { minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'model-server' } } },
  },
  {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'model-server-pct', namespace: 'ai' },
    spec: { maxUnavailable: '50%', unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: { app: 'x' } } },
  },
  {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'model-server', namespace: 'ai' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'model-server' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Pods', pods: { metric: { name: 'requests_per_second' }, target: { type: 'AverageValue', averageValue: '100' } } },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] } },
    },
  },
  {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'legacy', namespace: 'ai' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'model-server' }, maxReplicas: 3, targetCPUUtilizationPercentage: 80 },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'model-server', namespace: 'ai', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['ai.example.com'], secretName: 'tls' }],
      rules: [{ host: 'ai.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'model-server', port: { name: 'http' } } } }] } }],
    },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'model-server', namespace: 'ai' },
    spec: {
      podSelector: { matchLabels: { app: 'x' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway' } } }], ports: [{ port: 8080, protocol: 'TCP' }, { port: 'http' }] }],
    },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'vector-db', namespace: 'ai' },
    spec: {
      serviceName: 'vector-db',
      replicas: 1,
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'qdrant/qdrant:v1.9.0', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } }],
    },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'node-agent', namespace: 'ai' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { hostNetwork: true, containers: [{ name: 'agent', image: 'busybox:1.36', command: ['sleep', 'infinity'] }] } },
    },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'cache-warmup', namespace: 'ai' },
    spec: {
      schedule: '*/15 * * * *',
      concurrencyPolicy: 'Forbid',
      jobTemplate: {
        spec: {
          backoffLimit: 2,
          template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'warm', image: 'curlimages/curl:8.8.0', args: ['http://model-server/warm'] }] } },
        },
      },
    },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { generateName: 'migrate-', namespace: 'ai' },
    spec: { ttlSecondsAfterFinished: 600, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'migrate:1' }] } } },
  },
  {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'models', namespace: 'ai' },
    spec: { accessModes: ['ReadWriteMany'], storageClassName: 'fast', resources: { requests: { storage: '100Gi' } } },
  },
  { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'gpu', namespace: 'ai' }, spec: { hard: { 'requests.nvidia.com/gpu': 4, 'pods': '20' } } },
  {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'defaults', namespace: 'ai' },
    spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: 0.1 } }] },
  },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'inference-critical' }, value: 1000000, globalDefault: false, description: 'Inference pods' },
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'fast' },
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp3' },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  },
];

describe('built-in kinds: a valid set of the common kinds', () => {
  test.each(COMMON.map(o => [`${o.kind} ${o.metadata.name ?? o.metadata.generateName}`, o]))('%s passes, checked against kubernetes v1.36.3', (_, object) => {
    const result = validator.validate(object);
    expect(result).toStrictEqual({ checkedAgainst: 'kubernetes v1.36.3', findings: [] });
  });

  test('the set as a whole: every object checked, none left without a schema', () => {
    // The set validator needs metadata.name (a generateName object is for kubectl create only).
    const report = ManifestValidator.validate(COMMON.filter(o => o.metadata.name !== undefined));
    expect(report.errors).toBe(0);
    expect(report.objects.every(o => o.checkedAgainst === 'kubernetes v1.36.3' && o.notChecked === undefined)).toBe(true);
  });
});

describe('built-in kinds: what the API server refuses as it decodes', () => {
  test('a Deployment with an unknown field: strict decoding refuses it', () => {
    expect(errors(deployment({ replica: 2 }))).toStrictEqual([{
      path: 'spec.replica',
      message: expect.stringMatching(/^unknown field "spec.replica": strict decoding error: the API server refuses it/),
      rule: 'unknown-field',
    }]);
    // Deep in the pod template too, and in the template's metadata.
    const nested = deployment({}, { resource: { limits: { cpu: 1 } } });
    nested.spec.template.metadata.label = { a: 'b' };
    expect(errors(nested).map(f => f.path)).toStrictEqual(['spec.template.metadata.label', 'spec.template.spec.containers[0].resource']);
  });

  test('replicas: "3" is a string where the schema says integer', () => {
    expect(errors(deployment({ replicas: '3' }))).toStrictEqual([{ path: 'spec.replicas', message: 'Invalid value: "string": must be of type integer', rule: 'type' }]);
    expect(errors(deployment({ replicas: 1.5 }))).toStrictEqual([{ path: 'spec.replicas', message: 'Invalid value: "number": must be of type integer', rule: 'type' }]);
    expect(errors(deployment({ replicas: 2 ** 31 }))[0]).toMatchObject({ path: 'spec.replicas', rule: 'format' });
  });

  test('a container without a name', () => {
    const object = deployment();
    delete object.spec.template.spec.containers[0].name;
    expect(errors(object)).toStrictEqual([{ path: 'spec.template.spec.containers[0].name', message: 'Required value', rule: 'required' }]);
  });

  test('a Deployment without selector and template', () => {
    const object = deployment();
    delete object.spec.selector;
    delete object.spec.template;
    expect(errors(object).map(f => `${f.path} ${f.message}`)).toStrictEqual(['spec.selector Required value', 'spec.template Required value']);
  });

  test('a Service port as a string, and a port missing', () => {
    expect(errors(service({ port: '80' }))).toStrictEqual([{ path: 'spec.ports[0].port', message: 'Invalid value: "string": must be of type integer', rule: 'type' }]);
    const noPort = service();
    delete noPort.spec.ports[0].port;
    expect(errors(noPort)).toStrictEqual([{ path: 'spec.ports[0].port', message: 'Required value', rule: 'required' }]);
  });

  test('targetPort is an int-or-string: both forms pass, other types fail', () => {
    expect(errors(service({ targetPort: 8080 }))).toStrictEqual([]);
    expect(errors(service({ targetPort: 'http' }))).toStrictEqual([]);
    expect(errors(service({ targetPort: true }))).toStrictEqual([{ path: 'spec.ports[0].targetPort', message: 'Invalid value: "boolean": must be of type integer or string', rule: 'type' }]);
    expect(errors(service({ targetPort: 80.5 }))[0]).toMatchObject({ path: 'spec.ports[0].targetPort', rule: 'type' });
    // An IntOrString holds an int32.
    expect(errors(service({ targetPort: 2 ** 31 }))[0]).toMatchObject({ path: 'spec.ports[0].targetPort', rule: 'format' });
  });

  test('quantities: numbers and strings pass; a string that is no quantity fails', () => {
    const quantities = (resources: any) => errors(deployment({}, { resources }));
    expect(quantities({ requests: { cpu: 0.5, memory: 1073741824 }, limits: { 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '2e9' } })).toStrictEqual([]);
    expect(quantities({ requests: { cpu: ' 100m ' } })).toStrictEqual([]); // Trimmed, as resource.Quantity's UnmarshalJSON does.
    expect(quantities({ requests: { memory: '1GB' } })).toStrictEqual([{
      path: 'spec.template.spec.containers[0].resources.requests[memory]',
      message: 'Invalid value: "1GB": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
      rule: 'format',
    }]);
    expect(quantities({ limits: { cpu: true } })[0]).toMatchObject({ message: 'Invalid value: "boolean": must be of type string or number (a quantity)' });
  });

  test('nulls decode to zero values: never a type error', () => {
    const object = deployment({ replicas: null, strategy: null }, { args: null, resources: null });
    object.spec.template.metadata.annotations = null;
    expect(errors(object)).toStrictEqual([]);
  });

  test('status is decoded (types, unknown fields) but its required fields are not checked: a create resets it', () => {
    expect(errors({ ...deployment(), status: { replicas: 1, conditions: [{ status: 'True' }] } })).toStrictEqual([]);
    expect(errors({ ...deployment(), status: { replica: 1 } })).toStrictEqual([expect.objectContaining({ path: 'status.replica', rule: 'unknown-field' })]);
  });

  test('list-map duplicates are warnings (duplicate env names are accepted by kubectl create; server-side apply refuses them)', () => {
    const object = deployment({}, { env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] });
    expect(errors(object)).toStrictEqual([]);
    expect(warnings(object)).toStrictEqual([expect.objectContaining({ path: 'spec.template.spec.containers[0].env[1]', rule: 'x-kubernetes-list-type' })]);
  });

  test('a required number whose zero value the server may accept is a warning', () => {
    const object = deployment();
    object.spec.template.spec.topologySpreadConstraints[0].maxSkew = undefined;
    expect(errors(object)).toStrictEqual([]);
    expect(warnings(object)).toStrictEqual([expect.objectContaining({ path: 'spec.template.spec.topologySpreadConstraints[0].maxSkew', rule: 'required' })]);
  });

  test('Secret data must be base64, as Go decodes []byte (padded; empty allowed)', () => {
    expect(errors(secret({ data: { a: '', b: 'YQ==', c: 'YWJj\nZGVm' } }))).toStrictEqual([]);
    expect(errors(secret({ data: { a: 'not base64!' } }))).toStrictEqual([expect.objectContaining({ path: 'data[a]', rule: 'format' })]);
    expect(errors(secret({ data: { a: 'YQ' } }))).toStrictEqual([expect.objectContaining({ path: 'data[a]', rule: 'format' })]);
  });
});

describe('built-in kinds: the Go validation rules checked exactly', () => {
  test('a ConfigMap over 1 MiB (data and binaryData together) is too long; exactly 1 MiB passes', () => {
    expect(errors(configMap({ a: 'x'.repeat(MiB) }))).toStrictEqual([]);
    const over = errors(configMap({ a: 'x'.repeat(MiB - 10) }, { b: Buffer.alloc(11).toString('base64') }));
    expect(over).toStrictEqual([{ path: '', message: expect.stringMatching(/^Too long: may not be more than 1048576 bytes \(data and binaryData hold 1048577 bytes\)/), rule: 'max-size' }]);
    // Bytes, not characters: 'é' is two bytes in UTF-8.
    expect(errors(configMap({ a: 'é'.repeat(MiB / 2) }))).toStrictEqual([]);
    expect(errors(configMap({ a: 'é'.repeat(MiB / 2), b: 'x' }))[0]).toMatchObject({ rule: 'max-size' });
  });

  test('a Secret over 1 MiB counts decoded bytes of data and the bytes of stringData', () => {
    const half = Buffer.alloc(MiB / 2).toString('base64');
    expect(errors(secret({ data: { a: half, b: half } }))).toStrictEqual([]);
    expect(errors(secret({ data: { a: half, b: half }, stringData: { c: 'x' } }))).toStrictEqual([{
      path: 'data', message: expect.stringMatching(/^Too long: may not be more than 1048576 bytes \(data and stringData hold 1048577 bytes\)/), rule: 'max-size',
    }]);
    // A stringData key replaces the data key of the same name.
    expect(errors(secret({ data: { a: half, b: half }, stringData: { b: 'x' } }))).toStrictEqual([]);
  });

  test('ConfigMap and Secret keys must be valid config keys', () => {
    expect(errors(configMap({ 'app.properties': 'a', '.env': 'b', 'KEY_1-x': 'c' }))).toStrictEqual([]);
    const bad = errors(configMap({ 'a/b': '1', '.': '2', '..x': '3', [`k${'x'.repeat(253)}`]: '4' }));
    expect(bad.map(f => `${f.path}: ${f.message}`)).toStrictEqual([
      'data[a/b]: Invalid value: "a/b": a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')',
      'data[.]: Invalid value: ".": must not be \'.\'',
      'data[..x]: Invalid value: "..x": must not start with \'..\'',
      `data[k${'x'.repeat(253)}]: Invalid value: "k${'x'.repeat(253)}": must be no more than 253 characters`,
    ]);
    expect(errors(configMap({ a: '1' }, { a: 'MQ==' }))).toStrictEqual([expect.objectContaining({ path: 'data[a]', message: 'Invalid value: "a": duplicate of key present in binaryData' })]);
    expect(errors(secret({ stringData: { 'my key': 'v' } }))).toStrictEqual([expect.objectContaining({ path: 'data[my key]', rule: 'config-key' })]);
  });

  test('a Secret of type kubernetes.io/tls holds tls.crt and tls.key', () => {
    expect(errors(secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y2VydA==' } }))).toStrictEqual([expect.objectContaining({ path: 'data[tls.key]', rule: 'secret-type' })]);
    expect(errors(secret({ type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': '{"auths":{}}' } }))).toStrictEqual([]);
    expect(errors(secret({ type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': 'nope' } }))).toHaveLength(1);
  });

  test('metadata.name follows the rule of each kind', () => {
    const named = (object: any, name: string) => ({ ...object, metadata: { ...object.metadata, name } });
    // RBAC kinds and PodDisruptionBudgets: any path segment ('system:...' is common).
    expect(errors(named(COMMON.find(o => o.kind === 'Role'), 'system:leader-election'))).toStrictEqual([]);
    expect(errors(named(COMMON.find(o => o.kind === 'Role'), 'a/b'))).toStrictEqual([expect.objectContaining({ path: 'metadata.name', message: 'Invalid value: "a/b": may not contain \'/\'' })]);
    expect(errors(named(COMMON.find(o => o.kind === 'PodDisruptionBudget'), 'Model_Server'))).toStrictEqual([]);
    // Deployments and ConfigMaps: DNS subdomains (dots allowed).
    expect(errors(named(deployment(), 'model.server'))).toStrictEqual([]);
    expect(errors(named(deployment(), 'system:x'))).toStrictEqual([expect.objectContaining({ path: 'metadata.name', rule: 'metadata' })]);
    // Services, StatefulSets and Namespaces: DNS labels (no dots).
    expect(errors(named(service(), 'model.server'))).toStrictEqual([expect.objectContaining({ path: 'metadata.name', rule: 'metadata' })]);
    expect(errors(named(COMMON.find(o => o.kind === 'StatefulSet'), 'vector.db'))).toHaveLength(1);
    expect(errors(named(COMMON.find(o => o.kind === 'Namespace'), 'a.b'))).toHaveLength(1);
    // A Service name that starts with a digit: a DNS label, accepted by 1.36 (RelaxedServiceNameValidation); a warning.
    expect(errors(named(service(), '1-model'))).toStrictEqual([]);
    expect(warnings(named(service(), '1-model'))).toStrictEqual([expect.objectContaining({ path: 'metadata.name', warning: true })]);
    // A CronJob name is at most 52 characters (the controller appends 11 to its Jobs' names).
    const cronJob = COMMON.find(o => o.kind === 'CronJob');
    expect(errors(named(cronJob, 'x'.repeat(52)))).toStrictEqual([]);
    expect(errors(named(cronJob, 'x'.repeat(53)))).toStrictEqual([expect.objectContaining({ message: `Invalid value: "${'x'.repeat(53)}": must be no more than 52 characters` })]);
  });

  test('an unknown kind of the core group, and an unknown stable version, are errors; alpha and beta versions are not checked', () => {
    expect(errors({ apiVersion: 'v1', kind: 'Deployment', metadata: { name: 'x' } })).toStrictEqual([expect.objectContaining({
      path: 'apiVersion', message: 'Invalid value: "v1": kind Deployment is not defined in the core group by kubernetes v1.36.3',
    })]);
    expect(errors({ ...deployment(), apiVersion: 'apps/v2' })[0].message).toContain('use apps/v1');
    const beta = validator.validate({ ...COMMON.find(o => o.kind === 'CronJob'), apiVersion: 'batch/v1beta1' });
    expect(beta.notChecked).toBe('batch/v1beta1 CronJob is not in kubernetes v1.36.3, which serves CronJob as batch/v1 (v1beta1 is off by default or removed)');
    expect(beta.findings).toStrictEqual([expect.objectContaining({ path: 'apiVersion', rule: 'schema', warning: true })]);
  });
});

describe('kinds without a schema are reported as not checked', () => {
  const serviceMonitor = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'model-server', namespace: 'ai' },
    spec: { selector: { matchLabels: { app: 'x' } }, endpoints: [{ port: 'http' }] },
  };

  test('in the report: not checked, a warning, ok unless uncheckedIsError (the CLI\'s --strict)', () => {
    const report = ManifestValidator.validate([service(), serviceMonitor]);
    expect(report.ok).toBe(true);
    expect(report.objects[0]).toMatchObject({ checkedAgainst: 'kubernetes v1.36.3' });
    expect(report.objects[0].notChecked).toBeUndefined();
    expect(report.objects[1].checkedAgainst).toBeUndefined();
    expect(report.objects[1].notChecked).toBe('no schema for monitoring.coreos.com/v1 ServiceMonitor');
    expect(report.objects[1].warnings).toStrictEqual([{ path: 'apiVersion', message: expect.stringMatching(/^not checked: no schema for monitoring.coreos.com\/v1 ServiceMonitor/), rule: 'schema' }]);

    // strict alone is about references (synth-time validation of charts that emit other projects' kinds).
    expect(ManifestValidator.validate([service(), serviceMonitor], { strict: true }).ok).toBe(true);
    const unchecked = ManifestValidator.validate([service(), serviceMonitor], { uncheckedIsError: true });
    expect(unchecked.ok).toBe(false);
    expect(unchecked.objects[1].errors).toStrictEqual([expect.objectContaining({ rule: 'schema' })]);
  });

  test('in the text summary and the JSON: counted apart, never as without findings', () => {
    const report = ManifestValidator.validate([service(), configMap({ a: 'b' }), serviceMonitor]);
    expect(textReport(report)).toMatch(/\n3 objects \(2 without findings, 1 not checked: no schema for monitoring.coreos.com\/v1 ServiceMonitor\), 0 errors, 1 warning: OK\n$/);
    const json = toJson(report);
    expect(json.objects.map((o: any) => [o.kind, o.checkedAgainst, o.notChecked])).toStrictEqual([
      ['Service', 'kubernetes v1.36.3', null],
      ['ConfigMap', 'kubernetes v1.36.3', null],
      ['ServiceMonitor', null, 'no schema for monitoring.coreos.com/v1 ServiceMonitor'],
    ]);
  });
});

describe('the built-in kinds\' data: shared definitions, compiled on first use', () => {
  const data = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', 'kubernetes-v1.36.3.json'), 'utf8'));

  test('compiling a kind reads only the definitions it reaches', () => {
    const read = new Set<string>();
    const raw = new Proxy(data.definitions, { get: (target, name: string) => { read.add(name); return target[name]; } });
    const compiled = new CompiledSchema({ $ref: 'io.k8s.api.core.v1.ConfigMap' }, { definitions: new SchemaDefinitions(raw), builtIn: true });
    expect(compiled.validate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } }, true)).toStrictEqual([]);
    expect(read.has('io.k8s.api.core.v1.ConfigMap')).toBe(true);
    expect(read.has('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')).toBe(true);
    expect(read.has('io.k8s.api.core.v1.PodSpec')).toBe(false);
    expect(read.size).toBeLessThan(10);
  });

  test('a recursive definition (a CRD\'s JSONSchemaProps) compiles once and checks every level', () => {
    const crd = (schema: any) => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
      },
    });
    const nested = (leaf: any) => ({ type: 'object', properties: { spec: { type: 'object', properties: { size: leaf } } } });
    expect(errors(crd(nested({ type: 'integer', minimum: 1 })))).toStrictEqual([]);
    expect(errors(crd(nested({ type: 'integer', minimun: 1 })))).toStrictEqual([expect.objectContaining({
      path: 'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[size].minimun', rule: 'unknown-field',
    })]);
  });
});
