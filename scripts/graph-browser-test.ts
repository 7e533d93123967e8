/**
 * `npm run test:browser`: the route map's HTML report in a real browser. Headless Chromium (Debian's
 * `chromium` package; CHROMIUM_PATH overrides where it is), driven by puppeteer-core, opens the HTML report of a
 * broken case (a route its Gateway's listener does not admit, and a backend in another namespace without a
 * ReferenceGrant), and checks that the page logs no console error and raises no page error, that the failing
 * edges are drawn with their reasons, and that the problem list links to them. Saves a screenshot to
 * dist/artifacts/route-map-broken.png (a CI artifact). Then Mermaid itself (the `mermaid` package's browser
 * bundle, in the same Chromium) renders the Mermaid text of the broken case and of the example app, as a Markdown
 * viewer would: both must parse and draw every edge, the failing ones with their reasons. Exits non-zero on any
 * failure.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
// puppeteer-core (and mermaid) are development dependencies: this script is a test, not part of the package.
// puppeteer-core is an ES module: loaded with import() (from this CommonJS script, on Node 22.12 or later).
import { buildExampleApp } from '../examples/nvcf-platform';
import { RouteMap, RouteMapFormat } from '../src';

const ROOT = path.join(__dirname, '..');
const ARTIFACTS = path.join(ROOT, 'dist', 'artifacts');
const GW = 'gateway.networking.k8s.io';

/** The broken case: NotAllowedByListeners on the parentRef, RefNotPermitted on the backendRef (strict). */
export const BROKEN = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'api-keys', labels: { team: 'a' } } },
  {
    apiVersion: `${GW}/v1`,
    kind: 'Gateway',
    metadata: { name: 'nvcf-gateway', namespace: 'envoy-gateway' },
    spec: {
      gatewayClassName: 'eg',
      listeners: [{
        name: 'http',
        port: 80,
        protocol: 'HTTP',
        allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'nvcf/platform': 'true' } } } },
      }],
    },
  },
  { apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: { name: 'eg' }, spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' } },
  {
    apiVersion: `${GW}/v1`,
    kind: 'HTTPRoute',
    metadata: { name: 'api-keys', namespace: 'api-keys' },
    spec: {
      parentRefs: [{ name: 'nvcf-gateway', namespace: 'envoy-gateway', sectionName: 'http' }],
      hostnames: ['api-keys.nvcf.example.com'],
      rules: [{ backendRefs: [{ name: 'api-keys', namespace: 'backends', port: 8080 }] }],
    },
  },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api-keys', namespace: 'backends' }, spec: { ports: [{ port: 8080 }] } },
];

function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find(p => fs.existsSync(p));
  if (found === undefined) {
    throw new Error(`no Chromium at ${candidates.join(', ')}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  return found;
}

async function main(): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const htmlFile = path.join(ARTIFACTS, 'route-map-broken.html');
  fs.writeFileSync(htmlFile, RouteMap.render(BROKEN, { format: RouteMapFormat.HTML, strict: true, title: 'Route map: broken case' }));

  const failures: string[] = [];
  const check = (ok: boolean, what: string) => {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failures.push(what);
  };

  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    // CI runs as root in a container: Chromium's sandbox needs user namespaces it may not have.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', message => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', error => errors.push(`page: ${(error as Error).message}`));
    page.on('request', request => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    await page.setViewport({ width: 1600, height: 900 });
    await page.goto(`file://${htmlFile}`, { waitUntil: 'load' });

    check(errors.length === 0, `no console or page errors${errors.length > 0 ? `: ${errors.join('; ')}` : ''}`);
    check(requests.length === 0, `no network requests (self-contained)${requests.length > 0 ? `: ${requests.join(', ')}` : ''}`);

    // The failing edges, as the browser renders them: their class, their label text and their tooltip.
    // (The callbacks run in the page; the project compiles without the DOM library, hence `any`.)
    const failing = await page.$$eval('svg g.edge.failed', (nodes: any[]) => nodes.map(n => ({
      id: n.id,
      classes: n.getAttribute('class') ?? '',
      text: Array.from(n.querySelectorAll('text')).map((t: any) => t.textContent).join(' '),
      title: n.querySelector('a')?.getAttribute('xlink:title') ?? '',
      stroke: n.querySelector('path')?.getAttribute('stroke') ?? '',
      visible: n.getBBox().width > 0,
    })));
    for (const [verdict, reason] of [
      ['NotAllowedByListeners', "selects namespaces {nvcf/platform=true}, and Namespace 'api-keys' has labels team=a"],
      ['RefNotPermitted', "no ReferenceGrant in namespace 'backends' permits HTTPRoutes from 'api-keys'"],
    ]) {
      const edge = failing.find(e => e.classes.split(' ').includes(`verdict-${verdict}`));
      check(edge !== undefined, `the failing ${verdict} edge is drawn`);
      if (edge === undefined) continue;
      check(edge.visible && edge.stroke === '#c62828', `${verdict}: visible, in red (${edge.stroke})`);
      check(edge.text.includes(verdict), `${verdict}: its label reads '${edge.text}'`);
      check(edge.title.includes(reason), `${verdict}: its tooltip gives the reason`);
      const link = await page.$(`aside .problems a[href="#${edge.id}"]`);
      check(link !== null, `${verdict}: the problem list links to edge ${edge.id}`);
    }

    // Collapsible models per route.
    const details = await page.$$eval('aside details', (nodes: any[]) => nodes.map(n => ({
      open: n.open as boolean, summary: (n.querySelector('summary')?.textContent ?? '') as string,
    })));
    check(details.some(d => d.open && d.summary.startsWith('HTTPRoute api-keys/api-keys')), 'the broken route\'s rules are listed, expanded');

    const screenshot = path.join(ARTIFACTS, 'route-map-broken.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    check(fs.statSync(screenshot).size > 10_000, `screenshot saved to ${path.relative(ROOT, screenshot)}`);

    await checkMermaid(browser, check);
  } finally {
    await browser.close();
  }
  if (failures.length > 0) {
    console.error(`test:browser: ${failures.length} check(s) failed`);
    process.exit(1);
  }
  console.log('test:browser: all checks passed');
}

/**
 * Mermaid's own renderer on our Mermaid text: the broken case (its failing edges labelled with their verdicts) and
 * the example app (an all-green picture of every family). `maxTextSize` is raised as a Markdown viewer's setting
 * can be: a large fleet's text is over Mermaid's default limit of 50,000 characters.
 */
async function checkMermaid(browser: any, check: (ok: boolean, what: string) => void): Promise<void> {
  const example = buildExampleApp(path.join(ARTIFACTS, 'example'));
  const cases: Array<[string, string, string[]]> = [
    ['broken case', RouteMap.render(BROKEN, { format: RouteMapFormat.MERMAID, strict: true }), ['NotAllowedByListeners', 'RefNotPermitted']],
    ['example app', RouteMap.render(appObjects(example), { format: RouteMapFormat.MERMAID }), []],
  ];
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error: Error) => errors.push(error.message));
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
  for (const [name, text, verdicts] of cases) {
    const edges = text.split('\n').filter(line => /-->|-\.->|==>|---/.test(line)).length;
    const result = await page.evaluate(async (source: string, id: string) => {
      const mermaid = (globalThis as any).mermaid;
      mermaid.initialize({ startOnLoad: false, maxTextSize: 1_000_000, securityLevel: 'strict' });
      try {
        const { svg } = await mermaid.render(id, source);
        const doc = new (globalThis as any).DOMParser().parseFromString(svg, 'image/svg+xml');
        return { svg, edges: doc.querySelectorAll('path.flowchart-link').length, error: '' };
      } catch (e) {
        return { svg: '', edges: 0, error: String((e as Error)?.message ?? e) };
      }
    }, text, `mermaid-${name.replace(/ /g, '-')}`);
    check(result.error === '', `Mermaid renders the ${name} (${text.length.toLocaleString('en-US')} characters)${result.error ? `: ${result.error}` : ''}`);
    check(result.edges === edges && edges > 0, `Mermaid draws every edge of the ${name}: ${result.edges} of ${edges}`);
    for (const verdict of verdicts) check(result.svg.includes(verdict), `Mermaid shows ${verdict} on the ${name}`);
    fs.writeFileSync(path.join(ARTIFACTS, `route-map-${name.replace(/ /g, '-')}.mermaid.svg`), result.svg);
  }
  check(errors.length === 0, `no page errors while Mermaid renders${errors.length > 0 ? `: ${errors.join('; ')}` : ''}`);
  await page.close();
}

/** Every object of an app's charts, in chart order. */
function appObjects(app: App): any[] {
  return app.charts.flatMap(chart => chart.toJson());
}

main().catch(e => {
  console.error(`test:browser: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
