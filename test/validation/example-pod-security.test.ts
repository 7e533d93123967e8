import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { EXAMPLE_APPS } from '../../examples/nvcf-platform';
import { ManifestValidator, PodSecurityLevel } from '../../src';
import { holdsPod, podSecurityFindings } from '../../src/validation/pod-security';

function workloadsOf(build: (outdir: string) => { charts: any[] }): any[] {
  return build(path.join(os.tmpdir(), 'unused')).charts.flatMap(chart => Testing.synth(chart)).filter(holdsPod);
}

test('the example apps emit workloads: the endpoint pickers of their inference pools', () => {
  const kinds = EXAMPLE_APPS.flatMap(({ build }) => workloadsOf(build)).map(w => w.kind);
  expect(kinds).toContain('Deployment');
});

test.each(EXAMPLE_APPS.map(a => [a.folder, a.build] as const))('every workload the %s app emits passes Pod Security restricted', (_, build) => {
  const workloads = workloadsOf(build);
  const findings = workloads.map(w => ({ object: `${w.kind} ${w.metadata.namespace}/${w.metadata.name}`, findings: podSecurityFindings(w, PodSecurityLevel.RESTRICTED) }));
  expect(findings.filter(f => f.findings.length > 0)).toStrictEqual([]);
  const report = ManifestValidator.validate(workloads, { podSecurity: PodSecurityLevel.RESTRICTED });
  expect(report.objects.flatMap(o => o.errors.filter(e => e.message.startsWith('PodSecurity:')))).toStrictEqual([]);
});

test('the check is not vacuous: an example workload without its hardening fails restricted', () => {
  const app = EXAMPLE_APPS[0].build(path.join(os.tmpdir(), 'unused'));
  const deployment = app.charts.flatMap(chart => Testing.synth(chart)).find(o => o.kind === 'Deployment')!;
  delete deployment.spec.template.spec.containers[0].securityContext.capabilities;
  expect(podSecurityFindings(deployment, PodSecurityLevel.RESTRICTED).map(f => f.path))
    .toStrictEqual(['spec.template.spec.containers[0].securityContext.capabilities.drop']);
});
