// Proof 4, the operator's day-2 loop: a cdk8s app outside the repository, on the packed library tarball, taken
// through four versions (v1, then models removed and added, then a rename and a credential change, then back to v1)
// with the real cdk8s-cli (`cdk8s synth`, which wipes dist/ before it runs the app) and applied each time with the
// command the library's ApplySet gives. After each step: the cluster holds exactly what the step declares, models the
// step did not touch keep their AIGatewayRoute object and rule index, the AI Gateway controller accepts every AI
// object, and a read-back shows no drift. The rule placement lives in the lock file beside cdk8s.yaml.
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { driftedFields } from './drift';
import { K8sObject, REPO, condition, env, kubectlOk, log, readYamlDocs, table, toYaml, waitUntil } from './lib';

const GATEWAY = 'day2';
const ROUTE_NS = 'day2-models';
const PROVIDER_NS = 'day2-providers';
const NAMESPACES = [ROUTE_NS, PROVIDER_NS];
const ROUTE = 'models';
const APPLYSET = 'ai-models';
const CHART = 'ai-models';
const LOCK = 'cdk8s-ai-gateway.lock.json';
const PART_OF = 'applyset.kubernetes.io/part-of';
const MODEL_HEADER = 'x-ai-eg-model';

/** Every kind the app can emit (AiGateway, AiModelRoute, backends, credentials, grants), as kubectl resource names. */
const APP_KINDS: Record<string, string> = {
  Namespace: 'namespaces',
  GatewayClass: 'gatewayclasses.gateway.networking.k8s.io',
  Gateway: 'gateways.gateway.networking.k8s.io',
  ReferenceGrant: 'referencegrants.gateway.networking.k8s.io',
  EnvoyProxy: 'envoyproxies.gateway.envoyproxy.io',
  ClientTrafficPolicy: 'clienttrafficpolicies.gateway.envoyproxy.io',
  Backend: 'backends.gateway.envoyproxy.io',
  AIGatewayRoute: 'aigatewayroutes.aigateway.envoyproxy.io',
  AIServiceBackend: 'aiservicebackends.aigateway.envoyproxy.io',
  BackendSecurityPolicy: 'backendsecuritypolicies.aigateway.envoyproxy.io',
};
const CLUSTER_SCOPED = new Set(['Namespace', 'GatewayClass']);
const AI_KINDS = ['AIGatewayRoute', 'AIServiceBackend', 'BackendSecurityPolicy'];

// --- the app's versions, as data: models -> backend -> credential (a Secret in a namespace) ---------------------------

interface Credential { secret: string; namespace: string }
interface BackendDef { host: string; namespace: string; credential: string }
interface StepData {
  name: string;
  what: string;
  credentials: Record<string, Credential>;
  backends: Record<string, BackendDef>;
  models: Record<string, string>;
}

const CREDENTIALS: Record<string, Credential> = {
  'key-a': { secret: 'key-a', namespace: ROUTE_NS },
  'key-b': { secret: 'key-b', namespace: ROUTE_NS },
  'key-c': { secret: 'key-c', namespace: PROVIDER_NS },
};
/** key-b has one backend with one model (model-05); the providers' backends live in the second namespace. */
const BACKENDS: Record<string, BackendDef> = {
  'openai-1': { host: 'openai-1.example.net', namespace: ROUTE_NS, credential: 'key-a' },
  'openai-2': { host: 'openai-2.example.net', namespace: ROUTE_NS, credential: 'key-a' },
  'openai-3': { host: 'openai-3.example.net', namespace: ROUTE_NS, credential: 'key-a' },
  'single': { host: 'single.example.net', namespace: ROUTE_NS, credential: 'key-b' },
  'provider-1': { host: 'provider-1.example.net', namespace: PROVIDER_NS, credential: 'key-c' },
  'provider-2': { host: 'provider-2.example.net', namespace: PROVIDER_NS, credential: 'key-c' },
  'provider-3': { host: 'provider-3.example.net', namespace: PROVIDER_NS, credential: 'key-c' },
};
const SHARED = Object.keys(BACKENDS).filter((b) => b !== 'single');
const SINGLE_MODEL = 'model-05';
const modelName = (i: number): string => `model-${String(i).padStart(2, '0')}`;

/**
 * v1: 32 models, 15 rules per AIGatewayRoute: two full objects and a third holding two. (30 models would fill exactly
 * two objects, and no removal of 5 models could then empty one.)
 */
function v1(): StepData {
  const models: Record<string, string> = {};
  for (let i = 1; i <= 32; i++) models[modelName(i)] = modelName(i) === SINGLE_MODEL ? 'single' : SHARED[i % SHARED.length];
  return { name: 'v1', what: '32 models, 3 credentials, 2 namespaces', credentials: CREDENTIALS, backends: BACKENDS, models };
}

/**
 * v2, from v1's synthesized placement: 5 models removed, every model of v1's smallest AIGatewayRoute object (so that
 * object goes), the only model of key-b (so its backend and policy go), and models of that model's object to make 5;
 * 3 added (they fill the holes left in that object).
 */
function v2(prev: StepData, placement: Map<string, { object: string; index: number }>): StepData {
  const byObject = new Map<string, string[]>();
  for (const [model, p] of placement) byObject.set(p.object, [...byObject.get(p.object) ?? [], model]);
  const smallest = [...byObject.entries()].sort((a, b) => a[1].length - b[1].length || a[0].localeCompare(b[0]))[0];
  const removed = new Set(smallest[1]);
  removed.add(SINGLE_MODEL);
  const home = placement.get(SINGLE_MODEL)!.object;
  for (const m of byObject.get(home)!.sort().reverse()) if (removed.size < 5 && !removed.has(m)) removed.add(m);
  if (removed.size !== 5) throw new Error(`v2 would remove ${removed.size} models (${[...removed].join(', ')}), not 5: v1's placement is not the expected one`);
  const models = Object.fromEntries(Object.entries(prev.models).filter(([m]) => !removed.has(m)));
  for (let i = 33; i <= 35; i++) models[modelName(i)] = SHARED[i % SHARED.length];
  const backends = Object.fromEntries(Object.entries(prev.backends).filter(([b]) => Object.values(models).includes(b)));
  const credentials = Object.fromEntries(Object.entries(prev.credentials).filter(([c]) => Object.values(backends).some((b) => b.credential === c)));
  return {
    name: 'v2',
    what: `removed ${[...removed].sort().join(', ')} (all of ${smallest[0]}, key-b's only model); added model-33..35`,
    credentials,
    backends,
    models,
  };
}

/** v3: model-10 renamed model-10-v2 (same backend); backend provider-1 moved from key-c to key-a (a Secret in the other namespace). */
function v3(prev: StepData): StepData {
  const models = Object.fromEntries(Object.entries(prev.models).map(([m, b]) => [m === 'model-10' ? 'model-10-v2' : m, b]));
  const backends = { ...prev.backends, 'provider-1': { ...prev.backends['provider-1'], credential: 'key-a' } };
  return { name: 'v3', what: 'model-10 renamed model-10-v2; backend provider-1 moved from key-c to key-a', credentials: prev.credentials, backends, models };
}

function v4(): StepData {
  return { ...v1(), name: 'v4', what: 'back to v1' };
}

/** The app's main.js for one version: the library's public API, fed the version's data. */
function mainJs(data: StepData): string {
  const desc = { credentials: data.credentials, backends: data.backends, models: data.models };
  return `// Generated by the integration proof 4 (${data.name}: ${data.what}).
const fs = require('fs');
const path = require('path');
const { App, Chart } = require('cdk8s');
const { AiBackend, AiGateway, AiModelRoute, ApplySet, BackendCredential, RulePlacement } = require('cdk8s-ai-gateway');

const DATA = ${JSON.stringify(desc, null, 2)};

const app = new App();
const chart = new Chart(app, ${JSON.stringify(CHART)});
const gateway = new AiGateway(chart, 'gateway', { name: ${JSON.stringify(GATEWAY)}, namespace: ${JSON.stringify(ROUTE_NS)} });
const credentials = {};
for (const [name, c] of Object.entries(DATA.credentials)) {
  credentials[name] = BackendCredential.apiKey({ secretName: c.secret, secretNamespace: c.namespace, policyName: name });
}
const backends = {};
for (const [name, b] of Object.entries(DATA.backends)) {
  backends[name] = AiBackend.fromFqdn(b.host, 443, { name, namespace: b.namespace, credential: credentials[b.credential] });
}
if (typeof RulePlacement.fromLockFile !== 'function') {
  throw new Error('cdk8s-ai-gateway has no RulePlacement.fromLockFile(): this version of the library keeps no lock file');
}
const route = new AiModelRoute(chart, 'models', {
  gateway,
  name: ${JSON.stringify(ROUTE)},
  placement: RulePlacement.fromLockFile(${JSON.stringify(LOCK)}),
});
for (const [name, backend] of Object.entries(DATA.models)) route.addModel({ name, backends: [{ backend: backends[backend] }] });
const applySet = new ApplySet(chart, 'prune', { name: ${JSON.stringify(APPLYSET)}, namespace: ${JSON.stringify(ROUTE_NS)} });
app.synth();
// What the library says to run (for the output folder as seen from here); the proof runs exactly this.
fs.writeFileSync('prune-command.txt', applySet.pruneCommand(path.relative(process.cwd(), app.outdir) || '.') + '\\n');
`;
}

// --- the app: npm install once, cdk8s synth per step -------------------------------------------------------------------

interface RunOptions { cwd: string; env?: NodeJS.ProcessEnv; timeoutSec: number; input?: string }
function run(cmd: string, args: string[], opts: RunOptions): { code: number; out: string } {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, input: opts.input, encoding: 'utf8', timeout: opts.timeoutSec * 1000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) return { code: 124, out: `${cmd} ${args.join(' ')}: ${r.error.message}\n${r.stdout ?? ''}${r.stderr ?? ''}` };
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

/** The packed library (npx projen package:js). */
function tarball(): string {
  const dir = path.join(REPO, 'dist', 'js');
  const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^cdk8s-ai-gateway.*\.tgz$/.test(f)).sort() : [];
  if (found.length !== 1) throw new Error(`expected one packed library in dist/js, found ${found.length ? found.join(', ') : 'none'} (run npx projen compile && npx projen package:js)`);
  return path.join(dir, found[0]);
}

/**
 * Installs the tarball and its peer dependencies (the versions the repository builds with) from the registry. The
 * proofs run in a network namespace without a way out: npm runs in the namespace the harness was started in.
 */
function installApp(appDir: string): void {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const peers = ['cdk8s', 'constructs', 'cdk8s-plus-28'].map((p) => `${p}@${pkg.devDependencies[p]}`);
  fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify({ name: 'day2-app', private: true, version: '0.0.0' }, null, 2));
  const npmArgs = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball(), ...peers];
  const hostNet = process.env.INTEGRATION_HOST_NETNS;
  const [cmd, args] = hostNet ? ['nsenter', [`--net=${hostNet}`, 'npm', ...npmArgs]] : ['npm', npmArgs];
  const t0 = Date.now();
  const r = run(cmd, args, { cwd: appDir, timeoutSec: 300 });
  if (r.code !== 0) throw new Error(`npm install in ${appDir} failed (${r.code}): ${r.out.trim().slice(-800)}`);
  log(`proof 4: installed ${path.basename(tarball())} and ${peers.join(', ')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** The cdk8s CLI the repository builds with. */
function cdk8sCli(): string {
  const cli = path.join(REPO, 'node_modules', '.bin', 'cdk8s');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing (npm ci installs cdk8s-cli)`);
  return cli;
}

const sha = (file: string): string | undefined => fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 12) : undefined;

interface Synth { ok: boolean; note: string; objects: K8sObject[]; command?: string; lock: string; lockOk: boolean }

/**
 * `cdk8s synth` in the app folder. The operator's synth runs without CI in its environment (the harness may run in a
 * pipeline, which freezes the lock file); `ci` sets it, as a pipeline synthesizing the committed app would.
 */
function cdk8sSynth(appDir: string, ci: boolean): { code: number; out: string } {
  const environment: NodeJS.ProcessEnv = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
  if (ci) environment.CI = 'true';
  else delete environment.CI;
  return run(cdk8sCli(), ['synth'], { cwd: appDir, timeoutSec: 180, env: environment });
}

/** The text of every file in a folder, for comparing two synths. */
function snapshot(dir: string): string {
  return fs.readdirSync(dir).sort().map((f) => `${f}\n${fs.readFileSync(path.join(dir, f), 'utf8')}`).join('\n');
}

/** `cdk8s synth` of one version; checks that the CLI wiped dist/ and that the lock file is beside cdk8s.yaml. */
function synth(appDir: string, data: StepData, first: boolean): Synth {
  fs.writeFileSync(path.join(appDir, 'main.js'), mainJs(data));
  const dist = path.join(appDir, 'dist');
  fs.mkdirSync(dist, { recursive: true });
  fs.writeFileSync(path.join(dist, 'left-by-the-proof.txt'), 'cdk8s synth deletes dist/ before it runs the app\n');
  fs.rmSync(path.join(appDir, 'prune-command.txt'), { force: true });
  const lockFile = path.join(appDir, LOCK);
  const lockBefore = sha(lockFile);
  const r = cdk8sSynth(appDir, false);
  const lockAfter = sha(lockFile);
  const lock = first
    ? (lockBefore === undefined && lockAfter !== undefined ? `created (${lockAfter})` : lockAfter === undefined ? 'NOT WRITTEN' : `present before the first synth (${lockBefore})`)
    : lockAfter === undefined ? 'GONE' : lockAfter === lockBefore ? `kept, unchanged (${lockAfter})` : `kept, updated ${lockBefore} -> ${lockAfter}`;
  const inDist = fs.existsSync(path.join(dist, LOCK));
  const lockOk = !inDist && lockAfter !== undefined && (!first || lockBefore === undefined);
  if (r.code !== 0) return { ok: false, lockOk, note: `cdk8s synth failed (${r.code}): ${r.out.trim().split('\n').filter((l) => /Error|error/.test(l)).slice(0, 3).join(' / ').slice(0, 300) || r.out.trim().slice(-300)}`, objects: [], lock };
  const problems: string[] = [];
  if (fs.existsSync(path.join(dist, 'left-by-the-proof.txt'))) problems.push('cdk8s synth did not wipe dist/');
  const files = fs.readdirSync(dist).filter((f) => f.endsWith('.yaml')).sort();
  const objects = files.flatMap((f) => readYamlDocs(path.join(dist, f)));
  const cmdFile = path.join(appDir, 'prune-command.txt');
  const command = fs.existsSync(cmdFile) ? fs.readFileSync(cmdFile, 'utf8').trim() : undefined;
  if (!command) problems.push('the app wrote no prune command');
  // The pipeline's synth of what the operator commits (main.js and the lock file): CI set, so the lock file is frozen.
  // It must succeed, leave the lock file alone and give the same output.
  const before = snapshot(dist);
  const ci = cdk8sSynth(appDir, true);
  const lockCi = sha(lockFile);
  const after = snapshot(dist);
  const frozen = ci.code !== 0 ? `FAILED: ${ci.out.trim().split('\n').filter((l) => /rror/.test(l)).slice(0, 2).join(' / ').slice(0, 300)}`
    : lockCi !== lockAfter ? 'CHANGED THE LOCK FILE' : after !== before ? 'OTHER OUTPUT' : 'same output, lock file untouched';
  if (!frozen.startsWith('same')) problems.push(`synth with CI set: ${frozen}`);
  log(`proof 4 ${data.name}: synthesized ${files.join(', ')} and ${fs.readdirSync(dist).filter((f) => !f.endsWith('.yaml')).join(', ') || 'nothing else'} in dist/; ` +
    `${objects.length} objects; lock file ${lock}; prune command: ${command ?? '(none)'}; again with CI set (lock file frozen): ${frozen}`);
  return { ok: problems.length === 0, note: problems.join('; '), objects, command, lock: inDist ? `${lock}; ALSO IN dist/` : lock, lockOk };
}

/**
 * Runs the library's command in the app folder with the harness's kubectl (as `kubectl` on the PATH and as $KUBECTL)
 * and, as an argument the command passes on to kubectl, `--kubeconfig`: KUBECONFIG is unset, so an argument that did
 * not reach kubectl makes it fail (nothing listens where kubectl goes without one).
 */
function apply(appDir: string, command: string, binDir: string): { ok: boolean; out: string } {
  const environment: NodeJS.ProcessEnv = { ...process.env, PATH: `${binDir}:${process.env.PATH}`, KUBECTL: env('INTEGRATION_KUBECTL') };
  delete environment.KUBECONFIG;
  const r = run('bash', ['-c', `${command} --kubeconfig ${env('INTEGRATION_KUBECONFIG')}`], { cwd: appDir, timeoutSec: 240, env: environment });
  return { ok: r.code === 0, out: r.out };
}

// --- what the cluster holds -----------------------------------------------------------------------------------------

const key = (o: K8sObject): string => `${o.kind} ${o.metadata.namespace ? o.metadata.namespace + '/' : ''}${o.metadata.name}`;

/**
 * The app's objects in the cluster: every object of an app kind in the app's namespaces, every one carrying an
 * ApplySet part-of label anywhere, and the cluster-scoped ones of a name the app ever declared. Objects a
 * controller generated (they have an owner) are not the app's.
 */
function clusterObjects(everDeclared: Set<string>): Map<string, K8sObject> {
  const out = new Map<string, K8sObject>();
  const r = kubectlOk(['get', Object.values(APP_KINDS).join(','), '-A', '-o', 'json'], { timeoutSec: 60 });
  for (const o of JSON.parse(r).items as K8sObject[]) {
    if ((o.metadata.ownerReferences ?? []).length > 0) continue;
    const ns = o.metadata.namespace;
    const labelled = o.metadata.labels?.[PART_OF] !== undefined;
    const mine = CLUSTER_SCOPED.has(o.kind) ? everDeclared.has(key(o)) : NAMESPACES.includes(ns ?? '');
    if (labelled || mine) out.set(key(o), o);
  }
  return out;
}

/**
 * The declared objects as the API server stores them, read at the apiVersion each was declared in (what a GitOps
 * tool compares): a ReferenceGrant declared as v1beta1 is read as v1beta1, not at the group's preferred version.
 */
function readBack(declared: K8sObject[]): Map<string, K8sObject> {
  const out = new Map<string, K8sObject>();
  const wanted = new Set(declared.map(key));
  for (const apiVersion of [...new Set(declared.map((o) => `${o.apiVersion} ${o.kind}`))].sort()) {
    const [groupVersion, kind] = apiVersion.split(' ');
    const [group, version] = groupVersion.includes('/') ? groupVersion.split('/') : ['', groupVersion];
    const plural = APP_KINDS[kind]?.split('.')[0] ?? `${kind.toLowerCase()}s`;
    const r = kubectlOk(['get', group ? `${plural}.${version}.${group}` : plural, '-A', '-o', 'json'], { timeoutSec: 60 });
    for (const o of JSON.parse(r).items as K8sObject[]) if (wanted.has(key(o))) out.set(key(o), o);
  }
  return out;
}

/** Model name to its AIGatewayRoute object and rule index, as the YAML places it. */
function placementOf(objects: K8sObject[]): Map<string, { object: string; index: number }> {
  const out = new Map<string, { object: string; index: number }>();
  for (const o of objects.filter((x) => x.kind === 'AIGatewayRoute')) {
    (o.spec?.rules ?? []).forEach((rule: any, index: number) => {
      for (const m of rule.matches ?? []) {
        for (const h of m.headers ?? []) if (h.name === MODEL_HEADER) out.set(String(h.value), { object: o.metadata.name, index });
      }
    });
  }
  return out;
}

/** The x-ai-eg-model values an AIGatewayRoute (or the HTTPRoute generated from it) matches. */
function modelsOf(o: K8sObject | undefined): string {
  const out: string[] = [];
  for (const rule of o?.spec?.rules ?? []) {
    for (const m of rule.matches ?? []) for (const h of m.headers ?? []) if (h.name === MODEL_HEADER) out.push(String(h.value));
  }
  return out.sort().join(',');
}

/**
 * An AI object's verdicts. `accepted`: the AI Gateway controller's Accepted=True (its conditions carry no
 * observedGeneration; a failure shows as a NotAccepted condition instead). `resolved`, for an AIGatewayRoute: the
 * HTTPRoute the controller generated from it matches the route's current models (so it was made from this
 * generation), and Envoy Gateway reports every parent Accepted and ResolvedRefs for that HTTPRoute's generation.
 * `settled`: the verdict will not change by waiting (an HTTPRoute verdict for an older generation is not settled).
 */
interface AiVerdict { accepted: boolean | 'no status'; resolved?: boolean; settled: boolean; why: string }
function aiVerdict(declared: K8sObject, o: K8sObject | undefined, generated: Map<string, K8sObject>): AiVerdict {
  if (!o) return { accepted: false, settled: false, why: 'not in the cluster' };
  const conds = o.status?.conditions ?? [];
  if (o.kind === 'BackendSecurityPolicy' && !conds.length) return { accepted: 'no status', settled: true, why: 'no status' };
  const c = condition(conds, 'Accepted');
  const accepted = c?.status === 'True';
  const why = accepted ? '' : (conds.map((x: any) => `${x.type}=${x.status} ${x.reason ?? ''}: ${x.message ?? ''}`).join('; ') || 'no condition');
  if (o.kind !== 'AIGatewayRoute') return { accepted, settled: accepted, why };
  const route = generated.get(`${o.metadata.namespace}/${o.metadata.name}`);
  if (!route || modelsOf(route) !== modelsOf(declared)) {
    return { accepted, resolved: false, settled: false, why: why || (route ? 'the generated HTTPRoute holds other models' : 'no generated HTTPRoute') };
  }
  const parents = route.status?.parents ?? [];
  const generation = route.metadata.generation;
  const fresh = parents.length > 0 && parents.every((p: any) => (p.conditions ?? []).every((x: any) => x.observedGeneration === generation));
  const bad = parents.flatMap((p: any) => ['Accepted', 'ResolvedRefs'].map((t) => condition(p.conditions, t)).filter((x) => x?.status !== 'True')
    .map((x) => `HTTPRoute ${x ? `${x.reason}: ${x.message}` : 'condition missing'}`));
  const resolved = fresh && bad.length === 0;
  return { accepted, resolved, settled: accepted && fresh, why: [why, ...bad].filter(Boolean).join('; ').replace(/\s+/g, ' ') };
}

function generatedRoutes(): Map<string, K8sObject> {
  const out = new Map<string, K8sObject>();
  const r = kubectlOk(['get', 'httproutes.gateway.networking.k8s.io', '-n', ROUTE_NS, '-o', 'json'], { timeoutSec: 60 });
  for (const o of JSON.parse(r).items as K8sObject[]) {
    if ((o.metadata.ownerReferences ?? []).some((x: any) => x.kind === 'AIGatewayRoute')) out.set(`${o.metadata.namespace}/${o.metadata.name}`, o);
  }
  return out;
}

interface StepResult {
  step: string;
  synth: string;
  apply: string;
  lock: string;
  lockOk: boolean;
  declared: number;
  inCluster: number;
  leftBehind: string[];
  missing: string[];
  unlabelled: string[];
  moved: string[];
  drifted: number;
  driftPaths: string[];
  accepted: number;
  judged: number;
  notAccepted: string[];
  routes: number;
  resolved: number;
  unresolved: string[];
  passed: boolean;
}

function emptyResult(step: string, synthNote: string, lock: string, applyNote: string): StepResult {
  return {
    step,
    synth: synthNote,
    apply: applyNote,
    lock,
    lockOk: false,
    declared: 0,
    inCluster: 0,
    leftBehind: [],
    missing: [],
    unlabelled: [],
    moved: [],
    drifted: 0,
    driftPaths: [],
    accepted: 0,
    judged: 0,
    notAccepted: [],
    routes: 0,
    resolved: 0,
    unresolved: [],
    passed: false,
  };
}

function checkStep(data: StepData, declared: K8sObject[], prevDeclared: K8sObject[] | undefined, everDeclared: Set<string>, s: Synth,
  applied: { ok: boolean; out: string }): StepResult {
  const declaredByKey = new Map(declared.map((o) => [key(o), o]));
  // The controllers' verdicts first (a bounded wait until each is settled): the read-back for the counts and the
  // drift is taken after it.
  const aiDeclared = declared.filter((o) => AI_KINDS.includes(o.kind));
  let verdicts = new Map<string, AiVerdict>();
  const judge = (): boolean => {
    const live = clusterObjects(everDeclared);
    const generated = generatedRoutes();
    verdicts = new Map(aiDeclared.map((o) => [key(o), aiVerdict(o, live.get(key(o)), generated)]));
    return [...verdicts.values()].every((v) => v.settled);
  };
  if (!applied.ok) {judge();} else if (aiDeclared.length) {
    waitUntil(`proof 4 ${data.name}: verdicts of the AI Gateway controller on ${aiDeclared.length} AI objects, and of Envoy Gateway on the HTTPRoutes generated from the AIGatewayRoutes`,
      Number(process.env.INTEGRATION_PROOF4_WAIT ?? 90), judge, 2000);
  }
  const live = clusterObjects(everDeclared);
  const leftBehind = [...live.keys()].filter((k) => !declaredByKey.has(k)).sort();
  const missing = [...declaredByKey.keys()].filter((k) => !live.has(k)).sort();
  const unlabelled = [...declaredByKey.keys()].filter((k) => live.has(k) && live.get(k)!.metadata.labels?.[PART_OF] === undefined).sort();
  const moved: string[] = [];
  if (prevDeclared) {
    const before = placementOf(prevDeclared);
    for (const [model, p] of placementOf(declared)) {
      const q = before.get(model);
      if (q && (q.object !== p.object || q.index !== p.index)) moved.push(`${model}: ${q.object}#${q.index} -> ${p.object}#${p.index}`);
    }
  }
  const driftByKind = new Map<string, number>();
  const paths = new Map<string, number>();
  const examples = new Map<string, string>();
  const stored = readBack(declared);
  for (const [k, o] of declaredByKey) {
    const back = stored.get(k);
    if (!back) continue;
    for (const d of driftedFields(o, back)) {
      driftByKind.set(o.kind, (driftByKind.get(o.kind) ?? 0) + 1);
      const p = `${o.kind} ${d.path.replace(/\[\d+\]/g, '[*]')}`;
      paths.set(p, (paths.get(p) ?? 0) + 1);
      if (!examples.has(p)) examples.set(p, `declared ${JSON.stringify(d.declared) ?? 'nothing'}, stored ${JSON.stringify(d.stored) ?? 'nothing'}`.slice(0, 160));
    }
  }
  const drifted = [...driftByKind.values()].reduce((a, b) => a + b, 0);
  const judged = [...verdicts.entries()].filter(([, v]) => v.accepted !== 'no status');
  const noStatus = [...verdicts.entries()].filter(([, v]) => v.accepted === 'no status').map(([k]) => k);
  if (noStatus.length) log(`proof 4 ${data.name}: ${noStatus.length} BackendSecurityPolicies carry no status (not judged): ${noStatus.join(', ')}`);
  const routes = [...verdicts.entries()].filter(([, v]) => v.resolved !== undefined);
  const result: StepResult = {
    step: data.name,
    synth: s.ok ? 'ok' : s.note,
    apply: applied.ok ? 'ok' : 'FAILED',
    lock: s.lock,
    lockOk: s.lockOk,
    declared: declared.length,
    inCluster: live.size,
    leftBehind,
    missing,
    unlabelled,
    moved,
    drifted,
    driftPaths: [...paths.entries()].sort((a, b) => b[1] - a[1]).map(([p, n]) => `${p} x${n} (${examples.get(p)})`),
    accepted: judged.filter(([, v]) => v.accepted === true).length,
    judged: judged.length,
    notAccepted: judged.filter(([, v]) => v.accepted !== true).map(([k, v]) => `${k} (${v.why})`).sort(),
    routes: routes.length,
    resolved: routes.filter(([, v]) => v.resolved).length,
    unresolved: routes.filter(([, v]) => !v.resolved).map(([k, v]) => `${k} (${v.why})`).sort(),
    passed: false,
  };
  result.passed = s.ok && s.lockOk && applied.ok && !leftBehind.length && !missing.length && !unlabelled.length && !moved.length && drifted === 0
    && !result.notAccepted.length && !result.unresolved.length;

  // One table per step: a row per kind, then the total.
  const kinds = Object.keys(APP_KINDS).filter((k) => declared.some((o) => o.kind === k) || [...live.values()].some((o) => o.kind === k));
  const rows = kinds.map((kind) => {
    const of = (ks: string[]): string => String(ks.filter((k) => k.startsWith(`${kind} `)).length);
    const v = declared.filter((o) => o.kind === kind).map((o) => verdicts.get(key(o))!).filter((x) => x && x.accepted !== 'no status');
    const acc = AI_KINDS.includes(kind) ? `${v.filter((x) => x.accepted === true).length}/${v.length}` : '';
    const res = kind === 'AIGatewayRoute' ? `${v.filter((x) => x.resolved).length}/${v.length}` : '';
    const inCluster = [...live.values()].filter((o) => o.kind === kind).length;
    return [kind, String(declared.filter((o) => o.kind === kind).length), String(inCluster), of(leftBehind),
      of(missing), of(unlabelled), kind === 'AIGatewayRoute' ? String(moved.length) : '', String(driftByKind.get(kind) ?? 0), acc, res];
  });
  rows.push(['total', String(result.declared), String(result.inCluster), String(leftBehind.length), String(missing.length), String(unlabelled.length),
    String(moved.length), String(drifted), `${result.accepted}/${result.judged}`, `${result.resolved}/${result.routes}`]);
  console.log(`\nProof 4, step ${data.name}: ${data.what}\n  synth: ${result.synth}; lock file: ${s.lock}; apply: ${result.apply}\n`);
  console.log(table(['kind', 'declared', 'in the cluster', 'left behind', 'missing', 'unlabelled', 'moved models', 'drifted fields', 'accepted', 'HTTPRoute resolved'], rows));
  const detail = (what: string, xs: string[]): void => {
    if (xs.length) console.log(`  ${what} (${xs.length}):\n${xs.slice(0, 15).map((x) => `    ${x}`).join('\n')}${xs.length > 15 ? `\n    … ${xs.length - 15} more` : ''}`);
  };
  detail('left behind', leftBehind);
  detail('missing', missing);
  detail('unlabelled (the next prune would not see them)', unlabelled);
  detail('moved', moved);
  detail('not Accepted by the AI Gateway controller', result.notAccepted);
  detail('generated HTTPRoute not Accepted/ResolvedRefs by Envoy Gateway', result.unresolved.map((x) => x.slice(0, 400)));
  detail('drifted fields (by kind and path)', result.driftPaths);
  console.log(`  step ${data.name}: ${result.passed ? 'passed' : 'FAILED'}`);
  return result;
}

/** The Secrets the credentials name: known objects the app references and the cluster already has. */
function ensureKnown(): void {
  const nss = NAMESPACES.map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } }));
  kubectlOk(['apply', '--server-side', '--field-manager', 'integration-day2-known', '-f', '-'], { input: toYaml(nss) });
  const secrets = Object.values(CREDENTIALS).map((c) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name: c.secret, namespace: c.namespace },
    stringData: { apiKey: `sk-integration-${c.secret}` },
  }));
  kubectlOk(['apply', '--server-side', '--field-manager', 'integration-day2-known', '-f', '-'], { input: toYaml(secrets) });
}

export function proof4(runDir: string): { passed: boolean; summary: string } {
  const appDir = path.join(runDir, 'day2-app');
  fs.mkdirSync(appDir, { recursive: true });
  fs.writeFileSync(path.join(appDir, 'cdk8s.yaml'), 'app: node main.js\n');
  const binDir = path.join(runDir, 'day2-bin');
  fs.mkdirSync(binDir, { recursive: true });
  fs.symlinkSync(env('INTEGRATION_KUBECTL'), path.join(binDir, 'kubectl'));
  installApp(appDir);
  ensureKnown();

  const results: StepResult[] = [];
  const everDeclared = new Set<string>();
  let prev: { data: StepData; objects: K8sObject[] } | undefined;
  const first = v1();
  const steps: Array<(p?: { data: StepData; objects: K8sObject[] }) => StepData> = [
    () => first,
    (p) => v2(p!.data, placementOf(p!.objects)),
    (p) => v3(p!.data),
    () => v4(),
  ];
  for (const make of steps) {
    let data: StepData;
    try {
      data = make(prev);
    } catch (e) {
      log(`proof 4: the next step cannot be made: ${(e as Error).message}`);
      break;
    }
    const s = synth(appDir, data, prev === undefined);
    if (!s.objects.length || !s.command) {
      console.log(`\nProof 4, step ${data.name}: ${data.what}\n  synth: ${s.note}; lock file: ${s.lock}; nothing to apply`);
      results.push(emptyResult(data.name, s.note, s.lock, 'not run'));
      break;
    }
    for (const o of s.objects) everDeclared.add(key(o));
    const t0 = Date.now();
    const applied = apply(appDir, s.command, binDir);
    log(`proof 4 ${data.name}: ${s.command} -> ${applied.ok ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n${applied.out.trim().split('\n').map((l) => `    ${l}`).join('\n')}`);
    results.push(checkStep(data, s.objects, prev?.objects, everDeclared, s, applied));
    prev = { data, objects: s.objects };
  }

  console.log('\nProof 4, the day-2 loop (per step)\n');
  console.log(table(['step', 'synth', 'lock file', 'apply', 'declared', 'in the cluster', 'left behind', 'missing', 'unlabelled', 'moved models', 'drifted fields', 'accepted', 'HTTPRoute resolved', 'verdict'],
    results.map((r) => [r.step, r.synth, r.lock, r.apply, String(r.declared), String(r.inCluster), String(r.leftBehind.length),
      String(r.missing.length),
      String(r.unlabelled.length), String(r.moved.length), String(r.drifted), `${r.accepted}/${r.judged}`, `${r.resolved}/${r.routes}`, r.passed ? 'ok' : 'FAIL'])));
  const passed = results.length === steps.length && results.every((r) => r.passed);
  const summary = results.map((r) => `${r.step} ${r.passed ? 'ok' : `FAIL (${[
    r.synth !== 'ok' ? 'synth' : '', r.lockOk ? '' : 'lock file', r.apply !== 'ok' ? 'apply' : '', r.leftBehind.length ? `${r.leftBehind.length} left behind` : '',
    r.missing.length ? `${r.missing.length} missing` : '', r.unlabelled.length ? `${r.unlabelled.length} unlabelled` : '',
    r.moved.length ? `${r.moved.length} moved` : '', r.drifted ? `${r.drifted} drifted` : '',
    r.notAccepted.length ? `${r.notAccepted.length} not Accepted` : '', r.unresolved.length ? `${r.unresolved.length} HTTPRoutes unresolved` : '',
  ].filter(Boolean).join(', ')})`}`).join('; ');
  return { passed, summary: summary || 'no step ran' };
}
