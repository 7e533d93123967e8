/**
 * The route map: a picture of GatewayClasses, Gateways and their listeners, routes, backends, certificates,
 * grants and policies, namespaces as clusters, with the attachment analysis's verdict on every edge. As
 * Graphviz DOT, SVG (Graphviz in WebAssembly), one self-contained HTML file, or Mermaid for Markdown.
 */
import { buildRouteMap, MapEdge, MapNode, objectText, RouteMapModel, summarize, Tone } from './model';
import { renderSvg } from './svg';
import { compareStrings } from '../kubernetes/order';
import { GatewayController } from '../validation/controllers';
import { ManifestEntry } from '../validation/manifest-validator';
import { KnownObject } from '../validation/report';

/** The output format of the route map. */
export enum RouteMapFormat {
  /** SVG, laid out by Graphviz (compiled to WebAssembly; no native binary). */
  SVG = 'svg',
  /** One self-contained HTML file: the SVG inline, a legend, the problems and the models per route. */
  HTML = 'html',
  /** Graphviz DOT source. */
  DOT = 'dot',
  /** A Mermaid flowchart, to paste into Markdown. */
  MERMAID = 'mermaid',
}

/** Options of `RouteMap.render()`. */
export interface RouteMapOptions {
  /**
   * The output format.
   *
   * @default RouteMapFormat.SVG
   */
  readonly format?: RouteMapFormat;

  /**
   * Objects that exist in the cluster though the set does not contain them: drawn as declared known, and
   * references to them resolve.
   *
   * @default - none
   */
  readonly knownObjects?: KnownObject[];

  /**
   * Treat references to objects that are neither in the set nor known as errors (red) rather than
   * unverified (orange, dashed).
   *
   * @default false
   */
  readonly strict?: boolean;

  /**
   * The title of the HTML report and of the SVG.
   *
   * @default 'Route map'
   */
  readonly title?: string;
}

/**
 * Draws what points at what in a set of manifests, with every verdict of the offline validator's attachment
 * analysis on its edge: parentRef to listener (Accepted, NotAllowedByListeners, NoMatchingListenerHostname,
 * NoMatchingParent), backendRef to backend (ResolvedRefs, RefNotPermitted, BackendNotFound, InvalidKind,
 * PortNotFound, with weights, priorities and models), certificateRef, and the ReferenceGrant that permits each
 * cross-namespace reference. Objects outside the set are drawn as such (dashed), never left out.
 *
 * The same set, in any order, gives byte-identical output.
 */
export class RouteMap {
  /**
   * Renders the route map of a set of manifests.
   *
   * @param manifests the objects, as parsed from YAML or JSON
   * @param options format, known objects, strictness and title
   * @returns the DOT, SVG, HTML or Mermaid text
   */
  public static render(manifests: any[], options: RouteMapOptions = {}): string {
    const entries: ManifestEntry[] = manifests.map((object, index) => ({ object, index, releases: [{}] }));
    return renderRouteMap(entries, options.knownObjects ?? [], options.strict ?? false, options.format ?? RouteMapFormat.SVG,
      options.title ?? 'Route map');
  }

  /** The file extension of a format, without the dot: svg, html, dot, mmd. */
  public static fileExtension(format: RouteMapFormat): string {
    return format === RouteMapFormat.MERMAID ? 'mmd' : format;
  }

  private constructor() {}
}

/** Renders the route map of validator entries (the CLI, the synth-time report and `RouteMap.render()`). */
export function renderRouteMap(entries: ManifestEntry[], known: KnownObject[], strict: boolean, format: RouteMapFormat,
  title: string, controller: GatewayController = GatewayController.ANY): string {
  return renderModel(buildRouteMap(entries, known, strict, controller), format, title);
}

/** Renders a built route map model. */
export function renderModel(model: RouteMapModel, format: RouteMapFormat, title: string): string {
  switch (format) {
    case RouteMapFormat.DOT:
      return toDot(model, title);
    case RouteMapFormat.MERMAID:
      return toMermaid(model);
    case RouteMapFormat.HTML:
      return toHtml(model, title, renderSvg(toDot(model, title)));
    case RouteMapFormat.SVG:
      return renderSvg(toDot(model, title));
    default:
      throw new Error(`unknown route map format '${format}'. Use svg, html, dot or mermaid.`);
  }
}

// ------------------------------------------------------------------------------------------- styles

/** Colour, line style and width of each tone; the legend explains them. */
export const TONES: { [tone in Tone]: { color: string; style: string; width: number; legend: string } } = {
  ok: { color: '#2e7d32', style: 'solid', width: 1.4, legend: 'Accepted / ResolvedRefs: attaches, resolves' },
  failed: { color: '#c62828', style: 'bold', width: 2.4, legend: 'fails: NotAllowedByListeners, NoMatchingListenerHostname, NoMatchingParent, RefNotPermitted, BackendNotFound, InvalidKind, PortNotFound ...' },
  unverified: { color: '#e65100', style: 'dashed', width: 1.6, legend: 'unverified: depends on an object outside the set (a warning; an error in strict mode)' },
  missing: { color: '#e65100', style: 'dashed', width: 1.2, legend: 'link to an object outside the set (GatewayClass, Issuer, Secret, policy target ...)' },
  grant: { color: '#1565c0', style: 'dotted', width: 1.2, legend: 'the ReferenceGrant that permits a cross-namespace reference' },
  plain: { color: '#78909c', style: 'solid', width: 1, legend: 'link found in the set (class, parameters, issuer, policy target ...)' },
};

const FILL: { [kind: string]: string } = {
  GatewayClass: '#e0f2f1',
  EnvoyProxy: '#e0f2f1',
  Gateway: '#e3f2fd',
  HTTPRoute: '#f3e5f5',
  GRPCRoute: '#f3e5f5',
  TCPRoute: '#f3e5f5',
  TLSRoute: '#f3e5f5',
  UDPRoute: '#f3e5f5',
  AIGatewayRoute: '#ede7f6',
  AIServiceBackend: '#e8f5e9',
  Backend: '#e8f5e9',
  InferencePool: '#e8f5e9',
  Service: '#f1f8e9',
  ServiceImport: '#f1f8e9',
  ReferenceGrant: '#e8eaf6',
  Certificate: '#fff8e1',
  Issuer: '#fff8e1',
  ClusterIssuer: '#fff8e1',
  Secret: '#fffde7',
};
const POLICY_FILL = '#eceff1';

function nodeStyle(node: MapNode): { fill: string; border: string; dashed: boolean } {
  if (node.status === 'missing') return { fill: '#ffebee', border: '#c62828', dashed: true };
  if (node.status === 'known') return { fill: '#fafafa', border: '#757575', dashed: true };
  return { fill: FILL[node.kind] ?? POLICY_FILL, border: '#546e7a', dashed: false };
}

/** Lines of an edge's label: its verdict, then up to four details. */
function edgeLines(edge: MapEdge): string[] {
  const head = edge.relation === 'grant' ? 'permits' : edge.verdict === 'Found' ? edge.relation : `${edge.verdict}`;
  return [head, ...summarize(edge.details, 4)];
}

function edgeTooltip(edge: MapEdge): string {
  const messages = summarize(edge.messages, 3);
  return `${edge.relation}: ${edge.verdict}${messages.length > 0 ? ` — ${messages.join(' | ')}` : ''}`;
}

// ------------------------------------------------------------------------------------------- DOT

function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Graphviz DOT of the model: namespaces as clusters, Gateways as tables with a row (port) per listener. */
export function toDot(model: RouteMapModel, title: string): string {
  const out: string[] = [];
  out.push('digraph "route-map" {');
  out.push(`  graph [label=${dotString(title)}, labelloc=t, fontname="Helvetica", fontsize=14, rankdir=LR, nodesep=0.25, ranksep=0.9, ` +
    'newrank=true, bgcolor="white", tooltip=" "];');
  out.push('  node [fontname="Helvetica", fontsize=10, shape=box, style="rounded,filled", margin="0.12,0.06"];');
  out.push('  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];');
  const nodeLine = (node: MapNode, indent: string) => out.push(`${indent}${dotNode(node)}`);
  for (const node of model.clusterScoped) nodeLine(node, '  ');
  model.namespaces.forEach((ns, i) => {
    out.push(`  subgraph "cluster_ns${i + 1}" {`);
    out.push(`    id="ns-${html(ns.name)}"; label=<namespace <b>${html(ns.name)}</b>>; labeljust=l; fontsize=11; ` +
      `style="rounded${ns.inSet ? '' : ',dashed'}"; color="#90a4ae"; fontcolor="#37474f"; tooltip=${dotString(`namespace ${ns.name}`)};`);
    for (const node of ns.nodes) nodeLine(node, '    ');
    out.push('  }');
  });
  for (const edge of model.edges) out.push(`  ${dotEdge(edge)}`);
  out.push('}');
  return `${out.join('\n')}\n`;
}

function dotNode(node: MapNode): string {
  const style = nodeStyle(node);
  const tooltip = dotString(`${objectText(node.kind, node.namespace, node.name)}${node.status === 'set' ? '' : ` (${node.notes[node.notes.length - 1]})`}`);
  const title = `<font point-size="8">${html(node.kind)}</font><br/><b>${html(node.name)}</b>` +
    node.notes.map(n => `<br/><font point-size="8">${html(n)}</font>`).join('');
  if (node.kind === 'Gateway') {
    const rows = [`<tr><td port="gw" bgcolor="${style.fill}">${title}</td></tr>`,
      ...node.listeners.map(l => `<tr><td port="${l.id}" align="left" bgcolor="#ffffff">${html(l.text)}</td></tr>`)];
    return `${node.id} [id="${node.id}", class="node-${node.status}", shape=plain, tooltip=${tooltip}, label=<<table border="1" cellborder="1" ` +
      `cellspacing="0" cellpadding="4" color="${style.border}"${style.dashed ? ' style="dashed"' : ''}>${rows.join('')}</table>>];`;
  }
  return `${node.id} [id="${node.id}", class="node-${node.status}", label=<${title}>, fillcolor="${style.fill}", color="${style.border}", ` +
    `style="rounded,filled${style.dashed ? ',dashed' : ''}", tooltip=${tooltip}];`;
}

function endpoint(end: { node: MapNode; listener?: string }): string {
  if (end.node.kind !== 'Gateway') return end.node.id;
  const listener = end.node.listeners.find(l => l.name === end.listener);
  return `${end.node.id}:${listener?.id ?? 'gw'}`;
}

function dotEdge(edge: MapEdge): string {
  const tone = TONES[edge.tone];
  const lines = edgeLines(edge);
  const label = `<<b>${html(lines[0])}</b>${lines.slice(1).map(l => `<br/>${html(l)}`).join('')}>`;
  const attrs = [
    `id="${edge.id}"`,
    `class="${edge.tone} ${edge.relation} verdict-${edge.verdict}"`,
    `color="${tone.color}"`,
    `fontcolor="${tone.color}"`,
    `style=${tone.style}`,
    `penwidth=${tone.width}`,
    `label=${label}`,
    `tooltip=${dotString(edgeTooltip(edge))}`,
  ];
  if (edge.reversed) attrs.push('dir=back');
  return `${endpoint(edge.from)} -> ${endpoint(edge.to)} [${attrs.join(', ')}];`;
}

// ------------------------------------------------------------------------------------------- Mermaid

function mermaidText(text: string): string {
  return text.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** A Mermaid flowchart of the model, for Markdown: namespaces and Gateways as subgraphs, listeners as nodes. */
export function toMermaid(model: RouteMapModel): string {
  const out: string[] = ['flowchart LR'];
  out.push('  classDef set fill:#ffffff,stroke:#546e7a,color:#263238');
  out.push('  classDef known fill:#fafafa,stroke:#757575,stroke-dasharray:4 3,color:#263238');
  out.push('  classDef missing fill:#ffebee,stroke:#c62828,stroke-dasharray:4 3,color:#b71c1c');
  const nodeLabel = (node: MapNode) => mermaidText([node.kind, node.name, ...node.notes].join(' · '));
  const writeNode = (node: MapNode, indent: string) => {
    if (node.kind === 'Gateway' && node.listeners.length > 0) {
      out.push(`${indent}subgraph ${node.id}["${nodeLabel(node)}"]`);
      for (const l of node.listeners) out.push(`${indent}  ${node.id}_${l.id}("${mermaidText(l.text)}")`);
      out.push(`${indent}end`);
    } else {
      out.push(`${indent}${node.id}("${nodeLabel(node)}")`);
    }
  };
  for (const node of model.clusterScoped) writeNode(node, '  ');
  model.namespaces.forEach((ns, i) => {
    out.push(`  subgraph ns${i + 1}["namespace ${mermaidText(ns.name)}"]`);
    for (const node of ns.nodes) writeNode(node, '    ');
    out.push('  end');
  });
  const end = (e: { node: MapNode; listener?: string }) => {
    const listener = e.node.listeners.find(l => l.name === e.listener);
    return listener === undefined ? e.node.id : `${e.node.id}_${listener.id}`;
  };
  const byTone = new Map<Tone, number[]>();
  model.edges.forEach((edge, i) => {
    // Mermaid draws the edge the way the reference points: route to listener, class to gateway reversed.
    const [from, to] = edge.reversed ? [edge.to, edge.from] : [edge.from, edge.to];
    const arrow = edge.tone === 'ok' || edge.tone === 'plain' ? '-->' : edge.tone === 'failed' ? '==>' : '-.->';
    out.push(`  ${end(from)} ${arrow}|"${mermaidText(edgeLines(edge).join(' · '))}"| ${end(to)}`);
    byTone.set(edge.tone, [...(byTone.get(edge.tone) ?? []), i]);
  });
  for (const [tone, indexes] of [...byTone.entries()].sort(([a], [b]) => compareStrings(a, b))) {
    const t = TONES[tone];
    out.push(`  linkStyle ${indexes.join(',')} stroke:${t.color},stroke-width:${t.width}px,color:${t.color}` +
      (t.style === 'dashed' || t.style === 'dotted' ? ',stroke-dasharray:5 4' : ''));
  }
  for (const status of ['set', 'known', 'missing']) {
    const ids = model.nodes.filter(n => n.status === status && !(n.kind === 'Gateway' && n.listeners.length > 0)).map(n => n.id);
    if (ids.length > 0) out.push(`  class ${ids.join(',')} ${status}`);
  }
  return `${out.join('\n')}\n`;
}

// ------------------------------------------------------------------------------------------- HTML

const CSS = `
body { margin: 0; font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #263238; }
header { padding: 12px 20px; border-bottom: 1px solid #cfd8dc; background: #f5f7f8; }
header h1 { margin: 0 0 4px; font-size: 20px; }
.summary { margin: 0; color: #455a64; }
.layout { display: flex; align-items: flex-start; gap: 16px; padding: 16px 20px; }
.picture { flex: 1 1 auto; min-width: 0; overflow: auto; border: 1px solid #cfd8dc; border-radius: 6px; padding: 8px; }
.picture svg { max-width: 100%; height: auto; }
aside { flex: 0 0 420px; max-width: 420px; }
aside h2 { font-size: 15px; margin: 0 0 6px; }
aside section { margin-bottom: 18px; }
.legend ul { list-style: none; padding: 0; margin: 0; }
.legend li { display: flex; gap: 8px; align-items: center; margin: 3px 0; font-size: 12px; }
.swatch { flex: 0 0 36px; height: 0; border-top-width: 3px; }
.box { flex: 0 0 30px; height: 14px; border: 1px solid; border-radius: 3px; }
.problems ol { padding-left: 20px; margin: 0; }
.problems li { margin: 0 0 8px; font-size: 12px; }
.problems li.error .sev { color: #c62828; font-weight: bold; }
.problems li.warning .sev { color: #e65100; font-weight: bold; }
code { font-size: 11px; background: #eceff1; padding: 0 3px; border-radius: 3px; }
details { border: 1px solid #cfd8dc; border-radius: 4px; margin: 0 0 6px; padding: 4px 8px; font-size: 12px; }
summary { cursor: pointer; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin-top: 4px; }
th, td { text-align: left; vertical-align: top; padding: 2px 4px; border-top: 1px solid #eceff1; }
.v-ok { color: #2e7d32; } .v-failed { color: #c62828; font-weight: bold; } .v-unverified, .v-missing { color: #e65100; }
g.edge:target path, g.edge:target polygon { stroke-width: 5px; }
g.edge:target text { font-weight: bold; }
`;

/** One self-contained HTML page: the SVG inline, legend, problems and per-route model lists beside it. No script, no network. */
export function toHtml(model: RouteMapModel, title: string, svg: string): string {
  const report = model.report;
  const inline = svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/^<!DOCTYPE[^>]*>\s*/, '');
  const attached = report.parents.filter(p => p.attached).length;
  const resolved = report.backends.filter(b => b.resolved).length;
  const summary = `${report.objects.length} objects · ${report.parents.length} parentRefs (${attached} attached) · ` +
    `${report.backends.length} references (${resolved} resolved) · ${report.errors} errors · ${report.warnings} warnings`;

  const legend = [
    ...(Object.keys(TONES) as Tone[]).map(tone => {
      const t = TONES[tone];
      const border = t.style === 'bold' ? 'solid' : t.style;
      return `<li><span class="swatch" style="border-top: 3px ${border} ${t.color}"></span><span>${html(t.legend)}</span></li>`;
    }),
    '<li><span class="box" style="background:#e3f2fd;border-color:#546e7a"></span><span>object in the set</span></li>',
    '<li><span class="box" style="background:#fafafa;border-color:#757575;border-style:dashed"></span><span>declared known (exists in the cluster)</span></li>',
    '<li><span class="box" style="background:#ffebee;border-color:#c62828;border-style:dashed"></span><span>not in the set, not declared known</span></li>',
    '<li><span class="box" style="border-color:#90a4ae"></span><span>namespace (dashed: its Namespace object is not in the set)</span></li>',
  ];

  const problems = model.problems.length === 0 ? '<p>None: every route attaches and every reference resolves.</p>'
    : `<ol>${model.problems.map(p => `<li class="${p.severity}"><span class="sev">${p.severity}</span> ` +
      `${p.edge === undefined ? html(p.object) : `<a href="#${p.edge}">${html(p.object)}</a>`}` +
      `${p.path === '' ? '' : ` <code>${html(p.path)}</code>`}<br/>${html(p.message)}</li>`).join('\n')}</ol>`;

  const routes = model.routes.length === 0 ? '<p>No routes.</p>' : model.routes.map(route => {
    const name = objectText(route.node.kind, route.node.namespace, route.node.name);
    const counts = [`${route.rules.length} rule${route.rules.length === 1 ? '' : 's'}`,
      ...(route.node.kind === 'AIGatewayRoute' ? [`${route.models} model${route.models === 1 ? '' : 's'}`] : []),
      ...(route.problems > 0 ? [`${route.problems} problem${route.problems === 1 ? '' : 's'}`] : [])];
    const rows = route.rules.map(rule => `<tr><td>${html(rule.match)}</td><td>${rule.backends.map(b =>
      `${b.edge === undefined ? html(b.text) : `<a href="#${b.edge}">${html(b.text)}</a>`} <span class="v-${b.tone}">${html(b.verdict)}</span>`)
      .join('<br/>') || '—'}</td></tr>`).join('\n');
    return `<details${route.problems > 0 ? ' open' : ''}><summary>${html(name)} — ${counts.join(', ')}</summary>` +
      `<table><tr><th>${route.node.kind === 'AIGatewayRoute' ? 'models' : 'match'}</th><th>backends</th></tr>\n${rows}</table></details>`;
  }).join('\n');

  const notDrawn = model.notDrawn.length === 0 ? '' : '<section class="not-drawn"><h2>In the set, not drawn</h2><p>' +
    `${model.notDrawn.map(k => `${html(k.kind)} ×${k.count}`).join(', ')}</p></section>`;

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${html(title)}</h1><p class="summary">${html(summary)}</p></header>
<div class="layout">
<main class="picture">
${inline.trim()}
</main>
<aside>
<section class="problems"><h2>Problems (${model.problems.length})</h2>
${problems}
</section>
<section class="legend"><h2>Legend</h2><ul>
${legend.join('\n')}
</ul></section>
<section class="routes"><h2>Routes and models</h2>
${routes}
</section>
${notDrawn}
</aside>
</div>
</body>
</html>
`;
}
