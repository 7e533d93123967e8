/**
 * Differential fuzzing of the Pod Security Standards port (src/validation/pod-security.ts) against
 * k8s.io/pod-security-admission itself (the oracle's pod-security mode, fuzz/oracle/podsecurity.go).
 *
 * Pods (metadata and spec) are generated with fast-check to reach every check: privileged, host namespaces,
 * every volume type, host ports, capabilities, AppArmor fields and annotations, SELinux options, /proc mount,
 * seccomp at pod and container level, sysctls, runAsNonRoot and runAsUser at pod and container level,
 * allowPrivilegeEscalation, Windows hostProcess, probe and lifecycle hosts, hostUsers, the pod's OS, and init and
 * ephemeral containers; half of the pods go into a Pod or the template of a workload of each kind (or into objects
 * that hold no pod), the rest are judged as a pod spec; most containers start hardened (restricted) and change a field or two, so that
 * allowed pods and single failures are frequent. Each pod is judged at a level by both; they must agree on
 * allowed, on the failing checks (IDs, in order) and on each failing check's reason and detail.
 *
 * Run by `npm run fuzz` after the CRD cases (`--pod-security N`, default the CRD count), or alone:
 * `ts-node --transpile-only --project scripts/tsconfig.json scripts/fuzz/pod-security.ts --count N --seed S|random`.
 */
import * as fc from 'fast-check';
import { buildOracle, Oracle, PodSecurityOracleVerdict } from './oracle';
import { evaluatePodSecurity, podOf, podSecurityCheckIds, PodSecurityLevel } from '../../src/validation/pod-security';

/** One generated case: a level and a pod, or a level and an object that may hold one (then metadata and spec are its pod's). */
export interface PodSecurityCase {
  readonly level: PodSecurityLevel;
  readonly metadata: any;
  readonly spec: any;
  /** A Pod or workload holding the pod (its template), or an object of another kind or group; the pod is taken from it. */
  readonly object?: any;
}

/** Where the generated pod goes: as a Pod, into the template of a workload, or into objects that hold no pod. */
const WRAPPERS: [string, string, (metadata: any, spec: any) => any][] = [
  ['v1', 'Pod', (metadata, spec) => ({ metadata, spec })],
  ['v1', 'PodTemplate', (metadata, spec) => ({ template: { metadata, spec } })],
  ['v1', 'ReplicationController', (metadata, spec) => ({ spec: { template: { metadata, spec } } })],
  ['v1', 'ReplicationController', () => ({ spec: { replicas: 1 } })],
  ['apps/v1', 'Deployment', (metadata, spec) => ({ spec: { template: { metadata, spec } } })],
  ['apps/v1', 'Deployment', metadata => ({ spec: { template: { metadata } } })],
  ['apps/v1', 'ReplicaSet', (metadata, spec) => ({ spec: { template: { metadata, spec } } })],
  ['apps/v1', 'StatefulSet', (metadata, spec) => ({ spec: { template: { metadata, spec } } })],
  ['apps/v1', 'DaemonSet', (metadata, spec) => ({ spec: { template: { metadata, spec } } })],
  ['batch/v1', 'Job', (metadata, spec) => ({ spec: { template: { metadata, spec } } })],
  ['batch/v1', 'CronJob', (metadata, spec) => ({ spec: { jobTemplate: { spec: { template: { metadata, spec } } } } })],
  ['example.com/v1', 'Deployment', (metadata, spec) => ({ spec: { template: { metadata, spec } } })],
  ['v1', 'Service', (_metadata, spec) => ({ spec })],
];

/** Object-level annotations that would fail baseline if they were the pod's: the template's metadata must be used. */
const DECOY = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };

const NAMES = ['app', 'sidecar', 'init', 'debug', 'a', ''];
const CAPABILITIES = ['NET_BIND_SERVICE', 'CHOWN', 'KILL', 'SETUID', 'SYS_CHROOT', 'AUDIT_WRITE', 'NET_RAW', 'SYS_ADMIN', 'SYS_TIME', 'ALL', 'net_admin'];
const DROPS = ['ALL', 'NET_RAW', 'all', 'CHOWN'];
const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost', 'Unconfined', '', 'runtime/default'];
const APPARMOR_TYPES = ['RuntimeDefault', 'Localhost', 'Unconfined', '', 'unconfined'];
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t', 'spc_t', 'unconfined_t'];
const PROC_MOUNTS = ['Default', 'Unmasked', ''];
const SYSCTLS = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem', 'kernel.msgmax',
  'net.core.somaxconn', 'vm.swappiness', ''];
const VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs',
  'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos'];
const ANNOTATION_VALUES = ['runtime/default', 'localhost/profile', 'unconfined', '', 'docker/default', 'Localhost', 'a "quoted"\tvalue'];

/** A value or, rarely, JSON null (Go: a nil pointer, as if absent). */
function orNull<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: 9, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) });
}

/** Mostly absent (undefined, which JSON leaves out), sometimes the value: pods with few problems are frequent. */
function rarely<T>(arb: fc.Arbitrary<T>, weight = 8): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

/** Optional keys: each present or absent. */
function partial<T extends object>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<Partial<T>> {
  return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Partial<T>>;
}

const seccompProfile = fc.record({ type: fc.constantFrom(...SECCOMP_TYPES) }, { requiredKeys: [] })
  .map(p => (p.type === 'Localhost' ? { ...p, localhostProfile: 'profiles/a.json' } : p));
const appArmorProfile = fc.record({ type: fc.constantFrom(...APPARMOR_TYPES) }, { requiredKeys: [] })
  .map(p => (p.type === 'Localhost' ? { ...p, localhostProfile: 'k8s-a' } : p));
const seLinuxOptions = partial({
  type: fc.constantFrom(...SELINUX_TYPES),
  user: fc.constantFrom('', 'system_u', 'user_u'),
  role: fc.constantFrom('', 'system_r', 'object_r'),
  level: fc.constantFrom('', 's0:c123,c456'),
});
const windowsOptions = partial({ hostProcess: fc.boolean(), runAsUserName: fc.constant('ContainerUser') });

const containerSecurityContext = partial({
  privileged: orNull(fc.boolean()),
  allowPrivilegeEscalation: orNull(fc.boolean()),
  capabilities: orNull(partial({
    add: fc.array(fc.constantFrom(...CAPABILITIES), { maxLength: 3 }),
    drop: fc.array(fc.constantFrom(...DROPS), { maxLength: 2 }),
  })),
  procMount: fc.constantFrom(...PROC_MOUNTS),
  seLinuxOptions: orNull(seLinuxOptions),
  seccompProfile: orNull(seccompProfile),
  appArmorProfile: orNull(appArmorProfile),
  runAsNonRoot: orNull(fc.boolean()),
  runAsUser: orNull(fc.constantFrom(0, 1000, 65532)),
  windowsOptions: orNull(windowsOptions),
});

/** A restricted-compliant container security context with zero to two fields then replaced at random. */
const replaced = fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat(2) });
const hardenedSecurityContext = fc.tuple(containerSecurityContext, replaced).map(([random, keep]) => {
  const hardened: any = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
  for (const key of Object.keys(random).slice(0, keep)) hardened[key] = (random as any)[key];
  return hardened;
});

const handler = partial({
  httpGet: partial({ port: fc.constant(8080), host: fc.constantFrom('', '127.0.0.1', 'example.com') }),
  tcpSocket: partial({ port: fc.constant(8080), host: fc.constantFrom('', '10.0.0.1', 'example.com') }),
});

const container = fc.record({
  name: fc.constantFrom(...NAMES),
  image: fc.constant('registry.example.com/app:1'),
  securityContext: fc.oneof(
    { weight: 8, arbitrary: hardenedSecurityContext },
    { weight: 2, arbitrary: containerSecurityContext },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
  ports: fc.array(partial({ containerPort: fc.constantFrom(80, 8080), hostPort: rarely(fc.constantFrom(0, 80, 8080, 9), 3) }), { maxLength: 2 }),
  livenessProbe: rarely(handler),
  readinessProbe: rarely(handler),
  startupProbe: rarely(handler),
  lifecycle: rarely(partial({ postStart: handler, preStop: handler })),
}, { requiredKeys: ['name', 'image'] });

const podSecurityContext = partial({
  runAsNonRoot: orNull(fc.boolean()),
  runAsUser: orNull(fc.constantFrom(0, 1000)),
  seccompProfile: orNull(seccompProfile),
  appArmorProfile: orNull(appArmorProfile),
  seLinuxOptions: orNull(seLinuxOptions),
  sysctls: rarely(fc.array(fc.record({ name: fc.constantFrom(...SYSCTLS), value: fc.constant('1') }), { maxLength: 3 }), 2),
  windowsOptions: orNull(windowsOptions),
});

/** A volume of one type, rarely of two (invalid for the API, but the checks judge what they are given) or of none. */
const volume = fc.record({
  name: fc.constantFrom('data', 'config', 'host', ''),
  types: fc.oneof({ weight: 12, arbitrary: fc.array(fc.constantFrom(...VOLUME_TYPES), { minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...VOLUME_TYPES), { minLength: 0, maxLength: 2 }) }),
}).map(({ name, types }) => Object.fromEntries([['name', name], ...types.map(t => [t, t === 'hostPath' ? { path: '/var/run' } : {}])]));

const annotations = fc.array(fc.tuple(
  fc.constantFrom('container.apparmor.security.beta.kubernetes.io/', 'seccomp.security.alpha.kubernetes.io/pod',
    'container.seccomp.security.alpha.kubernetes.io/', 'example.com/'),
  fc.constantFrom(...NAMES),
  fc.constantFrom(...ANNOTATION_VALUES),
), { maxLength: 3 }).map(entries => Object.fromEntries(entries.map(([prefix, name, value]) =>
  [prefix.endsWith('/') ? `${prefix}${name === '' ? 'x' : name}` : prefix, value])));

const spec = fc.record({
  containers: fc.array(container, { minLength: 1, maxLength: 2 }),
  initContainers: fc.array(container, { maxLength: 1 }),
  ephemeralContainers: fc.array(container, { maxLength: 1 }).map(cs => cs.map(c => ({ ...c, targetContainerName: 'app' }))),
  securityContext: fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: podSecurityContext },
    { weight: 4, arbitrary: fc.constant({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }) }),
  hostNetwork: fc.boolean(),
  hostPID: fc.boolean(),
  hostIPC: fc.boolean(),
  hostUsers: fc.boolean(),
  os: fc.record({ name: fc.constantFrom('linux', 'windows') }),
  volumes: fc.oneof(fc.array(volume, { maxLength: 3 }), fc.array(volume.filter(v => ['configMap', 'secret', 'emptyDir', 'projected']
    .some(t => t in v)), { maxLength: 2 })),
}, { requiredKeys: ['containers'] });

/** Pods for both levels; host namespaces and hostUsers are set in few pods, so that others reach the other checks. */
export const podSecurityCaseArbitrary: fc.Arbitrary<PodSecurityCase> = fc.record({
  level: fc.constantFrom(PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED),
  metadata: fc.record({ name: fc.constant('pod'), annotations: rarely(annotations, 2) }, { requiredKeys: ['name'] }),
  spec,
  rare: fc.nat(9),
}).map(({ level, metadata, spec: s, rare }) => {
  const pod: any = { ...s };
  if (rare > 1) { delete pod.hostNetwork; delete pod.hostPID; delete pod.hostIPC; }
  if (rare > 2) { delete pod.hostUsers; delete pod.os; }
  return { level, metadata, spec: pod };
}).chain(c => fc.oneof(
  fc.constant(c),
  fc.constantFrom(...WRAPPERS).map(([apiVersion, kind, wrap]) => {
    const body = wrap(c.metadata, c.spec);
    const object = kind === 'Pod' ? { apiVersion, kind, ...body }
      : { apiVersion, kind, metadata: { name: 'w', annotations: DECOY }, ...body };
    return { ...c, object };
  }),
));

/** The oracle's verdict on a case: on its object when it has one, else on its pod. */
function judge(oracle: Oracle, c: PodSecurityCase): Promise<PodSecurityOracleVerdict> {
  return c.object === undefined ? oracle.judgePodSecurity(c.level, c.metadata, c.spec) : oracle.judgePodSecurityObject(c.level, c.object);
}

/** Our verdict in the oracle's terms. */
export function ourPodSecurityVerdict(c: PodSecurityCase) {
  const pod = c.object === undefined ? { metadata: c.metadata, spec: c.spec } : podOf(c.object);
  if (pod === undefined) return { allowed: true, failing: [] };
  const results = evaluatePodSecurity(c.level, pod.metadata, pod.spec);
  const failing = results.filter(r => !r.allowed).map(r => ({ id: r.id, reason: r.reason, detail: r.detail }));
  return { allowed: failing.length === 0, failing };
}

/** How the two differ ('' when they agree): allowed, the failing checks, then their reasons and details. */
export function podSecurityDifference(oracle: PodSecurityOracleVerdict, mine: ReturnType<typeof ourPodSecurityVerdict>): string {
  if (oracle.allowed !== mine.allowed) return `allowed: oracle ${oracle.allowed}, ours ${mine.allowed}`;
  const theirs = oracle.failing.map(f => f.id).join(',');
  const ours = mine.failing.map(f => f.id).join(',');
  if (theirs !== ours) return `failing checks: oracle [${theirs}], ours [${ours}]`;
  for (let i = 0; i < mine.failing.length; i++) {
    const o = oracle.failing[i];
    const m = mine.failing[i];
    if (o.reason !== m.reason) return `${m.id} reason: oracle ${JSON.stringify(o.reason)}, ours ${JSON.stringify(m.reason)}`;
    if (o.detail !== m.detail) return `${m.id} detail: oracle ${JSON.stringify(o.detail)}, ours ${JSON.stringify(m.detail)}`;
  }
  return '';
}

export interface PodSecurityFuzzOptions {
  readonly count: number;
  readonly seed: number;
  readonly quiet: boolean;
  /** Disagreements shrunk by fast-check (each is printed). */
  readonly shrink: number;
}

const CHUNK = 1000;

/** Runs the pod-security batch on a started oracle; returns the number of disagreeing cases (0 when all agree). */
export async function fuzzPodSecurity(oracle: Oracle, options: PodSecurityFuzzOptions): Promise<number> {
  const t0 = Date.now();
  const failures = new Map<string, number>();
  const allIds = new Set([...podSecurityCheckIds(PodSecurityLevel.BASELINE), ...podSecurityCheckIds(PodSecurityLevel.RESTRICTED)]);
  let allowed = 0;
  let cases = 0;
  const disagreements: { chunkSeed: number; index: number; c: PodSecurityCase; why: string }[] = [];
  for (let done = 0, chunk = 0; done < options.count; chunk++) {
    const n = Math.min(CHUNK, options.count - done);
    const chunkSeed = (options.seed + chunk) % 2 ** 31;
    const sample = fc.sample(podSecurityCaseArbitrary, { seed: chunkSeed, numRuns: n });
    const verdicts = await Promise.all(sample.map(c => judge(oracle, c)));
    sample.forEach((c, index) => {
      const o = verdicts[index];
      if (o.problem) throw new Error(`the oracle failed on a pod: ${o.problem}\n${JSON.stringify(c)}`);
      cases++;
      if (o.allowed) allowed++;
      for (const f of o.failing) failures.set(`${c.level}:${f.id}`, (failures.get(`${c.level}:${f.id}`) ?? 0) + 1);
      const why = podSecurityDifference(o, ourPodSecurityVerdict(c));
      if (why !== '') disagreements.push({ chunkSeed, index, c, why });
    });
    done += n;
  }
  const seconds = (Date.now() - t0) / 1000;
  console.log(`\npod security: ${cases} pods (seed ${options.seed}) judged by k8s.io/pod-security-admission and by our port in ` +
    `${seconds.toFixed(1)} s; ${allowed} allowed; ${cases - disagreements.length} agree on allowed, failing checks, reasons and details`);
  const never: string[] = [];
  for (const level of [PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED]) {
    const counts = podSecurityCheckIds(level).map(id => {
      const k = failures.get(`${level}:${id}`) ?? 0;
      if (k === 0) never.push(`${level}:${id}`);
      return `${id} ${k}`;
    });
    if (!options.quiet) console.log(`  failing at ${level}: ${counts.join(', ')}`);
  }
  if (allIds.size === 0) throw new Error('no Pod Security check is registered');
  if (never.length > 0) console.log(`  never failed in this batch (the generator does not reach them at this count): ${never.join(', ')}`);
  let shrunk = 0;
  for (const d of disagreements.slice(0, 20)) {
    let c = d.c;
    let why = d.why;
    if (shrunk < options.shrink) {
      shrunk++;
      const minimal = await shrinkPodSecurity(oracle, d.chunkSeed, d.index);
      if (minimal !== undefined) ({ c, why } = minimal);
    }
    console.log(`\nPOD SECURITY DISAGREEMENT: ${why}  [replay: --seed ${d.chunkSeed} --count ${d.index + 1}, the last case]`);
    console.log(`  level:    ${c.level}`);
    if (c.object !== undefined) console.log(`  object:   ${JSON.stringify(c.object)}`);
    console.log(`  metadata: ${JSON.stringify(c.metadata)}`);
    console.log(`  spec:     ${JSON.stringify(c.spec)}`);
  }
  if (disagreements.length > 20) console.log(`... and ${disagreements.length - 20} more`);
  return disagreements.length + (never.length > 0 && options.count >= 2000 ? 1 : 0);
}

/** fast-check's shrinking of one disagreement, replayed from its seed and index. */
async function shrinkPodSecurity(oracle: Oracle, seed: number, index: number): Promise<{ c: PodSecurityCase; why: string } | undefined> {
  const result = await fc.check(fc.asyncProperty(podSecurityCaseArbitrary, async c =>
    podSecurityDifference(await judge(oracle, c), ourPodSecurityVerdict(c)) === '',
  ), { seed, path: String(index), numRuns: CHUNK, maxSkipsPerRun: 0 });
  if (!result.failed) return undefined;
  const c = result.counterexample![0];
  return { c, why: podSecurityDifference(await judge(oracle, c), ourPodSecurityVerdict(c)) };
}

async function main() {
  const argv = process.argv.slice(2);
  let count = 2000;
  let seed = Date.now() % 2 ** 31;
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--count') {count = Number(argv[++i]);} else if (a === '--seed') { const v = argv[++i]; seed = v === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(v); } else if (a === '--quiet') {quiet = true;} else {throw new Error(`unknown option '${a}' (options: --count N --seed S|random --quiet)`);}
  }
  if (!Number.isInteger(count) || count < 1) throw new Error('--count must be a positive integer');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const oracle = await Oracle.start(buildOracle());
  const disagreements = await fuzzPodSecurity(oracle, { count, seed, quiet, shrink: 5 });
  oracle.stop();
  if (disagreements > 0) {
    console.log(`\npod security: ${disagreements} disagreements (seed ${seed})`);
    process.exitCode = 1;
  } else {
    console.log(`\npod security: no disagreement (seed ${seed})`);
  }
}

if (require.main === module) {
  main().catch(e => {
    console.error(`fuzz: ${(e as Error).stack ?? e}`);
    process.exit(2);
  });
}
