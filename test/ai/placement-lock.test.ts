import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import * as YAML from 'yaml';
import { AiBackend, AiModelRoute, BackendCredential, Gateway, RulePlacement } from '../../src';
import { runLockCommand } from '../../src/ai/lock-command';
import { formatLockFile, readLockFile } from '../../src/ai/placement';

const shared = AiBackend.fromFqdn('shared.example.com', 443, { name: 'shared', credential: BackendCredential.apiKey({ secretName: 'k', policyName: 'k' }) });

function names(count: number, prefix = 'm'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
}

/** One model per backend, every third on the shared backend too; a second credential on every fifth. */
function backendsOf(model: string): { backend: AiBackend }[] {
  const n = Number(/(\d+)$/.exec(model)?.[1] ?? 0);
  const own = AiBackend.fromFqdn(`${model}.example.com`, 443, {
    name: `b-${model}`,
    namespace: n % 2 === 0 ? 'llm' : 'other',
    credential: n % 5 === 0 ? BackendCredential.apiKey({ secretName: 'k5', policyName: 'k5' }) : undefined,
  });
  return n % 3 === 0 ? [{ backend: shared }, { backend: own }] : [{ backend: own }];
}

interface Project { readonly dir: string; readonly outdir: string; readonly lock: string }

function project(): Project {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-'));
  return { dir, outdir: path.join(dir, 'dist'), lock: path.join(dir, 'cdk8s-ai-gateway.lock.json') };
}

/** What `cdk8s synth` does: delete the output folder, then run the app, which writes it again. */
function cdk8sSynth(p: Project, models: string[], frozen = false): string {
  fs.rmSync(p.outdir, { recursive: true, force: true });
  const app = new App({ outdir: p.outdir });
  const chart = new Chart(app, 'ai-models', { disableResourceNameHashes: true });
  const gateway = Gateway.fromGatewayAttributes(chart, 'gw', { gatewayName: 'ai', gatewayNamespace: 'llm' });
  const route = new AiModelRoute(chart, 'models', { gateway, name: 'catalog', placement: RulePlacement.fromLockFile(p.lock, { frozen }) });
  for (const model of models) route.addModel({ name: model, backends: backendsOf(model) });
  app.synth();
  return fs.readFileSync(path.join(p.outdir, 'ai-models.k8s.yaml'), 'utf8');
}

/** Model to [object name, rule index]. */
function homes(yaml: string): Map<string, [string, number]> {
  const out = new Map<string, [string, number]>();
  for (const doc of parse(yaml)) {
    if (doc.kind !== 'AIGatewayRoute') continue;
    doc.spec.rules.forEach((rule: any, i: number) => out.set(rule.matches[0].headers[0].value, [doc.metadata.name, i]));
  }
  return out;
}

function parse(yaml: string): any[] {
  return yaml.split(/^---\n/m).filter(s => s.trim() !== '').map(s => YAML.parse(s));
}

/** The documents of a YAML stream, as text, keyed by kind/namespace/name, in output order. */
function documents(yaml: string): [string, string][] {
  return yaml.split(/^---\n/m).filter(s => s.trim() !== '').map(text => {
    const doc = YAML.parse(text);
    return [`${doc.kind}/${doc.metadata.namespace ?? ''}/${doc.metadata.name}`, text] as [string, string];
  });
}

describe('placement lock file', () => {
  test('survives the output folder being deleted before each synth (cdk8s synth): every untouched model keeps its object and rule index', () => {
    const p = project();
    const v1 = names(40);
    const first = homes(cdk8sSynth(p, v1));
    expect(fs.existsSync(p.lock)).toBe(true); // the first synth creates it
    expect(new Set([...first.values()].map(([o]) => o))).toStrictEqual(new Set(['catalog', 'catalog-2', 'catalog-3']));

    // v2: every model of catalog-2 removed, others removed here and there, new ones sorting before, between and after.
    const removed = new Set([...[...first].filter(([, [o]]) => o === 'catalog-2').map(([m]) => m), 'm-001', 'm-039']);
    const added = ['a-first', 'm-0105', 'z-last'];
    const v2 = [...v1.filter(m => !removed.has(m)), ...added];
    const second = homes(cdk8sSynth(p, v2));
    for (const model of v1.filter(m => !removed.has(m))) expect(second.get(model)).toStrictEqual(first.get(model));
    expect([...second.keys()].sort()).toStrictEqual([...v2].sort());
    // New models fill the holes; catalog-2 exists again only if they are needed there.
    for (const model of added) expect(second.has(model)).toBe(true);

    // v3 back to v1: still nobody moved from where v2 had it.
    const third = homes(cdk8sSynth(p, v1));
    for (const model of v1.filter(m => !removed.has(m))) expect(third.get(model)).toStrictEqual(first.get(model));
    expect([...third.keys()].sort()).toStrictEqual([...v1].sort());
    // The lock says what the output says.
    const lock = readLockFile(p.lock)!;
    const fromOutput: Record<string, string[]> = {};
    for (const [model, [object, index]] of third) (fromOutput[object] ??= [])[index] = model;
    expect(lock.routes['llm/catalog']).toStrictEqual(fromOutput);
  });

  test('the lock is written only when it changes, byte-identical for the same placement, keys in order', () => {
    const p = project();
    cdk8sSynth(p, names(20));
    const text = fs.readFileSync(p.lock, 'utf8');
    const mtime = fs.statSync(p.lock).mtimeMs;
    cdk8sSynth(p, [...names(20)].reverse());
    expect(fs.readFileSync(p.lock, 'utf8')).toBe(text);
    expect(fs.statSync(p.lock).mtimeMs).toBe(mtime);
    expect(text).toBe(formatLockFile(JSON.parse(text).routes));
    expect(Object.keys(JSON.parse(text).routes['llm/catalog'])).toStrictEqual(['catalog', 'catalog-2']);
    expect(text.endsWith('\n')).toBe(true);
  });

  test('frozen (a pipeline): a missing or out-of-date lock fails the synth and is not written; an up-to-date one passes', () => {
    const p = project();
    expect(() => cdk8sSynth(p, names(20), true)).toThrow(/placement lock file '.*cdk8s-ai-gateway.lock.json' does not exist, and it is frozen/);
    expect(fs.existsSync(p.lock)).toBe(false);
    cdk8sSynth(p, names(20));
    expect(() => cdk8sSynth(p, names(20), true)).not.toThrow();
    const before = fs.readFileSync(p.lock, 'utf8');
    expect(() => cdk8sSynth(p, names(21), true)).toThrow(/is out of date .*Run the synth where the lock is not frozen .* and commit the lock file/);
    expect(fs.readFileSync(p.lock, 'utf8')).toBe(before);
  });

  test('frozen is the default when CI is set, as npm ci treats package-lock.json', () => {
    const saved = process.env.CI;
    try {
      process.env.CI = 'true';
      expect(RulePlacement.fromLockFile('x.json')._lock?.frozen).toBe(true);
      process.env.CI = 'false';
      expect(RulePlacement.fromLockFile('x.json')._lock?.frozen).toBe(false);
      delete process.env.CI;
      expect(RulePlacement.fromLockFile('x.json')._lock?.frozen).toBe(false);
      expect(RulePlacement.fromLockFile()._lock?.file).toBe(path.resolve('cdk8s-ai-gateway.lock.json'));
    } finally {
      if (saved === undefined) delete process.env.CI; else process.env.CI = saved;
    }
  });

  test('a lock that cannot be read fails the synth, naming the file and the way to recreate it, instead of repacking', () => {
    const cases: [string, (file: string) => void, RegExp][] = [
      ['a directory', f => fs.mkdirSync(f), /is not a regular file/],
      ['not JSON', f => fs.writeFileSync(f, '{ "lockfileVersion": 1, '), /is not JSON/],
      ['empty', f => fs.writeFileSync(f, ''), /is not JSON/],
      ['another version', f => fs.writeFileSync(f, '{"lockfileVersion": 7, "routes": {}}'), /has lockfileVersion 7/],
      ['no routes', f => fs.writeFileSync(f, '{"lockfileVersion": 1}'), /has no 'routes' object/],
      ['a model twice', f => fs.writeFileSync(f, '{"lockfileVersion": 1, "routes": {"llm/catalog": {"catalog": ["a"], "catalog-2": ["a"]}}}'),
        /places model 'a' twice/],
      ['not a list', f => fs.writeFileSync(f, '{"lockfileVersion": 1, "routes": {"llm/catalog": {"catalog": "a"}}}'), /is not a list of model names/],
    ];
    for (const [, make, message] of cases) {
      const p = project();
      make(p.lock);
      expect(() => cdk8sSynth(p, names(20))).toThrow(message);
      expect(() => cdk8sSynth(p, names(20))).toThrow(/kubectl get aigatewayroutes -A -o yaml \| npx cdk8s-ai-gateway lock/);
    }
  });

  test('routes sharing one lock file each keep their entry; an entry of a route the app no longer declares is dropped', () => {
    const p = project();
    const synth = (routes: string[]) => {
      const app = new App({ outdir: p.outdir });
      const chart = new Chart(app, 'ai', { disableResourceNameHashes: true });
      const gateway = Gateway.fromGatewayAttributes(chart, 'gw', { gatewayName: 'ai', gatewayNamespace: 'llm' });
      for (const name of routes) {
        new AiModelRoute(chart, name, {
          gateway,
          name,
          placement: RulePlacement.fromLockFile(p.lock, { frozen: false }),
          models: names(3, name).map(model => ({ name: model, backends: [{ backend: shared }] })),
        });
      }
      app.synth();
      return Object.keys(readLockFile(p.lock)!.routes);
    };
    expect(synth(['b', 'a'])).toStrictEqual(['llm/a', 'llm/b']);
    expect(synth(['a'])).toStrictEqual(['llm/a']);
  });
});

describe('stable output order', () => {
  test('removing models changes only the documents of what was removed: every other document keeps its text and its order', () => {
    const p = project();
    const v1 = names(40);
    const before = documents(cdk8sSynth(p, v1));
    // m-000 is the first model on the shared backend and the second credential: both stay, used by others.
    const v2 = v1.filter(m => !['m-000', 'm-007', 'm-020'].includes(m));
    const after = documents(cdk8sSynth(p, v2));
    const afterKeys = new Set(after.map(([k]) => k));
    const kept = before.filter(([k]) => afterKeys.has(k));
    // The objects that listed what was removed: the AIGatewayRoutes of the removed models, the policy of the removed
    // backends' credential, and the grants of removed backends (dealt 16 to a grant in name order, so a removal moves
    // one entry over each later grant boundary of that set).
    const changed = new Set(['AIGatewayRoute/llm/catalog', 'AIGatewayRoute/llm/catalog-2', 'BackendSecurityPolicy/llm/k5',
      'ReferenceGrant/other/allow-aigatewayroutes-from-llm', 'ReferenceGrant/other/allow-aigatewayroutes-from-llm-2',
      'ReferenceGrant/other/allow-httproutes-from-llm', 'ReferenceGrant/other/allow-httproutes-from-llm-2']);
    expect(after.map(([k]) => k)).toStrictEqual(kept.map(([k]) => k)); // same order, nothing new
    for (const [key, text] of after) {
      if (!changed.has(key)) expect(text).toBe(kept.find(([k]) => k === key)![1]);
    }
    const gone = before.filter(([k]) => !afterKeys.has(k)).map(([k]) => k).sort();
    expect(gone).toStrictEqual(['AIServiceBackend/llm/b-m-000', 'AIServiceBackend/llm/b-m-020', 'AIServiceBackend/other/b-m-007',
      'Backend/llm/b-m-000', 'Backend/llm/b-m-020', 'Backend/other/b-m-007']);
  });

  test('the order of addModel() calls does not change the output', () => {
    const a = cdk8sSynth(project(), names(40));
    const b = cdk8sSynth(project(), [...names(40)].reverse());
    expect(b).toBe(a);
  });
});

describe('cdk8s-ai-gateway lock', () => {
  function run(args: string[]): { code: number; stdout: string; stderr: string } {
    let stdout = '';
    let stderr = '';
    const code = runLockCommand(args, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } });
    return { code, stdout, stderr };
  }

  test('recreates the lock from manifests (as kubectl get -A -o yaml returns them): the next synth keeps every model in place', () => {
    const p = project();
    const output = cdk8sSynth(p, names(40));
    const expected = fs.readFileSync(p.lock, 'utf8');
    fs.rmSync(p.lock);
    // kubectl returns a List, objects in name order.
    const list = path.join(p.dir, 'list.yaml');
    fs.writeFileSync(list, Yaml.stringify({ apiVersion: 'v1', kind: 'List', items: parse(output).filter(o => o.kind === 'AIGatewayRoute').reverse() }));
    expect(run([p.lock, list])).toStrictEqual({ code: 0, stdout: `wrote ${p.lock}: 1 route(s), 3 AIGatewayRoute object(s)\n`, stderr: '' });
    expect(fs.readFileSync(p.lock, 'utf8')).toBe(expected);
  });

  test('without the annotation, <name>-<n> belongs to <name> when that object is there', () => {
    const p = project();
    const route = (name: string, models: string[]) => ({
      apiVersion: 'aigateway.envoyproxy.io/v1beta1',
      kind: 'AIGatewayRoute',
      metadata: { name, namespace: 'llm' },
      spec: { rules: models.map(value => ({ matches: [{ headers: [{ type: 'Exact', name: 'x-ai-eg-model', value }] }] })) },
    });
    const file = path.join(p.dir, 'in.yaml');
    fs.writeFileSync(file, Yaml.stringify(route('a', ['x']), route('a-2', ['y']), route('b-2', ['z'])));
    expect(run([p.lock, file]).code).toBe(0);
    expect(readLockFile(p.lock)!.routes).toStrictEqual({ 'llm/a': { 'a': ['x'], 'a-2': ['y'] }, 'llm/b-2': { 'b-2': ['z'] } });
  });

  test('no manifest: an empty lock; an existing file needs --force; bad usage exits 2', () => {
    const p = project();
    expect(run([p.lock]).code).toBe(0);
    expect(readLockFile(p.lock)).toStrictEqual({ lockfileVersion: 1, routes: {} });
    const again = run([p.lock]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists. Pass --force to replace it');
    expect(run([p.lock, '--force']).code).toBe(0);
    expect(run([]).code).toBe(2);
    expect(run(['--bogus', p.lock]).stderr).toContain("unknown option '--bogus'");
    expect(run([p.lock, '--force', path.join(p.dir, 'missing.yaml')]).code).toBe(2);
    // Input with no AIGatewayRoute (an empty kubectl answer, another context): refused, the lock left as it was.
    const empty = path.join(p.dir, 'empty.yaml');
    fs.writeFileSync(empty, '');
    const before = fs.readFileSync(p.lock, 'utf8');
    const refused = run([p.lock, '--force', empty]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('holds no AIGatewayRoute (0 document(s) read)');
    expect(run([p.lock, '--force', '/dev/null']).code).toBe(2);
    expect(fs.readFileSync(p.lock, 'utf8')).toBe(before);
  });
});
