import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, JsonPatch, Testing } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import * as YAML from 'yaml';
import { gateway, httpRoute, nvcfGateway, parent, toService } from './fixtures';
import { GatewayRoutesChart } from '../../examples/validation-plugin/main';
import { AiGateway, ManifestValidationPlugin, ManifestValidator, PodSecurityLevel, SynthValidation } from '../../src';
import { CONSTRUCTS_FILE } from '../../src/validation/construct-index';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'validation-plugin');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validation-plugin-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function manifestFile(name: string, objects: any[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, objects.map(o => YAML.stringify(o)).join('---\n'));
  return file;
}

/** The context cdk8s-cli hands a plugin, built the way cdk8s-cli builds it. */
function context(manifests: string[]): ValidationContext {
  return new ValidationContext(manifests, 'cdk8s-ai-gateway', '0.0.0', { 'api-keys': { path: 'platform/route' } }, false);
}

describe('cdk8s-cli validation plugin', () => {
  test('reports each error as a violation naming the resource, the manifest and the field, and fails', async () => {
    const file = manifestFile('broken.k8s.yaml', [
      nvcfGateway(),
      httpRoute('api-keys', 'api-keys', { parentRefs: [parent('nvcf-gateway', 'envoy-gateway', 'grpc')], rules: [{ backendRefs: [toService('api-keys')] }] }),
    ]);
    const ctx = context([file]);
    const logged: string[] = [];
    jest.spyOn(ctx.logger, 'log').mockImplementation(message => { logged.push(message); });

    await new ManifestValidationPlugin().validate(ctx);

    expect(ctx.report.success).toBe(false);
    const json = ctx.report.toJson();
    expect(json.summary).toMatchObject({ status: 'failure', metadata: { objects: '2', errors: '1', warnings: '1', attached: '0/1', resolved: '0/1' } });
    expect(json.violations).toStrictEqual([{
      ruleName: 'NoMatchingParent',
      recommendation: "HTTPRoute 'api-keys/api-keys' spec.parentRefs[0]: no listener of Gateway 'envoy-gateway/nvcf-gateway' matches sectionName 'grpc' " +
        "(listeners: 'http' (HTTP 80), 'tcp' (TCP 10081)). Use one of those.",
      fix: 'Change the field as the recommendation says.',
      violatingConstructs: [{ resourceName: 'api-keys/api-keys (HTTPRoute)', locations: ['spec.parentRefs[0]'], manifestPath: file, constructPath: 'platform/route' }],
    }]);
    expect(logged).toStrictEqual([expect.stringMatching(/^warning: HTTPRoute 'api-keys\/api-keys' spec.rules\[0\].backendRefs\[0\]: BackendNotFound: unverified: /)]);
  });

  test('strict and known files come from the properties in cdk8s.yaml', async () => {
    const file = manifestFile('route.k8s.yaml', [httpRoute('r', 'apps', { parentRefs: [parent('gw')] })]);
    const known = manifestFile('known.yaml', [gateway('gw', 'apps', [{ name: 'http', port: 80, protocol: 'HTTP' }])]);

    const strict = context([file]);
    await new ManifestValidationPlugin({ strict: true }).validate(strict);
    expect(strict.report.success).toBe(false);

    const withKnown = context([file]);
    await new ManifestValidationPlugin({ strict: true, known: [known] }).validate(withKnown);
    expect(withKnown.report.success).toBe(true);
  });

  test('podSecurity from the properties checks the Pod Security Standards; an unknown level is refused', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'nginx:1.27', securityContext: { privileged: true } }] },
    };
    const file = manifestFile('pod.k8s.yaml', [pod]);
    const unchecked = context([file]);
    await new ManifestValidationPlugin().validate(unchecked);
    expect(unchecked.report.success).toBe(true);

    const baseline = context([file]);
    await new ManifestValidationPlugin({ podSecurity: PodSecurityLevel.BASELINE }).validate(baseline);
    expect(baseline.report.success).toBe(false);
    expect(baseline.report.toJson().violations).toStrictEqual([expect.objectContaining({
      recommendation: expect.stringMatching(/^Pod 'default\/p' spec\.containers\[0\]\.securityContext\.privileged: .*privileged/),
      violatingConstructs: [expect.objectContaining({ resourceName: 'default/p (Pod)', locations: ['spec.containers[0].securityContext.privileged'] })],
    })]);

    const unknown = context([file]);
    await new ManifestValidationPlugin({ podSecurity: 'strict' as PodSecurityLevel }).validate(unknown);
    expect(unknown.report.toJson().violations).toStrictEqual([expect.objectContaining({
      ruleName: 'Properties', fix: 'Set podSecurity to one of: baseline, restricted, or leave it out.',
    })]);
  });

  test('fails with a ReadManifests violation when a file cannot be read', async () => {
    const ctx = context([path.join(dir, 'missing.k8s.yaml')]);
    await new ManifestValidationPlugin().validate(ctx);

    expect(ctx.report.success).toBe(false);
    expect(ctx.report.toJson().violations).toStrictEqual([expect.objectContaining({
      ruleName: 'ReadManifests', recommendation: expect.stringMatching(/cannot read the manifests: .*missing\.k8s\.yaml: no such file or directory/),
    })]);
  });

  test('the example app is valid, in strict mode', () => {
    const objects = Testing.synth(new GatewayRoutesChart(Testing.app(), 'gateway-routes'));
    const report = ManifestValidator.validate(objects, { strict: true });

    expect(report.objects.map(o => o.kind)).toStrictEqual(['Namespace', 'Gateway', 'HTTPRoute', 'Service', 'ReferenceGrant']);
    expect(report.parents.map(p => p.reason)).toStrictEqual(['Accepted']);
    expect(report.backends.map(b => b.reason)).toStrictEqual(['ResolvedRefs']);
    expect(report).toMatchObject({ ok: true, errors: 0, warnings: 0 });
  });

  test('`cdk8s synth` in the example app runs the plugin from cdk8s.yaml', () => {
    const config = YAML.parse(fs.readFileSync(path.join(EXAMPLE, 'cdk8s.yaml'), 'utf8'));
    expect(config.validations).toStrictEqual([{
      package: './plugin.js', version: '0.0.0', class: 'ManifestValidationPlugin', properties: { strict: true, known: ['cluster-objects.yaml'] },
    }]);

    const outdir = path.join(dir, 'synth');
    const result = spawnSync('npx', ['cdk8s', 'synth', '--output', outdir], { cwd: EXAMPLE, encoding: 'utf8', env: { ...process.env, CI: 'true' } });

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Performing validations');
    expect(result.stdout).toMatch(/Status\s+│ success/);
    expect(result.stdout).toMatch(/attached\s+│ 1\/1/);
    expect(result.stdout).toContain('Validations ended succesfully');
    expect(fs.readdirSync(outdir)).toContain('gateway-routes.k8s.yaml');
  }, 180_000);
});

describe('the report names the construct of each violating object, also where objects share a name', () => {
  /**
   * An app whose AiGateway gives its GatewayClass, Gateway, EnvoyProxy and ClientTrafficPolicy one name, with its
   * Gateway made invalid behind the library's back (synth-time validation off), synthesized as `cdk8s synth` runs it.
   */
  function synthBroken(recordConstructMetadata: boolean) {
    const outdir = fs.mkdtempSync(path.join(dir, 'names-'));
    const app = new App({ outdir, recordConstructMetadata });
    SynthValidation.disable(app);
    const aiGateway = new AiGateway(new Chart(app, 'ai'), 'gateway', { name: 'ai', namespace: 'llm' });
    aiGateway.apiObject.addJsonPatch(JsonPatch.replace('/spec/listeners/0/port', 0));
    app.synth();
    const manifests = fs.readdirSync(outdir).filter(f => f.endsWith('.yaml')).map(f => path.join(outdir, f));
    const metadataFile = path.join(outdir, 'construct-metadata.json');
    // What cdk8s-cli hands the plugin: construct-metadata.json's resources, keyed by metadata.name.
    const metadata = fs.existsSync(metadataFile) ? JSON.parse(fs.readFileSync(metadataFile, 'utf8')).resources : {};
    return { outdir, manifests, metadata, gatewayPath: aiGateway.apiObject.node.path };
  }

  test('the synth writes the constructs file beside construct-metadata.json, and the violation names the Gateway construct', async () => {
    const { outdir, manifests, metadata, gatewayPath } = synthBroken(true);
    // cdk8s-cli's metadata holds one entry for the four objects named 'ai', and it is not the Gateway's.
    expect(Object.keys(metadata).filter(name => name === 'ai')).toHaveLength(1);
    expect(metadata.ai.path).not.toBe(gatewayPath);
    const constructs = JSON.parse(fs.readFileSync(path.join(outdir, CONSTRUCTS_FILE), 'utf8'));
    expect(constructs.objects.filter((o: any) => o.name === 'ai').map((o: any) => o.kind).sort())
      .toStrictEqual(['ClientTrafficPolicy', 'EnvoyProxy', 'Gateway', 'GatewayClass']);

    const ctx = new ValidationContext(manifests, 'cdk8s-ai-gateway', '0.0.0', metadata, false);
    await new ManifestValidationPlugin().validate(ctx);
    expect(ctx.report.success).toBe(false);
    const violations = ctx.report.toJson().violations;
    expect(violations.map(v => v.violatingConstructs.map(c => [c.resourceName, c.constructPath, c.locations]))).toStrictEqual([
      [['llm/ai (Gateway)', gatewayPath, ['spec.listeners[0].port']]],
    ]);
    expect(gatewayPath).toBe('ai/gateway/Resource');
    // A schema keyword (minimum) is a Schema violation, not a CEL one.
    expect(violations.map(v => [v.ruleName, v.fix])).toStrictEqual([['Schema', 'Change the field as the recommendation says.']]);
  });

  test('without the constructs file, an object whose name others share gets no construct path, never another object\'s', async () => {
    const { outdir, manifests, metadata } = synthBroken(true);
    fs.rmSync(path.join(outdir, CONSTRUCTS_FILE));
    const ctx = new ValidationContext(manifests, 'cdk8s-ai-gateway', '0.0.0', metadata, false);
    await new ManifestValidationPlugin().validate(ctx);
    expect(ctx.report.toJson().violations.map(v => v.violatingConstructs.map(c => [c.resourceName, c.constructPath]))).toStrictEqual([
      [['llm/ai (Gateway)', undefined]],
    ]);
  });

  test('an app that records no construct metadata gets no constructs file', () => {
    const { outdir } = synthBroken(false);
    expect(fs.readdirSync(outdir).sort()).toStrictEqual(['ai.k8s.yaml', 'cdk8s-ai-gateway.known']);
  });

  test('a constructs file that is not one of ours fails the report, naming it', async () => {
    const { outdir, manifests, metadata } = synthBroken(true);
    fs.writeFileSync(path.join(outdir, CONSTRUCTS_FILE), '{"version": 7}');
    const ctx = new ValidationContext(manifests, 'cdk8s-ai-gateway', '0.0.0', metadata, false);
    await new ManifestValidationPlugin().validate(ctx);
    expect(ctx.report.toJson().violations).toStrictEqual([expect.objectContaining({
      ruleName: 'ReadManifests', recommendation: expect.stringContaining(`${path.join(outdir, CONSTRUCTS_FILE)}: not a constructs file of version 1`),
    })]);
  });
});
