/**
 * `npm run route-map`: regenerates docs/route-map.svg, the README's picture of the example app: the route map
 * the synth-time check writes (every chart, the objects the constructs declared known, strict verdicts).
 * test/route-map/route-map.test.ts fails when the committed file differs from what this writes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from '../examples/nvcf-platform';
import { RouteMapFormat, SynthValidation } from '../src';

/** The example app's route map as the synth writes it, in the given format. */
export function exampleRouteMap(format: RouteMapFormat): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'route-map-'));
  try {
    const app = buildExampleApp(outdir);
    SynthValidation.writeRouteMap(app, { format, fileName: 'route-map' });
    app.synth();
    return fs.readFileSync(path.join(outdir, 'route-map'), 'utf8');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

export const README_PICTURE = path.join(__dirname, '..', 'docs', 'route-map.svg');

if (require.main === module) {
  fs.mkdirSync(path.dirname(README_PICTURE), { recursive: true });
  fs.writeFileSync(README_PICTURE, exampleRouteMap(RouteMapFormat.SVG));
  console.log(`wrote ${path.relative(process.cwd(), README_PICTURE)}`);
}
