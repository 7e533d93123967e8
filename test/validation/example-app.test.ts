import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { buildExampleApp } from '../../examples/nvcf-platform';
import { ManifestValidator } from '../../src';
import { chartKnownObjects } from '../../src/validation/targets';

test('the whole example app passes offline validation in strict mode, as at synth', () => {
  const app = buildExampleApp(path.join(os.tmpdir(), 'unused'));
  const objects = app.charts.flatMap(chart => Testing.synth(chart));
  const report = ManifestValidator.validate(objects, { strict: true, knownObjects: app.charts.flatMap(chartKnownObjects) });

  expect(objects.length).toBeGreaterThan(0);
  expect(report.objects.filter(o => o.errors.length + o.warnings.length > 0)).toStrictEqual([]);
  expect(report).toMatchObject({ ok: true, errors: 0, warnings: 0 });
  expect(() => app.synthYaml()).not.toThrow();
});
