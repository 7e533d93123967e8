import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLE_APPS } from './nvcf-platform';

// `npm run synth`: writes one YAML file per chart to dist/example/ (the example app, for a cluster running
// Gateway API v1.2) and dist/example-gateway-api-v1-6/ (its NVCF platform for Gateway API v1.6), each folder with
// its known objects (cdk8s-ai-gateway.known) beside the YAML. Each folder is emptied first, as `cdk8s synth` does,
// so that it holds what one cluster applies and nothing left from an earlier synth.
for (const { folder, build } of EXAMPLE_APPS) {
  const outdir = path.join(__dirname, '..', 'dist', folder);
  fs.rmSync(outdir, { recursive: true, force: true });
  build(outdir).synth();
  console.log(`example app synthesized to ${path.relative(process.cwd(), outdir) || '.'}/`);
}
