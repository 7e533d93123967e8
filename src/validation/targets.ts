import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/** The upstream projects whose CRDs the library targets, as named in `imports/sources.json`. */
export type PinnedProject = 'gateway-api' | 'envoy-gateway' | 'ai-gateway' | 'cert-manager' | 'inference-extension';

const CHART_RELEASES = new WeakMap<Chart, Map<PinnedProject, Set<string>>>();

/**
 * Records that a construct emits objects of a pinned release of a project (for example Gateway API
 * 'v1.2.0'), so that the chart's output is validated against that release's schemas. Every construct of
 * this library that emits a custom resource calls it in its constructor.
 */
export function useRelease(scope: IConstruct, project: PinnedProject, release: string): void {
  const chart = Chart.of(scope);
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
