import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { tcpRoute } from './fixtures';
import { ManifestValidator } from '../../src';
import { runCli } from '../../src/validation/cli';
import { validateEntries } from '../../src/validation/manifest-validator';

const V1ALPHA2 = 'gateway.networking.k8s.io/v1alpha2';
const route = () => tcpRoute('grpc', 'nvcf', { parentRefs: [{ name: 'gw', sectionName: 'tcp' }], rules: [{ backendRefs: [{ name: 'grpc', port: 10081 }] }] });
const deprecations = (report: { objects: { warnings: { path: string; message: string }[] }[] }) =>
  report.objects.flatMap(o => o.warnings).filter(w => w.path === 'apiVersion').map(w => w.message);
const WARNING = 'Warning: The v1alpha2 version of TCPRoute has been deprecated and will be removed in a future release of the API. Please upgrade to v1.';

describe('the TCPRoute v1alpha2 deprecation warning appears only when the targeted Gateway API release serves TCPRoute v1', () => {
  test('pinned to v1.6.1 (which serves v1 and deprecates v1alpha2): the warning', () => {
    expect(deprecations(ManifestValidator.validate([route()], { releases: { 'gateway-api': 'v1.6.1' } }))).toStrictEqual([WARNING]);
  });

  test('pinned to v1.2.0 (v1alpha2 only): no warning, and TCPRoute v1 is not served', () => {
    expect(deprecations(ManifestValidator.validate([route()], { releases: { 'gateway-api': 'v1.2.0' } }))).toStrictEqual([]);
    const v1 = ManifestValidator.validate([tcpRoute('grpc', 'nvcf', route().spec, 'gateway.networking.k8s.io/v1')], { releases: { 'gateway-api': 'v1.2.0' } });
    expect(v1.objects[0].errors[0].message).toContain('does not serve TCPRoute in gateway.networking.k8s.io/v1');
  });

  test('not pinned: the target may be v1.2.0, which serves v1alpha2 undeprecated: no warning', () => {
    expect(route().apiVersion).toBe(V1ALPHA2);
    expect(deprecations(ManifestValidator.validate([route()]))).toStrictEqual([]);
  });

  test('a chart targeting both releases: its v1alpha2 TCPRoute is checked against v1.2.0, without the warning', () => {
    const entry = (releases: { [project: string]: string }[]) => ({ object: route(), index: 0, releases });
    expect(deprecations(validateEntries([entry([{ 'gateway-api': 'v1.6.1' }, { 'gateway-api': 'v1.2.0' }])], [], false))).toStrictEqual([]);
    expect(deprecations(validateEntries([entry([{ 'gateway-api': 'v1.6.1' }])], [], false))).toStrictEqual([WARNING]);
  });

  test('a deprecation that holds for every pinned release serving the version stays, pinned or not', () => {
    // TLSRoute v1alpha3: only v1.6.1 serves it, and deprecates it.
    const tls = {
      apiVersion: 'gateway.networking.k8s.io/v1alpha3',
      kind: 'TLSRoute',
      metadata: { name: 't', namespace: 'nvcf' },
      spec: { parentRefs: [{ name: 'gw' }], hostnames: ['a.example.com'], rules: [{ backendRefs: [{ name: 's', port: 443 }] }] },
    };
    const unpinned = ManifestValidator.validate([tls]);
    expect(unpinned.objects[0].errors).toStrictEqual([]);
    expect(deprecations(unpinned)).toStrictEqual([expect.stringMatching(/^Warning: .*v1alpha3.*TLSRoute|^Warning: .*TLSRoute.*v1alpha3/)]);
    expect(deprecations(ManifestValidator.validate([tls], { releases: { 'gateway-api': 'v1.6.1' } }))).toStrictEqual(deprecations(unpinned));
  });

  test('the CLI follows the pins', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deprecation-'));
    try {
      const file = path.join(dir, 'tcp.yaml');
      fs.writeFileSync(file, YAML.stringify(route()));
      const run = (...args: string[]) => {
        let stdout = '';
        const status = runCli(['validate', file, ...args], { stdout: t => { stdout += t; }, stderr: () => undefined });
        return { status, stdout };
      };
      expect(run().stdout).not.toContain('deprecated');
      expect(run('--gateway-api-version', 'v1.6.1').stdout).toMatch(new RegExp(`warning \\S+tcp\\.yaml:\\d+:\\d+: apiVersion: ${WARNING.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(run('--gateway-api-version', 'v1.2.0').stdout).not.toContain('deprecated');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
