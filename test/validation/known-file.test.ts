import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import * as YAML from 'yaml';
import { GW, parent, toService } from './fixtures';
import { Gateway, GatewayApiVersion, GrantFrom, GrantTo, ListenerProtocol, ManifestValidationPlugin, ReferenceGrant, SynthValidation } from '../../src';
import { runCli } from '../../src/validation/cli';
import { KNOWN_OBJECTS_FILE, knownObjectsText, readKnownObjectsFile } from '../../src/validation/known-file';
import { declareKnown } from '../../src/validation/targets';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'known-file-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A fresh directory under the test's temporary root. */
function newDir(name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function run(...args: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = runCli(args, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } });
  return { status, stdout, stderr };
}

/** The context cdk8s-cli hands a plugin. */
function context(manifests: string[]): ValidationContext {
  return new ValidationContext(manifests, 'cdk8s-ai-gateway', '0.0.0', {}, false);
}

/**
 * An app whose HTTPRoute (a plain object) attaches to a Gateway that exists in the cluster (`Gateway.fromGatewayAttributes`,
 * which declares it known) in a namespace that exists with a label, and sends to a Service it creates through a grant:
 * strict checking of its files passes only when the known objects are known.
 */
function platformApp(outdir: string, declareNamespaceFirst = true): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'platform', { disableResourceNameHashes: true });
  const namespace = () => declareKnown(chart, { apiVersion: 'v1', kind: 'Namespace', name: 'apps', labels: { zone: 'b', team: 'a' } });
  if (declareNamespaceFirst) namespace();
  const gateway = Gateway.fromGatewayAttributes(chart, 'edge', {
    gatewayName: 'edge',
    gatewayNamespace: 'infra',
    listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }],
  });
  if (!declareNamespaceFirst) namespace();
  new ApiObject(chart, 'route', {
    apiVersion: `${GW}/v1`,
    kind: 'HTTPRoute',
    metadata: { name: 'api', namespace: 'infra' },
    spec: { parentRefs: [parent(gateway.gatewayName, 'infra', 'http')], rules: [{ backendRefs: [toService('api', 'backends')] }] },
  });
  new ApiObject(chart, 'service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'backends' }, spec: { ports: [{ port: 8080 }] } });
  new ReferenceGrant(chart, 'grant', {
    namespace: 'backends',
    metadata: { name: 'allow' },
    referrers: [GrantFrom.httpRoutes('infra')],
    to: [GrantTo.service('api')],
    gatewayApiVersion: GatewayApiVersion.V1_2,
  });
  return app;
}

describe('the known-objects file the synth writes', () => {
  test('beside the YAML, named so that kubectl (*.yaml, *.yml, *.json) never applies it', () => {
    expect(SynthValidation.KNOWN_OBJECTS_FILE).toBe(KNOWN_OBJECTS_FILE);
    expect(KNOWN_OBJECTS_FILE).not.toMatch(/\.(ya?ml|json)$/);
    const outdir = newDir('beside');
    platformApp(outdir).synth();

    expect(fs.readdirSync(outdir).sort()).toStrictEqual([KNOWN_OBJECTS_FILE, 'platform.k8s.yaml']);
    const text = fs.readFileSync(path.join(outdir, KNOWN_OBJECTS_FILE), 'utf8');
    expect(text).toMatch(/^# The objects this cdk8s app refers to but does not create/);
    // What --known FILE reads: manifests, one per object, in identity order (core group first), labels sorted.
    expect(YAML.parseAllDocuments(text).map(d => d.toJS())).toStrictEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', labels: { team: 'a', zone: 'b' } } },
      {
        apiVersion: `${GW}/v1`,
        kind: 'Gateway',
        metadata: { name: 'edge', namespace: 'infra' },
        spec: { listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
      },
    ]);
  });

  test('the same bytes for the same objects, whatever the order of declaration; every synth rewrites it', () => {
    const a = newDir('order-a');
    const b = newDir('order-b');
    platformApp(a, true).synth();
    platformApp(b, false).synth();
    const file = (dir: string) => fs.readFileSync(path.join(dir, KNOWN_OBJECTS_FILE), 'utf8');
    expect(file(b)).toBe(file(a));

    fs.writeFileSync(path.join(a, KNOWN_OBJECTS_FILE), 'stale');
    platformApp(a).synth();
    expect(file(a)).toBe(file(b));
  });

  test('one document per identity (the first declaration wins); an app without known objects gets an empty list', () => {
    const text = knownObjectsText([
      { apiVersion: 'v1', kind: 'Secret', name: 's', namespace: 'x' },
      { apiVersion: 'v1', kind: 'Namespace', name: 'x', labels: { a: '1' } },
      { apiVersion: 'v1', kind: 'Namespace', name: 'x', labels: { a: '2' } },
    ]);
    expect(YAML.parseAllDocuments(text).map(d => d.toJS().metadata)).toStrictEqual([
      { name: 'x', labels: { a: '1' } },
      { name: 's', namespace: 'x' },
    ]);
    const empty = path.join(newDir('empty'), KNOWN_OBJECTS_FILE);
    fs.writeFileSync(empty, knownObjectsText([]));
    expect(readKnownObjectsFile(empty)).toStrictEqual([]);
  });

  test('written only when the app has an output directory that exists, and not when the check fails', () => {
    const missing = path.join(root, 'not-created');
    platformApp(missing).synthYaml();
    expect(fs.existsSync(missing)).toBe(false);

    const outdir = newDir('failing');
    const app = platformApp(outdir);
    new ApiObject(app.charts[0], 'orphan', {
      apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: { name: 'orphan', namespace: 'infra' }, spec: { parentRefs: [parent('missing', 'infra')] },
    });
    expect(() => app.synth()).toThrow(/NoMatchingParent/);
    expect(fs.readdirSync(outdir)).toStrictEqual([]);
  });

  test('written when synth-time validation is disabled too', () => {
    const outdir = newDir('disabled');
    const app = platformApp(outdir);
    SynthValidation.disable(app);
    app.synth();
    expect(fs.readdirSync(outdir).sort()).toStrictEqual([KNOWN_OBJECTS_FILE, 'platform.k8s.yaml']);
  });
});

describe('validate, graph and the plugin read it by default', () => {
  let outdir: string;
  let yaml: string;
  beforeAll(() => {
    outdir = newDir('read');
    platformApp(outdir).synth();
    yaml = path.join(outdir, 'platform.k8s.yaml');
  });

  test('validate --strict passes on the directory and on its files, as the synth-time check did; --no-known-file fails it', () => {
    for (const args of [[outdir], [yaml]]) {
      const result = run('validate', ...args, '--strict');
      expect(result.stdout).toMatch(/3 objects \(3 without findings\), 0 errors, 0 warnings: OK\n$/);
      expect(result.stderr).toBe(`cdk8s-ai-gateway: known objects from ${path.join(outdir, KNOWN_OBJECTS_FILE)} (2; --no-known-file skips it)\n`);
      expect(result.status).toBe(0);
    }
    const without = run('validate', outdir, '--strict', '--no-known-file');
    expect(without.status).toBe(1);
    expect(without.stdout).toContain("NoMatchingParent: unverified: Gateway 'infra/edge' is neither in the manifests nor declared known.");
    expect(without.stderr).toBe('');
  });

  test('the directory read is not taken for a manifest', () => {
    const result = run('validate', outdir, '--json');
    expect(JSON.parse(result.stdout).objects.map((o: any) => path.basename(o.file))).toStrictEqual(Array(3).fill('platform.k8s.yaml'));
  });

  test('an explicit --known FILE is read too, and its objects take precedence over the file of the synth', () => {
    // The cluster's Gateway has no 'http' listener: the --known file describes the same Gateway, and wins.
    const cluster = path.join(newDir('cluster'), 'cluster.yaml');
    fs.writeFileSync(cluster, YAML.stringify({
      apiVersion: `${GW}/v1`,
      kind: 'Gateway',
      metadata: { name: 'edge', namespace: 'infra' },
      spec: { gatewayClassName: 'eg', listeners: [{ name: 'https', port: 443, protocol: 'HTTPS' }] },
    }));
    const result = run('validate', outdir, '--strict', '--known', cluster);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("NoMatchingParent: no listener of Gateway 'infra/edge' matches sectionName 'http' (listeners: 'https' (HTTPS 443))");

    // Naming the synth's file with --known reads it once.
    const same = run('validate', outdir, '--strict', '--known', path.join(outdir, KNOWN_OBJECTS_FILE));
    expect(same).toMatchObject({ status: 0, stderr: '' });
  });

  test('graph draws the known objects from it', () => {
    const withFile = run('graph', outdir, '--strict', '--format', 'mermaid');
    const without = run('graph', outdir, '--strict', '--format', 'mermaid', '--no-known-file');
    expect(withFile.status).toBe(0);
    expect(withFile.stdout).toContain('declared known');
    expect(withFile.stdout).not.toContain('NoMatchingParent');
    expect(without.stdout).toContain('NoMatchingParent');
  });

  test('the cdk8s-cli plugin reads it from the directory of the manifests; readKnownObjectsFile: false does not', async () => {
    const ctx = context([yaml]);
    const logged: string[] = [];
    jest.spyOn(ctx.logger, 'log').mockImplementation(message => { logged.push(message); });
    await new ManifestValidationPlugin({ strict: true }).validate(ctx);
    expect(ctx.report.toJson().violations).toStrictEqual([]);
    expect(ctx.report.success).toBe(true);
    expect(logged).toStrictEqual([`known objects from ${path.join(outdir, KNOWN_OBJECTS_FILE)}: 2 (readKnownObjectsFile: false skips ${KNOWN_OBJECTS_FILE})`]);

    const off = context([yaml]);
    await new ManifestValidationPlugin({ strict: true, readKnownObjectsFile: false }).validate(off);
    expect(off.report.success).toBe(false);
    expect(off.report.toJson().violations.map(v => v.ruleName)).toStrictEqual(['NoMatchingParent']);
  });

  test('a malformed file is an error naming the file, the document, the field and the value, not ignored', async () => {
    const dir = newDir('malformed');
    fs.copyFileSync(yaml, path.join(dir, 'platform.k8s.yaml'));
    const file = path.join(dir, KNOWN_OBJECTS_FILE);
    const cases: Array<[string, string]> = [
      ['apiVersion: v1\nkind: Namespace\nmetadata: { name: a }\n---\nkind: [unclosed\n', ':6:1: not valid YAML: '],
      ['apiVersion: v1\nkind: Namespace\nmetadata: { name: a }\n---\napiVersion: v1\nkind: Secret\nmetadata: { namespace: x }\n',
        ':5:1 document 1: metadata.name is missing. Give the object\'s name as a string.'],
      ['- not an object\n', ':1:1 document 0: the document is ["not an object"], not an object.'],
      ['apiVersion: 1\nkind: Namespace\nmetadata: { name: a }\n', ":1:1 document 0: apiVersion is 1. Give the object's apiVersion as a string, for example 'v1'."],
      ['apiVersion: v1\nkind: Namespace\nmetadata: { name: a, labels: { a: 1 } }\n', ':1:1 document 0: metadata.labels is {"a":1}.'],
    ];
    for (const [text, problem] of cases) {
      fs.writeFileSync(file, text);
      const result = run('validate', dir, '--strict');
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`cdk8s-ai-gateway: ${file}${problem}`);
      expect(result.stderr).toContain('The synth writes this file: synthesize the app again, fix the document, or delete the file');
      expect(run('graph', dir).status).toBe(2);

      const ctx = context([path.join(dir, 'platform.k8s.yaml')]);
      await new ManifestValidationPlugin({ strict: true }).validate(ctx);
      expect(ctx.report.success).toBe(false);
      expect(ctx.report.toJson().violations).toStrictEqual([expect.objectContaining({ ruleName: 'ReadManifests', recommendation: expect.stringContaining(`${file}${problem}`) })]);
    }
    expect(run('validate', dir, '--strict', '--no-known-file').status).toBe(1);
  });

  test('an empty or truncated file, or one object twice, is malformed too; the empty list the synth writes is not', async () => {
    const dir = newDir('truncated');
    fs.copyFileSync(yaml, path.join(dir, 'platform.k8s.yaml'));
    const file = path.join(dir, KNOWN_OBJECTS_FILE);
    const header = knownObjectsText([]).split('\n').filter(line => line.startsWith('# The') || line.startsWith('# cluster')).join('\n');
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: apps }\n';
    const cases: Array<[string, string]> = [
      ['', ': holds no object, and not the \'# (none)\' line the synth writes when its app declares none (the file is empty: '],
      [`${header}\n`, ': holds no object, and not the \'# (none)\' line the synth writes when its app declares none (the file is only comments: '],
      [`${namespace}---\n${namespace}`, ":5:1 document 1: Namespace 'apps' is also document 0; the file holds one document per object."],
    ];
    for (const [text, problem] of cases) {
      fs.writeFileSync(file, text);
      const result = run('validate', dir, '--strict');
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`cdk8s-ai-gateway: ${file}${problem}`);
      const ctx = context([path.join(dir, 'platform.k8s.yaml')]);
      await new ManifestValidationPlugin({ strict: true }).validate(ctx);
      expect(ctx.report.toJson().violations).toStrictEqual([expect.objectContaining({ ruleName: 'ReadManifests', recommendation: expect.stringContaining(`${file}${problem}`) })]);
    }
    fs.writeFileSync(file, knownObjectsText([]));
    expect(readKnownObjectsFile(file)).toStrictEqual([]);
    expect(run('validate', dir, '--strict').status).toBe(1);
  });

  test("the plugin's known files must hold objects too", async () => {
    const dir = newDir('plugin-known');
    fs.copyFileSync(yaml, path.join(dir, 'platform.k8s.yaml'));
    const empty = path.join(dir, 'cluster.yaml');
    fs.writeFileSync(empty, '# nothing\n');
    const ctx = context([path.join(dir, 'platform.k8s.yaml')]);
    await new ManifestValidationPlugin({ known: [empty], readKnownObjectsFile: false }).validate(ctx);
    expect(ctx.report.success).toBe(false);
    expect(ctx.report.toJson().violations).toStrictEqual([expect.objectContaining({
      ruleName: 'ReadManifests', recommendation: expect.stringContaining(`${empty}: given as known objects, but holds no Kubernetes object`),
    })]);
  });
});

describe('Testing apps', () => {
  test('Testing.synth() writes it into the temporary output directory of Testing.app()', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    declareKnown(chart, { apiVersion: 'v1', kind: 'Namespace', name: 'n' });
    Testing.synth(chart);
    expect(readKnownObjectsFile(path.join(app.outdir, KNOWN_OBJECTS_FILE))).toStrictEqual([
      { apiVersion: 'v1', kind: 'Namespace', name: 'n', namespace: undefined, labels: undefined, spec: undefined },
    ]);
  });
});
