import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { grant, httpRoute, namespace, nvcfGateway, parent, service, toService } from './fixtures';
import { runCli } from '../../src/validation/cli';

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

  test('--known FILE adds objects that exist in the cluster', () => {
    const file = write('route-only.yaml', [route, service('api-keys', 'nvcf'), permit]);
    const known = write('cluster.yaml', [nvcfGateway(), namespace('api-keys', { 'nvcf/platform': 'true' })]);

    expect(run('validate', file, '--strict').status).toBe(1);
    expect(run('validate', file, '--strict', '--known', known).status).toBe(0);
  });

  test('--json prints exactly the report shape the integration harness reads', () => {
    const file = write('json.yaml', [nvcfGateway(), namespace('api-keys', { team: 'x' }), route]);
    const result = run('validate', file, '--json');

    expect(result.status).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json)).toStrictEqual(['ok', 'errors', 'warnings', 'objects', 'parents', 'backends', 'skipped']);
    expect(json.skipped).toStrictEqual([]);
    expect(json).toMatchObject({ ok: false, errors: 1, warnings: 1 });
    expect(json.objects.map((o: any) => Object.keys(o))).toStrictEqual(Array(3).fill(['file', 'index', 'line', 'column', 'apiVersion', 'kind', 'namespace', 'name', 'errors', 'warnings']));
    expect(json.objects[1]).toStrictEqual({
      file, index: 1, line: expect.any(Number), column: 1, apiVersion: 'v1', kind: 'Namespace', namespace: null, name: 'api-keys', errors: [], warnings: [],
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
