import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { KnownObject } from './report';
import { registerChart } from './synth-hook';

/** The upstream projects whose CRDs the library targets, as named in `imports/sources.json`. */
export type PinnedProject = 'gateway-api' | 'envoy-gateway' | 'ai-gateway' | 'cert-manager' | 'inference-extension';

/** The charts built with this library's constructs: their objects are schema-checked at synth. */
const OURS = new WeakSet<Chart>();

const CHART_RELEASES = new WeakMap<Chart, Map<PinnedProject, Set<string>>>();

/**
 * Records that a construct emits objects of a pinned release of a project (for example Gateway API
 * 'v1.2.0'), so that the chart's output is validated against that release's schemas. Every construct of
 * this library that emits a custom resource calls it in its constructor.
 *
 * It also turns on synth-time validation for the app (see `SynthValidation`): the chart's output is
 * checked, in strict mode, when cdk8s validates the app.
 */
export function useRelease(scope: IConstruct, project: PinnedProject, release: string): void {
  const chart = ourChart(scope);
  let releases = CHART_RELEASES.get(chart);
  if (releases === undefined) {
    releases = new Map();
    CHART_RELEASES.set(chart, releases);
  }
  let set = releases.get(project);
  if (set === undefined) {
    set = new Set();
    releases.set(project, set);
  }
  set.add(release);
}

/** The releases the constructs of a chart target, per project. */
export function chartReleases(chart: Chart): Map<PinnedProject, Set<string>> {
  return CHART_RELEASES.get(chart) ?? new Map();
}

const CHART_KNOWN = new WeakMap<Chart, Map<string, KnownObject>>();

/**
 * Declares an object that exists outside the app. Constructs call it for every object they reference by
 * name without creating it. Declaring the same object twice keeps the first declaration.
 */
export function declareKnown(scope: IConstruct, object: KnownObject): void {
  const chart = ourChart(scope);
  let known = CHART_KNOWN.get(chart);
  if (known === undefined) {
    known = new Map();
    CHART_KNOWN.set(chart, known);
  }
  const key = `${object.apiVersion.split('/')[0]}\0${object.kind}\0${object.namespace ?? ''}\0${object.name}`;
  if (!known.has(key)) known.set(key, object);
}

/** The objects a chart's constructs declared as existing outside the app, in declaration order. */
export function chartKnownObjects(chart: Chart): KnownObject[] {
  return [...(CHART_KNOWN.get(chart) ?? new Map<string, KnownObject>()).values()];
}

/** What synth-time validation reads from each chart. */
const SYNTH_TARGETS = { ours: (chart: Chart) => OURS.has(chart), known: chartKnownObjects, releases: chartReleases };

/** The chart of `scope`, marked as built with our constructs, its app registered with synth-time validation. */
function ourChart(scope: IConstruct): Chart {
  const chart = Chart.of(scope);
  OURS.add(chart);
  registerChart(chart, SYNTH_TARGETS);
  return chart;
}
