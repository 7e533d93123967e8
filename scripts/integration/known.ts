// Objects the charts reference but do not create (declareKnown): a live cluster has them, so the acceptance run
// creates stand-ins for them (Namespaces with their labels, Services with endpoints, TLS Secrets, existing Gateways,
// pools), as a platform team's cluster would hold them.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { K8sObject, REPO, log } from './lib';

/** The known objects every chart of the example app and of the test charts declares. */
export function knownObjects(runDir: string): K8sObject[] {
  const out: K8sObject[] = [];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chartKnownObjects } = require(path.join(REPO, 'src', 'validation', 'targets'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildExampleApp } = require(path.join(REPO, 'examples', 'nvcf-platform'));
    const apps = [buildExampleApp(path.join(runDir, 'example-known'))];
    const chartsDir = path.join(REPO, 'test', 'integration', 'charts');
    if (fs.existsSync(chartsDir)) {
      for (const f of fs.readdirSync(chartsDir).filter((x) => x.endsWith('.ts'))) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(path.join(chartsDir, f));
        if (mod.build) apps.push(mod.build(path.join(runDir, 'charts-known', f)));
      }
    }
    for (const app of apps) {
      for (const chart of app.charts) {
        for (const k of chartKnownObjects(chart)) {
          out.push({
            apiVersion: k.apiVersion,
            kind: k.kind,
            metadata: { name: k.name, ...(k.namespace ? { namespace: k.namespace } : {}), ...(k.labels ? { labels: k.labels } : {}) },
            ...(k.spec ? { spec: k.spec } : {}),
          });
        }
      }
    }
  } catch (e) {
    log(`known objects could not be read from the charts: ${(e as Error).message}`);
  }
  return out;
}

let tlsPair: { crt: string; key: string } | undefined;
/** A self-signed certificate (test material of this run only) for stand-in TLS Secrets. */
export function standInTls(runDir: string, dnsNames: string[] = ['*.example.com']): { crt: string; key: string } {
  if (tlsPair && dnsNames.length === 1 && dnsNames[0] === '*.example.com') return tlsPair;
  const dir = fs.mkdtempSync(path.join(runDir, 'tls-'));
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${dnsNames[0]}`,
    '-addext', `subjectAltName=${dnsNames.map((d) => `DNS:${d}`).join(',')}`, '-keyout', path.join(dir, 'tls.key'), '-out', path.join(dir, 'tls.crt')], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`openssl could not make a test certificate: ${r.stderr}`);
  const pair = { crt: fs.readFileSync(path.join(dir, 'tls.crt')).toString('base64'), key: fs.readFileSync(path.join(dir, 'tls.key')).toString('base64') };
  if (dnsNames.length === 1 && dnsNames[0] === '*.example.com') tlsPair = pair;
  return pair;
}

/** Stand-ins for known objects the manifests do not themselves hold. */
export function standIns(known: K8sObject[], applied: K8sObject[], runDir: string): K8sObject[] {
  const key = (o: K8sObject): string => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const have = new Set(applied.map(key));
  const out = new Map<string, K8sObject>();
  // Service ports: every port a backendRef names for the Service.
  const ports = new Map<string, Set<number>>();
  const walk = (v: any, ns: string | undefined): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, ns));
    if (!v || typeof v !== 'object') return;
    if (typeof v.name === 'string' && typeof v.port === 'number' && (v.kind === undefined || v.kind === 'Service')) {
      const k = `Service/${v.namespace ?? ns ?? ''}/${v.name}`;
      ports.set(k, (ports.get(k) ?? new Set()).add(v.port));
    }
    if (v.port && typeof v.port === 'object' && typeof v.port.number === 'number' && typeof v.name === 'string') {
      const k = `Service/${ns ?? ''}/${v.name}`; // an InferencePool's endpointPickerRef
      ports.set(k, (ports.get(k) ?? new Set()).add(v.port.number));
    }
    for (const x of Object.values(v)) walk(x, ns);
  };
  for (const o of applied) walk(o.spec, o.metadata.namespace);
  // Secrets cert-manager writes for Certificates of the set are its to create; TLS Secrets are those gateways serve.
  const issued = new Set(applied.filter((o) => o.kind === 'Certificate').map((o) => `Secret/${o.metadata.namespace}/${o.spec?.secretName}`));
  // ACME account keys are cert-manager's to create (it registers the account with a key of its own making).
  for (const o of applied.filter((x) => (x.kind === 'Issuer' || x.kind === 'ClusterIssuer') && x.spec?.acme?.privateKeySecretRef?.name)) {
    issued.add(`Secret/${o.kind === 'Issuer' ? o.metadata.namespace : 'cert-manager'}/${o.spec.acme.privateKeySecretRef.name}`);
  }
  const tlsRefs = new Set(applied.filter((o) => o.kind === 'Gateway').flatMap((g) => (g.spec?.listeners ?? [])
    .flatMap((l: any) => (l.tls?.certificateRefs ?? []).map((r: any) => `Secret/${r.namespace ?? g.metadata.namespace}/${r.name}`))));
  // Keys the issuers' solvers read from credential Secrets (`*SecretRef: {name, key}`): cert-manager checks they exist.
  const secretKeys = new Map<string, Set<string>>();
  const walkRefs = (v: any, ns: string | undefined): void => {
    if (Array.isArray(v)) return v.forEach((x) => walkRefs(x, ns));
    if (!v || typeof v !== 'object') return;
    for (const [field, x] of Object.entries<any>(v)) {
      if (field.endsWith('SecretRef') && typeof x?.name === 'string' && typeof x?.key === 'string') {
        const k = `Secret/${ns ?? ''}/${x.name}`;
        secretKeys.set(k, (secretKeys.get(k) ?? new Set()).add(x.key));
      }
      walkRefs(x, ns);
    }
  };
  for (const o of applied.filter((x) => x.kind === 'Issuer' || x.kind === 'ClusterIssuer')) {
    walkRefs(o.spec, o.kind === 'Issuer' ? o.metadata.namespace : 'cert-manager');
  }
  for (const k of known) {
    if (have.has(key(k)) || out.has(key(k)) || issued.has(key(k))) continue;
    const m = {
      name: k.metadata.name,
      ...(k.metadata.namespace ? { namespace: k.metadata.namespace } : {}),
      ...(k.metadata.labels ? { labels: k.metadata.labels } : {}),
    };
    switch (k.kind) {
      case 'Namespace':
        out.set(key(k), { apiVersion: 'v1', kind: 'Namespace', metadata: m });
        break;
      case 'Service': {
        const ps = [...(ports.get(key(k)) ?? new Set([80]))].sort((a, b) => a - b);
        out.set(key(k), k.spec?.ports ? { apiVersion: 'v1', kind: 'Service', metadata: m, spec: k.spec }
          : { apiVersion: 'v1', kind: 'Service', metadata: m, spec: { ports: ps.map((p) => ({ name: `p${p}`, port: p })) } });
        break;
      }
      case 'Secret': {
        if (tlsRefs.has(key(k))) {
          const tls = standInTls(runDir);
          out.set(key(k), { apiVersion: 'v1', kind: 'Secret', metadata: m, type: 'kubernetes.io/tls', data: { 'tls.crt': tls.crt, 'tls.key': tls.key } });
        } else {
          // A credential (API key, cloud credentials): placeholder values, never a real secret; one value per entry, as
          // Envoy Gateway refuses an API key Secret (SecurityPolicy apiKeyAuth: client id -> key) with one key twice.
          const v = (entry: string) => Buffer.from(`stand-in-${entry}`).toString('base64');
          const entries = ['apiKey', 'credentials', 'client_secret', 'client-secret', ...secretKeys.get(key(k)) ?? []];
          out.set(key(k), { apiVersion: 'v1', kind: 'Secret', metadata: m, type: 'Opaque', data: Object.fromEntries(entries.map((x) => [x, v(x)])) });
        }
        break;
      }
      case 'Gateway': {
        const spec = { ...(k.spec ?? {}) };
        spec.gatewayClassName ??= 'it-envoy';
        spec.listeners ??= [{ name: 'http', port: 80, protocol: 'HTTP' }];
        out.set(key(k), { apiVersion: k.apiVersion, kind: 'Gateway', metadata: m, spec });
        break;
      }
      default:
        if (k.spec) out.set(key(k), { apiVersion: k.apiVersion, kind: k.kind, metadata: m, spec: k.spec });
        else log(`known ${k.kind} ${m.namespace ?? ''}/${m.name} has no spec: no stand-in created`);
    }
  }
  return [...out.values()];
}
