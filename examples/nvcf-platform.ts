import { App } from 'cdk8s';
import { addAiModelCatalog } from './ai';
import { addInferenceRollout } from './inference';
import { addNvcfPlatform } from './nvcf';
import { addTlsExample } from './tls';

export { NvcfPlatformChart, NvcfPlatformChartProps } from './nvcf';

/** Builds the example app, written to `outdir`: each part of the platform adds its charts. */
export function buildExampleApp(outdir: string): App {
  const app = new App({ outdir });
  addNvcfPlatform(app);
  const tls = addTlsExample(app);
  addInferenceRollout(app);
  addAiModelCatalog(app, tls);
  return app;
}
