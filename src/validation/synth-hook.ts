/**
 * The hook through which constructs register with synth-time validation. The first time one of this library's
 * constructs records a release or a known object in a chart (targets.ts), the chart's app gets one child
 * construct whose cdk8s validation runs the check of synth.ts over every chart of the app.
 *
 * That check, and what it needs (the schema validator, the CEL engine, the attachment analysis, the route map),
 * is loaded when cdk8s first validates the app, not when a construct is imported.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
// Used as types only, so TypeScript drops this import from the JavaScript: synth.ts is required in synthCheck().
import { ChartTargets, validateApp } from './synth';

/** Id of the construct that carries the validation, a child of the app. */
const VALIDATION_ID = 'cdk8s-ai-gateway-validation';

/**
 * Makes sure the app of `chart` runs the synth-time check when cdk8s validates it, reading what each chart's
 * constructs recorded through `targets`. Called by `useRelease()` and `declareKnown()`.
 */
export function registerChart(chart: Chart, targets: ChartTargets): void {
  const root = chart.node.root;
  if (root.node.tryFindChild(VALIDATION_ID) !== undefined) return;
  const holder = new Construct(root as Construct, VALIDATION_ID);
  holder.node.addValidation({ validate: () => synthCheck()(root, targets) });
}

/** The synth-time check, loaded on its first run. */
function synthCheck(): typeof validateApp {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./synth') as { validateApp: typeof validateApp }).validateApp;
}
