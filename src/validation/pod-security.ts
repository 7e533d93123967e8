/**
 * The Kubernetes Pod Security Standards, as k8s.io/pod-security-admission v0.36.3 implements them at its latest
 * version (policy/check_*.go, the checks policy.DefaultChecks() registers, evaluated as policy.NewEvaluator does
 * for api.LatestVersion()): every baseline and restricted check, with the admission plugin's reasons and details,
 * applied to Pods and to the pod templates of the workload kinds the plugin warns about.
 *
 * Each check below is a port of one Go file, named in its comment; the differential fuzzing (scripts/fuzz,
 * `npm run fuzz`) compares this port with the Go library itself.
 */
import { ValidationFinding } from './report';

/** A level of the Pod Security Standards to check workloads against. */
export enum PodSecurityLevel {
  /** Minimally restrictive: prevents known privilege escalations (host namespaces, privileged containers, hostPath ...). */
  BASELINE = 'baseline',
  /** Heavily restricted, current pod hardening best practices: baseline plus non-root, seccomp, dropped capabilities ... */
  RESTRICTED = 'restricted',
}

/** One offending field of a failing check: its path (as in a Pod) and how to fix it. */
export interface PodSecurityLocation {
  /** `spec.containers[0].securityContext.privileged`, `metadata.annotations[...]`: paths of a Pod, not of a template. */
  readonly path: string;
  readonly fix: string;
}

/** The result of one check on one pod: the Go library's CheckResult, plus the fields at fault. */
export interface PodSecurityCheckResult {
  /** The check's ID in the Go library (`runAsNonRoot`, `capabilities_restricted` ...). */
  readonly id: string;
  /** The level the check belongs to. */
  readonly level: PodSecurityLevel;
  readonly allowed: boolean;
  /** The Go library's ForbiddenReason ('' when allowed). */
  readonly reason: string;
  /** The Go library's ForbiddenDetail ('' when allowed). */
  readonly detail: string;
  readonly locations: PodSecurityLocation[];
}

type Meta = any;
type Spec = any;

interface Check {
  readonly id: string;
  readonly level: PodSecurityLevel;
  /** Baseline checks a restricted check replaces at the restricted level. */
  readonly overrides?: string[];
  readonly run: (metadata: Meta, spec: Spec) => Omit<PodSecurityCheckResult, 'id' | 'level'>;
}

const ALLOWED = { allowed: true, reason: '', detail: '', locations: [] };

function forbidden(reason: string, detail: string, locations: PodSecurityLocation[]) {
  return { allowed: false, reason, detail, locations };
}

/** Go's sort.Strings order (bytes; the same as UTF-16 code units for the text PodSpecs hold). */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** sets.NewString(...).List(): unique, sorted. */
function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(byteOrder);
}

/** helpers.go joinQuote. */
function joinQuote(items: string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

/** helpers.go pluralize. */
function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** helpers.go relaxPolicyForUserNamespacePod: hostUsers: false. */
function userNamespacePod(spec: Spec): boolean {
  return spec?.hostUsers === false;
}

/** Go's %q of a string (strconv.Quote) for the text annotation values hold. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\v') out += '\\v';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function isObject(v: unknown): v is { [key: string]: any } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

function nameOf(container: any): string {
  return typeof container?.name === 'string' ? container.name : '';
}

interface Visited {
  readonly container: any;
  /** `spec.containers[0]` */
  readonly path: string;
}

/** visitor.go visitContainers: init containers, containers, ephemeral containers. */
function containers(spec: Spec): Visited[] {
  const out: Visited[] = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    list(spec?.[field]).forEach((container, i) => out.push({ container: isObject(container) ? container : {}, path: `spec.${field}[${i}]` }));
  }
  return out;
}

function securityContext(c: any): any {
  return isObject(c?.securityContext) ? c.securityContext : undefined;
}

function podSecurityContext(spec: Spec): any {
  return isObject(spec?.securityContext) ? spec.securityContext : undefined;
}

function windowsPod(spec: Spec): boolean {
  return isObject(spec?.os) && spec.os.name === 'windows';
}

function containersPhrase(names: string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

// check_allowPrivilegeEscalation.go (allowPrivilegeEscalation_1_25): restricted, allowPrivilegeEscalation=false.
function allowPrivilegeEscalation(_m: Meta, spec: Spec) {
  if (windowsPod(spec)) return ALLOWED;
  const bad: string[] = [];
  const locations: PodSecurityLocation[] = [];
  for (const { container, path } of containers(spec)) {
    const sc = securityContext(container);
    if (sc?.allowPrivilegeEscalation == null || sc.allowPrivilegeEscalation === true) {
      bad.push(nameOf(container));
      locations.push({ path: `${path}.securityContext.allowPrivilegeEscalation`, fix: 'set it to false' });
    }
  }
  if (bad.length === 0) return ALLOWED;
  return forbidden('allowPrivilegeEscalation != false', `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`, locations);
}

// check_appArmorProfile.go (appArmorProfile_1_0): baseline, AppArmor profile types and the beta annotations.
const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
function appArmorProfile(metadata: Meta, spec: Spec) {
  const allowedType = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
  const allowedAnnotation = (v: string) => v.length === 0 || v === 'runtime/default' || v.startsWith('localhost/');
  const badSetters: string[] = [];
  const badValues: string[] = [];
  const locations: PodSecurityLocation[] = [];
  const fix = "set type to 'RuntimeDefault' or 'Localhost' (with a localhostProfile), or remove the appArmorProfile";
  const pod = podSecurityContext(spec);
  if (pod?.appArmorProfile != null && !allowedType(pod.appArmorProfile.type)) {
    badSetters.push('pod');
    badValues.push(String(pod.appArmorProfile.type ?? ''));
    locations.push({ path: 'spec.securityContext.appArmorProfile.type', fix });
  }
  const badContainers: string[] = [];
  for (const { container, path } of containers(spec)) {
    const sc = securityContext(container);
    if (sc?.appArmorProfile != null && !allowedType(sc.appArmorProfile.type)) {
      badContainers.push(nameOf(container));
      badValues.push(String(sc.appArmorProfile.type ?? ''));
      locations.push({ path: `${path}.securityContext.appArmorProfile.type`, fix });
    }
  }
  if (badContainers.length > 0) badSetters.push(containersPhrase(badContainers));
  const annotations: string[] = [];
  for (const [key, value] of Object.entries(isObject(metadata?.annotations) ? metadata.annotations : {})) {
    const v = typeof value === 'string' ? value : String(value ?? '');
    if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAnnotation(v)) {
      annotations.push(`${key}=${goQuote(v)}`);
      locations.push({
        path: `metadata.annotations[${key}]`,
        fix: "remove the deprecated annotation and set securityContext.appArmorProfile.type 'RuntimeDefault' or 'Localhost', or give it 'runtime/default' or 'localhost/<profile>'",
      });
    }
  }
  const values = sortedSet(badValues);
  if (annotations.length > 0) {
    values.push(...annotations.sort(byteOrder));
    badSetters.push(pluralize('annotation', 'annotations', annotations.length));
  }
  if (badSetters.length === 0) return ALLOWED;
  return forbidden(pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', values.length),
    `${badSetters.join(' and ')} must not set AppArmor profile type to ${joinQuote(values)}`, locations);
}

// check_capabilities_baseline.go (capabilitiesBaseline_1_0): baseline, no capability beyond the default set.
const DEFAULT_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
function capabilitiesBaseline(_m: Meta, spec: Spec) {
  const bad: string[] = [];
  const capabilities: string[] = [];
  const locations: PodSecurityLocation[] = [];
  for (const { container, path } of containers(spec)) {
    const caps = securityContext(container)?.capabilities;
    if (caps == null) continue;
    let valid = true;
    list(caps.add).forEach((c, i) => {
      if (!DEFAULT_CAPABILITIES.has(c)) {
        valid = false;
        capabilities.push(String(c));
        locations.push({ path: `${path}.securityContext.capabilities.add[${i}]`, fix: `remove ${c}: only ${[...DEFAULT_CAPABILITIES].join(', ')} may be added` });
      }
    });
    if (!valid) bad.push(nameOf(container));
  }
  if (bad.length === 0) return ALLOWED;
  return forbidden('non-default capabilities',
    `${containersPhrase(bad)} must not include ${joinQuote(sortedSet(capabilities))} in securityContext.capabilities.add`, locations);
}

// check_capabilities_restricted.go (capabilitiesRestricted_1_25): restricted, drop ALL, add at most NET_BIND_SERVICE.
function capabilitiesRestricted(_m: Meta, spec: Spec) {
  if (windowsPod(spec)) return ALLOWED;
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const capabilities: string[] = [];
  const locations: PodSecurityLocation[] = [];
  for (const { container, path } of containers(spec)) {
    const caps = securityContext(container)?.capabilities;
    if (caps == null) {
      missingDropAll.push(nameOf(container));
      locations.push({ path: `${path}.securityContext.capabilities.drop`, fix: 'set it to ["ALL"]' });
      continue;
    }
    if (!list(caps.drop).some(c => c === 'ALL')) {
      missingDropAll.push(nameOf(container));
      locations.push({ path: `${path}.securityContext.capabilities.drop`, fix: 'include "ALL"' });
    }
    let addedForbidden = false;
    list(caps.add).forEach((c, i) => {
      if (c !== 'NET_BIND_SERVICE') {
        addedForbidden = true;
        capabilities.push(String(c));
        locations.push({ path: `${path}.securityContext.capabilities.add[${i}]`, fix: `remove ${c}: only NET_BIND_SERVICE may be added` });
      }
    });
    if (addedForbidden) addingForbidden.push(nameOf(container));
  }
  const details: string[] = [];
  if (missingDropAll.length > 0) details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  if (addingForbidden.length > 0) {
    details.push(`${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedSet(capabilities))} in securityContext.capabilities.add`);
  }
  if (details.length === 0) return ALLOWED;
  return forbidden('unrestricted capabilities', details.join('; '), locations);
}

// check_hostNamespaces.go (hostNamespaces_1_0): baseline, no hostNetwork, hostPID, hostIPC.
function hostNamespaces(_m: Meta, spec: Spec) {
  const found: string[] = [];
  const locations: PodSecurityLocation[] = [];
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec?.[field] === true) {
      found.push(`${field}=true`);
      locations.push({ path: `spec.${field}`, fix: 'remove it or set it to false' });
    }
  }
  if (found.length === 0) return ALLOWED;
  return forbidden('host namespaces', found.join(', '), locations);
}

// check_hostPathVolumes.go (hostPathVolumes_1_0): baseline, no hostPath volume.
function hostPathVolumes(_m: Meta, spec: Spec) {
  const bad: string[] = [];
  const locations: PodSecurityLocation[] = [];
  list(spec?.volumes).forEach((v, i) => {
    if (isObject(v) && v.hostPath != null) {
      bad.push(nameOf(v));
      locations.push({ path: `spec.volumes[${i}].hostPath`, fix: 'use an emptyDir, configMap, secret, projected or persistentVolumeClaim volume instead' });
    }
  });
  if (bad.length === 0) return ALLOWED;
  return forbidden('hostPath volumes', `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)}`, locations);
}

// check_hostPorts.go (hostPorts_1_0): baseline, no hostPort.
function hostPorts(_m: Meta, spec: Spec) {
  const bad: string[] = [];
  const ports: string[] = [];
  const locations: PodSecurityLocation[] = [];
  for (const { container, path } of containers(spec)) {
    let valid = true;
    list(container.ports).forEach((p, i) => {
      const hostPort = isObject(p) ? p.hostPort : undefined;
      if (hostPort != null && hostPort !== 0) {
        valid = false;
        ports.push(String(hostPort));
        locations.push({ path: `${path}.ports[${i}].hostPort`, fix: 'remove it (expose the port with a Service)' });
      }
    });
    if (!valid) bad.push(nameOf(container));
  }
  if (bad.length === 0) return ALLOWED;
  const unique = sortedSet(ports);
  return forbidden('hostPort', `${containersPhrase(bad)} ${pluralize('uses', 'use', bad.length)} ` +
    `${pluralize('hostPort', 'hostPorts', unique.length)} ${unique.join(', ')}`, locations);
}

// check_hostProbesAndhostLifecycle.go (hostProbesAndHostLifecycleV1Dot34): baseline, no host in probes and lifecycle handlers.
function hostProbesAndHostLifecycle(_m: Meta, spec: Spec) {
  const bad = new Set<string>();
  const hosts = new Set<string>();
  const locations: PodSecurityLocation[] = [];
  const handlerHosts = (handler: any, path: string): boolean => {
    if (!isObject(handler)) return false;
    let found = false;
    for (const kind of ['httpGet', 'tcpSocket']) {
      const host = isObject(handler[kind]) ? handler[kind].host : undefined;
      if (typeof host === 'string' && host !== '') {
        found = true;
        hosts.add(host);
        locations.push({ path: `${path}.${kind}.host`, fix: 'remove it: the probe or handler then targets the pod itself' });
      }
    }
    return found;
  };
  for (const { container, path } of containers(spec)) {
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      if (handlerHosts(container[probe], `${path}.${probe}`)) bad.add(nameOf(container));
    }
    if (isObject(container.lifecycle)) {
      for (const hook of ['postStart', 'preStop']) {
        if (handlerHosts(container.lifecycle[hook], `${path}.lifecycle.${hook}`)) bad.add(nameOf(container));
      }
    }
  }
  if (bad.size === 0) return ALLOWED;
  return forbidden('probe or lifecycle host', `${containersPhrase(sortedSet(bad))} ${pluralize('uses', 'use', bad.size)} ` +
    `${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', hosts.size)} ${joinQuote(sortedSet(hosts))}`, locations);
}

// check_privileged.go (privileged_1_0): baseline, no privileged container.
function privileged(_m: Meta, spec: Spec) {
  const bad: string[] = [];
  const locations: PodSecurityLocation[] = [];
  for (const { container, path } of containers(spec)) {
    if (securityContext(container)?.privileged === true) {
      bad.push(nameOf(container));
      locations.push({ path: `${path}.securityContext.privileged`, fix: 'remove it or set it to false' });
    }
  }
  if (bad.length === 0) return ALLOWED;
  return forbidden('privileged', `${containersPhrase(bad)} must not set securityContext.privileged=true`, locations);
}

// check_procMount_baseline.go (procMount_1_0, shared by check_procMount_restricted.go).
function procMountDefault(_m: Meta, spec: Spec) {
  const bad: string[] = [];
  const types: string[] = [];
  const locations: PodSecurityLocation[] = [];
  for (const { container, path } of containers(spec)) {
    const procMount = securityContext(container)?.procMount;
    if (procMount == null) continue;
    if (procMount !== 'Default') {
      bad.push(nameOf(container));
      types.push(String(procMount));
      locations.push({ path: `${path}.securityContext.procMount`, fix: "remove it or set it to 'Default'" });
    }
  }
  if (bad.length === 0) return ALLOWED;
  return forbidden('procMount', `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`, locations);
}

// check_procMount_baseline.go (procMount1_35baseline): baseline, default /proc masks unless hostUsers: false.
function procMountBaseline(m: Meta, spec: Spec) {
  if (userNamespacePod(spec)) return ALLOWED;
  return procMountDefault(m, spec);
}

// check_restrictedVolumes.go (restrictedVolumes_1_0): restricted, only the inline volume types listed.
const ALLOWED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
const RESTRICTED_VOLUME_TYPES = ['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd',
  'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk',
  'portworxVolume', 'scaleIO', 'storageos'];
function restrictedVolumes(_m: Meta, spec: Spec) {
  const bad: string[] = [];
  const types: string[] = [];
  const locations: PodSecurityLocation[] = [];
  list(spec?.volumes).forEach((v, i) => {
    const volume = isObject(v) ? v : {};
    if (ALLOWED_VOLUME_TYPES.some(t => volume[t] != null)) return;
    bad.push(nameOf(volume));
    const type = RESTRICTED_VOLUME_TYPES.find(t => volume[t] != null) ?? 'unknown';
    types.push(type);
    locations.push({
      path: type === 'unknown' ? `spec.volumes[${i}]` : `spec.volumes[${i}].${type}`,
      fix: `use one of the volume types ${ALLOWED_VOLUME_TYPES.join(', ')} (a PersistentVolumeClaim for network storage)`,
    });
  });
  if (bad.length === 0) return ALLOWED;
  const unique = sortedSet(types);
  return forbidden('restricted volume types', `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ` +
    `${pluralize('restricted volume type', 'restricted volume types', unique.length)} ${joinQuote(unique)}`, locations);
}

// check_runAsNonRoot.go (runAsNonRoot1_35): restricted, runAsNonRoot true at pod or container level, unless hostUsers: false.
function runAsNonRoot(_m: Meta, spec: Spec) {
  if (userNamespacePod(spec)) return ALLOWED;
  const badSetters: string[] = [];
  const explicit: string[] = [];
  const implicit: string[] = [];
  const explicitLocations: PodSecurityLocation[] = [];
  const implicitLocations: PodSecurityLocation[] = [];
  let podNonRoot = false;
  const pod = podSecurityContext(spec);
  if (pod?.runAsNonRoot != null) {
    if (pod.runAsNonRoot !== true) {
      badSetters.push('pod');
      explicitLocations.push({ path: 'spec.securityContext.runAsNonRoot', fix: 'set it to true' });
    } else {
      podNonRoot = true;
    }
  }
  for (const { container, path } of containers(spec)) {
    const sc = securityContext(container);
    if (sc?.runAsNonRoot != null) {
      if (sc.runAsNonRoot !== true) {
        explicit.push(nameOf(container));
        explicitLocations.push({ path: `${path}.securityContext.runAsNonRoot`, fix: 'set it to true' });
      }
    } else if (!podNonRoot) {
      implicit.push(nameOf(container));
      implicitLocations.push({ path: `${path}.securityContext.runAsNonRoot`, fix: 'set it to true, or set spec.securityContext.runAsNonRoot: true for the whole pod' });
    }
  }
  if (explicit.length > 0) badSetters.push(containersPhrase(explicit));
  if (badSetters.length > 0) {
    return forbidden('runAsNonRoot != true', `${badSetters.join(' and ')} must not set securityContext.runAsNonRoot=false`, explicitLocations);
  }
  if (implicit.length > 0) {
    return forbidden('runAsNonRoot != true', `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true`, implicitLocations);
  }
  return ALLOWED;
}

// check_runAsUser.go (runAsUser1_35): restricted, no runAsUser 0, unless hostUsers: false.
function runAsUser(_m: Meta, spec: Spec) {
  if (userNamespacePod(spec)) return ALLOWED;
  const badSetters: string[] = [];
  const locations: PodSecurityLocation[] = [];
  const fix = 'set a non-zero user ID, or remove it and let the image choose a non-root user';
  if (podSecurityContext(spec)?.runAsUser === 0) {
    badSetters.push('pod');
    locations.push({ path: 'spec.securityContext.runAsUser', fix });
  }
  const bad: string[] = [];
  for (const { container, path } of containers(spec)) {
    if (securityContext(container)?.runAsUser === 0) {
      bad.push(nameOf(container));
      locations.push({ path: `${path}.securityContext.runAsUser`, fix });
    }
  }
  if (bad.length > 0) badSetters.push(containersPhrase(bad));
  if (badSetters.length === 0) return ALLOWED;
  return forbidden('runAsUser=0', `${badSetters.join(' and ')} must not set runAsUser=0`, locations);
}

// check_seLinuxOptions.go (seLinuxOptions1_31): baseline, SELinux type from the allowed set, no user, no role.
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
function seLinuxOptions(_m: Meta, spec: Spec) {
  const badSetters: string[] = [];
  const badTypes: string[] = [];
  let setUser = false;
  let setRole = false;
  const locations: PodSecurityLocation[] = [];
  const valid = (opts: any, path: string): boolean => {
    let ok = true;
    const type = typeof opts?.type === 'string' ? opts.type : '';
    if (!SELINUX_TYPES.has(type)) {
      ok = false;
      badTypes.push(type);
      locations.push({ path: `${path}.type`, fix: `remove it or use one of ${[...SELINUX_TYPES].filter(t => t).join(', ')}` });
    }
    if (typeof opts?.user === 'string' && opts.user.length > 0) {
      ok = false;
      setUser = true;
      locations.push({ path: `${path}.user`, fix: 'remove it' });
    }
    if (typeof opts?.role === 'string' && opts.role.length > 0) {
      ok = false;
      setRole = true;
      locations.push({ path: `${path}.role`, fix: 'remove it' });
    }
    return ok;
  };
  const pod = podSecurityContext(spec);
  if (pod?.seLinuxOptions != null && !valid(pod.seLinuxOptions, 'spec.securityContext.seLinuxOptions')) badSetters.push('pod');
  const bad: string[] = [];
  for (const { container, path } of containers(spec)) {
    const sc = securityContext(container);
    if (sc?.seLinuxOptions != null && !valid(sc.seLinuxOptions, `${path}.securityContext.seLinuxOptions`)) bad.push(nameOf(container));
  }
  if (bad.length > 0) badSetters.push(containersPhrase(bad));
  if (badSetters.length === 0) return ALLOWED;
  const data: string[] = [];
  const types = sortedSet(badTypes);
  if (types.length > 0) data.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
  if (setUser) data.push('user may not be set');
  if (setRole) data.push('role may not be set');
  return forbidden('seLinuxOptions', `${badSetters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`, locations);
}

const validSeccomp = (t: unknown) => t === 'Localhost' || t === 'RuntimeDefault';
const SECCOMP_FIX = "set type to 'RuntimeDefault' (or 'Localhost' with a localhostProfile)";

// check_seccompProfile_baseline.go (seccompProfileBaseline_1_19): baseline, seccomp type RuntimeDefault, Localhost or unset.
function seccompProfileBaseline(_m: Meta, spec: Spec) {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  const locations: PodSecurityLocation[] = [];
  const pod = podSecurityContext(spec);
  if (pod?.seccompProfile != null && !validSeccomp(pod.seccompProfile.type)) {
    badSetters.push('pod');
    badValues.push(String(pod.seccompProfile.type ?? ''));
    locations.push({ path: 'spec.securityContext.seccompProfile.type', fix: SECCOMP_FIX });
  }
  const bad: string[] = [];
  for (const { container, path } of containers(spec)) {
    const sc = securityContext(container);
    if (sc?.seccompProfile != null && !validSeccomp(sc.seccompProfile.type)) {
      bad.push(nameOf(container));
      badValues.push(String(sc.seccompProfile.type ?? ''));
      locations.push({ path: `${path}.securityContext.seccompProfile.type`, fix: SECCOMP_FIX });
    }
  }
  if (bad.length > 0) badSetters.push(containersPhrase(bad));
  if (badSetters.length === 0) return ALLOWED;
  return forbidden('seccompProfile', `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}`, locations);
}

// check_seccompProfile_restricted.go (seccompProfileRestricted_1_25): restricted, seccomp RuntimeDefault or Localhost set
// at pod level or on every container.
function seccompProfileRestricted(_m: Meta, spec: Spec) {
  if (windowsPod(spec)) return ALLOWED;
  const badSetters: string[] = [];
  const badValues: string[] = [];
  const explicitLocations: PodSecurityLocation[] = [];
  const implicitLocations: PodSecurityLocation[] = [];
  let podSet = false;
  const pod = podSecurityContext(spec);
  if (pod?.seccompProfile != null) {
    if (!validSeccomp(pod.seccompProfile.type)) {
      badSetters.push('pod');
      badValues.push(String(pod.seccompProfile.type ?? ''));
      explicitLocations.push({ path: 'spec.securityContext.seccompProfile.type', fix: SECCOMP_FIX });
    } else {
      podSet = true;
    }
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const { container, path } of containers(spec)) {
    const sc = securityContext(container);
    if (sc?.seccompProfile != null) {
      if (!validSeccomp(sc.seccompProfile.type)) {
        explicit.push(nameOf(container));
        badValues.push(String(sc.seccompProfile.type ?? ''));
        explicitLocations.push({ path: `${path}.securityContext.seccompProfile.type`, fix: SECCOMP_FIX });
      }
    } else if (!podSet) {
      implicit.push(nameOf(container));
      implicitLocations.push({
        path: `${path}.securityContext.seccompProfile.type`,
        fix: "set it to 'RuntimeDefault', or set spec.securityContext.seccompProfile.type: RuntimeDefault for the whole pod",
      });
    }
  }
  if (explicit.length > 0) badSetters.push(containersPhrase(explicit));
  if (badSetters.length > 0) {
    return forbidden('seccompProfile', `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}`,
      explicitLocations);
  }
  if (implicit.length > 0) {
    return forbidden('seccompProfile', `pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      implicitLocations);
  }
  return ALLOWED;
}

// check_sysctls.go (sysctlsV1Dot32): baseline, only the safe sysctls.
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']);
function sysctls(_m: Meta, spec: Spec) {
  const bad: string[] = [];
  const locations: PodSecurityLocation[] = [];
  list(podSecurityContext(spec)?.sysctls).forEach((s, i) => {
    const name = isObject(s) && typeof s.name === 'string' ? s.name : '';
    if (!SAFE_SYSCTLS.has(name)) {
      bad.push(name);
      locations.push({ path: `spec.securityContext.sysctls[${i}].name`, fix: `remove it: only ${[...SAFE_SYSCTLS].join(', ')} are allowed` });
    }
  });
  if (bad.length === 0) return ALLOWED;
  return forbidden('forbidden sysctls', bad.join(', '), locations);
}

// check_windowsHostProcess.go (windowsHostProcess_1_0): baseline, no Windows HostProcess.
function windowsHostProcess(_m: Meta, spec: Spec) {
  const bad: string[] = [];
  const locations: PodSecurityLocation[] = [];
  const fix = 'remove it or set it to false';
  for (const { container, path } of containers(spec)) {
    if (securityContext(container)?.windowsOptions?.hostProcess === true) {
      bad.push(nameOf(container));
      locations.push({ path: `${path}.securityContext.windowsOptions.hostProcess`, fix });
    }
  }
  const setters: string[] = [];
  if (podSecurityContext(spec)?.windowsOptions?.hostProcess === true) {
    setters.push('pod');
    locations.unshift({ path: 'spec.securityContext.windowsOptions.hostProcess', fix });
  }
  if (bad.length > 0) setters.push(containersPhrase(bad));
  if (setters.length === 0) return ALLOWED;
  return forbidden('hostProcess', `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`, locations);
}

const B = PodSecurityLevel.BASELINE;
const R = PodSecurityLevel.RESTRICTED;

/** policy.DefaultChecks() at the latest version: each check's ID, level, overrides and latest implementation. */
const CHECKS: Check[] = [
  { id: 'allowPrivilegeEscalation', level: R, run: allowPrivilegeEscalation },
  { id: 'appArmorProfile', level: B, run: appArmorProfile },
  { id: 'capabilities_baseline', level: B, run: capabilitiesBaseline },
  { id: 'capabilities_restricted', level: R, overrides: ['capabilities_baseline'], run: capabilitiesRestricted },
  { id: 'hostNamespaces', level: B, run: hostNamespaces },
  { id: 'hostPathVolumes', level: B, run: hostPathVolumes },
  { id: 'hostPorts', level: B, run: hostPorts },
  { id: 'hostProbesAndHostLifecycle', level: B, run: hostProbesAndHostLifecycle },
  { id: 'privileged', level: B, run: privileged },
  { id: 'procMount', level: B, run: procMountBaseline },
  { id: 'procMount_restricted', level: R, overrides: ['procMount'], run: procMountDefault },
  { id: 'restrictedVolumes', level: R, overrides: ['hostPathVolumes'], run: restrictedVolumes },
  { id: 'runAsNonRoot', level: R, run: runAsNonRoot },
  { id: 'runAsUser', level: R, run: runAsUser },
  { id: 'seLinuxOptions', level: B, run: seLinuxOptions },
  { id: 'seccompProfile_baseline', level: B, run: seccompProfileBaseline },
  { id: 'seccompProfile_restricted', level: R, overrides: ['seccompProfile_baseline'], run: seccompProfileRestricted },
  { id: 'sysctls', level: B, run: sysctls },
  { id: 'windowsHostProcess', level: B, run: windowsHostProcess },
];

/**
 * The checks of a level in the evaluator's order (registry.go populate): baseline IDs sorted, then restricted IDs
 * sorted; at restricted, the baseline checks a restricted one overrides are left out.
 */
function checksOf(level: PodSecurityLevel): Check[] {
  const byId = (a: Check, b: Check) => byteOrder(a.id, b.id);
  const baseline = CHECKS.filter(c => c.level === B).sort(byId);
  if (level === B) return baseline;
  const restricted = CHECKS.filter(c => c.level === R).sort(byId);
  const overridden = new Set(restricted.flatMap(c => c.overrides ?? []));
  return [...baseline.filter(c => !overridden.has(c.id)), ...restricted];
}

const CHECKS_OF = new Map<PodSecurityLevel, Check[]>([[B, checksOf(B)], [R, checksOf(R)]]);

/** The IDs of the checks a level runs, in the evaluator's order. */
export function podSecurityCheckIds(level: PodSecurityLevel): string[] {
  return CHECKS_OF.get(level)!.map(c => c.id);
}

/**
 * Every check of the level on one pod (its metadata and spec), as the evaluator's EvaluatePod returns them, in its
 * order, with allowed ones included.
 */
export function evaluatePodSecurity(level: PodSecurityLevel, metadata: unknown, spec: unknown): PodSecurityCheckResult[] {
  const checks = CHECKS_OF.get(level);
  if (checks === undefined) throw new Error(`unknown Pod Security level '${level}': use baseline or restricted`);
  const m = isObject(metadata) ? metadata : {};
  const s = isObject(spec) ? spec : {};
  return checks.map(c => ({ id: c.id, level: c.level, ...c.run(m, s) }));
}

/** Where a kind holds its pod: the paths of the pod's metadata and spec (the admission plugin's DefaultPodSpecExtractor). */
const POD_PATHS: { [kind: string]: { metadata: string[]; spec: string[] } } = {
  Pod: { metadata: ['metadata'], spec: ['spec'] },
  PodTemplate: { metadata: ['template', 'metadata'], spec: ['template', 'spec'] },
  ReplicationController: { metadata: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  ReplicaSet: { metadata: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  Deployment: { metadata: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  StatefulSet: { metadata: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  DaemonSet: { metadata: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  Job: { metadata: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  CronJob: { metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'], spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
};

/** The API groups of those kinds ('' for the core group). */
const POD_GROUPS: { [kind: string]: string } = {
  Pod: '',
  PodTemplate: '',
  ReplicationController: '',
  ReplicaSet: 'apps',
  Deployment: 'apps',
  StatefulSet: 'apps',
  DaemonSet: 'apps',
  Job: 'batch',
  CronJob: 'batch',
};

/** Whether an object is a Pod or a workload with a pod template that the Pod Security Standards apply to. */
export function holdsPod(object: any): boolean {
  if (!isObject(object) || typeof object.kind !== 'string' || typeof object.apiVersion !== 'string') return false;
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  return POD_GROUPS[object.kind] === group;
}

function at(object: any, path: string[]): any {
  let v = object;
  for (const key of path) v = isObject(v) ? v[key] : undefined;
  return v;
}

/**
 * The pod of an object as the admission plugin's DefaultPodSpecExtractor takes it: a Pod's metadata and spec, or the
 * pod template's of a workload (a missing part is empty, as Go's zero value); undefined for objects that hold no pod.
 */
export function podOf(object: any): { metadata: any; spec: any; metadataPath: string; specPath: string } | undefined {
  if (!holdsPod(object)) return undefined;
  const paths = POD_PATHS[object.kind];
  const metadata = at(object, paths.metadata);
  const spec = at(object, paths.spec);
  return {
    metadata: isObject(metadata) ? metadata : {},
    spec: isObject(spec) ? spec : {},
    metadataPath: paths.metadata.join('.'),
    specPath: paths.spec.join('.'),
  };
}

/**
 * The findings of the Pod Security Standards on an object: one error per offending field of each failing check,
 * naming the check, its level, the admission plugin's reason and detail, and the fix. None for objects that hold no pod.
 */
export function podSecurityFindings(object: any, level: PodSecurityLevel): ValidationFinding[] {
  const pod = podOf(object);
  if (pod === undefined) return [];
  const place = (path: string) => path.startsWith('metadata.') ? pod.metadataPath + path.slice('metadata'.length)
    : pod.specPath + path.slice('spec'.length);
  const findings: ValidationFinding[] = [];
  for (const result of evaluatePodSecurity(level, pod.metadata, pod.spec)) {
    if (result.allowed) continue;
    const what = `violates PodSecurity "${level}:latest" check ${result.id} (${result.level} level): ${result.reason}` +
      `${result.detail === '' ? '' : ` (${result.detail})`}`;
    const locations = result.locations.length > 0 ? result.locations : [{ path: 'spec', fix: 'see the Pod Security Standards' }];
    for (const location of locations) {
      findings.push({ path: place(location.path), message: `PodSecurity: ${object.kind} ${what}. Fix: ${location.fix}.` });
    }
  }
  return findings;
}
