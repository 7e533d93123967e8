import { base64DecodedLength, configMapKeyProblems, dns1035LabelProblem, dnsLabelProblem, dnsSubdomainProblem, maskTrailingDash, pathSegmentProblem } from './formats';
import { Finding, NameRule } from './structural';

/**
 * The few rules of the API server's Go validation of built-in kinds (k8s.io/kubernetes/pkg/apis/.../validation) that
 * the offline validator checks exactly: the name rule of each kind, and the keys and total size of ConfigMaps and
 * Secrets. The rest of the Go validation (port ranges, selectors matching templates...) is not reproduced.
 */

/** MaxSecretSize of k8s.io/kubernetes/pkg/apis/core: the limit of a ConfigMap's and a Secret's data. */
export const MAX_DATA_SIZE = 1024 * 1024;

const subdomain = (name: string, prefix: boolean) => dnsSubdomainProblem(prefix ? maskTrailingDash(name) : name);
const label = (name: string, prefix: boolean) => dnsLabelProblem(prefix ? maskTrailingDash(name) : name);
const label1035 = (name: string, prefix: boolean) => {
  const problem = dns1035LabelProblem(prefix ? maskTrailingDash(name) : name);
  return problem && `${problem} (API servers before 1.36, or with the RelaxedServiceNameValidation feature off, require it)`;
};

/** Names the API server checks with NameIsDNSSubdomain (and the path-segment rule every object has). */
const SUBDOMAIN: NameRule = { problem: subdomain };
/** NameIsDNSLabel: Namespaces, StatefulSets. */
const LABEL: NameRule = { problem: label };
/**
 * Services: NameIsDNSLabel in 1.36 (the RelaxedServiceNameValidation feature, on by default); a name that starts with
 * a digit is advice, older servers refusing it (NameIsDNS1035Label).
 */
const SERVICE: NameRule = { problem: label, advice: label1035 };
/** Only the rule of every object (ValidateObjectMetaAccessor's path segment): RBAC kinds, PodDisruptionBudgets. */
const PATH_SEGMENT: NameRule = { problem: pathSegmentProblem };
/**
 * Kinds whose name rule is not listed here: the path-segment rule every object has is an error, a DNS subdomain
 * (the rule of most kinds) is advice.
 */
const UNCONFIRMED: NameRule = { problem: pathSegmentProblem, advice: subdomain };

/** The name rule of each built-in 'group/Kind', as its ValidateObjectMeta call in the API server names it. */
const NAME_RULES: { [groupKind: string]: NameRule } = {
  '/Namespace': LABEL,
  '/Service': SERVICE,
  'apps/StatefulSet': LABEL,
  ...Object.fromEntries([
    '/Pod', '/PodTemplate', '/ConfigMap', '/Secret', '/ServiceAccount', '/Endpoints', '/LimitRange', '/ResourceQuota',
    '/Node', '/PersistentVolume', '/PersistentVolumeClaim', '/ReplicationController',
    'apps/Deployment', 'apps/ReplicaSet', 'apps/DaemonSet', 'apps/ControllerRevision',
    'batch/Job', 'batch/CronJob', 'autoscaling/HorizontalPodAutoscaler',
    'networking.k8s.io/NetworkPolicy', 'networking.k8s.io/Ingress', 'networking.k8s.io/IngressClass', 'networking.k8s.io/ServiceCIDR',
    'discovery.k8s.io/EndpointSlice', 'scheduling.k8s.io/PriorityClass', 'coordination.k8s.io/Lease', 'node.k8s.io/RuntimeClass',
    'storage.k8s.io/StorageClass', 'storage.k8s.io/VolumeAttachment', 'storage.k8s.io/VolumeAttributesClass', 'storage.k8s.io/CSINode',
    'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/MutatingWebhookConfiguration',
    'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
    'admissionregistration.k8s.io/MutatingAdmissionPolicy', 'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
    'resource.k8s.io/ResourceClaim', 'resource.k8s.io/ResourceClaimTemplate', 'resource.k8s.io/ResourceSlice',
  ].map(k => [k, SUBDOMAIN])),
  ...Object.fromEntries(['rbac.authorization.k8s.io/Role', 'rbac.authorization.k8s.io/ClusterRole',
    'rbac.authorization.k8s.io/RoleBinding', 'rbac.authorization.k8s.io/ClusterRoleBinding', 'policy/PodDisruptionBudget',
    'certificates.k8s.io/CertificateSigningRequest'].map(k => [k, PATH_SEGMENT])),
};

/** The rule the API server checks a built-in kind's metadata.name and generateName with. */
export function nameRuleOf(group: string, kind: string): NameRule {
  return NAME_RULES[`${group}/${kind}`] ?? UNCONFIRMED;
}

/** The Go validation rules of a built-in kind that are checked offline (see the file comment). */
export function builtInProblems(group: string, kind: string, object: any): Finding[] {
  if (group !== '') {
    if (group === 'batch' && kind === 'CronJob') return cronJobProblems(object);
    return [];
  }
  if (kind === 'ConfigMap') return configMapProblems(object);
  if (kind === 'Secret') return secretProblems(object);
  return [];
}

const isMap = (v: unknown): v is { [key: string]: unknown } => v !== null && typeof v === 'object' && !Array.isArray(v);

function keyProblems(field: string, key: string): Finding[] {
  return configMapKeyProblems(key).map(problem => ({ path: `${field}[${key}]`, message: `Invalid value: ${JSON.stringify(key)}: ${problem}`, rule: 'config-key' }));
}

function tooLong(path: string, size: number, fields: string): Finding {
  return {
    path,
    message: `Too long: may not be more than ${MAX_DATA_SIZE} bytes (${fields} hold ${size} bytes); move large content to a volume or split it`,
    rule: 'max-size',
  };
}

/** ValidateConfigMap: keys of data and binaryData, no key in both, their total size at most 1 MiB. */
function configMapProblems(object: any): Finding[] {
  const findings: Finding[] = [];
  const data = isMap(object.data) ? object.data : {};
  const binaryData = isMap(object.binaryData) ? object.binaryData : {};
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    findings.push(...keyProblems('data', key));
    if (key in binaryData) {
      findings.push({ path: `data[${key}]`, message: `Invalid value: ${JSON.stringify(key)}: duplicate of key present in binaryData`, rule: 'config-key' });
    }
    if (typeof value === 'string') size += Buffer.byteLength(value, 'utf8');
  }
  for (const [key, value] of Object.entries(binaryData)) {
    findings.push(...keyProblems('binaryData', key));
    if (typeof value === 'string') size += base64DecodedLength(value) ?? 0;
  }
  // The API server reports it on the whole object (an empty field path).
  if (size > MAX_DATA_SIZE) findings.push(tooLong('', size, 'data and binaryData'));
  return findings;
}

/**
 * ValidateSecret, after the conversion that merges stringData into data (a stringData key replaces the data key):
 * keys, the total size of the decoded data at most 1 MiB, and the keys each built-in type requires.
 */
function secretProblems(object: any): Finding[] {
  const findings: Finding[] = [];
  const bytes = new Map<string, number>();
  const values = new Map<string, string>();
  if (isMap(object.data)) {
    for (const [key, value] of Object.entries(object.data)) {
      bytes.set(key, typeof value === 'string' ? base64DecodedLength(value) ?? 0 : 0);
      if (typeof value === 'string') values.set(key, Buffer.from(value, 'base64').toString('utf8'));
    }
  }
  if (isMap(object.stringData)) {
    for (const [key, value] of Object.entries(object.stringData)) {
      bytes.set(key, typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0);
      if (typeof value === 'string') values.set(key, value);
    }
  }
  let size = 0;
  for (const [key, n] of bytes) {
    findings.push(...keyProblems('data', key));
    size += n;
  }
  if (size > MAX_DATA_SIZE) findings.push(tooLong('data', size, 'data and stringData'));
  const required = (key: string) => ({ path: `data[${key}]`, message: `Required value: a Secret of type ${object.type} holds the key ${key}`, rule: 'secret-type' });
  switch (object.type) {
    case 'kubernetes.io/service-account-token':
      if (!object.metadata?.annotations?.['kubernetes.io/service-account.name']) {
        findings.push({
          path: 'metadata.annotations[kubernetes.io/service-account.name]',
          message: 'Required value: a Secret of type kubernetes.io/service-account-token names its ServiceAccount in this annotation',
          rule: 'secret-type',
        });
      }
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = object.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!bytes.has(key)) {
        findings.push(required(key));
      } else if (!isJsonObject(values.get(key) ?? '')) {
        findings.push({ path: `data[${key}]`, message: 'Invalid value: "<secret contents redacted>": must be a JSON object', rule: 'secret-type' });
      }
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!bytes.has('username') && !bytes.has('password')) findings.push(required('username'), required('password'));
      break;
    case 'kubernetes.io/ssh-auth':
      if ((bytes.get('ssh-privatekey') ?? 0) === 0) findings.push(required('ssh-privatekey'));
      break;
    case 'kubernetes.io/tls':
      if (!bytes.has('tls.crt')) findings.push(required('tls.crt'));
      if (!bytes.has('tls.key')) findings.push(required('tls.key'));
      break;
    default:
  }
  return findings;
}

function isJsonObject(text: string): boolean {
  try {
    const value = JSON.parse(text);
    return isMap(value) || value === null;
  } catch {
    return false;
  }
}

/** ValidateCronJobCreate: the controller appends an 11-character suffix to the Jobs it creates. */
function cronJobProblems(object: any): Finding[] {
  const name = object.metadata?.name;
  if (typeof name === 'string' && name.length > 52) {
    return [{ path: 'metadata.name', message: `Invalid value: ${JSON.stringify(name)}: must be no more than 52 characters`, rule: 'metadata' }];
  }
  return [];
}
