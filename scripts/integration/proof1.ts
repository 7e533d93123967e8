// Proof 1, acceptance: every object the example app and the test charts synthesize, plus the fixtures, applied for
// real; then the controllers' verdicts, checked generically by kind.
import { spawnSync } from 'child_process';
import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { acmeRunObjects, acmeVerdicts, logAcmeState } from './acme';
import { standIns, knownObjects } from './known';
import { K8sObject, REPO, condition, env, getObject, knownDifferences, kubectlOk, log, readYamlDocs, table, toYaml, waitUntil } from './lib';

export interface Row { object: string; condition: string; status: string; reason: string; ok: boolean | 'skipped' }

const ROUTE_KINDS = ['HTTPRoute', 'TCPRoute', 'GRPCRoute', 'TLSRoute', 'UDPRoute'];

/** YAML sources: dist/example (npm run synth), the charts of test/integration/charts/*.ts, the fixtures. */
function sources(runDir: string): string[] {
  const files: string[] = [];
  const synth = spawnSync('npm', ['run', '--silent', 'synth'], { cwd: REPO, encoding: 'utf8', timeout: 300_000 });
  if (synth.status !== 0) throw new Error(`npm run synth failed: ${synth.stderr || synth.stdout}`);
  const dist = path.join(REPO, 'dist', 'example');
  for (const f of fs.readdirSync(dist).sort()) if (f.endsWith('.yaml')) files.push(path.join(dist, f));
  // Test charts: every test/integration/charts/*.ts exports `build(outdir): App`; its YAML is applied like the example's.
  const chartsDir = path.join(REPO, 'test', 'integration', 'charts');
  if (fs.existsSync(chartsDir)) {
    const out = path.join(runDir, 'charts');
    fs.mkdirSync(out, { recursive: true });
    for (const f of fs.readdirSync(chartsDir).sort().filter((x) => x.endsWith('.ts'))) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(chartsDir, f));
      mod.build(path.join(out, path.basename(f, '.ts'))).synth();
    }
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else if (e.name.endsWith('.yaml')) files.push(path.join(d, e.name));
      }
    };
    walk(out);
  }
  const fixtures = path.join(REPO, 'test', 'integration', 'fixtures');
  for (const f of fs.readdirSync(fixtures).sort()) if (f.endsWith('.yaml')) files.push(path.join(fixtures, f));
  return files;
}

export const id = (o: K8sObject): string => `${o.kind} ${o.metadata.namespace ? o.metadata.namespace + '/' : ''}${o.metadata.name}`;

/** EndpointSlices for Services (documentation-range addresses, 192.0.2.0/24: never contacted, no proxy runs). */
export function endpointSlicesFor(services: K8sObject[], start = 10): K8sObject[] {
  return services.filter((s) => s.spec?.type !== 'ExternalName').map((s, i) => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${s.metadata.name}-it`, namespace: s.metadata.namespace, labels: { 'kubernetes.io/service-name': s.metadata.name } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [`192.0.2.${(start + i) % 250 + 1}`], conditions: { ready: true } }],
    ports: (s.spec?.ports ?? []).map((p: any) => ({
      ...(p.name ? { name: p.name } : {}),
      protocol: p.protocol ?? 'TCP',
      port: typeof p.targetPort === 'number' ? p.targetPort : p.port,
    })),
  }));
}

/** Creates the namespaces objects live in but that no manifest declares (a chart may target existing ones). */
export function ensureNamespaces(objs: K8sObject[], kubeconfig?: string): void {
  const declared = new Set(objs.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  const needed = [...new Set(objs.map((o) => o.metadata.namespace).filter((n): n is string => !!n && !declared.has(n)))];
  const nsObjs = objs.filter((o) => o.kind === 'Namespace');
  const implicit = needed.map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } }));
  // Implicit namespaces under their own field manager: applying a bare one never strips labels another file set.
  if (nsObjs.length) kubectlOk(['apply', '--server-side', '--force-conflicts', '--field-manager', 'integration', '-f', '-'], { kubeconfig, input: toYaml(nsObjs) });
  if (implicit.length) kubectlOk(['apply', '--server-side', '--field-manager', 'integration-implicit-namespace', '-f', '-'], { kubeconfig, input: toYaml(implicit) });
}

/** The verdict rows for one applied object, read from the live state. */
export function verdicts(o: K8sObject): Row[] {
  const ns = o.metadata.namespace;
  const live = getObject(`${o.kind}.${o.apiVersion.split('/')[0]}`.replace(/^(\w+)\.v1$/, '$1'), o.metadata.name, ns);
  const name = id(o);
  if (!live) return [{ object: name, condition: 'exists', status: 'False', reason: 'NotFound', ok: false }];
  const st = live.status ?? {};
  const rows: Row[] = [];
  const cond = (label: string, conds: any[] | undefined, type: string, want = 'True'): void => {
    const c = condition(conds, type);
    rows.push({ object: name, condition: label ? `${label} ${type}` : type, status: c?.status ?? '(none)', reason: c?.reason ?? '', ok: c?.status === want });
  };
  switch (o.kind) {
    case 'GatewayClass':
      cond('', st.conditions, 'Accepted');
      break;
    case 'Gateway': {
      cond('', st.conditions, 'Accepted');
      for (const l of live.spec.listeners ?? []) {
        const ls = (st.listeners ?? []).find((x: any) => x.name === l.name);
        cond(`listener ${l.name}`, ls?.conditions, 'Accepted');
        cond(`listener ${l.name}`, ls?.conditions, 'ResolvedRefs');
      }
      break;
    }
    case 'AIGatewayRoute':
    case 'AIServiceBackend':
      cond('', st.conditions, 'Accepted');
      if (o.kind === 'AIGatewayRoute') {
        // The AI controller generates an HTTPRoute of the same name; the gateway must accept it.
        const gen = getObject('httproute.gateway.networking.k8s.io', o.metadata.name, ns);
        for (const p of live.spec.parentRefs ?? []) {
          const ps = (gen?.status?.parents ?? []).find((x: any) =>
            x.parentRef.name === p.name && (x.parentRef.namespace ?? ns) === (p.namespace ?? ns));
          cond(`generated HTTPRoute -> ${p.name}`, ps?.conditions, 'Accepted');
          cond(`generated HTTPRoute -> ${p.name}`, ps?.conditions, 'ResolvedRefs');
        }
      }
      break;
    case 'InferencePool': {
      const parents = st.parents ?? [];
      if (parents.length === 0) {
        // Envoy AI Gateway v1.1.0 writes pool status only for HTTPRoutes in the pool's namespace (known-differences.yaml).
        const known = knownDifferences().find((k) => k.proof === '1' && k.case === `InferencePool ${ns}/${o.metadata.name}`);
        rows.push({ object: name, condition: 'parent (gateway) Accepted', status: '(none)', reason: known ? `known difference: ${known.reason}` : 'no gateway reported it', ok: !!known });
      }
      for (const p of parents) {
        const pn = `${p.parentRef?.namespace ?? ns}/${p.parentRef?.name}`;
        cond(`parent ${pn}`, p.conditions, 'Accepted');
        cond(`parent ${pn}`, p.conditions, 'ResolvedRefs');
      }
      break;
    }
    case 'SecurityPolicy': {
      // Envoy Gateway's policy status: one entry per ancestor (the Gateway of each targeted route or listener).
      const ancestors = st.ancestors ?? [];
      if (ancestors.length === 0) rows.push({ object: name, condition: 'ancestor Accepted', status: '(none)', reason: 'no ancestor reported', ok: false });
      for (const a of ancestors) {
        const r = a.ancestorRef ?? {};
        cond(`ancestor ${r.namespace ?? ns}/${r.name}${r.sectionName ? '/' + r.sectionName : ''}`, a.conditions, 'Accepted');
      }
      break;
    }
    case 'Issuer':
    case 'ClusterIssuer':
      cond('', st.conditions, 'Ready');
      break;
    case 'Certificate': {
      cond('', st.conditions, 'Ready');
      const secret = getObject('secret', live.spec.secretName, ns);
      const pem = secret?.data?.['tls.crt'] ? Buffer.from(secret.data['tls.crt'], 'base64').toString() : undefined;
      let sans: string[] = [];
      if (pem) {
        const cert = new X509Certificate(pem);
        sans = (cert.subjectAltName ?? '').split(', ').filter((x) => x.startsWith('DNS:')).map((x) => x.slice(4)).sort();
      }
      const want = [...(live.spec.dnsNames ?? [])].sort();
      rows.push({ object: name, condition: `Secret ${live.spec.secretName} SANs == dnsNames`, status: pem ? sans.join(',') || '(no DNS SAN)' : '(no secret)', reason: `want ${want.join(',') || '(none)'}`, ok: !!pem && sans.join(',') === want.join(',') });
      break;
    }
    default:
      if (ROUTE_KINDS.includes(o.kind)) {
        for (const p of live.spec.parentRefs ?? []) {
          const pns = p.namespace ?? ns;
          const ps = (st.parents ?? []).find((x: any) => x.parentRef.name === p.name && (x.parentRef.namespace ?? ns) === pns
            && (x.parentRef.sectionName ?? '') === (p.sectionName ?? '') && (x.parentRef.port ?? 0) === (p.port ?? 0));
          const label = `-> ${pns}/${p.name}${p.sectionName ? '/' + p.sectionName : ''}`;
          cond(label, ps?.conditions, 'Accepted');
          cond(label, ps?.conditions, 'ResolvedRefs');
        }
      } else {
        rows.push({ object: name, condition: 'applied', status: 'True', reason: 'created', ok: true });
      }
  }
  return rows;
}

export function proof1(runDir: string, components: string): { rows: Row[]; passed: boolean } {
  const files = sources(runDir);
  log(`proof 1: applying ${files.length} YAML files: ${files.map((f) => path.relative(REPO, f)).join(', ')}`);
  const all: K8sObject[] = [];
  const rows: Row[] = [];
  const perFile = files.map((f) => ({ f, objs: readYamlDocs(f) }));
  const everything = perFile.flatMap((x) => x.objs);
  // Certificates of ACME issuers: issued for real by the run's Pebble, then judged like the others and more.
  const acmeIssuers = new Set(everything.filter((o) => (o.kind === 'ClusterIssuer' || o.kind === 'Issuer') && o.spec?.acme)
    .map((o) => `${o.kind}/${o.kind === 'Issuer' ? o.metadata.namespace : ''}/${o.metadata.name}`));
  const acmeCert = (o: K8sObject): boolean => o.kind === 'Certificate'
    && acmeIssuers.has(`${o.spec?.issuerRef?.kind ?? 'Issuer'}/${(o.spec?.issuerRef?.kind ?? 'Issuer') === 'Issuer' ? o.metadata.namespace : ''}/${o.spec?.issuerRef?.name}`);
  // The ACME chart's issuers talk to the run's Pebble; their DNS-01 solver writes to the run's BIND with a TSIG key
  // this run made: its Secret is created here, before anything refers to it.
  const acmeObjects = acmeRunObjects(everything);
  if (acmeObjects.length) {
    ensureNamespaces(acmeObjects);
    kubectlOk(['apply', '--server-side', '--force-conflicts', '--field-manager', 'integration-acme', '-f', '-'], { input: toYaml(acmeObjects.filter((o) => o.kind !== 'Namespace')) });
    for (const o of acmeObjects) rows.push({ object: id(o), condition: 'created for the ACME run (TSIG key of the run\'s BIND)', status: 'True', reason: 'created', ok: true });
  }
  const stand = standIns(knownObjects(runDir), [...everything, ...acmeObjects], runDir);
  if (stand.length) {
    log(`proof 1: ${stand.length} stand-ins for objects the charts reference but do not create: ${stand.map(id).join(', ')}`);
    ensureNamespaces(stand);
    kubectlOk(['apply', '--server-side', '--force-conflicts', '--field-manager', 'integration-stand-in', '-f', '-'], { input: toYaml(stand.filter((o) => o.kind !== 'Namespace')) });
    for (const o of stand) rows.push({ object: id(o), condition: 'stand-in (declared known / ACME Secret)', status: 'True', reason: 'created', ok: true });
    all.push(...stand.filter((o) => o.kind === 'Service'));
  }
  for (const { f, objs } of perFile) {
    ensureNamespaces(objs);
    const r = spawnSync(env('INTEGRATION_KUBECTL'), ['--kubeconfig', env('INTEGRATION_KUBECONFIG'), 'apply', '--server-side', '--force-conflicts', '--field-manager', 'integration', '-f', '-'],
      { input: toYaml(objs), encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) {
      rows.push({ object: path.relative(REPO, f), condition: 'applied', status: 'False', reason: (r.stderr || '').trim().replace(/\s+/g, ' ').slice(0, 200), ok: false });
    }
    all.push(...objs);
  }
  const services = all.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1');
  if (services.length) kubectlOk(['apply', '--server-side', '--field-manager', 'integration', '-f', '-'], { input: toYaml(endpointSlicesFor(services)) });
  // The same object may come from two charts (e.g. one per Gateway API release): judge its final state once.
  const unique = new Map<string, K8sObject>();
  for (const o of all) unique.set(id(o), o);
  const objs = [...unique.values()];
  const skipKinds = (o: K8sObject): string | undefined => {
    const g = o.apiVersion.split('/')[0];
    if (g === 'cert-manager.io' && !components.includes('cert-manager')) return 'cert-manager did not build';
    if ((g === 'aigateway.envoyproxy.io' || g === 'inference.networking.k8s.io') && !components.includes('ai-gateway')) return 'Envoy AI Gateway did not build';
    if ((g === 'gateway.networking.k8s.io' || g === 'inference.networking.k8s.io') && o.kind !== 'ReferenceGrant' && !components.includes('envoy-gateway')) return 'Envoy Gateway did not build';
    if (o.kind === 'SecurityPolicy' && !components.includes('envoy-gateway')) return 'Envoy Gateway did not build';
    return undefined;
  };
  // ACME issuance (order, DNS-01 challenge through BIND, Pebble's validation, finalization) takes longer than the
  // other verdicts: its own bounded wait first.
  const acmeCerts = objs.filter(acmeCert);
  if (acmeCerts.length) {
    const t0 = Date.now();
    const issued = waitUntil(`${acmeCerts.length} ACME Certificate(s) Ready (Pebble, DNS-01 via RFC2136 to BIND)`, Number(process.env.INTEGRATION_ACME_WAIT ?? 360), () =>
      acmeCerts.every((c) => condition(getObject('certificate.cert-manager.io', c.metadata.name, c.metadata.namespace)?.status?.conditions, 'Ready')?.status === 'True'), 3000);
    log(`proof 1: ACME issuance ${issued ? 'took' : 'still not done after'} ${((Date.now() - t0) / 1000).toFixed(0)} s after the apply`);
    if (!issued) logAcmeState(acmeCerts);
  }
  let latest: Row[] = [];
  const judge = (): boolean => {
    latest = [];
    for (const o of objs) {
      const skip = skipKinds(o);
      if (skip) latest.push({ object: id(o), condition: 'controller verdict', status: 'SKIPPED', reason: skip, ok: 'skipped' });
      else latest.push(...verdicts(o), ...acmeVerdicts(o, acmeCert(o)));
    }
    return latest.every((r) => r.ok !== false);
  };
  waitUntil(`controller verdicts on ${objs.length} objects (every condition True)`, Number(process.env.INTEGRATION_PROOF1_WAIT ?? 150), judge, 3000);
  rows.push(...latest);
  console.log('\nProof 1, acceptance (object | condition | status | reason | verdict)\n');
  console.log(table(['object', 'condition', 'status', 'reason', 'verdict'], rows.map((r) => [r.object, r.condition, r.status, r.reason, r.ok === 'skipped' ? 'SKIPPED' : r.ok ? 'ok' : 'FAIL'])));
  const failed = rows.filter((r) => r.ok === false);
  console.log(`\nproof 1: ${rows.filter((r) => r.ok === true).length} ok, ${failed.length} failed, ${rows.filter((r) => r.ok === 'skipped').length} skipped`);
  return { rows, passed: failed.length === 0 };
}
