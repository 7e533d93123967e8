import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import * as YAML from 'yaml';
import { gateway, GW, grant, httpRoute, namespace, parent, service, toService } from './fixtures';
import { GatewayApiVersion, GrantFrom, GrantTo, ManifestValidationPlugin, ManifestValidator, ReferenceGrant } from '../../src';
import { runCli } from '../../src/validation/cli';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duplicates-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, objects: any[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, objects.map(o => YAML.stringify(o)).join('---\n'));
  return file;
}

const listeners = [{ name: 'http', port: 80, protocol: 'HTTP' }];
const duplicatesOf = (report: { objects: { errors: { message: string }[] }[] }) =>
  report.objects.flatMap(o => o.errors.map(e => e.message)).filter(m => m.startsWith('DuplicateObject:'));

describe('two objects with one identity (group, kind, namespace, name) are an error naming both places', () => {
  test('in the CLI: file and document index of each', () => {
    const a = write('a.yaml', [namespace('infra'), gateway('gw', 'infra', listeners)]);
    const b = write('b.yaml', [gateway('gw', 'infra', [{ name: 'https', port: 443, protocol: 'HTTPS' }])]);
    let stdout = '';
    const status = runCli(['validate', a, b], { stdout: t => { stdout += t; }, stderr: () => undefined });

    expect(status).toBe(1);
    expect(stdout).toContain(`${b}\n  Gateway infra/gw (document 0, line 1)\n    error   ${b}:4:9: metadata.name: DuplicateObject: Gateway 'infra/gw' is in the set twice, ` +
      `at ${a} document 1 and at ${b} document 0. Applied to one cluster, the one applied last replaces the other. ` +
      'Remove one, or give one another name or namespace.\n');
    expect(stdout).toMatch(/1 error, 0 warnings: FAILED\n$/);
  });

  test('the version is not part of the identity; the group is', () => {
    const from = [{ group: GW, kind: 'HTTPRoute', namespace: 'apps' }];
    const to = [{ group: '', kind: 'Service', name: 'api' }];
    const report = ManifestValidator.validate([
      grant('allow', 'backends', from, to, `${GW}/v1beta1`),
      grant('allow', 'backends', from, to, `${GW}/v1`),
      { ...grant('allow', 'backends', from, to), apiVersion: 'example.com/v1' },
    ]);
    expect(duplicatesOf(report)).toStrictEqual([
      "DuplicateObject: ReferenceGrant 'backends/allow' is in the set twice, at input object 0 and at input object 1 " +
        `(as ${GW}/v1beta1 and ${GW}/v1: the version is not part of an object's identity). Applied to one cluster, the one ` +
        'applied last replaces the other. Remove one, or give one another name or namespace.',
    ]);
    expect(report.objects[1].errors.map(e => e.path)).toStrictEqual(['metadata.name']);
  });

  test("cluster-scoped kinds have no namespace; a namespaced object without one is in 'default'", () => {
    const report = ManifestValidator.validate([
      namespace('apps'),
      { ...namespace('apps'), metadata: { name: 'apps', namespace: 'ignored' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'other' } },
    ]);
    expect(duplicatesOf(report).map(m => m.slice(0, m.indexOf('.')))).toStrictEqual([
      "DuplicateObject: Namespace 'apps' is in the set twice, at input object 0 and at input object 1",
      "DuplicateObject: ConfigMap 'default/cm' is in the set twice, at input object 2 and at input object 3",
    ]);
    expect(duplicatesOf(report)[0]).toMatch(/Remove one, or give one another name\.$/);
  });

  test('in the cdk8s-cli plugin: a DuplicateObject violation on the later manifest', async () => {
    const a = write('plugin-a.k8s.yaml', [gateway('gw', 'infra', listeners)]);
    const b = write('plugin-b.k8s.yaml', [gateway('gw', 'infra', listeners)]);
    const ctx = new ValidationContext([a, b], 'cdk8s-ai-gateway', '0.0.0', {}, false);
    await new ManifestValidationPlugin().validate(ctx);

    expect(ctx.report.success).toBe(false);
    expect(ctx.report.toJson().violations).toStrictEqual([expect.objectContaining({
      ruleName: 'DuplicateObject',
      recommendation: expect.stringContaining(`Gateway 'infra/gw' metadata.name: Gateway 'infra/gw' is in the set twice, at ${a} document 0 and at ${b} document 0.`),
      violatingConstructs: [{ resourceName: 'infra/gw (Gateway)', locations: ['metadata.name'], manifestPath: b, constructPath: undefined }],
    })]);
  });

  test('at synth, across the charts of one app: both construct paths', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(dir, 'synth-')) });
    for (const id of ['first', 'second']) {
      const chart = new Chart(app, id, { disableResourceNameHashes: true });
      new ReferenceGrant(chart, 'grant', {
        namespace: 'backends',
        metadata: { name: 'allow-routes' },
        referrers: [GrantFrom.httpRoutes('apps')],
        to: [GrantTo.service('api')],
        gatewayApiVersion: id === 'first' ? GatewayApiVersion.V1_2 : GatewayApiVersion.V1_6,
      });
    }

    expect(() => app.synth()).toThrow(new Error([
      'Validation failed with the following errors:',
      "  [cdk8s-ai-gateway-validation] ReferenceGrant 'backends/allow-routes' (construct second/grant/Resource) metadata.name: " +
        "DuplicateObject: ReferenceGrant 'backends/allow-routes' is in the set twice, at construct first/grant/Resource and at " +
        `construct second/grant/Resource (as ${GW}/v1beta1 and ${GW}/v1: the version is not part of an object's identity). ` +
        'Applied to one cluster, the one applied last replaces the other. Remove one, or give one another name or namespace.',
    ].join('\n')));
    expect(fs.readdirSync(app.outdir)).toStrictEqual([]);
  });

  test("at synth, a duplicate of another chart's object is reported on ours, whichever comes first", () => {
    const app = Testing.app();
    new ApiObject(new Chart(app, 'foreign'), 'ns', namespace('apps'));
    const ours = new Chart(app, 'ours');
    new ReferenceGrant(ours, 'grant', { namespace: 'backends', referrers: [GrantFrom.httpRoutes('apps')], to: [GrantTo.service('api')] });
    new ApiObject(ours, 'ns', namespace('apps'));

    expect(() => Testing.synth(ours)).toThrow(/\[cdk8s-ai-gateway-validation\] Namespace 'apps' \(construct ours\/ns\) metadata.name: DuplicateObject: Namespace 'apps' is in the set twice, at construct foreign\/ns and at construct ours\/ns\./);

    const reversed = Testing.app();
    const first = new Chart(reversed, 'ours');
    new ReferenceGrant(first, 'grant', { namespace: 'backends', referrers: [GrantFrom.httpRoutes('apps')], to: [GrantTo.service('api')] });
    new ApiObject(first, 'ns', namespace('apps'));
    new ApiObject(new Chart(reversed, 'foreign'), 'ns', namespace('apps'));
    expect(() => Testing.synth(first)).toThrow(/Namespace 'apps' \(construct ours\/ns\) metadata.name: DuplicateObject: Namespace 'apps' is in the set twice, at construct ours\/ns and at construct foreign\/ns\./);
  });

  test('objects of one chart count too; distinct names pass', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new ReferenceGrant(chart, 'a', { namespace: 'backends', metadata: { name: 'a' }, referrers: [GrantFrom.httpRoutes('apps')], to: [GrantTo.service('api')] });
    new ReferenceGrant(chart, 'b', { namespace: 'backends', metadata: { name: 'b' }, referrers: [GrantFrom.httpRoutes('apps')], to: [GrantTo.service('api')] });
    expect(() => Testing.synth(chart)).not.toThrow();
    new ReferenceGrant(chart, 'c', { namespace: 'backends', metadata: { name: 'a' }, referrers: [GrantFrom.httpRoutes('apps')], to: [GrantTo.service('api')] });
    expect(() => Testing.synth(chart)).toThrow(/at construct c\/a\/Resource and at construct c\/c\/Resource/);
  });
});

describe('of two objects with one identity, the analysis uses the last one, as kubectl apply leaves it', () => {
  const route = httpRoute('web', 'infra', { parentRefs: [parent('gw', 'infra')], rules: [{ backendRefs: [toService('api', 'infra', 8080)] }] });
  const admits = gateway('gw', 'infra', listeners);
  const admitsNone = gateway('gw', 'infra', [{ name: 'tcp', port: 9000, protocol: 'TCP' }]);
  const verdicts = (objects: any[]) => {
    const report = ManifestValidator.validate(objects, { strict: true });
    return {
      parents: report.parents.map(p => `${p.route.name} ${p.reason}`),
      backends: report.backends.map(b => `${b.route.name} ${b.reason}`),
      duplicates: duplicatesOf(report).length,
    };
  };

  test('a route attaches when the later Gateway admits it, and not when only the earlier one does', () => {
    expect(verdicts([admitsNone, admits, route, service('api', 'infra')])).toStrictEqual({
      parents: ['web Accepted'], backends: ['web ResolvedRefs'], duplicates: 1,
    });
    expect(verdicts([admits, admitsNone, route, service('api', 'infra')])).toStrictEqual({
      parents: ['web NotAllowedByListeners'], backends: ['web ResolvedRefs'], duplicates: 1,
    });
  });

  test("a backendRef's port is checked against the later Service", () => {
    expect(verdicts([admits, route, service('api', 'infra', [8080]), service('api', 'infra', [9090])]).backends).toStrictEqual(['web PortNotFound']);
    expect(verdicts([admits, route, service('api', 'infra', [9090]), service('api', 'infra', [8080])]).backends).toStrictEqual(['web ResolvedRefs']);
  });

  test('a ReferenceGrant replaced by a later one that does not permit the reference permits nothing', () => {
    const crossRoute = httpRoute('web', 'apps', { parentRefs: [parent('gw', 'infra')], rules: [{ backendRefs: [toService('api', 'backends')] }] });
    const from = [{ group: GW, kind: 'HTTPRoute', namespace: 'apps' }];
    const permits = grant('allow', 'backends', from, [{ group: '', kind: 'Service', name: 'api' }]);
    const permitsOther = grant('allow', 'backends', from, [{ group: '', kind: 'Service', name: 'other' }]);
    const base = [gateway('gw', 'infra', [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }]),
      crossRoute, service('api', 'backends')];
    expect(verdicts([...base, permitsOther, permits]).backends).toStrictEqual(['web ResolvedRefs']);
    expect(verdicts([...base, permits, permitsOther]).backends).toStrictEqual(['web RefNotPermitted']);
  });

  test('the replaced route itself attaches and refers to nothing; the later one is analysed', () => {
    const broken = httpRoute('web', 'infra', { parentRefs: [parent('missing', 'infra')], rules: [{ backendRefs: [toService('missing', 'infra')] }] });
    const report = ManifestValidator.validate([admits, service('api', 'infra'), broken, route], { strict: true });
    expect(report.parents.map(p => p.parentRef.name)).toStrictEqual(['gw']);
    expect(report.backends.map(b => b.backendRef.name)).toStrictEqual(['api']);
    expect(report.objects[2].errors).toStrictEqual([]);
    expect(report.objects[3].errors.map(e => e.message)).toStrictEqual([expect.stringMatching(/^DuplicateObject: HTTPRoute 'infra\/web'/)]);
  });
});
