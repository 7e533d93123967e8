// Proof 1's ACME part: the run's Pebble (ACME server) and BIND (authoritative for the test zone, TSIG-signed
// dynamic updates) issue the ACME chart's wildcard for real; these are the extra objects and verdicts it needs.
import { spawnSync } from 'child_process';
import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { K8sObject, REPO, env, getObject, kubectl, log } from './lib';

import type { Row } from './proof1';

const isIssuer = (o: K8sObject): boolean => o.kind === 'Issuer' || o.kind === 'ClusterIssuer';
const issuerNamespace = (o: K8sObject): string => (o.kind === 'Issuer' ? o.metadata.namespace! : 'cert-manager');
const id = (o: K8sObject): string => `${o.kind} ${o.metadata.namespace ? o.metadata.namespace + '/' : ''}${o.metadata.name}`;

/** The Secrets holding the run's TSIG key, one for every RFC2136 solver of the applied issuers (and their namespaces). */
export function acmeRunObjects(applied: K8sObject[]): K8sObject[] {
  const secret = process.env.INTEGRATION_TSIG_SECRET;
  const out = new Map<string, K8sObject>();
  for (const o of applied.filter(isIssuer)) {
    for (const solver of o.spec?.acme?.solvers ?? []) {
      const ref = solver.dns01?.rfc2136?.tsigSecretSecretRef;
      if (!ref || !secret) continue;
      const ns = issuerNamespace(o);
      out.set(`Namespace ${ns}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      const key = `Secret ${ns}/${ref.name}`;
      const existing = out.get(key);
      out.set(key, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: ref.name, namespace: ns },
        type: 'Opaque',
        data: { ...existing?.data, [ref.key ?? 'tsig-secret-key']: Buffer.from(secret).toString('base64') },
      });
    }
  }
  return [...out.values()];
}

let pebbleRoot: string | undefined;
/** Pebble's current issuing root (it makes a new one each start), from its management API. */
function fetchPebbleRoot(): string {
  if (pebbleRoot) return pebbleRoot;
  const script = `require('https').get('https://127.0.0.1:15000/roots/0', { ca: require('fs').readFileSync(process.argv[1]) }, (r) => {
    let b = ''; r.on('data', (c) => b += c); r.on('end', () => { process.stdout.write(b); process.exit(r.statusCode === 200 ? 0 : 1); });
  }).on('error', (e) => { console.error(e.message); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['-e', script, env('INTEGRATION_ACME_CA_FILE')], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0 || !r.stdout.includes('BEGIN CERTIFICATE')) throw new Error(`Pebble's root (https://127.0.0.1:15000/roots/0) could not be fetched: ${r.stderr || r.stdout}`);
  pebbleRoot = r.stdout;
  return pebbleRoot;
}

/** The hosts the ACME chart's certificate must cover, if the certificate is that chart's. */
function platformHosts(cert: K8sObject): string[] | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const chart = require(path.join(REPO, 'test', 'integration', 'charts', 'acme'));
  return cert.metadata.namespace === chart.ACME_NAMESPACE ? chart.acmePlatformHosts() : undefined;
}

/**
 * Extra verdicts: an ACME issuer was admitted by the cert-manager webhook (its live object is the proof) with its
 * solver; an ACME certificate's Secret chains to Pebble's root (openssl verify) and covers every platform host.
 */
export function acmeVerdicts(o: K8sObject, isAcmeCertificate: boolean): Row[] {
  const name = id(o);
  if (isIssuer(o) && o.spec?.acme) {
    const live = getObject(`${o.kind.toLowerCase()}.cert-manager.io`, o.metadata.name, o.metadata.namespace);
    const providers = (o.spec.acme.solvers ?? []).map((s: any) => Object.keys(s.dns01 ?? s.http01 ?? {})[0]).join(',');
    return [{
      object: name,
      condition: `admitted by the cert-manager webhook (dns01 ${providers})`,
      status: live ? 'True' : 'False',
      reason: live ? `server ${o.spec.acme.server}${o.spec.acme.caBundle ? ' with caBundle' : ''}` : 'not found',
      ok: !!live,
    }];
  }
  if (!isAcmeCertificate) return [];
  const live = getObject('certificate.cert-manager.io', o.metadata.name, o.metadata.namespace);
  const secret = live && getObject('secret', live.spec.secretName, o.metadata.namespace);
  const pem = secret?.data?.['tls.crt'] ? Buffer.from(secret.data['tls.crt'], 'base64').toString() : undefined;
  if (!live || !pem) return [{ object: name, condition: 'Secret chains to Pebble\'s root', status: '(no secret)', reason: '', ok: false }];
  const rows: Row[] = [];
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) return [{ object: name, condition: 'Secret chains to Pebble\'s root', status: '(no PEM certificate)', reason: '', ok: false }];
  const leafPem = blocks[0] as string;
  const dir = fs.mkdtempSync(path.join(env('INTEGRATION_RUN_DIR'), 'acme-verify-'));
  let verdict = { status: 'False', reason: '', ok: false };
  try {
    fs.writeFileSync(path.join(dir, 'root.pem'), fetchPebbleRoot());
    fs.writeFileSync(path.join(dir, 'leaf.pem'), leafPem + '\n');
    fs.writeFileSync(path.join(dir, 'chain.pem'), blocks.slice(1).join('\n') + '\n');
    const args = ['verify', '-CAfile', path.join(dir, 'root.pem'), ...(blocks.length > 1 ? ['-untrusted', path.join(dir, 'chain.pem')] : []), path.join(dir, 'leaf.pem')];
    const r = spawnSync('openssl', args, { encoding: 'utf8', timeout: 30_000 });
    const issuer = new X509Certificate(leafPem).issuer.replace(/\n/g, ', ');
    verdict = { status: r.status === 0 ? 'True' : 'False', reason: `openssl verify: ${(r.stdout + r.stderr).trim().replace(/\s+/g, ' ').slice(0, 80)}; issuer ${issuer}`, ok: r.status === 0 };
  } catch (e) {
    verdict.reason = (e as Error).message.slice(0, 160);
  }
  rows.push({ object: name, condition: `Secret ${live.spec.secretName} chains to Pebble's root (/roots/0)`, ...verdict });
  const leaf = new X509Certificate(leafPem);
  const wildcard = `*.${(live.spec.dnsNames?.[0] ?? '').replace(/^\*\./, '')}`;
  const sans = (leaf.subjectAltName ?? '').split(', ').map((x) => x.replace(/^DNS:/, ''));
  rows.push({ object: name, condition: `certificate covers ${wildcard}`, status: sans.includes(wildcard) ? 'True' : 'False', reason: `SANs ${sans.join(',')}`, ok: sans.includes(wildcard) });
  for (const host of platformHosts(o) ?? []) {
    const ok = leaf.checkHost(host) !== undefined;
    rows.push({ object: name, condition: `certificate covers ${host}`, status: ok ? 'True' : 'False', reason: 'X509Certificate.checkHost', ok });
  }
  return rows;
}

/** When issuance does not finish: the states of the orders and challenges, for the log. */
export function logAcmeState(certs: K8sObject[]): void {
  for (const kind of ['certificaterequests.cert-manager.io', 'orders.acme.cert-manager.io', 'challenges.acme.cert-manager.io']) {
    for (const ns of [...new Set(certs.map((c) => c.metadata.namespace!))]) {
      const r = kubectl(['get', kind, '-n', ns, '-o', 'wide']);
      log(`${kind} in ${ns}:\n${(r.stdout || r.stderr).trim()}`);
    }
  }
  for (const c of certs) {
    const live = getObject('certificate.cert-manager.io', c.metadata.name, c.metadata.namespace);
    log(`${id(c)} conditions: ${JSON.stringify(live?.status?.conditions ?? [])}`);
  }
}
