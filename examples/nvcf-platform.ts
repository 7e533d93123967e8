import { App } from 'cdk8s';
import { addAiModelCatalog } from './ai';
import { addInferenceRollout } from './inference';
import { addNvcfPlatform, addNvcfPlatformGatewayApiV16 } from './nvcf';
import { addTlsExample } from './tls';

export { NvcfPlatformChart, NvcfPlatformChartProps } from './nvcf';

/**
 * Builds the example app, written to `outdir`: each part of the platform adds its charts. Its output applies
 * to one cluster (Gateway API v1.2): no two of its objects have the same group, kind, namespace and name.
 */
export function buildExampleApp(outdir: string): App {
  const app = new App({ outdir });
  addNvcfPlatform(app);
  const tls = addTlsExample(app);
  addInferenceRollout(app);
  addAiModelCatalog(app, tls);
  return app;
}

/**
 * Builds the example's NVCF platform for a cluster that runs Gateway API v1.6, written to `outdir`: an app of
 * its own, as its objects are those of `buildExampleApp()`'s NVCF chart with other apiVersions.
 */
export function buildGatewayApiV16ExampleApp(outdir: string): App {
  const app = new App({ outdir });
  addNvcfPlatformGatewayApiV16(app);
  return app;
}

/** Every example app and the folder of dist/ it is written to: one folder per cluster. */
export const EXAMPLE_APPS: ReadonlyArray<{ readonly folder: string; readonly build: (outdir: string) => App }> = [
  { folder: 'example', build: buildExampleApp },
  { folder: 'example-gateway-api-v1-6', build: buildGatewayApiV16ExampleApp },
];
