import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { PodSecurityLevel } from '../../src';
import { runCli } from '../../src/validation/cli';
import { ManifestValidator } from '../../src/validation/manifest-validator';
import { evaluatePodSecurity, podSecurityCheckIds, podSecurityFindings } from '../../src/validation/pod-security';

const B = PodSecurityLevel.BASELINE;
const R = PodSecurityLevel.RESTRICTED;

/** A container that passes restricted. */
function container(name = 'app', securityContext: any = {}): any {
  return {
    name,
    image: 'registry.example.com/app:1',
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
      ...securityContext,
    },
  };
}

/** A pod spec that passes restricted, with changes. */
function podSpec(changes: any = {}): any {
  return { containers: [container()], ...changes };
}

function failing(level: PodSecurityLevel, spec: any, metadata: any = {}): string[] {
  return evaluatePodSecurity(level, metadata, spec).filter(r => !r.allowed).map(r => r.id);
}

function pod(spec: any, metadata: any = {}): any {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', ...metadata }, spec };
}

interface Case {
  readonly check: string;
  readonly level: PodSecurityLevel;
  readonly bad: { spec: any; metadata?: any };
  readonly good: { spec: any; metadata?: any };
  /** The path of the (first) finding on the bad Pod. */
  readonly path: string;
  /** The Go library's reason and detail. */
  readonly message: string;
}

const CASES: Case[] = [
  {
    check: 'privileged',
    level: B,
    bad: { spec: podSpec({ containers: [container('app', { privileged: true })] }) },
    good: { spec: podSpec({ containers: [container('app', { privileged: false })] }) },
    path: 'spec.containers[0].securityContext.privileged',
    message: 'privileged (container "app" must not set securityContext.privileged=true)',
  },
  {
    check: 'hostNamespaces',
    level: B,
    bad: { spec: podSpec({ hostNetwork: true, hostPID: true, hostIPC: true }) },
    good: { spec: podSpec({ hostNetwork: false, hostPID: false }) },
    path: 'spec.hostNetwork',
    message: 'host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)',
  },
  {
    check: 'hostPathVolumes',
    level: B,
    bad: { spec: podSpec({ volumes: [{ name: 'host', hostPath: { path: '/var/run' } }] }) },
    good: { spec: podSpec({ volumes: [{ name: 'data', emptyDir: {} }] }) },
    path: 'spec.volumes[0].hostPath',
    message: 'hostPath volumes (volume "host")',
  },
  {
    check: 'hostPorts',
    level: B,
    bad: { spec: podSpec({ containers: [{ ...container(), ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81, hostPort: 10 }] }] }) },
    good: { spec: podSpec({ containers: [{ ...container(), ports: [{ containerPort: 80, hostPort: 0 }] }] }) },
    path: 'spec.containers[0].ports[0].hostPort',
    message: 'hostPort (container "app" uses hostPorts 10, 8080)',
  },
  {
    check: 'capabilities_baseline',
    level: B,
    bad: { spec: podSpec({ containers: [container('app', { capabilities: { add: ['SYS_ADMIN', 'CHOWN', 'NET_RAW'] } })] }) },
    good: { spec: podSpec({ containers: [container('app', { capabilities: { add: ['CHOWN', 'NET_BIND_SERVICE'] } })] }) },
    path: 'spec.containers[0].securityContext.capabilities.add[0]',
    message: 'non-default capabilities (container "app" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add)',
  },
  {
    check: 'appArmorProfile',
    level: B,
    bad: {
      spec: podSpec({ securityContext: { appArmorProfile: { type: 'Unconfined' } } }),
      metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } },
    },
    good: {
      spec: podSpec({ securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }),
      metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/k8s-a' } },
    },
    path: 'spec.securityContext.appArmorProfile.type',
    message: 'forbidden AppArmor profiles (pod and annotation must not set AppArmor profile type to ' +
      '"Unconfined", "container.apparmor.security.beta.kubernetes.io/app="unconfined"")',
  },
  {
    check: 'seLinuxOptions',
    level: B,
    bad: { spec: podSpec({ containers: [container('app', { seLinuxOptions: { type: 'spc_t', user: 'system_u', role: 'system_r' } })] }) },
    good: { spec: podSpec({ containers: [container('app', { seLinuxOptions: { type: 'container_engine_t', level: 's0:c1,c2' } })] }) },
    path: 'spec.containers[0].securityContext.seLinuxOptions.type',
    message: 'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set; role may not be set)',
  },
  {
    check: 'procMount',
    level: B,
    bad: { spec: podSpec({ containers: [container('app', { procMount: 'Unmasked' })] }) },
    good: { spec: podSpec({ hostUsers: false, containers: [container('app', { procMount: 'Unmasked' })] }) },
    path: 'spec.containers[0].securityContext.procMount',
    message: 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
  },
  {
    check: 'seccompProfile_baseline',
    level: B,
    bad: { spec: podSpec({ securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [{ name: 'app', image: 'a' }] }) },
    good: { spec: podSpec({ containers: [{ name: 'app', image: 'a' }] }) },
    path: 'spec.securityContext.seccompProfile.type',
    message: 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
  },
  {
    check: 'sysctls',
    level: B,
    bad: { spec: podSpec({ securityContext: { sysctls: [{ name: 'net.ipv4.tcp_rmem', value: '1' }, { name: 'kernel.msgmax', value: '1' }] } }) },
    good: { spec: podSpec({ securityContext: { sysctls: [{ name: 'net.ipv4.tcp_wmem', value: '1' }] } }) },
    path: 'spec.securityContext.sysctls[1].name',
    message: 'forbidden sysctls (kernel.msgmax)',
  },
  {
    check: 'windowsHostProcess',
    level: B,
    bad: { spec: podSpec({ securityContext: { windowsOptions: { hostProcess: true } } }) },
    good: { spec: podSpec({ securityContext: { windowsOptions: { hostProcess: false } } }) },
    path: 'spec.securityContext.windowsOptions.hostProcess',
    message: 'hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)',
  },
  {
    check: 'hostProbesAndHostLifecycle',
    level: B,
    bad: { spec: podSpec({ containers: [{ ...container(), livenessProbe: { httpGet: { port: 80, host: '10.0.0.1' } } }] }) },
    good: { spec: podSpec({ containers: [{ ...container(), livenessProbe: { httpGet: { port: 80 } } }] }) },
    path: 'spec.containers[0].livenessProbe.httpGet.host',
    message: 'probe or lifecycle host (container "app" uses probe or lifecycle host "10.0.0.1")',
  },
  {
    check: 'allowPrivilegeEscalation',
    level: R,
    bad: { spec: podSpec({ initContainers: [container('init', { allowPrivilegeEscalation: undefined })] }) },
    good: { spec: podSpec({ initContainers: [container('init')] }) },
    path: 'spec.initContainers[0].securityContext.allowPrivilegeEscalation',
    message: 'allowPrivilegeEscalation != false (container "init" must set securityContext.allowPrivilegeEscalation=false)',
  },
  {
    check: 'capabilities_restricted',
    level: R,
    bad: { spec: podSpec({ ephemeralContainers: [container('debug', { capabilities: { drop: ['NET_RAW'], add: ['SYS_PTRACE'] } })] }) },
    good: { spec: podSpec({ ephemeralContainers: [container('debug', { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } })] }) },
    path: 'spec.ephemeralContainers[0].securityContext.capabilities.drop',
    message: 'unrestricted capabilities (container "debug" must set securityContext.capabilities.drop=["ALL"]; ' +
      'container "debug" must not include "SYS_PTRACE" in securityContext.capabilities.add)',
  },
  {
    check: 'procMount_restricted',
    level: R,
    bad: { spec: podSpec({ hostUsers: false, containers: [container('app', { procMount: 'Unmasked' })] }) },
    good: { spec: podSpec({ containers: [container('app', { procMount: 'Default' })] }) },
    path: 'spec.containers[0].securityContext.procMount',
    message: 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
  },
  {
    check: 'restrictedVolumes',
    level: R,
    bad: { spec: podSpec({ volumes: [{ name: 'nfs', nfs: { server: 'x', path: '/' } }, { name: 'repo', gitRepo: { repository: 'x' } }] }) },
    good: { spec: podSpec({ volumes: [{ name: 'c', configMap: { name: 'c' } }, { name: 'e', ephemeral: {} }, { name: 'i', image: {} }] }) },
    path: 'spec.volumes[0].nfs',
    message: 'restricted volume types (volumes "nfs", "repo" use restricted volume types "gitRepo", "nfs")',
  },
  {
    check: 'runAsNonRoot',
    level: R,
    bad: { spec: podSpec({ securityContext: { runAsNonRoot: false } }) },
    good: { spec: podSpec({ securityContext: { runAsNonRoot: true }, containers: [container('app', { runAsNonRoot: undefined })] }) },
    path: 'spec.securityContext.runAsNonRoot',
    message: 'runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)',
  },
  {
    check: 'runAsUser',
    level: R,
    bad: { spec: podSpec({ containers: [container('app', { runAsUser: 0 })] }) },
    good: { spec: podSpec({ containers: [container('app', { runAsUser: 1000 })] }) },
    path: 'spec.containers[0].securityContext.runAsUser',
    message: 'runAsUser=0 (container "app" must not set runAsUser=0)',
  },
  {
    check: 'seccompProfile_restricted',
    level: R,
    bad: { spec: podSpec({ containers: [container('app', { seccompProfile: undefined })] }) },
    good: { spec: podSpec({ securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } }, containers: [container('app', { seccompProfile: undefined })] }) },
    path: 'spec.containers[0].securityContext.seccompProfile.type',
    message: 'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
  },
];

describe('Pod Security Standards checks', () => {
  test('every check of both levels has a case', () => {
    const ids = new Set([...podSecurityCheckIds(B), ...podSecurityCheckIds(R)]);
    expect(new Set(CASES.map(c => c.check))).toStrictEqual(ids);
    expect(ids.size).toBe(19);
  });

  test('the restricted level leaves out the baseline checks a restricted one replaces, in the evaluator order', () => {
    expect(podSecurityCheckIds(R)).toStrictEqual(['appArmorProfile', 'hostNamespaces', 'hostPorts', 'hostProbesAndHostLifecycle', 'privileged',
      'seLinuxOptions', 'sysctls', 'windowsHostProcess', 'allowPrivilegeEscalation', 'capabilities_restricted', 'procMount_restricted',
      'restrictedVolumes', 'runAsNonRoot', 'runAsUser', 'seccompProfile_restricted']);
  });

  test.each(CASES.map(c => [c.check, c] as const))('%s: the failing pod fails it alone, with the Go reason and detail, at the field', (_, c) => {
    expect(failing(c.level, c.bad.spec, c.bad.metadata)).toStrictEqual([c.check]);
    const findings = podSecurityFindings(pod(c.bad.spec, c.bad.metadata), c.level);
    expect(findings[0].path).toBe(c.path);
    expect(findings[0].message).toContain(`check ${c.check} (${CASES.find(x => x.check === c.check)!.level} level): ${c.message}. Fix: `);
    expect(findings.every(f => f.message.startsWith(`PodSecurity: Pod violates PodSecurity "${c.level}:latest" check ${c.check}`))).toBe(true);
  });

  test.each(CASES.map(c => [c.check, c] as const))('%s: the passing pod passes every check of the level', (_, c) => {
    expect(failing(c.level, c.good.spec, c.good.metadata)).toStrictEqual([]);
    expect(podSecurityFindings(pod(c.good.spec, c.good.metadata), c.level)).toStrictEqual([]);
  });

  test('baseline checks fail at restricted too; restricted checks do not run at baseline', () => {
    expect(failing(R, podSpec({ hostPID: true }))).toStrictEqual(['hostNamespaces']);
    expect(failing(B, podSpec({ containers: [{ name: 'app', image: 'a' }] }))).toStrictEqual([]);
    expect(failing(R, podSpec({ containers: [{ name: 'app', image: 'a' }] })))
      .toStrictEqual(['allowPrivilegeEscalation', 'capabilities_restricted', 'runAsNonRoot', 'seccompProfile_restricted']);
  });

  test('Windows pods are exempt from the Linux-only restricted checks; hostUsers: false relaxes runAsNonRoot and runAsUser', () => {
    const bare = { containers: [{ name: 'app', image: 'a' }] };
    expect(failing(R, { ...bare, os: { name: 'windows' } })).toStrictEqual(['runAsNonRoot']);
    expect(failing(R, { ...bare, hostUsers: false })).toStrictEqual(['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted']);
    expect(failing(R, podSpec({ hostUsers: false, securityContext: { runAsUser: 0 } }))).toStrictEqual([]);
  });

  test('a hostPath volume fails restricted once, as a restricted volume type', () => {
    expect(failing(R, podSpec({ volumes: [{ name: 'h', hostPath: { path: '/' } }] }))).toStrictEqual(['restrictedVolumes']);
  });

  test('the deprecated seccomp annotations are not checked at the latest version', () => {
    expect(failing(B, podSpec(), { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } })).toStrictEqual([]);
  });
});

describe('pod templates of workloads', () => {
  const bad = podSpec({ containers: [container('app', { runAsNonRoot: false })] });
  const template = (spec: any) => ({ metadata: { labels: { app: 'a' } }, spec });
  const workloads: [string, string, any, string][] = [
    ['Deployment', 'apps/v1', { selector: { matchLabels: { app: 'a' } }, template: template(bad) }, 'spec.template.spec'],
    ['ReplicaSet', 'apps/v1', { selector: { matchLabels: { app: 'a' } }, template: template(bad) }, 'spec.template.spec'],
    ['StatefulSet', 'apps/v1', { selector: { matchLabels: { app: 'a' } }, serviceName: 's', template: template(bad) }, 'spec.template.spec'],
    ['DaemonSet', 'apps/v1', { selector: { matchLabels: { app: 'a' } }, template: template(bad) }, 'spec.template.spec'],
    ['Job', 'batch/v1', { template: template(bad) }, 'spec.template.spec'],
    ['CronJob', 'batch/v1', { schedule: '* * * * *', jobTemplate: { spec: { template: template(bad) } } }, 'spec.jobTemplate.spec.template.spec'],
    ['ReplicationController', 'v1', { selector: { app: 'a' }, template: template(bad) }, 'spec.template.spec'],
  ];

  test.each(workloads)('%s: its pod template is checked, the path names the field in the object', (kind, apiVersion, spec, prefix) => {
    const object = { apiVersion, kind, metadata: { name: 'w', namespace: 'default' }, spec };
    const findings = podSecurityFindings(object, R);
    expect(findings.map(f => f.path)).toStrictEqual([`${prefix}.containers[0].securityContext.runAsNonRoot`]);
    expect(findings[0].message).toMatch(new RegExp(`^PodSecurity: ${kind} violates PodSecurity "restricted:latest" check runAsNonRoot \\(restricted level\\)`));
    expect(findings[0].message).toContain('Fix: set it to true.');
    expect(podSecurityFindings({ ...object, spec: JSON.parse(JSON.stringify(spec).replace('"runAsNonRoot":false', '"runAsNonRoot":true')) }, R))
      .toStrictEqual([]);
  });

  test('PodTemplate: template.spec, and the template metadata holds the annotations', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 't', namespace: 'default' },
      template: { metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } }, spec: podSpec() },
    };
    expect(podSecurityFindings(object, B).map(f => f.path)).toStrictEqual(['template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]']);
  });

  test('the template metadata is the pod\'s, not the workload\'s; a template without a spec is judged as an empty one (as Go\'s zero value)', () => {
    const annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };
    const object = (templateAnnotations: any) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', annotations },
      spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' }, annotations: templateAnnotations } } },
    });
    expect(podSecurityFindings(object({}), B)).toStrictEqual([]);
    expect(podSecurityFindings(object(annotations), B).map(f => f.path))
      .toStrictEqual(['spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]']);
  });

  test('other kinds, and workload kinds of other API groups, are not checked', () => {
    expect(podSecurityFindings({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { hostNetwork: true } }, B)).toStrictEqual([]);
    expect(podSecurityFindings({ apiVersion: 'example.com/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: template(bad) } }, R))
      .toStrictEqual([]);
  });
});

describe('ManifestValidator podSecurity option', () => {
  const object = pod(podSpec({ hostNetwork: true }));
  const podSecurityErrors = (options: any) =>
    ManifestValidator.validate([object], options).objects[0].errors.filter(e => e.message.startsWith('PodSecurity:'));

  test('findings are errors on the object only when a level is given', () => {
    expect(podSecurityErrors({})).toStrictEqual([]);
    const errors = podSecurityErrors({ podSecurity: PodSecurityLevel.BASELINE });
    expect(errors.map(e => e.path)).toStrictEqual(['spec.hostNetwork']);
    expect(ManifestValidator.validate([object], { podSecurity: PodSecurityLevel.BASELINE }).ok).toBe(false);
  });
});

describe('cdk8s-ai-gateway validate --pod-security', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pod-security-cli-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function run(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const status = runCli(args, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } });
    return { status, stdout, stderr };
  }
  function write(name: string, objects: any[]): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, objects.map(o => YAML.stringify(o)).join('---\n'));
    return file;
  }
  const deployment = (spec: any) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec } },
  });

  test('a violation is an error: exit 1, the path and the check in the report', () => {
    const file = write('bad.yaml', [deployment(podSpec({ containers: [container('app', { runAsNonRoot: undefined })] }))]);
    const result = run('validate', file, '--no-known-file', '--pod-security', 'restricted');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('spec.template.spec.containers[0].securityContext.runAsNonRoot: PodSecurity: Deployment violates PodSecurity "restricted:latest" check runAsNonRoot');
    expect(run('validate', file, '--no-known-file').status).toBe(0);
    expect(run('validate', file, '--no-known-file', '--pod-security', 'baseline').status).toBe(0);
  });

  test('a compliant workload passes: exit 0', () => {
    const file = write('ok.yaml', [deployment(podSpec())]);
    const result = run('validate', file, '--no-known-file', '--pod-security', 'restricted', '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).errors).toBe(0);
  });

  test.each([['privileged'], ['Restricted'], ['constructor']])('an unknown level (%s) is a usage error: exit 2', level => {
    const file = write('any.yaml', [deployment(podSpec())]);
    const result = run('validate', file, '--pod-security', level);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`--pod-security takes baseline or restricted, not '${level}'.`);
  });

  test('a missing level is a usage error: exit 2', () => {
    const file = write('any2.yaml', [deployment(podSpec())]);
    expect(run('validate', file, '--pod-security').status).toBe(2);
    expect(run('validate', '--pod-security', '--json', file).status).toBe(2);
  });
});
