import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import * as YAML from 'yaml';
import { gateway, GW, httpRoute, namespace, parent, service } from './fixtures';
import { GatewayController, ManifestValidationPlugin, ManifestValidator, NvcfGateway, NvcfGatewayClass, ParentReason, ReferenceReason, ValidationReport } from '../../src';
import { controllerOfClass, KNOWN_CONTROLLERS, servesBackend, servesRoute } from '../../src/validation/controllers';

const EG = 'gateway.envoyproxy.io/gatewayclass-controller';
const gatewayClass = (name: string, controllerName: string) =>
  ({ apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: { name }, spec: { controllerName } });
const classGateway = (name: string, className: string, listeners: any[] = [
  { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
  { name: 'udp', port: 53, protocol: 'UDP', allowedRoutes: { namespaces: { from: 'All' } } },
]) => ({ ...gateway(name, 'infra', listeners), spec: { gatewayClassName: className, listeners } });

const envoyBackend = {
  apiVersion: 'gateway.envoyproxy.io/v1alpha1',
  kind: 'Backend',
  metadata: { name: 'llm', namespace: 'apps' },
  spec: { endpoints: [{ fqdn: { hostname: 'llm.example.com', port: 443 } }] },
};
const toEnvoyBackend = (gateways: string[]) => httpRoute('r', 'apps', {
  parentRefs: gateways.map(g => parent(g, 'infra')),
  rules: [{ backendRefs: [{ group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'llm' }] }],
});

const referenceOf = (report: ValidationReport) => {
  expect(report.backends).toHaveLength(1);
  return report.backends[0];
};

describe('the capability table', () => {
  test('every controller serves HTTPRoutes to Services; the controllerNames of GatewayClasses map to their controller', () => {
    for (const controller of KNOWN_CONTROLLERS) {
      expect(servesRoute(controller, GW, 'HTTPRoute')).toBe(true);
      expect(servesBackend(controller, '', 'Service')).toBe(true);
    }
    expect(controllerOfClass(EG)).toBe(GatewayController.ENVOY_GATEWAY);
    expect(controllerOfClass('istio.io/gateway-controller')).toBe(GatewayController.ISTIO);
    expect(controllerOfClass('networking.gke.io/gateway')).toBe(GatewayController.GKE);
    expect(controllerOfClass('kgateway.dev/kgateway')).toBe(GatewayController.KGATEWAY);
    expect(controllerOfClass('agentgateway.dev/agentgateway')).toBe(GatewayController.AGENTGATEWAY);
    expect(controllerOfClass('traefik.io/gateway-controller')).toBeUndefined();
    expect(controllerOfClass(undefined)).toBeUndefined();
  });

  test('rows differ where the controllers differ', () => {
    expect(servesRoute(GatewayController.ENVOY_GATEWAY, GW, 'UDPRoute')).toBe(true);
    expect(servesRoute(GatewayController.ISTIO, GW, 'UDPRoute')).toBe(false);
    expect(servesRoute(GatewayController.GKE, GW, 'TCPRoute')).toBe(false);
    expect(servesBackend(GatewayController.ENVOY_GATEWAY, 'gateway.envoyproxy.io', 'Backend')).toBe(true);
    expect(servesBackend(GatewayController.KGATEWAY, 'gateway.envoyproxy.io', 'Backend')).toBe(false);
    expect(servesBackend(GatewayController.KGATEWAY, 'gateway.kgateway.dev', 'Backend')).toBe(true);
    expect(servesBackend(GatewayController.ISTIO, 'networking.istio.io', 'Hostname')).toBe(true);
    // No controller of the table serves the x-k8s.io InferencePool any more: Istio and agentgateway answer InvalidKind.
    expect(servesBackend(GatewayController.ANY, 'inference.networking.x-k8s.io', 'InferencePool')).toBe(false);
    expect(servesBackend(GatewayController.ANY, 'inference.networking.k8s.io', 'InferencePool')).toBe(true);
  });
});

describe('backendRef kinds: InvalidKind is the verdict of the route\'s controller', () => {
  const base = [namespace('apps'), envoyBackend];

  test('a chosen controller decides for every route', () => {
    const objects = [...base, classGateway('gw', 'unknown-class'), toEnvoyBackend(['gw'])];
    const istio = ManifestValidator.validate(objects, { controller: GatewayController.ISTIO });
    expect(referenceOf(istio)).toMatchObject({ resolved: false, reason: ReferenceReason.INVALID_KIND, verified: true });
    expect(referenceOf(istio).message).toBe("Istio (the controller the check was asked for: 'istio') does not resolve backendRefs to " +
      'gateway.envoyproxy.io/Backend. It resolves core Service, networking.istio.io Hostname, multicluster.x-k8s.io ServiceImport, ' +
      'inference.networking.k8s.io InferencePool: refer to one of those, or attach the HTTPRoute to a Gateway whose controller resolves ' +
      'gateway.envoyproxy.io/Backend.');
    expect(istio.ok).toBe(false);

    const envoy = ManifestValidator.validate(objects, { controller: GatewayController.ENVOY_GATEWAY });
    expect(referenceOf(envoy)).toMatchObject({ resolved: true, reason: ReferenceReason.RESOLVED_REFS });
    expect(envoy.ok).toBe(true);
  });

  test('with any, the controller of the GatewayClass of the Gateway the route attaches to', () => {
    const viaIstio = ManifestValidator.validate([...base, gatewayClass('istio', 'istio.io/gateway-controller'), classGateway('gw', 'istio'), toEnvoyBackend(['gw'])]);
    expect(referenceOf(viaIstio)).toMatchObject({ resolved: false, reason: ReferenceReason.INVALID_KIND, verified: true });
    expect(referenceOf(viaIstio).message).toMatch(/^Istio \(the controller of GatewayClass 'istio', istio\.io\/gateway-controller\) does not resolve/);

    const viaEnvoy = ManifestValidator.validate([...base, gatewayClass('eg', EG), classGateway('gw', 'eg'), toEnvoyBackend(['gw'])]);
    expect(referenceOf(viaEnvoy)).toMatchObject({ resolved: true });

    // A GatewayClass declared known with its spec counts as well.
    const known = ManifestValidator.validate([...base, classGateway('gw', 'istio'), toEnvoyBackend(['gw'])], {
      knownObjects: [{ apiVersion: `${GW}/v1`, kind: 'GatewayClass', name: 'istio', spec: { controllerName: 'istio.io/gateway-controller' } }],
    });
    expect(referenceOf(known).reason).toBe(ReferenceReason.INVALID_KIND);
  });

  test('a chosen controller wins over the GatewayClass', () => {
    const report = ManifestValidator.validate([...base, gatewayClass('istio', 'istio.io/gateway-controller'), classGateway('gw', 'istio'), toEnvoyBackend(['gw'])],
      { controller: GatewayController.ENVOY_GATEWAY });
    expect(referenceOf(report).resolved).toBe(true);
  });

  test('a route on Gateways of two controllers fails when one of them does not resolve the kind', () => {
    const report = ManifestValidator.validate([
      ...base, gatewayClass('eg', EG), gatewayClass('kgw', 'kgateway.dev/kgateway'),
      classGateway('envoy', 'eg'), classGateway('kgw', 'kgw'), toEnvoyBackend(['envoy', 'kgw']),
    ]);
    expect(referenceOf(report)).toMatchObject({ resolved: false, reason: ReferenceReason.INVALID_KIND });
    expect(referenceOf(report).message).toMatch(/^kgateway \(the controller of GatewayClass 'kgw', kgateway\.dev\/kgateway\)/);
  });

  test('with any and no known GatewayClass, a kind some controller resolves passes; one none resolves is a warning only', () => {
    const unknownClass = [...base, gatewayClass('traefik', 'traefik.io/gateway-controller'), classGateway('gw', 'traefik')];
    expect(ManifestValidator.validate([...unknownClass, toEnvoyBackend(['gw'])], { strict: true }).ok).toBe(true);

    const toXPool = httpRoute('r', 'apps', {
      parentRefs: [parent('gw', 'infra')],
      rules: [{ backendRefs: [{ group: 'inference.networking.x-k8s.io', kind: 'InferencePool', name: 'pool' }] }],
    });
    const pool = { apiVersion: 'inference.networking.x-k8s.io/v1alpha2', kind: 'InferencePool', metadata: { name: 'pool', namespace: 'apps' }, spec: {} };
    const report = ManifestValidator.validate([...unknownClass, pool, toXPool], { strict: true });
    expect(referenceOf(report)).toMatchObject({ resolved: true, reason: ReferenceReason.RESOLVED_REFS });
    const route = report.objects.find(o => o.kind === 'HTTPRoute')!;
    expect(route.errors).toStrictEqual([]);
    expect(route.warnings.map(w => w.message)).toStrictEqual([expect.stringMatching(/^InvalidKind: no controller this check knows .* resolves backendRefs to inference\.networking\.x-k8s\.io\/InferencePool/)]);

    // The same reference on an Envoy Gateway Gateway is Envoy Gateway's InvalidKind: an error.
    const envoy = ManifestValidator.validate([...base, gatewayClass('eg', EG), classGateway('gw', 'eg'), pool, toXPool]);
    expect(referenceOf(envoy).reason).toBe(ReferenceReason.INVALID_KIND);
  });
});

describe('route kinds: a route of a kind the controller does not serve never attaches', () => {
  const udpRoute = {
    apiVersion: `${GW}/v1alpha2`,
    kind: 'UDPRoute',
    metadata: { name: 'dns', namespace: 'apps' },
    spec: { parentRefs: [{ ...parent('gw', 'infra'), sectionName: 'udp' }], rules: [{ backendRefs: [{ name: 'dns', port: 53 }] }] },
  };
  const objects = [namespace('apps'), service('dns', 'apps', [53]), classGateway('gw', 'some-class'), udpRoute];

  test('UDPRoute: Envoy Gateway attaches it, Istio does not serve it', () => {
    expect(ManifestValidator.validate(objects, { controller: GatewayController.ENVOY_GATEWAY }).parents[0]).toMatchObject({ attached: true });
    const istio = ManifestValidator.validate(objects, { controller: GatewayController.ISTIO });
    expect(istio.parents[0]).toMatchObject({ attached: false, reason: ParentReason.NOT_ALLOWED_BY_LISTENERS, verified: true });
    expect(istio.parents[0].message).toBe("Istio (the controller the check was asked for: 'istio') does not serve UDPRoutes: no listener of " +
      "Gateway 'infra/gw' admits one, and the route gets no status and carries no traffic. It serves HTTPRoute, GRPCRoute, TCPRoute, " +
      'TLSRoute. Use one of those kinds, or attach to a Gateway whose controller serves UDPRoute.');
    expect(istio.ok).toBe(false);
  });

  test('with any, from the GatewayClass: a GKE Gateway serves no UDPRoute', () => {
    const report = ManifestValidator.validate([...objects.slice(0, 2), gatewayClass('gke', 'networking.gke.io/gateway'), classGateway('gw', 'gke'), udpRoute]);
    expect(report.parents[0]).toMatchObject({ attached: false, reason: ParentReason.NOT_ALLOWED_BY_LISTENERS });
    expect(report.parents[0].message).toMatch(/^GKE Gateway \(the controller of GatewayClass 'gke', networking\.gke\.io\/gateway\) does not serve UDPRoutes/);
  });
});

describe('charts built with the constructs check against the controller their gateway names', () => {
  const chartWith = (gatewayClassChoice: NvcfGatewayClass | undefined) => {
    const app = Testing.app();
    const chart = new Chart(app, 'platform', { disableResourceNameHashes: true });
    new NvcfGateway(chart, 'gateway', { domain: 'nvcf.example.com', gatewayClass: gatewayClassChoice });
    new ApiObject(chart, 'route', httpRoute('r', 'nvcf', {
      parentRefs: [parent('nvcf-gateway', 'envoy-gateway', 'http')],
      rules: [{ backendRefs: [{ group: 'example.com', kind: 'Widget', name: 'w' }] }],
    }));
    return chart;
  };

  test('an NvcfGateway creating its Envoy Gateway GatewayClass: InvalidKind fails the synth, naming Envoy Gateway', () => {
    expect(() => Testing.synth(chartWith(undefined))).toThrow(
      /HTTPRoute 'nvcf\/r' \(construct platform\/route\) spec.rules\[0\].backendRefs\[0\]: InvalidKind: Envoy Gateway v1\.8\.1 \(the controller of GatewayClass 'eg', gateway\.envoyproxy\.io\/gatewayclass-controller\) does not resolve backendRefs to example\.com\/Widget/);
  });

  test('an NvcfGateway on an existing GatewayClass (controller unknown): the kind is a warning, not a synth error', () => {
    expect(() => Testing.synth(chartWith(NvcfGatewayClass.fromExisting('eg')))).not.toThrow(/InvalidKind/);
  });
});

describe('the cdk8s-cli plugin takes the controller as a property', () => {
  test("controller: 'istio' fails a UDPRoute; an unknown name is a violation naming the property", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'controllers-'));
    try {
      const file = path.join(dir, 'app.k8s.yaml');
      const udpRoute = {
        apiVersion: `${GW}/v1alpha2`,
        kind: 'UDPRoute',
        metadata: { name: 'dns', namespace: 'apps' },
        spec: { parentRefs: [{ ...parent('gw', 'infra'), sectionName: 'udp' }], rules: [{ backendRefs: [{ name: 'dns', port: 53 }] }] },
      };
      fs.writeFileSync(file, [namespace('apps'), service('dns', 'apps', [53]), classGateway('gw', 'c'), udpRoute].map(o => YAML.stringify(o)).join('---\n'));
      const validate = async (properties: any) => {
        const ctx = new ValidationContext([file], 'cdk8s-ai-gateway', '0.0.0', {}, false);
        await new ManifestValidationPlugin(properties).validate(ctx);
        return ctx.report.toJson().violations.map(v => `${v.ruleName}: ${v.recommendation}`);
      };
      expect(await validate({ controller: GatewayController.ENVOY_GATEWAY })).toStrictEqual([]);
      expect(await validate({ controller: 'istio' })).toStrictEqual([expect.stringMatching(/^NotAllowedByListeners: UDPRoute 'apps\/dns' spec\.parentRefs\[0\]: Istio \(the controller the check was asked for: 'istio'\)/)]);
      expect(await validate({ controller: 'nginx' })).toStrictEqual(["Properties: the plugin's property controller is 'nginx', which names no controller."]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
