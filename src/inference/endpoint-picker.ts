import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

import { constructError, failIf } from '../kubernetes/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../kubernetes/names';
import { canonicalQuantity } from '../kubernetes/quantity';
import { INFERENCE_GROUP } from '../kubernetes/well-known';
import { declareKnown } from '../validation/targets';

/** The gRPC ext-proc port the gateway calls (container and Service), as in the upstream chart. */
export const EXT_PROC_PORT = 9002;
/** The gRPC health port the probes use. */
export const HEALTH_PORT = 9003;
/** The Prometheus metrics port. */
export const METRICS_PORT = 9090;

/** The upstream endpoint picker image of the pinned Inference Extension release. */
export const DEFAULT_ENDPOINT_PICKER_IMAGE = 'registry.k8s.io/gateway-api-inference-extension/epp:v1.6.0';

/**
 * The upstream chart's default plugin configuration (`default-plugins.yaml`): queue, KV-cache and prefix-cache
 * scorers in one scheduling profile.
 */
export const DEFAULT_PLUGINS_CONFIG = [
  'apiVersion: inference.networking.x-k8s.io/v1alpha1',
  'kind: EndpointPickerConfig',
  'plugins:',
  '- type: queue-scorer',
  '- type: kv-cache-utilization-scorer',
  '- type: prefix-cache-scorer',
  'schedulingProfiles:',
  '- name: default',
  '  plugins:',
  '  - pluginRef: queue-scorer',
  '    weight: 2',
  '  - pluginRef: kv-cache-utilization-scorer',
  '    weight: 2',
  '  - pluginRef: prefix-cache-scorer',
  '    weight: 3',
  '',
].join('\n');

/** Flags the construct sets itself because the wiring depends on them. */
const MANAGED_FLAGS = ['pool-name', 'pool-namespace', 'pool-group', 'config-file', 'grpc-port', 'grpc-health-port',
  'metrics-port', 'ha-enable-leader-election', 'metrics-endpoint-auth'];
const FLAG_NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]*$/;

/**
 * The picker container's default requests and limits (`EndpointPickerOptions.resources`): requests of 250m CPU and
 * 512Mi memory, what a picker scheduling a pool of a few dozen model servers uses, and limits of 2 CPUs and 2Gi
 * (the prefix-cache scorer's index grows with traffic).
 */
function defaultResources(): kplus.ContainerResources {
  return {
    cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(2) },
    memory: { request: Size.mebibytes(512), limit: Size.gibibytes(2) },
  };
}

/**
 * Names of environment variables that hold credentials: TOKEN (not TOKENIZER...), SECRET, PASSWORD, API_KEY or
 * APIKEY, CREDENTIAL, anywhere in the name.
 */
const CREDENTIAL_NAME = /(TOKEN(?!IZ)|SECRET|PASSWORD|API_?KEY|CREDENTIAL)/i;

/** Values that look like keys or bearer tokens, whatever the variable's name. */
const CREDENTIAL_VALUES: [RegExp, string][] = [
  [/^Bearer\s+\S+/i, 'a bearer token'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/^eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/, 'a JSON Web Token'],
  [/^sk-[A-Za-z0-9_-]{16,}$/, 'an API key (sk-...)'],
  [/^(ghp|gho|ghs|ghu|github_pat)_[A-Za-z0-9_]{20,}$/, 'a GitHub token'],
  [/^hf_[A-Za-z0-9]{20,}$/, 'a Hugging Face token'],
  [/^nvapi-[A-Za-z0-9_-]{20,}$/, 'an NVIDIA API key'],
  [/^(AKIA|ASIA)[0-9A-Z]{16}$/, 'an AWS access key ID'],
  [/^xox[abposr]-[A-Za-z0-9-]{10,}$/, 'a Slack token'],
  [/^AIza[0-9A-Za-z_-]{35}$/, 'a Google API key'],
];

/** Why a literal environment value must not be inlined (it is, or looks like, a credential); undefined when it may be. */
function credentialProblem(field: string, name: string, value: string): string | undefined {
  const fix = `Keep the credential in a Secret and reference it: envValues: { ${name}: EndpointPickerEnv.fromSecret('<secret name>', '<key>') }.`;
  if (CREDENTIAL_NAME.test(name)) {
    return `${field}: ${name} is set to a literal value (not shown); its name says it holds a credential, and a literal would be ` +
      `written into the manifest in clear. ${fix}`;
  }
  for (const [pattern, what] of CREDENTIAL_VALUES) {
    if (pattern.test(value.trim())) {
      return `${field}: the literal value of ${name} looks like ${what} (not shown), which would be written into the manifest in clear. ${fix}`;
    }
  }
  return undefined;
}

/** The value of one environment variable of the endpoint picker: a literal that is no credential, or a key of a Secret. */
export class EndpointPickerEnv {
  /**
   * A literal value, written into the manifest. Refused (when the picker is created) for a variable whose name says
   * it holds a credential (TOKEN, SECRET, PASSWORD, API_KEY, CREDENTIAL) and for a value that looks like a key or a
   * bearer token: use `fromSecret()` for those.
   *
   * @param value the value
   */
  public static fromValue(value: string): EndpointPickerEnv {
    return new EndpointPickerEnv(value, undefined, undefined);
  }

  /**
   * The value of a key of a Secret in the picker's namespace (`valueFrom.secretKeyRef`): the credential stays in
   * the Secret; the manifest holds only its name and key.
   *
   * @param secretName the Secret's metadata.name
   * @param key the key in the Secret's data
   */
  public static fromSecret(secretName: string, key: string): EndpointPickerEnv {
    return new EndpointPickerEnv(undefined, secretName, key);
  }

  private constructor(
    /** The literal value, for `fromValue()`. */
    private readonly value: string | undefined,
    private readonly secretName: string | undefined,
    private readonly key: string | undefined,
  ) {}

  /** @internal the container's EnvValue, after the checks; a problem names the field and the fix */
  public _render(scope: Construct, field: string, name: string): { value?: kplus.EnvValue; problem?: string } {
    if (this.value !== undefined) {
      const problem = credentialProblem(field, name, this.value);
      return problem !== undefined ? { problem } : { value: kplus.EnvValue.fromValue(this.value) };
    }
    const secretName = this.secretName!;
    const key = this.key!;
    const nameProblem = checkDnsSubdomain(`${field}: ${name}: the Secret name`, secretName);
    if (nameProblem !== undefined) return { problem: nameProblem };
    if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
      return { problem: `${field}: ${name}: the Secret key '${key}' is not a data key (letters, digits, '-', '_' and '.'). Use, for example, 'token'.` };
    }
    const secret = kplus.Secret.fromSecretName(scope, `EnvSecret-${name}`, secretName);
    return { value: kplus.EnvValue.fromSecretValue({ secret, key }) };
  }
}

/**
 * An endpoint picker (EPP) that a gateway consults through gRPC ext-proc: a Service in the pool's namespace.
 */
export interface IEndpointPicker {
  /** The picker Service's metadata.name. */
  readonly serviceName: string;

  /** The picker Service's namespace (always the pool's). */
  readonly serviceNamespace: string;

  /** The Service port of the gRPC ext-proc server. */
  readonly port: number;
}

/**
 * Options of an endpoint picker deployed with its pool. Defaults follow the upstream `inferencepool` Helm chart.
 */
export interface EndpointPickerOptions {
  /**
   * Name of the picker's Deployment, Service, ServiceAccount, Role, RoleBinding and ConfigMap (an RFC 1123 label).
   *
   * @default `<pool name>-epp`
   */
  readonly name?: string;

  /**
   * The endpoint picker image, for example llm-d's inference scheduler (`ghcr.io/llm-d/llm-d-inference-scheduler:<tag>`).
   *
   * @default 'registry.k8s.io/gateway-api-inference-extension/epp:v1.6.0'
   */
  readonly image?: string;

  /**
   * The image pull policy.
   *
   * @default kplus.ImagePullPolicy.ALWAYS (as the upstream chart)
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;

  /**
   * Number of picker replicas. More than one runs active-passive with leader election
   * (`--ha-enable-leader-election`, and the RBAC for leases and events).
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * More command-line flags, by name without the leading dashes, passed as `--name=value` in name order, for
   * example `{ v: '3', 'kv-cache-usage-percentage-metric': 'vllm:kv_cache_usage_perc' }`. The flags the wiring depends
   * on (pool-name, pool-namespace, config-file, ports, leader election, metrics auth) are set by the construct.
   *
   * @default - only `zap-encoder=json` and `tracing=false`, as the upstream chart (both can be overridden here)
   * @see https://github.com/kubernetes-sigs/gateway-api-inference-extension/blob/main/cmd/epp/runner/runner.go
   */
  readonly flags?: { [name: string]: string };

  /**
   * The plugin configuration (an `EndpointPickerConfig` YAML document), mounted as `/config/custom-plugins.yaml`
   * and passed with `--config-file`.
   *
   * @default - the upstream `default-plugins.yaml` (queue, KV-cache and prefix-cache scorers)
   */
  readonly pluginsConfig?: string;

  /**
   * More environment variables of the picker container, as plain values. A variable whose name says it holds a
   * credential (TOKEN, SECRET, PASSWORD, API_KEY, CREDENTIAL) or whose value looks like a key or a bearer token is
   * refused: reference a Secret with `envValues` and `EndpointPickerEnv.fromSecret()` instead.
   *
   * @default - only NAMESPACE and EPP_NAME, from the Pod's fields
   */
  readonly env?: { [name: string]: string };

  /**
   * More environment variables of the picker container, from keys of Secrets or from literals.
   *
   * Each is a key of a Secret in the pool's namespace (`EndpointPickerEnv.fromSecret()`), for example
   * `{ HF_TOKEN: EndpointPickerEnv.fromSecret('hf-token', 'token') }` for llm-d's tokenizer, or a literal
   * (`EndpointPickerEnv.fromValue()`, checked as `env` is). A name may not be in both `env` and `envValues`.
   *
   * @default - none
   */
  readonly envValues?: { [name: string]: EndpointPickerEnv };

  /**
   * CPU and memory of the picker container.
   *
   * Given, they replace the default requests and limits as a whole.
   *
   * @default - requests 250m CPU and 512Mi memory, limits 2 CPUs and 2Gi memory
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Whether a PodDisruptionBudget (`minAvailable: 1`, the picker's pods) keeps one replica running through
   * voluntary disruptions such as node drains. Only with more than one replica: with one, it would block every drain.
   *
   * @default - true when replicas is more than 1, false otherwise
   */
  readonly podDisruptionBudget?: boolean;

  /**
   * Whether the metrics endpoint requires a bearer token that the API server accepts for `get /metrics`. When true,
   * the picker may create TokenReviews and SubjectAccessReviews (a ClusterRole and ClusterRoleBinding are added).
   *
   * @default false (`--metrics-endpoint-auth=false`, as the upstream chart without Prometheus monitoring)
   */
  readonly metricsEndpointAuth?: boolean;
}

/**
 * Options of an EndpointPicker construct.
 */
export interface EndpointPickerProps extends EndpointPickerOptions {
  /** The InferencePool the picker serves (its metadata.name). */
  readonly poolName: string;

  /** The pool's namespace; the picker runs there too. */
  readonly namespace: string;
}

/**
 * Where a pool's endpoint picker comes from: deployed with the pool, or a Service that already runs.
 */
export class EndpointPickerSource {
  /**
   * Deploys an endpoint picker for the pool: Deployment, Service (gRPC ext-proc on 9002, metrics on 9090),
   * ServiceAccount, Role and RoleBinding to read Pods and pools, and the plugin ConfigMap.
   */
  public static deploy(options: EndpointPickerOptions = {}): EndpointPickerSource {
    return new EndpointPickerSource(options, undefined, undefined);
  }

  /**
   * An endpoint picker that already runs behind a Service in the pool's namespace (for example one installed
   * by the upstream Helm chart).
   *
   * @param serviceName the picker Service's name
   * @param port the Service port of its gRPC ext-proc server
   * @default port 9002
   */
  public static fromServiceName(serviceName: string, port?: number): EndpointPickerSource {
    return new EndpointPickerSource(undefined, serviceName, port ?? EXT_PROC_PORT);
  }

  private constructor(
    private readonly options: EndpointPickerOptions | undefined,
    private readonly serviceName: string | undefined,
    private readonly port: number | undefined,
  ) {}

  /** @internal creates or references the picker for a pool */
  public _bind(pool: Construct, poolName: string, poolNamespace: string): IEndpointPicker {
    if (this.options !== undefined) {
      return new EndpointPicker(pool, 'EndpointPicker', { ...this.options, poolName, namespace: poolNamespace });
    }
    const serviceName = this.serviceName!;
    const port = this.port!;
    const problem = checkDnsLabel('endpointPicker service name', serviceName) ?? checkPort('endpointPicker port', port);
    if (problem !== undefined) throw constructError(pool, 'InferencePool', problem);
    declareKnown(pool, { apiVersion: 'v1', kind: 'Service', name: serviceName, namespace: poolNamespace });
    return { serviceName, serviceNamespace: poolNamespace, port };
  }
}

/**
 * The endpoint picker (EPP) of one InferencePool, as the upstream `inferencepool` Helm chart deploys it: a
 * Deployment (Recreate strategy, gRPC probes on 9003), a ClusterIP Service with the gRPC ext-proc port 9002 and
 * the metrics port 9090, a ServiceAccount with a Role to read Pods, InferencePools and InferenceObjectives in the
 * namespace, and a ConfigMap with the plugin configuration.
 *
 * `InferencePool` creates one by default; use this construct directly for a pool declared elsewhere.
 */
export class EndpointPicker extends Construct implements IEndpointPicker {
  public readonly serviceName: string;
  public readonly serviceNamespace: string;
  public readonly port: number = EXT_PROC_PORT;

  /** The picker Deployment. */
  public readonly deployment: kplus.Deployment;

  /** The picker Service (gRPC ext-proc and metrics). */
  public readonly service: kplus.Service;

  /** The picker's ServiceAccount. */
  public readonly serviceAccount: kplus.ServiceAccount;

  /** The Role that lets the picker read Pods and pools in its namespace. */
  public readonly role: kplus.Role;

  /** The ConfigMap holding the plugin configuration. */
  public readonly configMap: kplus.ConfigMap;

  /**
   * The PodDisruptionBudget of the picker's pods (`minAvailable: 1`).
   *
   * @default - none, with one replica or `podDisruptionBudget: false`
   */
  public readonly podDisruptionBudget?: ApiObject;

  public constructor(scope: Construct, id: string, props: EndpointPickerProps) {
    super(scope, id);
    const name = props.name ?? `${props.poolName}-epp`;
    const nameProblem = checkDnsLabel('name', name);
    if (nameProblem !== undefined) {
      failIf(this, 'EndpointPicker', props.name !== undefined ? nameProblem : `${nameProblem} The name derives from the pool name ` +
        `'${props.poolName}'; pass a shorter one as the endpoint picker's name.`);
    }
    failIf(this, 'EndpointPicker', checkDnsLabel('namespace', props.namespace));
    const replicas = props.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 1) {
      failIf(this, 'EndpointPicker', `replicas ${replicas} is not a positive whole number. Use 1, or more for active-passive high availability.`);
    }
    if (props.image !== undefined && props.image.trim() === '') {
      failIf(this, 'EndpointPicker', `image is empty. Use, for example, '${DEFAULT_ENDPOINT_PICKER_IMAGE}'.`);
    }
    if (props.pluginsConfig !== undefined && !/^kind:\s*EndpointPickerConfig\s*$/m.test(props.pluginsConfig)) {
      failIf(this, 'EndpointPicker', 'pluginsConfig is not an EndpointPickerConfig document (no line \'kind: EndpointPickerConfig\'). ' +
        'Start from the upstream default, DEFAULT_PLUGINS_CONFIG.');
    }
    const flags = this.flags(props);
    if (props.podDisruptionBudget === true && replicas === 1) {
      failIf(this, 'EndpointPicker', 'podDisruptionBudget is true with 1 replica: a budget of minAvailable 1 over one pod blocks every ' +
        'node drain. Set replicas to 2 or more, or leave podDisruptionBudget unset.');
    }
    const env = this.env(props);
    const resources = props.resources ?? defaultResources();

    this.serviceName = name;
    this.serviceNamespace = props.namespace;
    const metadata = { name, namespace: props.namespace };
    const podLabels = { inferencepool: name };

    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata, automountToken: true });

    const configFile = props.pluginsConfig === undefined ? 'default-plugins.yaml' : 'custom-plugins.yaml';
    this.configMap = new kplus.ConfigMap(this, 'ConfigMap', {
      metadata,
      data: {
        'default-plugins.yaml': DEFAULT_PLUGINS_CONFIG,
        ...props.pluginsConfig === undefined ? {} : { 'custom-plugins.yaml': props.pluginsConfig },
      },
    });

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata,
      replicas,
      // One active replica at a time: the old one stops before the new one starts (as upstream recommends for
      // the stateful scorers and for leader election).
      strategy: kplus.DeploymentStrategy.recreate(),
      select: false,
      podMetadata: { labels: podLabels },
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: true,
      // As long as the longest grace period of the model servers in the pool (upstream: 130 s).
      terminationGracePeriod: Duration.seconds(130),
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: podLabels }));
    const container = this.deployment.addContainer({
      name: 'epp',
      image: props.image ?? DEFAULT_ENDPOINT_PICKER_IMAGE,
      imagePullPolicy: props.imagePullPolicy ?? kplus.ImagePullPolicy.ALWAYS,
      args: [
        `--pool-name=${props.poolName}`,
        `--pool-namespace=${props.namespace}`,
        `--config-file=/config/${configFile}`,
        `--grpc-port=${EXT_PROC_PORT}`,
        `--grpc-health-port=${HEALTH_PORT}`,
        `--metrics-port=${METRICS_PORT}`,
        ...replicas > 1 ? ['--ha-enable-leader-election'] : [],
        ...props.metricsEndpointAuth ? [] : ['--metrics-endpoint-auth=false'],
        ...Object.keys(flags).sort().map(key => `--${key}=${flags[key]}`),
      ],
      ports: [
        { name: 'grpc', number: EXT_PROC_PORT, protocol: kplus.Protocol.TCP },
        { name: 'grpc-health', number: HEALTH_PORT, protocol: kplus.Protocol.TCP },
        { name: 'metrics', number: METRICS_PORT, protocol: kplus.Protocol.TCP },
      ],
      envVariables: {
        NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE, { apiVersion: 'v1' }),
        EPP_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME, { apiVersion: 'v1' }),
        ...env,
      },
      resources,
      // cdk8s-plus's defaults, and what Pod Security 'restricted' asks for besides: no capabilities, the runtime's
      // seccomp profile.
      securityContext: {
        ensureNonRoot: true,
        privileged: false,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: [kplus.Capability.ALL] },
        seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
      },
    });
    container.mount('/config', kplus.Volume.fromConfigMap(this, 'PluginsConfigVolume', this.configMap, {
      name: 'plugins-config',
      defaultMode: 0o644,
    }), { readOnly: true });

    const deploymentObject = ApiObject.of(this.deployment);
    const probeService = (kind: string) => replicas > 1 ? kind : 'inference-extension';
    // The probe thresholds the API server would set, written out.
    const thresholds = { timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 };
    deploymentObject.addJsonPatch(
      // cdk8s-plus has no gRPC probe: write the probes of the upstream chart into the manifest.
      JsonPatch.add('/spec/template/spec/containers/0/livenessProbe', {
        grpc: { port: HEALTH_PORT, service: probeService('liveness') }, initialDelaySeconds: 5, periodSeconds: 10, ...thresholds,
      }),
      JsonPatch.add('/spec/template/spec/containers/0/readinessProbe', {
        grpc: { port: HEALTH_PORT, service: probeService('readiness') }, periodSeconds: 2, ...thresholds,
      }),
      // What the API server stores, so that the object read back equals the manifest: the defaults it would set,
      // written out; the zero values it drops, left out; quantities in its canonical form.
      JsonPatch.add('/spec/revisionHistoryLimit', 10),
      JsonPatch.remove('/spec/minReadySeconds'),
      JsonPatch.remove('/spec/template/spec/hostNetwork'),
      JsonPatch.add('/spec/template/spec/schedulerName', 'default-scheduler'),
      // The deprecated alias of serviceAccountName, which the API server fills in.
      JsonPatch.add('/spec/template/spec/serviceAccount', this.serviceAccount.name),
      JsonPatch.add('/spec/template/spec/containers/0/terminationMessagePath', '/dev/termination-log'),
      JsonPatch.add('/spec/template/spec/containers/0/terminationMessagePolicy', 'File'),
      JsonPatch.add('/spec/template/spec/containers/0/resources', containerResources(resources)),
    );

    if (props.podDisruptionBudget ?? replicas > 1) {
      this.podDisruptionBudget = new ApiObject(this, 'PodDisruptionBudget', {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata,
        spec: { minAvailable: 1, selector: { matchLabels: podLabels } },
      });
    }

    this.service = new kplus.Service(this, 'Service', {
      metadata,
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [
        { name: 'grpc-ext-proc', port: EXT_PROC_PORT, targetPort: EXT_PROC_PORT, protocol: kplus.Protocol.TCP },
        { name: 'http-metrics', port: METRICS_PORT, targetPort: METRICS_PORT, protocol: kplus.Protocol.TCP },
      ],
    });
    // As the API server stores it: its defaults written out, the empty list it drops left out.
    ApiObject.of(this.service).addJsonPatch(
      JsonPatch.remove('/spec/externalIPs'),
      JsonPatch.add('/spec/sessionAffinity', 'None'),
      JsonPatch.add('/spec/internalTrafficPolicy', 'Cluster'),
    );

    this.service.selectLabel('inferencepool', name);

    this.role = new kplus.Role(this, 'Role', { metadata });
    const read = ['get', 'list', 'watch'];
    this.role.allow(read, kplus.ApiResource.PODS);
    this.role.allow(read, kplus.ApiResource.custom({ apiGroup: INFERENCE_GROUP, resourceType: 'inferencepools' }));
    this.role.allow(read, kplus.ApiResource.custom({ apiGroup: 'inference.networking.x-k8s.io', resourceType: 'inferenceobjectives' }));
    if (replicas > 1) {
      this.role.allow(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
        kplus.ApiResource.custom({ apiGroup: 'coordination.k8s.io', resourceType: 'leases' }));
      this.role.allow(['create', 'patch'], kplus.ApiResource.EVENTS);
    }
    const binding = new kplus.RoleBinding(this, 'RoleBinding', { metadata, role: this.role });
    binding.addSubjects(this.serviceAccount);
    withoutEmptySubjectGroup(binding);

    if (props.metricsEndpointAuth) {
      const clusterName = `${props.namespace}-${name}-auth`.slice(0, 253);
      const clusterRole = new kplus.ClusterRole(this, 'MetricsAuthClusterRole', { metadata: { name: clusterName } });
      clusterRole.allow(['create'], kplus.ApiResource.TOKEN_REVIEWS, kplus.ApiResource.SUBJECT_ACCESS_REVIEWS);
      // Without the empty resourceNames of its two rules, which the API server drops.
      ApiObject.of(clusterRole).addJsonPatch(JsonPatch.remove('/rules/0/resourceNames'), JsonPatch.remove('/rules/1/resourceNames'));
      const clusterBinding = new kplus.ClusterRoleBinding(this, 'MetricsAuthClusterRoleBinding', {
        metadata: { name: clusterName }, role: clusterRole,
      });
      clusterBinding.addSubjects(this.serviceAccount);
      withoutEmptySubjectGroup(clusterBinding);
    }
  }

  /** The environment variables of env and envValues, by name in name order, after the credential checks. */
  private env(props: EndpointPickerProps): { [name: string]: kplus.EnvValue } {
    const values: { [name: string]: EndpointPickerEnv } = {};
    for (const [name, value] of Object.entries(props.env ?? {})) {
      if (typeof value !== 'string') {
        failIf(this, 'EndpointPicker', `env: ${name} is not a string. Use a string, or envValues with EndpointPickerEnv.fromSecret() for a Secret.`);
      }
      values[name] = EndpointPickerEnv.fromValue(value);
    }
    for (const [name, value] of Object.entries(props.envValues ?? {})) {
      if (name in values) {
        failIf(this, 'EndpointPicker', `envValues: ${name} is also in env. Set each variable once: remove it from env or from envValues.`);
      }
      if (!(value instanceof EndpointPickerEnv)) {
        failIf(this, 'EndpointPicker', `envValues: ${name} is not an EndpointPickerEnv. Use EndpointPickerEnv.fromValue() or EndpointPickerEnv.fromSecret().`);
      }
      values[name] = value;
    }
    const env: { [name: string]: kplus.EnvValue } = {};
    for (const name of Object.keys(values).sort()) {
      const field = props.env !== undefined && name in props.env ? 'env' : 'envValues';
      const rendered = values[name]._render(this, field, name);
      failIf(this, 'EndpointPicker', rendered.problem);
      env[name] = rendered.value!;
    }
    return env;
  }

  /** The optional flags: upstream defaults, then the user's, refusing the ones the wiring depends on. */
  private flags(props: EndpointPickerProps): { [key: string]: string } {
    const flags: { [key: string]: string } = { 'zap-encoder': 'json', 'tracing': 'false' };
    for (const [rawKey, value] of Object.entries(props.flags ?? {})) {
      const key = rawKey.replace(/^-+/, '');
      if (!FLAG_NAME.test(key)) {
        failIf(this, 'EndpointPicker', `flags: '${rawKey}' is not a flag name (letters, digits, '-', '_' and '.'). Use, for example, 'v'.`);
      }
      if (MANAGED_FLAGS.includes(key)) {
        failIf(this, 'EndpointPicker', `flags: '${key}' is set by the construct (it wires the picker to its pool, ports and RBAC). ` +
          'Remove it; use the props poolName, namespace, replicas, pluginsConfig or metricsEndpointAuth instead.');
      }
      flags[key] = String(value);
    }
    return flags;
  }
}

/** A resource list as a JSON patch of a cdk8s-plus object writes it: quantities are `{ value }` until rendered. */
type PatchedQuantities = { [name: string]: { value: string } };

/**
 * A container's requests and limits as the API server stores them: quantities in canonical form, and `{}` when
 * there are none.
 */
function containerResources(resources: kplus.ContainerResources | undefined): { limits?: PatchedQuantities; requests?: PatchedQuantities } {
  const limits: PatchedQuantities = {};
  const requests: PatchedQuantities = {};
  // The units cdk8s-plus writes them in.
  const mebibytes = (size: Size) => `${size.toMebibytes()}Mi`;
  const gibibytes = (size: Size) => `${size.toGibibytes()}Gi`;
  const set = (into: PatchedQuantities, name: string, value: string | undefined) => {
    if (value !== undefined) into[name] = { value: canonicalQuantity(value) };
  };
  set(limits, 'cpu', resources?.cpu?.limit?.amount);
  set(requests, 'cpu', resources?.cpu?.request?.amount);
  set(limits, 'memory', resources?.memory?.limit && mebibytes(resources.memory.limit));
  set(requests, 'memory', resources?.memory?.request && mebibytes(resources.memory.request));
  set(limits, 'ephemeral-storage', resources?.ephemeralStorage?.limit && gibibytes(resources.ephemeralStorage.limit));
  set(requests, 'ephemeral-storage', resources?.ephemeralStorage?.request && gibibytes(resources.ephemeralStorage.request));
  return {
    ...Object.keys(limits).length > 0 ? { limits } : {},
    ...Object.keys(requests).length > 0 ? { requests } : {},
  };
}

/** A subject of the core group (a ServiceAccount) as the API server stores it: without the empty `apiGroup`. */
function withoutEmptySubjectGroup(binding: kplus.RoleBinding | kplus.ClusterRoleBinding): void {
  ApiObject.of(binding).addJsonPatch(JsonPatch.remove('/subjects/0/apiGroup'));
}

function checkPort(field: string, port: number): string | undefined {
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return undefined;
  return `${field} ${port} is not a port number (1 to 65535). Use the picker Service's gRPC port, for example ${EXT_PROC_PORT}.`;
}
