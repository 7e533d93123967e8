// Proof 2: the offline validator against the API server (CRD schemas and CEL rules) and the cert-manager webhook,
// on the corpus in test/integration/corpus/; and kubeconform side by side.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { K8sObject, KnownDifference, REPO, env, header, kubectl, kubectlOk, label, log, readYamlDocs, runOffline, table, toYaml } from './lib';
import { schemaLocations } from './schemas';

const CLUSTER_SCOPED = new Set(['GatewayClass', 'ClusterIssuer', 'Namespace', 'ClusterRole']);
export const CORPUS = path.join(REPO, 'test', 'integration', 'corpus');

export interface Case {
  id: string;
  file: string;
  expect: 'valid' | 'invalid';
  release: 'v1.2.0' | 'v1.6.1';
  fault: string;
  why: string;
  obj: K8sObject;
  server?: { ok: boolean; message: string };
  offline?: { ok: boolean; message: string } | 'SKIPPED';
  kubeconform?: { ok: boolean; message: string } | 'SKIPPED';
}

export function loadCorpus(): Case[] {
  return fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort().map((f) => {
    const file = path.join(CORPUS, f);
    const h = header(file);
    const objs = readYamlDocs(file);
    if (objs.length !== 1) throw new Error(`${f}: a corpus case holds exactly one object, found ${objs.length}`);
    const expect = h.expect?.[0];
    if (expect !== 'valid' && expect !== 'invalid') throw new Error(`${f}: '# expect: valid|invalid' is missing`);
    if (!h.why?.length) throw new Error(`${f}: '# why: ...' (the expected-by-design note) is missing`);
    return {
      id: path.basename(f, '.yaml'),
      file,
      expect,
      release: (h['gateway-api']?.[0] === 'v1.2.0' ? 'v1.2.0' : 'v1.6.1'),
      fault: h.fault?.[0] ?? (expect === 'valid' ? 'none' : 'schema'),
      why: h.why.join(' '),
      obj: objs[0],
    };
  });
}

function judgeByServer(cases: Case[]): void {
  const kc = (c: Case): string => (c.release === 'v1.2.0' ? env('INTEGRATION_KUBECONFIG_V12') : env('INTEGRATION_KUBECONFIG'));
  // One fresh namespace per case.
  for (const release of ['v1.2.0', 'v1.6.1']) {
    const group = cases.filter((c) => c.release === release);
    if (!group.length) continue;
    const nss = group.map((c) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `p2-${label(c.id, 56)}` } }));
    kubectlOk(['apply', '--server-side', '--field-manager', 'integration', '-f', '-'], { kubeconfig: kc(group[0]), input: toYaml(nss) });
  }
  // kubectl reads the case's own text (YAML 1.1: `yes` is true, 0120 is 80), only its metadata moved to the case's
  // namespace (or, cluster-scoped, given a name of its own), so that the server judges what the file says.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proof2-'));
  for (const c of cases) {
    const namespace = `p2-${label(c.id, 56)}`;
    const text = caseText(c, namespace);
    const file = path.join(dir, path.basename(c.file));
    fs.writeFileSync(file, text);
    const args = CLUSTER_SCOPED.has(c.obj.kind) ? ['create', '-f', file, '-o', 'name'] : ['create', '-n', namespace, '-f', file, '-o', 'name'];
    const r = kubectl(args, { kubeconfig: kc(c) });
    const message = r.stderr.split('\n').filter((l) => l.trim() && !l.startsWith('Warning:')).join(' ').replace(/\s+/g, ' ').trim();
    c.server = { ok: r.code === 0, message: r.code === 0 ? 'created' : message };
  }
}

/**
 * The case file's text with its metadata.namespace made `namespace` (a namespaced kind), or its metadata.name made
 * unique (a cluster-scoped kind): the first `namespace:` or `name:` of the text, which the corpus writes in metadata.
 */
export function caseText(c: Case, namespace: string): string {
  const raw = fs.readFileSync(c.file, 'utf8');
  if (CLUSTER_SCOPED.has(c.obj.kind)) {
    const unique = `${c.obj.metadata.name}-${label(c.id, 30)}`.slice(0, 63).replace(/-+$/, '');
    const text = raw.replace(/(metadata:\s*\{\s*name:\s*|^ {2}name:\s*)[^,}\s]+/m, `$1${unique}`);
    if (text === raw) throw new Error(`${c.file}: no metadata name found to make unique`);
    return text;
  }
  if (c.obj.metadata.namespace === undefined) return raw;
  const text = raw.replace(new RegExp(`(namespace:\\s*)${c.obj.metadata.namespace}\\b`), `$1${namespace}`);
  if (text === raw) throw new Error(`${c.file}: its metadata.namespace is not written as 'namespace: ${c.obj.metadata.namespace}'`);
  return text;
}

function judgeOffline(cases: Case[]): void {
  for (const release of ['v1.2.0', 'v1.6.1'] as const) {
    const group = cases.filter((c) => c.release === release);
    if (!group.length) continue;
    // Each object alone, as the API server judges it (a set would analyse attachment across unrelated cases), against
    // the Gateway API release of its group.
    for (const c of group) {
      const rep = runOffline([c.file], ['--gateway-api-version', release]);
      if (typeof rep === 'string') {
        log(`proof 2 offline column SKIPPED: ${rep}`);
        for (const x of cases) x.offline = 'SKIPPED';
        return;
      }
      const errors = rep.objects.flatMap((o) => o.errors);
      c.offline = {
        ok: rep.objects.length > 0 && errors.length === 0,
        message: rep.objects.length ? errors.map((e) => `${e.path}: ${e.message}`).join('; ') || 'valid' : 'not in the report',
      };
    }
  }
}

function judgeKubeconform(cases: Case[], runDir: string): void {
  const bin = env('INTEGRATION_KUBECONFORM');
  if (!fs.existsSync(bin)) {
    for (const c of cases) c.kubeconform = 'SKIPPED';
    return;
  }
  for (const release of ['v1.2.0', 'v1.6.1'] as const) {
    const group = cases.filter((c) => c.release === release);
    if (!group.length) continue;
    const loc = schemaLocations(runDir, release);
    const r = spawnSync(bin, ['-strict', '-summary', '-output', 'json', '-schema-location', loc, ...group.map((c) => c.file)], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
    let out: any;
    try {
      out = JSON.parse(r.stdout);
    } catch {
      throw new Error(`kubeconform printed no JSON (exit ${r.status}): ${r.stderr.slice(0, 300)}`);
    }
    const byFile = new Map<string, any[]>();
    for (const res of out.resources ?? []) byFile.set(path.resolve(res.filename), [...(byFile.get(path.resolve(res.filename)) ?? []), res]);
    for (const c of group) {
      const res = byFile.get(path.resolve(c.file)) ?? [];
      // -summary lists only failures and errors: a file with no entry validated.
      const bad = res.filter((x) => x.status !== 'statusValid');
      c.kubeconform = { ok: bad.length === 0, message: bad.map((x) => `${x.status}: ${x.msg}`).join('; ') || 'valid' };
    }
  }
}

export function proof2(runDir: string, known: KnownDifference[]): { passed: boolean; summary: string } {
  const cases = loadCorpus();
  log(`proof 2: ${cases.length} corpus cases (${cases.filter((c) => c.expect === 'invalid').length} invalid by design)`);
  judgeByServer(cases);
  judgeOffline(cases);
  judgeKubeconform(cases, runDir);
  const verdict = (v: { ok: boolean } | 'SKIPPED' | undefined): string => (v === 'SKIPPED' || !v ? 'SKIPPED' : v.ok ? 'valid' : 'invalid');
  const problems: string[] = [];
  const rows = cases.map((c) => {
    const server = verdict(c.server);
    const offline = verdict(c.offline);
    const knownDiff = known.find((k) => k.proof === '2' && k.case === c.id);
    let agreement: string;
    if (server !== c.expect) {
      agreement = 'CORPUS WRONG';
      problems.push(`${c.id}: designed ${c.expect}, the API server says ${server}: ${c.server?.message}`);
    } else if (offline === 'SKIPPED') {
      agreement = 'SKIPPED';
    } else if (offline === server) {
      agreement = 'agree';
    } else if (knownDiff) {
      agreement = 'known difference';
    } else {
      agreement = 'DISAGREE';
      problems.push(`${c.id}: API server ${server}, offline validator ${offline} (${(c.offline as any).message}); not in known-differences.yaml`);
    }
    const note = agreement === 'DISAGREE' || agreement === 'known difference'
      ? `offline: ${(c.offline as any).message}` : server === 'invalid' ? c.server!.message.replace(/^Error from server[^:]*: /, '') : '';
    return [c.id, c.release, c.fault, c.expect, server, offline, verdict(c.kubeconform), agreement, note];
  });
  console.log('\nProof 2, offline validator vs API server + cert-manager webhook (kubeconform beside)\n');
  console.log(table(['case', 'gateway-api', 'fault', 'design', 'api-server', 'offline', 'kubeconform', 'agreement', 'message (the API server, or the offline validator where they differ)'], rows));
  const invalid = cases.filter((c) => c.expect === 'invalid');
  const caught = (f: (c: Case) => any): number => invalid.filter((c) => verdict(f(c)) === 'invalid').length;
  const falseAlarms = (f: (c: Case) => any): number => cases.filter((c) => c.expect === 'valid' && verdict(f(c)) === 'invalid').length;
  const offlineSkipped = cases.every((c) => c.offline === 'SKIPPED');
  const kcSkipped = cases.every((c) => c.kubeconform === 'SKIPPED');
  const byFault = (fault: string, f: (c: Case) => any): string => `${invalid.filter((c) => c.fault === fault && verdict(f(c)) === 'invalid').length}/${invalid.filter((c) => c.fault === fault).length}`;
  const summary = [
    `invalid cases caught (of ${invalid.length}; schema ${invalid.filter((c) => c.fault === 'schema').length}, cel ${invalid.filter((c) => c.fault === 'cel').length}, webhook ${invalid.filter((c) => c.fault === 'webhook').length}, served-version ${invalid.filter((c) => c.fault === 'version').length}):`,
    `  api-server + webhook: ${caught((c) => c.server)} (schema ${byFault('schema', (c) => c.server)}, cel ${byFault('cel', (c) => c.server)}, webhook ${byFault('webhook', (c) => c.server)}, version ${byFault('version', (c) => c.server)}), false alarms ${falseAlarms((c) => c.server)}`,
    `  offline validator:    ${offlineSkipped ? 'SKIPPED (not built on this branch)' : `${caught((c) => c.offline)} (schema ${byFault('schema', (c) => c.offline)}, cel ${byFault('cel', (c) => c.offline)}, webhook ${byFault('webhook', (c) => c.offline)}, version ${byFault('version', (c) => c.offline)}), false alarms ${falseAlarms((c) => c.offline)}`}`,
    `  kubeconform -strict:  ${kcSkipped ? 'SKIPPED (did not build)' : `${caught((c) => c.kubeconform)} (schema ${byFault('schema', (c) => c.kubeconform)}, cel ${byFault('cel', (c) => c.kubeconform)}, webhook ${byFault('webhook', (c) => c.kubeconform)}, version ${byFault('version', (c) => c.kubeconform)}), false alarms ${falseAlarms((c) => c.kubeconform)}`}`,
  ].join('\n');
  console.log(`\n${summary}`);
  for (const p of problems) console.log(`proof 2 FAIL: ${p}`);
  return { passed: problems.length === 0, summary };
}
