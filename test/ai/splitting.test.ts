import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import { AiBackend, AiGatewayApiVersion, AiModelRoute, Gateway, RulePlacement } from '../../src';
import { packStable } from '../../src/ai/placement';

const backend = AiBackend.fromFqdn('vllm.models.svc.cluster.local', 8000, { name: 'vllm' });

function modelNames(count: number, prefix = 'model'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
}

function synthRoute(models: string[], placement?: RulePlacement, apiVersion?: AiGatewayApiVersion) {
  const chart = Testing.chart();
  const gateway = Gateway.fromGatewayAttributes(chart, 'gw', { gatewayName: 'ai', gatewayNamespace: 'llm' });
  const route = new AiModelRoute(chart, 'models', {
    gateway,
    name: 'catalog',
    placement,
    apiVersion,
    models: models.map(name => ({ name, backends: [{ backend }] })),
  });
  const routes = Testing.synth(chart).filter(o => o.kind === 'AIGatewayRoute');
  return { route, routes };
}

/** Object name to the models of its rules, in order. */
function assignments(routes: any[]): Record<string, string[]> {
  return Object.fromEntries(routes.map(r => [r.metadata.name, r.spec.rules.map((rule: any) => rule.matches[0].headers[0].value)]));
}

describe('rule splitting', () => {
  test('every declared model appears in exactly one rule of one AIGatewayRoute, for 1 to 500 models', () => {
    for (let count = 1; count <= 500; count++) {
      const models = modelNames(count);
      const { routes } = synthRoute(models);
      const routed = routes.flatMap(r => r.spec.rules.map((rule: any) => rule.matches[0].headers[0].value));
      expect(routed.length).toBe(count);
      expect([...routed].sort()).toStrictEqual(models);
      expect(routes.length).toBe(Math.ceil(count / 15));
      for (const r of routes) expect(r.spec.rules.length).toBeLessThanOrEqual(15);
    }
  });

  test('15 rules per object, the limit of the v1.1.0 CRD in both versions (route-not-found is reserved)', () => {
    const crd = fs.readFileSync(path.join(__dirname, '../../../shared/crds/ai-gateway/v1.1.0/aigateway.envoyproxy.io_aigatewayroutes.yaml'), 'utf8');
    expect(crd.match(/^ {16}maxItems: 15$/gm)).toHaveLength(2); // spec.rules of v1alpha1 and v1beta1
    expect(crd).toContain('rule name route-not-found is reserved');
    for (const version of [AiGatewayApiVersion.V1ALPHA1, AiGatewayApiVersion.V1BETA1]) {
      const { routes } = synthRoute(modelNames(16), undefined, version);
      expect(routes.map(r => r.spec.rules.length)).toStrictEqual([15, 1]);
    }
  });

  test('objects are named <name>, <name>-2, <name>-3, ... and all attach to the gateway', () => {
    const { routes } = synthRoute(modelNames(31));
    expect(routes.map(r => r.metadata.name)).toStrictEqual(['catalog', 'catalog-2', 'catalog-3']);
    for (const r of routes) {
      expect(r.metadata.namespace).toBe('llm');
      expect(r.spec.parentRefs).toStrictEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'ai', namespace: 'llm' }]);
    }
  });

  test('with the previous output as placement, adding models anywhere in name order moves no model', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'placement-'));
    try {
      const file = path.join(outdir, 'previous.k8s.yaml');
      const before = synthRoute(modelNames(40, 'm'));
      fs.writeFileSync(file, Yaml.stringify(...before.routes));
      const old = assignments(before.routes);

      // New names that sort before, between and after the existing ones.
      const added = ['a-first', 'm-0105', 'm-020x', 'z-last', ...modelNames(20, 'n')];
      const after = synthRoute([...modelNames(40, 'm'), ...added], RulePlacement.fromManifests(file));
      const now = assignments(after.routes);
      for (const [name, models] of Object.entries(old)) {
        expect(now[name].slice(0, models.length)).toStrictEqual(models); // same object, same order, new ones after
      }
      expect(Object.values(now).flat().sort()).toStrictEqual([...modelNames(40, 'm'), ...added].sort());
      expect(after.route.placement).toStrictEqual(now);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('without a placement, an insertion early in name order shifts later models (why placement exists)', () => {
    const before = assignments(synthRoute(modelNames(15, 'm')).routes);
    const after = assignments(synthRoute(['a-first', ...modelNames(15, 'm')]).routes);
    expect(after.catalog[0]).toBe('a-first');
    expect(after['catalog-2']).toStrictEqual([before.catalog[14]]);
  });

  test('removing models leaves holes that new models fill at the same rule index; other models and object names stay', () => {
    const first = synthRoute(modelNames(30, 'm'));
    const kept = modelNames(30, 'm').filter(m => m !== 'm-003' && m !== 'm-020');
    const second = synthRoute([...kept, 'x-new-1', 'x-new-2', 'x-new-3'], RulePlacement.fromAssignments(first.route.placement));
    const before = assignments(first.routes);
    const now = assignments(second.routes);
    expect(now.catalog).toStrictEqual(before.catalog.map(m => m === 'm-003' ? 'x-new-1' : m));
    expect(now['catalog-2']).toStrictEqual(before['catalog-2'].map(m => m === 'm-020' ? 'x-new-2' : m));
    expect(now['catalog-3']).toStrictEqual(['x-new-3']);
    // A hole no new model fills closes up: only the rules after it in that object move up.
    const third = assignments(synthRoute(modelNames(30, 'm').filter(m => m !== 'm-003'), RulePlacement.fromAssignments(first.route.placement)).routes);
    expect(third.catalog).toStrictEqual(before.catalog.filter(m => m !== 'm-003'));
    expect(third['catalog-2']).toStrictEqual(before['catalog-2']);
  });

  test('a placement from files that do not exist yet is no placement (the first synth)', () => {
    const { routes } = synthRoute(modelNames(3), RulePlacement.fromManifests('/nonexistent/previous.k8s.yaml'));
    expect(assignments(routes)).toStrictEqual({ catalog: modelNames(3) });
  });

  test('same input, byte-identical output', () => {
    const a = Yaml.stringify(...synthRoute(modelNames(50)).routes);
    const b = Yaml.stringify(...synthRoute([...modelNames(50)].reverse()).routes);
    expect(a).toBe(b);
  });

  test('packStable: items never move across 200 random additions and removals when fed its own result', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let items = new Set<string>();
    let previous = new Map<number, string[]>();
    for (let step = 0; step < 200; step++) {
      const next = new Set(items);
      for (let k = 0; k < 5; k++) next.add(`item-${Math.floor(random() * 1000)}`);
      for (const item of [...next]) if (random() < 0.05) next.delete(item);
      const result = packStable([...next], 15, previous);
      for (const [index, bucket] of result) {
        expect(bucket.length).toBeLessThanOrEqual(15);
        // Kept items stay in their bucket and order; a new item sits at a hole or after them.
        const old = (previous.get(index) ?? []).filter(i => next.has(i));
        expect(bucket.filter(i => old.includes(i))).toStrictEqual(old);
        for (const item of bucket) {
          const home = [...previous].find(([, b]) => b.includes(item));
          if (home !== undefined) expect(home[0]).toBe(index);
        }
        // Index kept for every item whose bucket lost no item before it without a replacement.
        const before = previous.get(index) ?? [];
        let shift = 0;
        for (let i = 0; i < before.length; i++) {
          if (!next.has(before[i])) {
            if (bucket[i - shift] === undefined || before.includes(bucket[i - shift])) shift++;
            continue;
          }
          expect(bucket.indexOf(before[i])).toBe(i - shift);
        }
      }
      expect([...result.values()].flat().sort()).toStrictEqual([...next].sort());
      items = next;
      previous = result;
    }
  });
});
