import { App } from 'cdk8s';
import { addNvcfPlatform } from './nvcf';

export { NvcfPlatformChart, NvcfPlatformChartProps } from './nvcf';

/** Builds the example app, written to `outdir`: each part of the platform adds its charts. */
export function buildExampleApp(outdir: string): App {
  const app = new App({ outdir });
  addNvcfPlatform(app);
  return app;
}
