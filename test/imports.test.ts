import * as fs from 'fs';
import * as path from 'path';

/**
 * imports/ is generated (npx projen import); CI re-runs the task and fails on any difference. These tests
 * check that what is committed is consistent: every module is recorded, and each holds exactly the kinds of
 * exactly the one apiVersion its record says.
 */
const IMPORTS = path.join(__dirname, '..', 'imports');
const record = JSON.parse(fs.readFileSync(path.join(IMPORTS, 'sources.json'), 'utf8'));

function moduleFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return moduleFiles(full);
    return entry.name.endsWith('.ts') ? [path.relative(IMPORTS, full).replace(/\.ts$/, '').split(path.sep).join('/')] : [];
  });
}

describe('imports/', () => {
  test('every generated module is recorded in sources.json, and every record has its module', () => {
    const recorded = record.modules.map((m: any) => m.module).sort();
    expect(moduleFiles(IMPORTS).sort()).toStrictEqual(recorded);
  });

  test('covers the kinds and API versions the library targets', () => {
    const covered = record.modules.flatMap((m: any) => m.kinds.map((k: string) => `${m.project} ${m.tag} ${m.apiVersion} ${k}`));
    expect(covered).toEqual(expect.arrayContaining([
      'gateway-api v1.2.0 gateway.networking.k8s.io/v1alpha2 TCPRoute',
      'gateway-api v1.2.0 gateway.networking.k8s.io/v1beta1 ReferenceGrant',
      'gateway-api v1.2.0 gateway.networking.k8s.io/v1 Gateway',
      'gateway-api v1.2.0 gateway.networking.k8s.io/v1 HTTPRoute',
      'gateway-api v1.2.0 gateway.networking.k8s.io/v1 GatewayClass',
      'gateway-api v1.6.1 gateway.networking.k8s.io/v1 TCPRoute',
      'gateway-api v1.6.1 gateway.networking.k8s.io/v1 ReferenceGrant',
      'gateway-api v1.6.1 gateway.networking.k8s.io/v1 HTTPRoute',
      'envoy-gateway v1.8.1 gateway.envoyproxy.io/v1alpha1 Backend',
      'envoy-gateway v1.8.1 gateway.envoyproxy.io/v1alpha1 EnvoyProxy',
      'envoy-gateway v1.8.1 gateway.envoyproxy.io/v1alpha1 SecurityPolicy',
      'envoy-gateway v1.8.1 gateway.envoyproxy.io/v1alpha1 ClientTrafficPolicy',
      'envoy-gateway v1.8.1 gateway.envoyproxy.io/v1alpha1 BackendTrafficPolicy',
      'ai-gateway v1.1.0 aigateway.envoyproxy.io/v1alpha1 AIGatewayRoute',
      'ai-gateway v1.1.0 aigateway.envoyproxy.io/v1beta1 AIGatewayRoute',
      'ai-gateway v1.1.0 aigateway.envoyproxy.io/v1alpha1 AIServiceBackend',
      'ai-gateway v1.1.0 aigateway.envoyproxy.io/v1beta1 AIServiceBackend',
      'ai-gateway v1.1.0 aigateway.envoyproxy.io/v1alpha1 BackendSecurityPolicy',
      'ai-gateway v1.1.0 aigateway.envoyproxy.io/v1beta1 BackendSecurityPolicy',
      'cert-manager v1.21.1 cert-manager.io/v1 Certificate',
      'cert-manager v1.21.1 cert-manager.io/v1 Issuer',
      'cert-manager v1.21.1 cert-manager.io/v1 ClusterIssuer',
      'inference-extension v1.6.0 inference.networking.k8s.io/v1 InferencePool',
    ]));
  });

  test('records the upstream repository, tag and the hash of every CRD file', () => {
    for (const m of record.modules) {
      expect(m.repository).toMatch(/^[\w-]+\/[\w-]+$/);
      expect(m.tag).toMatch(/^v\d+\.\d+\.\d+$/);
      expect(m.crdFiles.length).toBeGreaterThan(0);
      for (const file of m.crdFiles) {
        expect(file.path.startsWith(`${m.project}/`)).toBe(true);
        expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
      }
    }
  });

  test.each(record.modules.map((m: any) => [m.module, m]))('%s holds exactly its recorded kinds, all of its one apiVersion', (_, m: any) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(IMPORTS, m.module));
    const gvks = Object.values(mod).filter((x: any) => typeof x === 'function' && x.GVK).map((x: any) => x.GVK);
    expect(gvks.map(g => g.kind).sort()).toStrictEqual(m.kinds);
    expect(new Set(gvks.map(g => g.apiVersion))).toStrictEqual(new Set([m.apiVersion]));
  });
});
