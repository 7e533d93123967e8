import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { grant, httpRoute, namespace, nvcfGateway, parent, service, toService } from './fixtures';
import { runCli } from '../../src/validation/cli';
import * as manifestValidator from '../../src/validation/manifest-validator';
const ROOT = path.join(__dirname, '..', '..');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, objects: any[], separator = '---\n'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, objects.map(o => YAML.stringify(o)).join(separator));
  return file;
}

function run(...args: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = runCli(args, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } });
  return { status, stdout, stderr };
}

const route = httpRoute('api-keys', 'api-keys', {
  parentRefs: [parent('nvcf-gateway', 'envoy-gateway', 'http')],
  hostnames: ['api-keys.nvcf.example.com'],
  rules: [{ backendRefs: [toService('api-keys', 'nvcf')] }],
});
const permit = grant('allow', 'nvcf', [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'api-keys' }], [{ group: '', kind: 'Service', name: 'api-keys' }]);

describe('cdk8s-ai-gateway validate', () => {
  test('a complete set passes: exit 0 and a readable report', () => {
    const file = write('ok.yaml', [nvcfGateway(), namespace('api-keys', { 'nvcf/platform': 'true' }), route, service('api-keys', 'nvcf'), permit]);
    const result = run('validate', file, '--strict');

    expect(result.status).toBe(0);
    expect(result.stdout).toBe([
      'Route attachment:',
      '  attached     HTTPRoute api-keys/api-keys -> Gateway envoy-gateway/nvcf-gateway (http): Accepted',
      '',
      'References:',
      '  resolved     HTTPRoute api-keys/api-keys -> nvcf/api-keys:8080: ResolvedRefs',
      '',
      '5 objects (5 without findings), 0 errors, 0 warnings: OK',
      '',
    ].join('\n'));
  });

  test('a single file with references outside it passes with warnings; --strict fails it with exit 1', () => {
    const file = write('route.yaml', [route]);

    const lenient = run('validate', file);
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toContain(`${file}\n  HTTPRoute api-keys/api-keys (document 0, line 1)\n    warning ${file}:8:7: spec.parentRefs[0]: NoMatchingParent: unverified: `);
    expect(lenient.stdout).toMatch(/1 object \(0 without findings\), 0 errors, 2 warnings: OK\n$/);

    const strict = run('validate', file, '--strict');
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain(`    error   ${file}:8:7: spec.parentRefs[0]: NoMatchingParent: unverified: `);
    expect(strict.stdout).toMatch(/1 object \(0 without findings\), 2 errors, 0 warnings: FAILED\n$/);
  });

  test('an object of a kind without a schema: not checked, counted apart; --strict fails it', () => {
    const monitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'api', namespace: 'nvcf' }, spec: { endpoints: [{ port: 'http' }] } };
    const file = write('not-checked.yaml', [service('api', 'nvcf'), monitor]);
    const lenient = run('validate', file, '--no-known-file');
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toMatch(/\n    warning \S+not-checked\.yaml:\d+:\d+: apiVersion: not checked: no schema for monitoring\.coreos\.com\/v1 ServiceMonitor: /);
    expect(lenient.stdout).toMatch(/\n2 objects \(1 without findings, 1 not checked: no schema for monitoring.coreos.com\/v1 ServiceMonitor\), 0 errors, 1 warning: OK\n$/);
    expect(run('validate', file, '--no-known-file', '--release', 'kubernetes=v1.36.3').status).toBe(0);

    const strict = run('validate', file, '--no-known-file', '--strict');
    expect(strict.status).toBe(1);
    expect(strict.stdout).toMatch(/\n    error   \S+not-checked\.yaml:\d+:\d+: apiVersion: not checked: no schema for monitoring\.coreos\.com\/v1 ServiceMonitor: /);
  });

  test('--known FILE adds objects that exist in the cluster', () => {
    const file = write('route-only.yaml', [route, service('api-keys', 'nvcf'), permit]);
    const known = write('cluster.yaml', [nvcfGateway(), namespace('api-keys', { 'nvcf/platform': 'true' })]);

    expect(run('validate', file, '--strict').status).toBe(1);
    expect(run('validate', file, '--strict', '--known', known).status).toBe(0);
  });

  test('--json and the text report carry each SecurityPolicy verdict, ancestor null where Envoy Gateway writes no status', () => {
    const policy = (name: string, target: string) => ({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'SecurityPolicy',
      metadata: { name, namespace: 'envoy-gateway' },
      spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: target }], cors: { allowOrigins: ['*'] } },
    });
    const file = write('policies.yaml', [nvcfGateway(), policy('on-gateway', 'nvcf-gateway'), policy('on-nothing', 'absent')]);
    const json = JSON.parse(run('validate', file, '--json', '--strict').stdout);
    expect(json.policies.map((p: any) => [p.policy.name, p.ancestor, p.accepted, p.reason])).toStrictEqual([
      ['on-gateway', { namespace: 'envoy-gateway', name: 'nvcf-gateway' }, true, 'Accepted'],
      ['on-nothing', null, false, 'TargetNotFound'],
    ]);
    const text = run('validate', file, '--strict').stdout;
    expect(text).toContain('Policies:\n  accepted     SecurityPolicy envoy-gateway/on-gateway -> Gateway envoy-gateway/nvcf-gateway on Gateway envoy-gateway/nvcf-gateway: Accepted\n');
    expect(text).toContain('  not accepted SecurityPolicy envoy-gateway/on-nothing -> Gateway envoy-gateway/absent (no status): TargetNotFound\n');
  });

  test('--json prints exactly the report shape the integration harness reads', () => {
    const file = write('json.yaml', [nvcfGateway(), namespace('api-keys', { team: 'x' }), route]);
    const result = run('validate', file, '--json');

    expect(result.status).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json)).toStrictEqual(['ok', 'errors', 'warnings', 'objects', 'parents', 'backends', 'policies', 'skipped']);
    expect(json.policies).toStrictEqual([]);
    expect(json.skipped).toStrictEqual([]);
    expect(json).toMatchObject({ ok: false, errors: 1, warnings: 1 });
    expect(json.objects.map((o: any) => Object.keys(o))).toStrictEqual(Array(3).fill(['file', 'index', 'line', 'column', 'apiVersion', 'kind',
      'namespace', 'name', 'checkedAgainst', 'notChecked', 'errors', 'warnings']));
    expect(json.objects[1]).toStrictEqual({
      file,
      index: 1,
      line: expect.any(Number),
      column: 1,
      apiVersion: 'v1',
      kind: 'Namespace',
      namespace: null,
      name: 'api-keys',
      checkedAgainst: 'kubernetes v1.36.3',
      notChecked: null,
      errors: [],
      warnings: [],
    });
    expect(json.objects[2].errors).toStrictEqual([{
      path: 'spec.parentRefs[0]', message: expect.stringMatching(/^NotAllowedByListeners: no listener of Gateway/), line: expect.any(Number), column: expect.any(Number),
    }]);
    expect(json.parents).toStrictEqual([{
      route: { kind: 'HTTPRoute', namespace: 'api-keys', name: 'api-keys' },
      parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'nvcf-gateway', namespace: 'envoy-gateway', sectionName: 'http' },
      attached: false,
      reason: 'NotAllowedByListeners',
      message: expect.stringContaining("Namespace 'api-keys' has labels team=x"),
    }]);
    expect(json.backends).toStrictEqual([{
      route: { kind: 'HTTPRoute', namespace: 'api-keys', name: 'api-keys' },
      backendRef: { name: 'api-keys', namespace: 'nvcf', port: 8080 },
      resolved: false,
      reason: 'RefNotPermitted',
      message: expect.stringMatching(/^unverified: no ReferenceGrant in namespace 'nvcf'/),
    }]);
  });

  test('reads multi-document files with empty documents, Lists, directories and several files', () => {
    const a = write('multi.yaml', [nvcfGateway(), route], '---\n---\n');
    fs.mkdirSync(path.join(dir, 'more'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'more', 'list.yml'), YAML.stringify({ apiVersion: 'v1', kind: 'List', items: [service('api-keys', 'nvcf'), permit] }));
    fs.writeFileSync(path.join(dir, 'more', 'ns.json'), JSON.stringify(namespace('api-keys', { 'nvcf/platform': 'true' })));
    fs.writeFileSync(path.join(dir, 'more', 'notes.txt'), 'not a manifest');
    const result = run('validate', a, path.join(dir, 'more'), '--json', '--strict');

    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).objects.map((o: any) => `${path.basename(o.file)}#${o.index} ${o.kind}`)).toStrictEqual([
      'multi.yaml#0 Gateway', 'multi.yaml#1 HTTPRoute', 'list.yml#0 Service', 'list.yml#1 ReferenceGrant', 'ns.json#0 Namespace',
    ]);
  });

  test('exit 2 for bad usage, missing files and invalid YAML, with the reason on stderr', () => {
    const broken = path.join(dir, 'broken.yaml');
    fs.writeFileSync(broken, 'kind: [unclosed\n');

    expect(run('validate')).toMatchObject({ status: 2, stderr: expect.stringContaining('no FILE given.') });
    expect(run('lint', 'x.yaml')).toMatchObject({ status: 2, stderr: expect.stringContaining("unknown command 'lint'") });
    expect(run('validate', 'x.yaml', '--gateway-api-version', 'v1.3.0')).toMatchObject({
      status: 2, stderr: expect.stringContaining('gateway-api v1.3.0 is not pinned. Use one of: v1.2.0, v1.6.1.'),
    });
    expect(run('validate', path.join(dir, 'missing.yaml'))).toMatchObject({ status: 2, stderr: expect.stringContaining('missing.yaml: no such file or directory.') });
    expect(run('validate', broken)).toMatchObject({ status: 2, stderr: expect.stringMatching(/broken\.yaml:\d+:\d+: not valid YAML: /) });
    expect(run('--help')).toMatchObject({ status: 0, stdout: expect.stringContaining('Usage: cdk8s-ai-gateway validate FILE...') });
  });

  test('the program runs as a command and sets its exit status', () => {
    const file = write('cmd.yaml', [route]);
    const command = (...args: string[]) => spawnSync(process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'validation', 'cli.ts'), 'validate', file, ...args],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') } });

    const strict = command('--strict', '--gateway-api-version', 'v1.2.0');
    expect(strict.stderr).toBe('');
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('FAILED');
    expect(command().status).toBe(0);
  }, 60_000);

  test('the package declares the launcher, which loads the compiled CLI', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toStrictEqual({ 'cdk8s-ai-gateway': 'bin/cdk8s-ai-gateway' });
    const launcher = fs.readFileSync(path.join(ROOT, 'bin', 'cdk8s-ai-gateway'), 'utf8');
    expect(launcher.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(launcher).toContain("require('../lib/src/validation/cli.js').main();");
    expect(() => fs.accessSync(path.join(ROOT, 'bin', 'cdk8s-ai-gateway'), fs.constants.X_OK)).not.toThrow();
  });
});

describe('cdk8s-ai-gateway validate in a pipeline: exit statuses and output', () => {
  const listeners = [{ name: 'udp', port: 53, protocol: 'UDP', allowedRoutes: { namespaces: { from: 'All' } } }];
  const udpSet = () => [
    namespace('apps'), service('dns', 'apps', [53]),
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'apps' }, spec: { gatewayClassName: 'x', listeners } },
    {
      apiVersion: 'gateway.networking.k8s.io/v1alpha2',
      kind: 'UDPRoute',
      metadata: { name: 'dns', namespace: 'apps' },
      spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'dns', port: 53 }] }] },
    },
  ];

  test('exit 2 naming the input when it holds no object: an empty file, a file of comments, empty standard input, an empty directory', () => {
    const empty = path.join(dir, 'empty.yaml');
    fs.writeFileSync(empty, '');
    const comments = path.join(dir, 'comments.yaml');
    fs.writeFileSync(comments, '# nothing here\n---\n# nor here\n');
    const emptyDir = path.join(dir, 'empty-dir');
    fs.mkdirSync(emptyDir, { recursive: true });
    fs.writeFileSync(path.join(emptyDir, 'README.txt'), 'no manifests');

    for (const input of [empty, comments, emptyDir]) {
      expect(run('validate', input)).toStrictEqual({
        status: 2,
        stdout: '',
        stderr: `cdk8s-ai-gateway: ${input}: holds no Kubernetes object to validate (empty or only comments, ` +
          'or a directory without *.yaml, *.yml or *.json files that hold one). Give the manifests to validate.\n',
      });
    }
    expect(run('validate', empty, comments).stderr).toContain(`cdk8s-ai-gateway: ${empty}, ${comments}: hold no Kubernetes object to validate`);
    // Beside a file with objects (a chart without objects writes an empty file), an empty one is named, not fatal.
    const ok = write('one.yaml', [namespace('apps')]);
    expect(run('validate', ok, empty)).toMatchObject({
      status: 0, stderr: `cdk8s-ai-gateway: ${empty} holds no Kubernetes object; validating the others\n`,
    });
    const stdin = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'validation', 'cli.ts'), 'validate', '-', '--json'],
      { cwd: ROOT, encoding: 'utf8', input: '# kubectl found nothing\n', env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') } });
    expect(stdin.status).toBe(2);
    expect(JSON.parse(stdin.stdout)).toStrictEqual({
      ok: false,
      status: 2,
      error: {
        kind: 'input', message: 'standard input: holds no Kubernetes object to validate (empty or only comments). Give the manifests to validate.',
      },
    });
  }, 60_000);

  test('a --known FILE without objects, or with an object that is not one, is exit 2 naming the file', () => {
    const file = write('set.yaml', [namespace('apps')]);
    const empty = path.join(dir, 'known-empty.yaml');
    fs.writeFileSync(empty, '# kubectl found nothing\n');
    const nameless = write('known-nameless.yaml', [{ apiVersion: 'v1', kind: 'Namespace', metadata: {} }]);
    const kindless = write('known-kindless.yaml', [namespace('x'), { apiVersion: 'v1', metadata: { name: 'y' } }]);

    expect(run('validate', file, '--known', empty)).toMatchObject({
      status: 2, stdout: '', stderr: expect.stringContaining(`cdk8s-ai-gateway: ${empty}: given as known objects, but holds no Kubernetes object (it is empty, or only comments).`),
    });
    expect(run('validate', file, '--known', nameless).stderr)
      .toContain(`${nameless} object 0: given as a known object, but metadata.name is missing. Give the object's name as a string.`);
    expect(run('validate', file, '--known', kindless).stderr).toContain(`${kindless} object 1: given as a known object, but kind is missing.`);
    expect(run('graph', file, '--known', empty).status).toBe(2);
    expect(run('validate', file, '--known', write('known-ok.yaml', [namespace('x')])).status).toBe(0);
  });

  test('--json prints exactly one JSON document for usage, input and internal errors too, with the documented shape', () => {
    const broken = path.join(dir, 'broken-json.yaml');
    fs.writeFileSync(broken, 'kind: [unclosed\n');
    const usage = run('validate', '--json');
    expect(usage.status).toBe(2);
    expect(JSON.parse(usage.stdout)).toStrictEqual({ ok: false, status: 2, error: { kind: 'usage', message: 'no FILE given.' } });
    expect(usage.stderr).toBe('cdk8s-ai-gateway: no FILE given.\n');

    const input = run('validate', broken, '--json');
    expect(input.status).toBe(2);
    expect(JSON.parse(input.stdout)).toStrictEqual({ ok: false, status: 2, error: { kind: 'input', message: expect.stringMatching(/broken-json\.yaml:\d+:\d+: not valid YAML: /) } });

    const missing = run('validate', path.join(dir, 'nope.yaml'), '--json', '--strict');
    expect(JSON.parse(missing.stdout).error).toStrictEqual({ kind: 'input', message: `${path.join(dir, 'nope.yaml')}: no such file or directory.` });

    const spy = jest.spyOn(manifestValidator, 'validateManifests').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'spec')\n    at somewhere (x.ts:1:1)");
    });
    try {
      const internal = run('validate', write('internal.yaml', [namespace('apps')]), '--json');
      expect(internal.status).toBe(3);
      expect(JSON.parse(internal.stdout)).toStrictEqual({
        ok: false, status: 3, error: { kind: 'internal', message: "TypeError: Cannot read properties of undefined (reading 'spec')" },
      });
      expect(internal.stderr).toBe("cdk8s-ai-gateway: internal error: TypeError: Cannot read properties of undefined (reading 'spec') (please report)\n");
      const text = run('validate', write('internal-text.yaml', [namespace('apps')]));
      expect(text).toStrictEqual({ status: 3, stdout: '', stderr: expect.stringMatching(/^cdk8s-ai-gateway: internal error: TypeError: .* \(please report\)\n$/) });
    } finally {
      spy.mockRestore();
    }
  });

  test('--controller decides which route kinds attach; an unknown name is a usage error', () => {
    const file = write('udp.yaml', udpSet());
    expect(run('validate', file, '--strict', '--controller', 'envoy-gateway')).toMatchObject({
      status: 0, stderr: 'cdk8s-ai-gateway: route kinds and backendRef kinds checked against Envoy Gateway v1.8.1 (--controller)\n',
    });
    const istio = run('validate', file, '--strict', '--controller', 'istio', '--json');
    expect(istio.status).toBe(1);
    expect(JSON.parse(istio.stdout).parents).toStrictEqual([expect.objectContaining({
      attached: false,
      reason: 'NotAllowedByListeners',
      message: expect.stringMatching(/^Istio \(the controller the check was asked for: 'istio'\) does not serve UDPRoutes/),
    })]);
    expect(run('validate', file, '--strict').status).toBe(0);
    expect(run('validate', file, '--controller', 'nginx')).toMatchObject({
      status: 2, stderr: expect.stringContaining("cdk8s-ai-gateway: unknown controller 'nginx'. Use one of: envoy-gateway, istio, gke, kgateway, agentgateway, any."),
    });
    expect(run('--help').stdout).toContain('--controller NAME');

    // graph draws the same verdicts.
    expect(run('graph', file, '--format', 'dot', '--controller', 'istio').stdout).toMatch(/class="failed parentRef verdict-NotAllowedByListeners"/);
    expect(run('graph', file, '--format', 'dot', '--controller', 'envoy-gateway').stdout).toMatch(/class="ok parentRef verdict-Accepted"/);
    expect(run('graph', file, '--controller', 'nginx').status).toBe(2);
  });

  describe('the program as a command', () => {
    let big: string;
    let launcherRoot: string;
    beforeAll(() => {
      // Enough output that the reader is gone long before the last write: 2,000 routes, each with findings.
      big = write('big.yaml', Array.from({ length: 2000 }, (_, i) =>
        httpRoute(`r${i}`, 'apps', { parentRefs: [parent('missing')], rules: [{ backendRefs: [toService(`s${i}`)] }] })));
      // The package's launcher (bin/cdk8s-ai-gateway, unchanged) beside a lib/ that loads the TypeScript source.
      launcherRoot = fs.mkdtempSync(path.join(dir, 'package-'));
      fs.mkdirSync(path.join(launcherRoot, 'bin'));
      fs.copyFileSync(path.join(ROOT, 'bin', 'cdk8s-ai-gateway'), path.join(launcherRoot, 'bin', 'cdk8s-ai-gateway'));
      fs.mkdirSync(path.join(launcherRoot, 'lib', 'src', 'validation'), { recursive: true });
      fs.writeFileSync(path.join(launcherRoot, 'lib', 'src', 'validation', 'cli.js'),
        `require(${JSON.stringify(require.resolve('ts-node/register/transpile-only'))});\n` +
        `module.exports = require(${JSON.stringify(path.join(ROOT, 'src', 'validation', 'cli.ts'))});\n`);
    });
    const env = { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') };
    const shell = (script: string) => spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8', env });

    test('a reader that closes the pipe early (| head -1) ends it quietly, with the status of the run', () => {
      const launcher = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(launcherRoot, 'bin', 'cdk8s-ai-gateway'))}`;
      const lenient = shell(`${launcher} validate ${JSON.stringify(big)} | head -1; echo "status \${PIPESTATUS[0]}" >&2`);
      expect(lenient.stdout).toBe(`${big}\n`);
      expect(lenient.stderr).toBe('status 0\n');
      const strict = shell(`${launcher} validate ${JSON.stringify(big)} --strict --json | head -c 10 > /dev/null; echo "status \${PIPESTATUS[0]}" >&2`);
      expect(strict.stderr).toBe('status 1\n');
    }, 120_000);

    test('an internal error is one line on stderr and status 3, never a stack trace', () => {
      const source = path.join(ROOT, 'src', 'validation');
      const script = [
        "require('ts-node/register/transpile-only');",
        `const validator = require(${JSON.stringify(path.join(source, 'manifest-validator.ts'))});`,
        "validator.validateManifests = () => { throw new RangeError('Maximum call stack size exceeded'); };",
        `process.argv = [process.argv[0], 'cdk8s-ai-gateway', 'validate', ${JSON.stringify(big)}];`,
        `require(${JSON.stringify(path.join(source, 'cli.ts'))}).main();`,
      ].join('\n');
      const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', env });
      expect(result.stderr).toBe('cdk8s-ai-gateway: internal error: RangeError: Maximum call stack size exceeded (please report)\n');
      expect(result.stdout).toBe('');
      expect(result.status).toBe(3);
    }, 60_000);
  });
});
