import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { exampleRouteMap, README_PICTURE } from '../../scripts/route-map';
import { AiBackend, AiGateway, AiModelRoute, BackendService, RouteMap, RouteMapFormat, RouteMapOptions, SynthValidation } from '../../src';
import { runCli } from '../../src/validation/cli';
import { ROUTE_MAP_CONTEXT } from '../../src/validation/synth';
import {
  GW, gateway, grant, httpRoute, namespace, nvcfGateway, parent, secret, service, toService,
  platformNs, apiKeysRoute,
} from '../validation/fixtures';

const dot = (objects: any[], options: RouteMapOptions = {}) => RouteMap.render(objects, { ...options, format: RouteMapFormat.DOT });

/** The DOT lines of the edges with a verdict. */
function edgesWith(text: string, verdict: string): string[] {
  return text.split('\n').filter(l => l.includes(' -> ') && l.includes(`verdict-${verdict}"`));
}

const healthy = () => [nvcfGateway(), platformNs, apiKeysRoute(), service('api-keys', 'api-keys')];

/** One broken case per verdict of the analysis, each with the verdict it must show and the tone of its edge. */
const CASES: { [name: string]: { objects: any[]; verdict: string; tone: string; strict?: boolean } } = {
  'Accepted and ResolvedRefs': { objects: healthy(), verdict: 'Accepted', tone: 'ok' },
  'NotAllowedByListeners': {
    objects: [nvcfGateway(), namespace('api-keys', { team: 'a' }), apiKeysRoute(), service('api-keys', 'api-keys')],
    verdict: 'NotAllowedByListeners',
    tone: 'failed',
  },
  'NoMatchingListenerHostname': {
    objects: [
      gateway('gw', 'api-keys', [{ name: 'http', port: 80, protocol: 'HTTP', hostname: '*.other.example.com' }]),
      apiKeysRoute({ parentRefs: [parent('gw', 'api-keys', 'http')] }), service('api-keys', 'api-keys'),
    ],
    verdict: 'NoMatchingListenerHostname',
    tone: 'failed',
  },
  'NoMatchingParent': {
    objects: [nvcfGateway(), platformNs, apiKeysRoute({ parentRefs: [parent('nvcf-gateway', 'envoy-gateway', 'https')] }), service('api-keys', 'api-keys')],
    verdict: 'NoMatchingParent',
    tone: 'failed',
  },
  'NoMatchingParent (Gateway outside the set)': {
    objects: [platformNs, apiKeysRoute({ parentRefs: [parent('elsewhere', 'edge', 'http')] }), service('api-keys', 'api-keys')],
    verdict: 'NoMatchingParent',
    tone: 'unverified',
  },
  'RefNotPermitted': {
    objects: [nvcfGateway(), platformNs, apiKeysRoute({ rules: [{ backendRefs: [toService('api-keys', 'backends')] }] }), service('api-keys', 'backends')],
    verdict: 'RefNotPermitted',
    tone: 'unverified',
  },
  'BackendNotFound': {
    objects: [nvcfGateway(), platformNs, apiKeysRoute()], verdict: 'BackendNotFound', tone: 'failed', strict: true,
  },
  'InvalidKind': {
    // InvalidKind is the controller's verdict: the GatewayClass of the Gateway names Envoy Gateway.
    objects: [{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'eg' }, spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' } },
      nvcfGateway(), platformNs, apiKeysRoute({ rules: [{ backendRefs: [{ kind: 'ConfigMap', name: 'api-keys' }] }] })],
    verdict: 'InvalidKind',
    tone: 'failed',
  },
  'PortNotFound': {
    objects: [nvcfGateway(), platformNs, apiKeysRoute(), service('api-keys', 'api-keys', [9090])], verdict: 'PortNotFound', tone: 'failed',
  },
  'InvalidCertificateRef': {
    objects: [gateway('gw', 'edge', [{
      name: 'https',
      port: 443,
      protocol: 'HTTPS',
      hostname: 'api.example.com',
      tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'api-tls' }] },
    }])],
    verdict: 'InvalidCertificateRef',
    tone: 'failed',
    strict: true,
  },
  'ResolvedRefs through a ReferenceGrant': {
    objects: [nvcfGateway(), platformNs, apiKeysRoute({ rules: [{ backendRefs: [toService('api-keys', 'backends')] }] }),
      service('api-keys', 'backends'),
      grant('allow-api-keys', 'backends', [{ group: GW, kind: 'HTTPRoute', namespace: 'api-keys' }], [{ group: '', kind: 'Service', name: 'api-keys' }])],
    verdict: 'ResolvedRefs',
    tone: 'ok',
  },
};

describe('route map DOT, one case per verdict', () => {
  test.each(Object.keys(CASES))('%s', (name) => {
    const c = CASES[name];
    const text = dot(c.objects, { strict: c.strict });
    const edges = edgesWith(text, c.verdict);
    expect(edges.length).toBeGreaterThan(0);
    expect(edges[0]).toContain(`class="${c.tone} `);
    expect(edges[0]).toContain(`<b>${c.verdict}</b>`);
    expect(text).toMatchSnapshot();
  });

  test('RefNotPermitted: the route points at the Service in the other namespace, and no grant edge is drawn', () => {
    const text = dot(CASES.RefNotPermitted.objects, { strict: true });
    const [edge] = edgesWith(text, 'RefNotPermitted');
    expect(edge).toContain('class="failed backendRef verdict-RefNotPermitted"');
    expect(edge).toContain('color="#c62828"');
    expect(edge).toContain("no ReferenceGrant in namespace 'backends' permits HTTPRoutes from 'api-keys'");
    expect(text).not.toContain('class="grant');
    // The Service is in the 'backends' cluster.
    expect(text).toMatch(/label=<namespace <b>backends<\/b>>[^}]*Service<\/font><br\/><b>api-keys<\/b>/);
  });

  test('the grant that permits a cross-namespace reference is drawn, and named on the reference', () => {
    const text = dot(CASES['ResolvedRefs through a ReferenceGrant'].objects);
    const [edge] = edgesWith(text, 'ResolvedRefs');
    expect(edge).toContain('grant allow-api-keys');
    const grants = text.split('\n').filter(l => l.includes('class="grant grant verdict-permits"'));
    expect(grants).toHaveLength(1);
    expect(grants[0]).toContain('HTTPRoutes from api-keys');
  });

  test('a route attached to the listener it names: the edge ends at that listener\'s row of the Gateway table', () => {
    const text = dot(healthy());
    const gatewayLine = text.split('\n').find(l => l.includes('<b>nvcf-gateway</b>'))!;
    const id = /^\s*(n\d+) /.exec(gatewayLine)![1];
    expect(gatewayLine).toContain('<td port="l1" align="left" bgcolor="#ffffff">http · HTTP :80</td>');
    expect(edgesWith(text, 'Accepted')[0]).toMatch(new RegExp(`^\\s*${id}:l1 -> n\\d+ .*dir=back`));
  });

  test('objects outside the set are drawn, dashed, never left out', () => {
    const text = dot([apiKeysRoute({ parentRefs: [parent('elsewhere', 'edge', 'http')], rules: [{ backendRefs: [toService('gone')] }] })]);
    expect(text).toMatch(/<b>elsewhere<\/b><br\/><font point-size="8">not in the set<\/font>/);
    expect(text).toMatch(/Service<\/font><br\/><b>gone<\/b><br\/><font point-size="8">not in the set<\/font>/);
    expect(edgesWith(text, 'BackendNotFound')[0]).toContain('style=dashed');
  });

  test('GRPCRoutes and TLSRoutes attach like HTTPRoutes; policies, certificates and issuers are linked, missing ones drawn', () => {
    const edge = gateway('edge', 'edge', [
      { name: 'https', port: 443, protocol: 'HTTPS', hostname: 'grpc.example.com', tls: { certificateRefs: [{ name: 'grpc-tls' }] } },
      { name: 'tls', port: 8443, protocol: 'TLS', hostname: 'db.example.com', tls: { mode: 'Passthrough' } },
    ]);
    const objects = [
      edge, secret('grpc-tls', 'edge'), service('grpc', 'edge'), service('db', 'edge', [5432]),
      {
        apiVersion: `${GW}/v1`,
        kind: 'GRPCRoute',
        metadata: { name: 'grpc', namespace: 'edge' },
        spec: { parentRefs: [parent('edge', undefined, 'https')], rules: [{ backendRefs: [toService('grpc')] }] },
      },
      {
        apiVersion: `${GW}/v1alpha2`,
        kind: 'TLSRoute',
        metadata: { name: 'db', namespace: 'edge' },
        spec: { parentRefs: [parent('edge', undefined, 'tls')], hostnames: ['db.example.com'], rules: [{ backendRefs: [toService('db', undefined, 5432)] }] },
      },
      {
        apiVersion: 'gateway.envoyproxy.io/v1alpha1',
        kind: 'ClientTrafficPolicy',
        metadata: { name: 'ctp', namespace: 'edge' },
        spec: { targetRefs: [{ group: GW, kind: 'Gateway', name: 'other' }] },
      },
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: { name: 'grpc', namespace: 'edge' },
        spec: { secretName: 'grpc-tls', dnsNames: ['grpc.example.com'], issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt' } },
      },
    ];
    const text = dot(objects);
    const accepted = edgesWith(text, 'Accepted');
    expect(accepted).toHaveLength(2);
    expect(accepted.map(l => /^\s*n\d+:(l\d) /.exec(l)![1]).sort()).toStrictEqual(['l1', 'l2']);
    expect(edgesWith(text, 'ResolvedRefs').map(l => / class="ok (\w+) /.exec(l)![1]).sort())
      .toStrictEqual(['backendRef', 'backendRef', 'certificateRef']);
    expect(edgesWith(text, 'NotFound').map(l => / class="missing (\w+) /.exec(l)![1]).sort())
      .toStrictEqual(['gatewayClassName', 'issuerRef', 'targetRef']);
    expect(text).toMatch(/ClusterIssuer<\/font><br\/><b>letsencrypt<\/b><br\/><font point-size="8">not in the set/);
    expect(text).toMatch(/Gateway<\/font><br\/><b>other<\/b><br\/><font point-size="8">not in the set/);
    expect(edgesWith(text, 'Found').map(l => / class="plain (\w+) /.exec(l)![1])).toStrictEqual(['secretName']);
  });

  test('SecurityPolicies are drawn on their targets with Envoy Gateway\'s verdict: Accepted, Conflicted, on an AIGatewayRoute', () => {
    const policy = (name: string, kind: string, target: string) => ({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'SecurityPolicy',
      metadata: { name, namespace: 'api-keys' },
      spec: { targetRefs: [{ group: GW, kind, name: target }], apiKeyAuth: { credentialRefs: [{ name: 'keys' }], extractFrom: [{ headers: ['x-api-key'] }] } },
    });
    const ai = {
      apiVersion: 'aigateway.envoyproxy.io/v1beta1',
      kind: 'AIGatewayRoute',
      metadata: { name: 'models', namespace: 'api-keys' },
      spec: { parentRefs: [{ group: GW, kind: 'Gateway', name: 'nvcf-gateway', namespace: 'envoy-gateway', sectionName: 'http' }], rules: [] },
    };
    const text = dot([...healthy(), ai, secret('keys', 'api-keys'), policy('a', 'HTTPRoute', 'api-keys'), policy('b', 'HTTPRoute', 'api-keys'), policy('c', 'HTTPRoute', 'models')]);
    const targetEdges = (verdict: string) => edgesWith(text, verdict).filter(l => l.includes(' targetRef '));
    expect(targetEdges('Accepted').map(l => / class="(\w+) targetRef /.exec(l)![1])).toStrictEqual(['ok', 'ok']);
    expect(targetEdges('Conflicted').map(l => / class="(\w+) targetRef /.exec(l)![1])).toStrictEqual(['failed']);
    // The AIGatewayRoute stands for the HTTPRoute its controller makes: no missing HTTPRoute 'models' is drawn.
    expect(text).not.toMatch(/HTTPRoute<\/font><br\/><b>models<\/b>/);
    expect(text).toContain('its generated HTTPRoute');
  });

  test('a SecurityPolicy\'s targetSelectors entry is drawn on every object it selects; one that selects nothing draws no edge', () => {
    const labelled = (name: string) => {
      const r = apiKeysRoute();
      return { ...r, metadata: { ...r.metadata, name, labels: { tier: 'public' } } };
    };
    const selector = (name: string, tier: string) => ({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'SecurityPolicy',
      metadata: { name, namespace: 'api-keys' },
      spec: { targetSelectors: [{ kind: 'HTTPRoute', matchLabels: { tier } }], apiKeyAuth: { credentialRefs: [{ name: 'keys' }], extractFrom: [{ headers: ['x-api-key'] }] } },
    });
    const text = dot([...healthy(), labelled('one'), labelled('two'), secret('keys', 'api-keys'), selector('public', 'public'), selector('nobody', 'nobody')]);
    const targetEdges = edgesWith(text, 'Accepted').filter(l => l.includes(' targetRef '));
    expect(targetEdges).toHaveLength(2);
    expect(text).not.toMatch(/<b>\(no name\)<\/b>/);
  });

  test('a reference without a name is drawn to a placeholder', () => {
    const text = dot([apiKeysRoute({ rules: [{ backendRefs: [{ port: 80 }] }] })]);
    expect(text).toContain('<b>(no name)</b>');
    expect(edgesWith(text, 'BackendNotFound')).toHaveLength(1);
  });
});

describe('route map of the example app', () => {
  test('DOT: every parentRef attaches and every reference resolves (strict, with the declared known objects)', () => {
    const text = exampleRouteMap(RouteMapFormat.DOT);
    expect(text).not.toContain('class="failed ');
    expect(text).not.toContain('class="unverified ');
    expect(edgesWith(text, 'Accepted').length).toBeGreaterThanOrEqual(9);
    for (const kind of ['GatewayClass', 'Gateway', 'HTTPRoute', 'TCPRoute', 'AIGatewayRoute', 'AIServiceBackend', 'Backend', 'InferencePool',
      'Service', 'Secret', 'Certificate', 'Issuer', 'ReferenceGrant', 'BackendSecurityPolicy', 'ClientTrafficPolicy', 'EnvoyProxy']) {
      expect(text).toContain(`<font point-size="8">${kind}</font>`);
    }
    expect(text).toMatch(/qwen3-ha \(priority 1\)/);
    expect(text).toMatch(/weight 90/);
    expect(text).toMatchSnapshot();
  });

  test('docs/route-map.svg (the README picture) is what `npm run route-map` writes', () => {
    const svg = exampleRouteMap(RouteMapFormat.SVG);
    expect(svg).toContain('<svg');
    expect(fs.readFileSync(README_PICTURE, 'utf8') === svg).toBe(true);
  });
});

describe('determinism', () => {
  // No two objects with one identity: of those, the last one is the one applied, so their order matters.
  const objects = [...CASES.NotAllowedByListeners.objects, ...CASES['ResolvedRefs through a ReferenceGrant'].objects.slice(2)
    .map(o => (o.kind === 'HTTPRoute' ? { ...o, metadata: { ...o.metadata, name: 'api-keys-granted' } } : o)),
  ...CASES.InvalidCertificateRef.objects];

  test('the same input gives byte-identical DOT, Mermaid and SVG', () => {
    for (const format of [RouteMapFormat.DOT, RouteMapFormat.MERMAID, RouteMapFormat.SVG]) {
      expect(RouteMap.render(objects, { format })).toStrictEqual(RouteMap.render(JSON.parse(JSON.stringify(objects)), { format }));
    }
  });

  test('the order of the input does not change DOT or Mermaid', () => {
    const reversed = [...objects].reverse();
    const rotated = [...objects.slice(3), ...objects.slice(0, 3)];
    for (const format of [RouteMapFormat.DOT, RouteMapFormat.MERMAID]) {
      const expected = RouteMap.render(objects, { format });
      expect(RouteMap.render(reversed, { format })).toStrictEqual(expected);
      expect(RouteMap.render(rotated, { format })).toStrictEqual(expected);
    }
  });
});

describe('route map formats', () => {
  const broken = CASES.NotAllowedByListeners.objects;

  test('SVG: Graphviz output, with the failing edge carrying its verdict as class and tooltip', () => {
    const svg = RouteMap.render(broken);
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain('<g id="e');
    // Graphviz writes '-' in attributes as '&#45;', which a browser reads back as '-'.
    expect(svg).toMatch(/class="edge failed parentRef verdict&#45;NotAllowedByListeners"/);
    expect(svg).toContain('NotAllowedByListeners');
  });

  test('HTML: one self-contained page with the inline SVG, legend, problems linked to their edges, models per route', () => {
    const page = RouteMap.render(broken, { format: RouteMapFormat.HTML, title: 'Broken' });
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<title>Broken</title>');
    expect(page).toContain('<svg');
    expect(page).not.toContain('<?xml');
    expect(page).not.toMatch(/<script|<link|src="|href="https?:|@import|url\(/);
    expect(page).toContain('<h2>Legend</h2>');
    expect(page).toMatch(/<h2>Problems \(1\)<\/h2>/);
    const problem = /<li class="error"><span class="sev">error<\/span> <a href="#(e\d+)">HTTPRoute api-keys\/api-keys<\/a> <code>spec.parentRefs\[0\]<\/code><br\/>NotAllowedByListeners: /.exec(page);
    expect(problem).not.toBeNull();
    expect(page).toContain(`<g id="${problem![1]}" class="edge failed parentRef verdict&#45;NotAllowedByListeners"`);
    expect(page).toMatch(/<details open><summary>HTTPRoute api-keys\/api-keys — 1 rule, 1 problem<\/summary>/);
  });

  test('HTML: an AIGatewayRoute lists its models, grouped and collapsible; the picture groups them per backend', () => {
    const app = new App();
    const chart = new Chart(app, 'models', { disableResourceNameHashes: true });
    const gw = new AiGateway(chart, 'gw', { name: 'ai', namespace: 'llm' });
    const backends = [0, 1].map(i => AiBackend.fromService(BackendService.fromName(`vllm-${i}`, 'llm', 8000), { name: `pool-${i}` }));
    const route = new AiModelRoute(chart, 'route', { gateway: gw, name: 'models' });
    for (let m = 0; m < 12; m++) route.addModel({ name: `model-${m}`, backends: [{ backend: backends[m % 2] }] });
    const manifests = chart.toJson();

    const page = RouteMap.render(manifests, { format: RouteMapFormat.HTML });
    expect(page).toMatch(/<details><summary>AIGatewayRoute llm\/models — 12 rules, 12 models<\/summary>/);
    expect(page).toContain('<tr><td>model-11</td><td><a href="#e');
    const text = RouteMap.render(manifests, { format: RouteMapFormat.DOT });
    const toBackends = edgesWith(text, 'ResolvedRefs').filter(l => l.includes('model-'));
    expect(toBackends).toHaveLength(2);
    expect(toBackends[0]).toContain('model-0<br/>model-2<br/>model-4<br/>model-6<br/>+2 more');
  });

  test('Mermaid: a flowchart with namespaces and Gateways as subgraphs, and styles per verdict', () => {
    const text = RouteMap.render(broken, { format: RouteMapFormat.MERMAID });
    expect(text.split('\n')[0]).toBe('flowchart LR');
    expect(text).toContain('subgraph ns1["namespace api-keys"]');
    expect(text).toMatch(/subgraph n\d+\["Gateway · nvcf-gateway · class eg"\]/);
    expect(text).toMatch(/n\d+ ==>\|"NotAllowedByListeners · sectionName http"\| n\d+_l1/);
    expect(text).toMatch(/linkStyle 2 stroke:#c62828/);
  });

  test('Mermaid: quotes and angle brackets in names are escaped, so every label stays one string', () => {
    const route = {
      apiVersion: 'aigateway.envoyproxy.io/v1beta1',
      kind: 'AIGatewayRoute',
      metadata: { name: 'r', namespace: 'llm' },
      spec: { rules: [{ matches: [{ headers: [{ name: 'x-ai-eg-model', value: 'say "hi" <b>' }] }], backendRefs: [{ name: 'b' }] }] },
    };
    const text = RouteMap.render([route], { format: RouteMapFormat.MERMAID });
    expect(text).toContain('say #quot;hi#quot; #lt;b#gt;');
    for (const line of text.split('\n')) expect((line.match(/"/g) ?? []).length % 2).toBe(0);
  });
});

describe('cdk8s-ai-gateway graph', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'route-map-cli-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'broken.json');
  fs.writeFileSync(file, JSON.stringify({ kind: 'List', items: CASES.NotAllowedByListeners.objects }));

  function cli(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const status = runCli(args, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } });
    return { status, stdout, stderr };
  }

  test('prints DOT with --format dot, the same as RouteMap.render()', () => {
    const result = cli('graph', file, '--format', 'dot');
    expect(result.status).toBe(0);
    expect(result.stdout).toStrictEqual(dot(CASES.NotAllowedByListeners.objects));
  });

  test('--out picks the format from the extension; --known draws known objects as such', () => {
    const known = path.join(dir, 'known.yaml');
    fs.writeFileSync(known, 'apiVersion: v1\nkind: Service\nmetadata: { name: extra, namespace: api-keys }\n');
    const routeFile = path.join(dir, 'route.yaml');
    fs.writeFileSync(routeFile, JSON.stringify(apiKeysRoute({ rules: [{ backendRefs: [toService('extra')] }] })));
    const out = path.join(dir, 'map.html');
    const result = cli('graph', routeFile, '--known', known, '--out', out);
    expect(result).toMatchObject({ status: 0, stdout: '' });
    expect(result.stderr).toContain(`wrote the route map (html) to ${out}`);
    const page = fs.readFileSync(out, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('declared known');
    expect(cli('graph', routeFile, '--out', path.join(dir, 'map.mmd')).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'map.mmd'), 'utf8')).toMatch(/^flowchart LR/);
  });

  test('bad usage exits 2 with the graph usage', () => {
    const result = cli('graph', file, '--format', 'png');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown format 'png'. Use svg, html, dot or mermaid.");
    expect(result.stderr).toContain('Usage: cdk8s-ai-gateway graph FILE...');
    expect(cli('graph').status).toBe(2);
    expect(cli('graph', '--help').stdout).toContain('--format FORMAT');
    expect(cli('graph', path.join(dir, 'missing.yaml')).status).toBe(2);
  });
});

describe('synth-time route map', () => {
  function app(context?: any): { app: App; outdir: string } {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'route-map-synth-'));
    const a = new App({ outdir });
    if (context !== undefined) a.node.setContext(ROUTE_MAP_CONTEXT, context);
    const chart = new Chart(a, 'models', { disableResourceNameHashes: true });
    const gw = new AiGateway(chart, 'gw', { name: 'ai', namespace: 'llm' });
    new AiModelRoute(chart, 'route', { gateway: gw, name: 'models' })
      .addModel({ name: 'm', backends: [{ backend: AiBackend.fromService(BackendService.fromName('vllm', 'llm', 8000), { name: 'pool' }) }] });
    return { app: a, outdir };
  }

  test('is off by default', () => {
    const { app: a, outdir } = app();
    a.synth();
    expect(fs.readdirSync(outdir).filter(f => f.startsWith('route-map'))).toStrictEqual([]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('the context key writes route-map.html beside the YAML; a format name picks the format', () => {
    for (const [context, file] of [[true, 'route-map.html'], ['mermaid', 'route-map.mmd'], ['dot', 'route-map.dot']] as const) {
      const { app: a, outdir } = app(context);
      a.synth();
      expect(fs.readdirSync(outdir).sort()).toStrictEqual([SynthValidation.KNOWN_OBJECTS_FILE, 'models.k8s.yaml', file].sort());
      expect(fs.readFileSync(path.join(outdir, file), 'utf8')).toContain('models');
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('an unknown context value fails the synth naming the key and the choices', () => {
    const { app: a, outdir } = app('png');
    expect(() => a.synth()).toThrow(/context 'cdk8s-ai-gateway:routeMap' is 'png'. Use true, or one of: svg, html, dot, mermaid./);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('SynthValidation.writeRouteMap() writes it even when the synth fails, so the broken edge can be seen', () => {
    const { app: a, outdir } = app();
    const chart = a.node.findChild('models') as Chart;
    const { ApiObject } = jest.requireActual('cdk8s');
    new ApiObject(chart, 'stray', { ...httpRoute('stray', 'llm', { parentRefs: [parent('ai', 'llm', 'nope')] }) });
    SynthValidation.writeRouteMap(a, { format: RouteMapFormat.DOT, fileName: 'maps/app.dot' });
    expect(() => a.synth()).toThrow(/NoMatchingParent/);
    const text = fs.readFileSync(path.join(outdir, 'maps', 'app.dot'), 'utf8');
    expect(edgesWith(text, 'NoMatchingParent')[0]).toContain('class="failed parentRef');
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});

