import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { EXAMPLE_APPS } from '../../examples/nvcf-platform';
import { ManifestValidator, SynthValidation } from '../../src';
import { chartKnownObjects, chartReleases } from '../../src/validation/targets';

test.each(EXAMPLE_APPS.map(a => [a.folder, a.build] as const))('every chart of the %s app passes offline validation in strict mode, against the releases it targets', (folder, build) => {
  const app = build(path.join(os.tmpdir(), 'unused'));
  const knownObjects = app.charts.flatMap(chartKnownObjects);
  expect(app.charts.length).toBeGreaterThanOrEqual(folder === 'example' ? 4 : 1);
  for (const chart of app.charts) {
    const objects = Testing.synth(chart);
    const releases: { [project: string]: string } = {};
    for (const [project, set] of chartReleases(chart)) {
      expect([...set]).toHaveLength(1); // one release per project in each example chart
      releases[project] = [...set][0];
    }
    const report = ManifestValidator.validate(objects, { strict: true, knownObjects, releases });
    expect(objects.length).toBeGreaterThan(0);
    expect({ chart: chart.node.id, problems: report.objects.filter(o => o.errors.length + o.warnings.length > 0) })
      .toStrictEqual({ chart: chart.node.id, problems: [] });
    expect(report).toMatchObject({ ok: true, errors: 0, warnings: 0 });
  }
  expect(() => app.synthYaml()).not.toThrow();
});

test.each(EXAMPLE_APPS.map(a => [a.folder, a.build] as const))('the %s app synthesizes the same YAML with the synth-time check on and off', (_folder, build) => {
  const checked = build(path.join(os.tmpdir(), 'unused'));
  const unchecked = build(path.join(os.tmpdir(), 'unused'));
  SynthValidation.disable(unchecked);
  const yaml = checked.synthYaml();
  expect(yaml.length).toBeGreaterThan(1000);
  expect(yaml).toEqual(unchecked.synthYaml());
});
