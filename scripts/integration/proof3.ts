// Proof 3: the offline attachment analysis (`parents` / `backends` of the validator's report) against Envoy Gateway's
// route conditions, on the multi-object cases of test/integration/attachment/, each in fresh namespaces.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { K8sObject, KnownDifference, OfflineReport, REPO, condition, env, getObject, header, kubectl, label, log, readYamlDocs, runOffline, table, toYaml, waitUntil } from './lib';
import { endpointSlicesFor } from './proof1';

export const ATTACHMENT = path.join(REPO, 'test', 'integration', 'attachment');

/** `# expect: HTTPRoute app/r -> gw/eg[/section]: Accepted=True ResolvedRefs=False/RefNotPermitted` (or `: none`). */
interface Expectation {
  kind: string;
  ns: string;
  name: string;
  parentNs: string;
  parent: string;
  section?: string;
  accepted?: string;
  acceptedReason?: string;
  resolved?: string;
  resolvedReason?: string;
  none: boolean;
  text: string;
}
interface Observed { present: boolean; accepted?: string; acceptedReason?: string; resolved?: string; resolvedReason?: string }

function parseExpect(text: string): Expectation {
  const m = /^(\w+) ([a-z0-9-]+)\/([a-z0-9.-]+) -> ([a-z0-9-]+)\/([a-z0-9.-]+)(?:\/([a-z0-9-]+))?: (.*)$/.exec(text);
  if (!m) throw new Error(`cannot read expectation '${text}'`);
  const e: Expectation = { kind: m[1], ns: m[2], name: m[3], parentNs: m[4], parent: m[5], section: m[6], none: m[7].trim() === 'none', text };
  for (const part of m[7].trim().split(/\s+/)) {
    const c = /^(Accepted|ResolvedRefs)=(True|False)(?:\/(\w+))?$/.exec(part);
    if (!c) continue;
    if (c[1] === 'Accepted') [e.accepted, e.acceptedReason] = [c[2], c[3]];
    else [e.resolved, e.resolvedReason] = [c[2], c[3]];
  }
  return e;
}

/** Renames every namespace of a case to a fresh one: metadata, Namespace objects and every `namespace:` reference. */
function rename(objs: K8sObject[], map: (ns: string) => string): K8sObject[] {
  const names = new Set<string>([...objs.map((o) => o.metadata.namespace).filter((n): n is string => !!n), ...objs.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)]);
  const walk = (v: any): any => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const out: any = {};
    for (const [k, x] of Object.entries(v)) out[k] = k === 'namespace' && typeof x === 'string' && names.has(x) ? map(x) : walk(x);
    return out;
  };
  return objs.map((o) => {
    const r = walk(o);
    if (o.kind === 'Namespace') r.metadata.name = map(o.metadata.name);
    return r;
  });
}

function observe(e: Expectation, map: (ns: string) => string): Observed {
  const ns = map(e.ns);
  const pns = map(e.parentNs);
  if (e.kind === 'SecurityPolicy') {
    // Envoy Gateway's policy status: per ancestor (Gateway, with the listener when the target names one).
    const policy = getObject('securitypolicy.gateway.envoyproxy.io', e.name, ns);
    const a = (policy?.status?.ancestors ?? []).find((x: any) => x.ancestorRef?.name === e.parent && (x.ancestorRef?.namespace ?? ns) === pns
      && (x.ancestorRef?.sectionName ?? '') === (e.section ?? ''));
    if (!a) return { present: false };
    const c = condition(a.conditions, 'Accepted');
    return { present: true, accepted: c?.status, acceptedReason: c?.reason };
  }
  if (e.kind === 'Gateway') {
    const gw = getObject('gateway.gateway.networking.k8s.io', e.name, ns);
    const l = (gw?.status?.listeners ?? []).find((x: any) => x.name === e.section);
    if (!l) return { present: false };
    const a = condition(l.conditions, 'Accepted');
    const r = condition(l.conditions, 'ResolvedRefs');
    return { present: true, accepted: a?.status, acceptedReason: a?.reason, resolved: r?.status, resolvedReason: r?.reason };
  }
  if (e.kind === 'InferencePool') {
    const pool = getObject('inferencepool.inference.networking.k8s.io', e.name, ns);
    const p = (pool?.status?.parents ?? []).find((x: any) => x.parentRef?.name === e.parent && (x.parentRef?.namespace ?? ns) === pns);
    if (!p) return { present: false };
    const a = condition(p.conditions, 'Accepted');
    const r = condition(p.conditions, 'ResolvedRefs');
    return { present: true, accepted: a?.status, acceptedReason: a?.reason, resolved: r?.status, resolvedReason: r?.reason };
  }
  const resource = e.kind === 'AIGatewayRoute' ? 'httproute.gateway.networking.k8s.io' : `${e.kind.toLowerCase()}.gateway.networking.k8s.io`;
  const route = getObject(resource, e.name, ns);
  const p = (route?.status?.parents ?? []).find((x: any) => x.parentRef.name === e.parent && (x.parentRef.namespace ?? ns) === pns
    && (x.parentRef.sectionName ?? '') === (e.section ?? ''));
  let o: Observed = { present: false };
  if (p) {
    const a = condition(p.conditions, 'Accepted');
    const r = condition(p.conditions, 'ResolvedRefs');
    o = { present: true, accepted: a?.status, acceptedReason: a?.reason, resolved: r?.status, resolvedReason: r?.reason };
  }
  if (e.kind === 'AIGatewayRoute') {
    // The AI controller's own verdict comes first: a route it does not accept generates no HTTPRoute status.
    const air = getObject('aigatewayroute.aigateway.envoyproxy.io', e.name, ns);
    // The AI controller reports refusal as its only condition, of type NotAccepted (status False, reason
    // ReconciliationFailed, the message naming the cause), not as Accepted=False.
    const a = condition(air?.status?.conditions, 'Accepted');
    const na = condition(air?.status?.conditions, 'NotAccepted');
    if (na) o = { present: true, accepted: 'False', acceptedReason: na.reason, resolved: o.resolved, resolvedReason: o.resolvedReason };
    else if (a && a.status !== 'True') o = { present: true, accepted: 'False', acceptedReason: a.reason, resolved: o.resolved, resolvedReason: o.resolvedReason };
  }
  return o;
}

const matches = (e: Expectation, o: Observed): boolean => {
  if (e.none) return !o.present;
  if (!o.present) return false;
  return (!e.accepted || (e.accepted === o.accepted && (!e.acceptedReason || e.acceptedReason === o.acceptedReason)))
    && (!e.resolved || (e.resolved === o.resolved && (!e.resolvedReason || e.resolvedReason === o.resolvedReason)));
};
const show = (o: Observed): string => (o.present ? `Accepted=${o.accepted ?? '?'}${o.acceptedReason ? '/' + o.acceptedReason : ''} ResolvedRefs=${o.resolved ?? '?'}${o.resolvedReason ? '/' + o.resolvedReason : ''}` : 'no status (no such parent)');

/** The offline analysis's verdict on what one expectation is about, and whether it agrees with Envoy Gateway's. */
function offlineVerdict(e: Expectation, o: Observed, rep: OfflineReport): { agrees: boolean; offline: string; label?: string } {
  if (e.kind === 'Gateway') {
    const g = rep.objects.find((x) => x.kind === 'Gateway' && x.name === e.name && x.namespace === e.ns);
    const certErrors = (g?.errors ?? []).filter((x) => /certificateRefs|listeners/.test(x.path));
    const resolvedOffline = certErrors.length === 0;
    return {
      agrees: !!g && resolvedOffline === (o.resolved === 'True'),
      offline: g ? `resolved=${resolvedOffline}${certErrors[0] ? ' (' + certErrors[0].message.slice(0, 60) + ')' : ''}` : 'no Gateway in report',
      label: `${e.kind} ${e.ns}/${e.name} listener ${e.section}`,
    };
  }
  if (e.kind === 'InferencePool') {
    // The gateway accepts a pool a route reaches: offline, a resolved InferencePool backendRef of that route.
    const refs = (rep.backends ?? []).filter((b) => b.backendRef?.kind === 'InferencePool' && b.backendRef?.name === e.name);
    const ok = refs.length > 0 && refs.every((b) => b.resolved);
    return {
      agrees: ok === (o.accepted === 'True'),
      offline: refs.length ? `pool backendRef resolved=${ok}` : 'no route reaches the pool',
      label: `InferencePool ${e.ns}/${e.name} -> ${e.parentNs}/${e.parent}`,
    };
  }
  if (e.kind === 'SecurityPolicy') {
    // Offline: the policy's verdict on that ancestor; `none` is a verdict without ancestor (no status).
    const mine = (rep.policies ?? []).filter((p) => p.policy.name === e.name && p.policy.namespace === e.ns);
    const v = mine.find((p) => p.ancestor?.name === e.parent && p.ancestor?.namespace === e.parentNs
      && (p.ancestor?.sectionName ?? undefined) === e.section);
    const noStatus = mine.length > 0 && mine.every((p) => !p.ancestor);
    return {
      agrees: o.present ? v !== undefined && v.accepted === (o.accepted === 'True') && v.reason === o.acceptedReason : v === undefined && noStatus,
      offline: v ? `accepted=${v.accepted}/${v.reason}` : noStatus ? `no status (${mine[0].reason})` : 'no policy verdict',
      label: `SecurityPolicy ${e.ns}/${e.name} on ${e.parentNs}/${e.parent}${e.section ? '/' + e.section : ''}`,
    };
  }
  const sameRoute = (r: any): boolean => r.kind === e.kind && r.namespace === e.ns && r.name === e.name;
  const parent = (rep.parents ?? []).find((p) => sameRoute(p.route) && p.parentRef?.name === e.parent
    && (p.parentRef?.namespace ?? e.ns) === e.parentNs && (p.parentRef?.sectionName ?? undefined) === e.section);
  const backends = (rep.backends ?? []).filter((b) => sameRoute(b.route));
  const attached = parent ? parent.attached : false;
  const resolved = backends.every((b) => b.resolved);
  const unresolved = backends.find((b) => !b.resolved);
  const serverAttached = o.present && o.accepted === 'True';
  const serverResolved = o.present ? o.resolved === 'True' : undefined;
  // Same verdicts, and the same reason where both refuse (the analysis reports Gateway API reasons).
  return {
    agrees: attached === serverAttached
      && (attached || !o.present || !parent || parent.reason === o.acceptedReason)
      && (serverResolved === undefined || !serverAttached || resolved === serverResolved)
      && (resolved || !serverAttached || !unresolved || unresolved.reason === o.resolvedReason),
    offline: parent ? `attached=${attached}${parent.reason ? '/' + parent.reason : ''} resolved=${resolved}${unresolved?.reason ? '/' + unresolved.reason : ''}` : 'no parent verdict',
  };
}

export function proof3(known: KnownDifference[]): { passed: boolean; summary: string } {
  const files = fs.readdirSync(ATTACHMENT).filter((f) => f.endsWith('.yaml')).sort();
  const cases = files.map((f) => {
    const file = path.join(ATTACHMENT, f);
    const id = path.basename(f, '.yaml');
    const h = header(file);
    if (!h.why?.length || !h.expect?.length) throw new Error(`${f}: '# why:' and at least one '# expect:' line are required`);
    const map = (ns: string): string => `p3-${label(id, 40)}-${ns}`.slice(0, 63).replace(/-+$/, '');
    return { id, file, why: h.why.join(' '), expects: h.expect.map(parseExpect), objs: readYamlDocs(file), map };
  });
  log(`proof 3: ${cases.length} attachment cases, ${cases.reduce((n, c) => n + c.expects.length, 0)} verdicts`);
  const gatewayClass = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'it-attachment' }, spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' } };
  const applyFailures: string[] = [];
  kubectl(['apply', '--server-side', '--field-manager', 'integration', '-f', '-'], { input: toYaml([gatewayClass]) });
  // Test-only TLS material for certificate cases ({{TLS_CRT}} / {{TLS_KEY}} in the case files), made per run.
  const tlsDir = path.join(env('INTEGRATION_RUN_DIR'), 'attachment-tls');
  fs.mkdirSync(tlsDir, { recursive: true });
  const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=*.example.com',
    '-addext', 'subjectAltName=DNS:*.example.com,DNS:example.com', '-keyout', path.join(tlsDir, 'tls.key'), '-out', path.join(tlsDir, 'tls.crt')], { encoding: 'utf8', timeout: 60_000 });
  if (gen.status !== 0) throw new Error(`openssl could not make the test certificate: ${gen.stderr}`);
  const b64 = (f: string): string => fs.readFileSync(path.join(tlsDir, f)).toString('base64');
  const tls = (objs: K8sObject[]): K8sObject[] => JSON.parse(JSON.stringify(objs).replace(/\{\{TLS_CRT\}\}/g, b64('tls.crt')).replace(/\{\{TLS_KEY\}\}/g, b64('tls.key')));
  for (const c of cases) {
    const objs = tls(rename(c.objs, c.map));
    const nsDeclared = new Set(objs.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
    const implicit = [...new Set(objs.map((o) => o.metadata.namespace).filter((n): n is string => !!n && !nsDeclared.has(n)))]
      .map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } }));
    const ordered = [...objs.filter((o) => o.kind === 'Namespace'), ...implicit, ...objs.filter((o) => o.kind !== 'Namespace')];
    const slices = endpointSlicesFor(objs.filter((o) => o.kind === 'Service'), 100);
    const r = kubectl(['apply', '--server-side', '--field-manager', 'integration', '-f', '-'], { input: toYaml([...ordered, ...slices]) });
    if (r.code !== 0) applyFailures.push(`${c.id}: ${r.stderr.trim().replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  // InferencePool backends and AI routes need the AI Gateway controller as Envoy Gateway's extension.
  const needsAi = (c: { objs: K8sObject[] }): boolean => c.objs.some((o) => /^(aigateway\.envoyproxy\.io|inference\.networking\.k8s\.io)\//.test(o.apiVersion));
  const aiMissing = !env('INTEGRATION_COMPONENTS').includes('ai-gateway');
  const skippedCases = aiMissing ? cases.filter(needsAi) : [];
  const all = cases.filter((c) => !skippedCases.includes(c)).flatMap((c) => c.expects.map((e) => ({ c, e })));
  waitUntil(`Envoy Gateway's route conditions on ${all.length} verdicts of ${cases.length} cases`, Number(process.env.INTEGRATION_PROOF3_WAIT ?? 120),
    () => all.every(({ c, e }) => matches(e, observe(e, c.map))), 3000);
  const problems: string[] = [...applyFailures.map((x) => `apply failed: ${x}`)];
  const rows: string[][] = [];
  let agreeN = 0;
  let skippedN = 0;
  for (const c of skippedCases) {
    for (const e of c.expects) rows.push([c.id, `${e.kind} ${e.ns}/${e.name} -> ${e.parentNs}/${e.parent}`, e.text.split(': ').slice(1).join(': '), 'SKIPPED: Envoy AI Gateway did not build', 'SKIPPED', 'SKIPPED', 'SKIPPED']);
  }
  for (const c of cases.filter((x) => !skippedCases.includes(x))) {
    // Each case is a complete world: --strict makes a reference to anything outside it an error. The cases'
    // GatewayClass (it-attachment, Envoy Gateway's controllerName) is applied apart from the case files, so the
    // controller whose verdicts (InvalidKind, route kinds) are compared is named: Envoy Gateway.
    const rep = runOffline([c.file], ['--strict', '--controller', 'envoy-gateway']);
    for (const e of c.expects) {
      const o = observe(e, c.map);
      const okDesign = matches(e, o);
      const judged = typeof rep === 'string' ? undefined : offlineVerdict(e, o, rep);
      let agreement = 'SKIPPED';
      if (judged === undefined) {
        skippedN++;
      } else if (judged.agrees) {
        agreement = 'agree';
        agreeN++;
      } else if (known.find((k) => k.proof === '3' && k.case === c.id)) {
        agreement = 'known difference';
      } else {
        agreement = 'DISAGREE';
        problems.push(`${c.id} (${e.text}): Envoy Gateway ${show(o)}, offline ${judged.offline}; not in known-differences.yaml`);
      }
      if (!okDesign) problems.push(`${c.id}: designed '${e.text}', Envoy Gateway says ${show(o)}`);
      const what = judged?.label ?? `${e.kind} ${e.ns}/${e.name} -> ${e.parentNs}/${e.parent}${e.section ? '/' + e.section : ''}`;
      rows.push([c.id, what, e.text.split(': ').slice(1).join(': '), show(o), okDesign ? 'as designed' : 'NOT AS DESIGNED', judged?.offline ?? 'SKIPPED', agreement]);
    }
  }
  console.log('\nProof 3, attachment analysis vs Envoy Gateway (namespaces shown before renaming to fresh ones)\n');
  console.log(table(['case', 'route -> parent', 'designed', 'envoy-gateway', 'design', 'offline', 'agreement'], rows));
  const summary = `proof 3: ${cases.length} cases, ${rows.length} verdicts; ${rows.filter((r) => r[4] === 'as designed').length} as designed by Envoy Gateway, ${rows.filter((r) => r[4] === 'SKIPPED').length} SKIPPED; offline: ${skippedN === rows.length ? 'SKIPPED (validator not built)' : `${agreeN} agree`}`;
  console.log(`\n${summary}`);
  for (const p of problems) console.log(`proof 3 FAIL: ${p}`);
  return { passed: problems.length === 0, summary };
}
