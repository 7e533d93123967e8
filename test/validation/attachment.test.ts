import {
  GW, gateway, grant, httpRoute, namespace, nvcfGateway, parent, secret, service, tcpRoute, toService,
  platformNs, apiKeysRoute,
} from './fixtures';
import { KnownObject, ManifestValidator, ParentReason, ReferenceReason, ValidationReport } from '../../src';

function validate(manifests: any[], options: { strict?: boolean; knownObjects?: KnownObject[] } = {}): ValidationReport {
  return ManifestValidator.validate(manifests, options);
}

/** The verdict of the one parentRef of the route `name`. */
function parentOf(report: ValidationReport, name: string, i = 0) {
  const verdicts = report.parents.filter(p => p.route.name === name);
  expect(verdicts.length).toBeGreaterThan(i);
  return verdicts[i];
}

function refOf(report: ValidationReport, name: string, i = 0) {
  const verdicts = report.backends.filter(b => b.route.name === name);
  expect(verdicts.length).toBeGreaterThan(i);
  return verdicts[i];
}

function objectOf(report: ValidationReport, kind: string, name: string) {
  const object = report.objects.find(o => o.kind === kind && o.name === name);
  expect(object).toBeDefined();
  return object!;
}


describe('route parents', () => {
  test('a route in a labelled namespace attaches to the Selector listener: Accepted', () => {
    const report = validate([nvcfGateway(), platformNs, apiKeysRoute(), service('api-keys', 'api-keys')], { strict: true });

    expect(parentOf(report, 'api-keys')).toMatchObject({
      route: { kind: 'HTTPRoute', namespace: 'api-keys', name: 'api-keys' },
      parentRef: parent('nvcf-gateway', 'envoy-gateway', 'http'),
      attached: true,
      reason: ParentReason.ACCEPTED,
      verified: true,
    });
    expect(parentOf(report, 'api-keys').message).toContain("listener 'http'");
    expect(report).toMatchObject({ ok: true, errors: 0, warnings: 0 });
  });

  test('fails with NotAllowedByListeners when the namespace lacks the selected label', () => {
    const report = validate([nvcfGateway(), namespace('api-keys', { team: 'a' }), apiKeysRoute(), service('api-keys', 'api-keys')]);

    const verdict = parentOf(report, 'api-keys');
    expect(verdict).toMatchObject({ attached: false, reason: ParentReason.NOT_ALLOWED_BY_LISTENERS, verified: true });
    expect(verdict.message).toContain("selects namespaces {nvcf/platform=true}, and Namespace 'api-keys' has labels team=a");
    expect(report.ok).toBe(false);
    expect(objectOf(report, 'HTTPRoute', 'api-keys').errors).toStrictEqual([
      { path: 'spec.parentRefs[0]', message: `NotAllowedByListeners: ${verdict.message}` },
    ]);
  });

  test('fails with NotAllowedByListeners when the listener protocol does not admit the kind (TCPRoute on HTTP)', () => {
    const route = tcpRoute('grpc', 'api-keys', { parentRefs: [parent('nvcf-gateway', 'envoy-gateway', 'http')], rules: [{ backendRefs: [toService('grpc', undefined, 10081)] }] });
    const report = validate([nvcfGateway(), platformNs, route, service('grpc', 'api-keys', [10081])]);

    const verdict = parentOf(report, 'grpc');
    expect(verdict).toMatchObject({ attached: false, reason: ParentReason.NOT_ALLOWED_BY_LISTENERS, verified: true });
    expect(verdict.message).toContain("listener 'http' (HTTP) admits HTTPRoute, GRPCRoute, not TCPRoute");
  });

  test('a TCPRoute without sectionName attaches to the TCP listener only', () => {
    const route = tcpRoute('grpc', 'nvcf', { parentRefs: [{ name: 'nvcf-gateway', namespace: 'envoy-gateway' }], rules: [{ backendRefs: [toService('grpc', undefined, 10081)] }] });
    const report = validate([nvcfGateway(), route, service('grpc', 'nvcf', [10081])], { strict: true });

    expect(parentOf(report, 'grpc')).toMatchObject({ attached: true, reason: ParentReason.ACCEPTED });
    expect(parentOf(report, 'grpc').message).toBe("attached to Gateway 'envoy-gateway/nvcf-gateway' through listener 'tcp'.");
  });

  test('fails with NoMatchingListenerHostname when no hostname intersects', () => {
    const gw = gateway('gw', 'infra', [{ name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } } }]);
    const outside = httpRoute('outside', 'apps', { parentRefs: [parent('gw', 'infra')], hostnames: ['api.example.org', 'example.com'] });
    const inside = httpRoute('inside', 'apps', { parentRefs: [parent('gw', 'infra')], hostnames: ['api.example.org', 'a.b.example.com'] });
    const report = validate([gw, outside, inside]);

    expect(parentOf(report, 'outside')).toMatchObject({ attached: false, reason: ParentReason.NO_MATCHING_LISTENER_HOSTNAME, verified: true });
    expect(parentOf(report, 'outside').message).toContain("no hostname of the route ('api.example.org', 'example.com') intersects");
    expect(parentOf(report, 'inside')).toMatchObject({ attached: true, reason: ParentReason.ACCEPTED });
  });

  test('fails with NoMatchingParent when no listener has the sectionName or port', () => {
    const bySection = apiKeysRoute({ parentRefs: [parent('nvcf-gateway', 'envoy-gateway', 'https')] });
    const byPort = httpRoute('by-port', 'api-keys', { parentRefs: [{ ...parent('nvcf-gateway', 'envoy-gateway', 'http'), port: 8080 }] });
    const report = validate([nvcfGateway(), platformNs, bySection, byPort, service('api-keys', 'api-keys')]);

    expect(parentOf(report, 'api-keys')).toMatchObject({ attached: false, reason: ParentReason.NO_MATCHING_PARENT, verified: true });
    expect(parentOf(report, 'api-keys').message).toBe(
      "no listener of Gateway 'envoy-gateway/nvcf-gateway' matches sectionName 'https' (listeners: 'http' (HTTP 80), 'tcp' (TCP 10081)). Use one of those.");
    expect(parentOf(report, 'by-port').message).toContain("matches sectionName 'http' and port 8080");
  });

  test('a Gateway neither in the set nor known is unverified: a warning by default, an error in strict mode', () => {
    const manifests = [platformNs, apiKeysRoute(), service('api-keys', 'api-keys')];

    const lenient = validate(manifests);
    expect(parentOf(lenient, 'api-keys')).toMatchObject({ attached: false, reason: ParentReason.NO_MATCHING_PARENT, verified: false });
    expect(lenient).toMatchObject({ ok: true, errors: 0, warnings: 1 });
    expect(objectOf(lenient, 'HTTPRoute', 'api-keys').warnings[0].message).toMatch(
      /^NoMatchingParent: unverified: Gateway 'envoy-gateway\/nvcf-gateway' is neither in the manifests nor declared known/);

    const strict = validate(manifests, { strict: true });
    expect(strict).toMatchObject({ ok: false, errors: 1, warnings: 0 });
  });

  test('a known Gateway counts as present; with listeners they are checked, without them the route is accepted', () => {
    const known = ManifestValidator.knownFromManifests([nvcfGateway()]);
    const withListeners = validate([platformNs, apiKeysRoute({ parentRefs: [parent('nvcf-gateway', 'envoy-gateway', 'tcp')] }), service('api-keys', 'api-keys')],
      { strict: true, knownObjects: known });
    expect(parentOf(withListeners, 'api-keys')).toMatchObject({ attached: false, reason: ParentReason.NOT_ALLOWED_BY_LISTENERS });

    const withoutListeners = validate([platformNs, apiKeysRoute(), service('api-keys', 'api-keys')], {
      strict: true,
      knownObjects: [{ apiVersion: `${GW}/v1`, kind: 'Gateway', namespace: 'envoy-gateway', name: 'nvcf-gateway' }],
    });
    expect(parentOf(withoutListeners, 'api-keys')).toMatchObject({ attached: true, reason: ParentReason.ACCEPTED, verified: true });
    expect(withoutListeners.ok).toBe(true);
  });

  test('namespace labels: unknown Namespace is unverified; a known Namespace with its labels decides', () => {
    const manifests = [nvcfGateway(), apiKeysRoute(), service('api-keys', 'api-keys')];

    const unknown = validate(manifests);
    expect(parentOf(unknown, 'api-keys')).toMatchObject({ attached: false, reason: ParentReason.NOT_ALLOWED_BY_LISTENERS, verified: false });
    expect(parentOf(unknown, 'api-keys').message).toContain("the labels of Namespace 'api-keys' are unknown");
    expect(unknown.ok).toBe(true);
    expect(validate(manifests, { strict: true }).ok).toBe(false);

    const known = validate(manifests, {
      strict: true,
      knownObjects: [{ apiVersion: 'v1', kind: 'Namespace', name: 'api-keys', labels: { 'nvcf/platform': 'true' } }],
    });
    expect(parentOf(known, 'api-keys')).toMatchObject({ attached: true, verified: true });
    expect(known.ok).toBe(true);
  });

  test('the kubernetes.io/metadata.name label is implied, even without the Namespace object', () => {
    const gw = gateway('gw', 'infra', [{
      name: 'http',
      port: 80,
      protocol: 'HTTP',
      allowedRoutes: { namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['apps'] }] } } },
    }]);
    const report = validate([gw, httpRoute('in', 'apps', { parentRefs: [parent('gw', 'infra')] }), httpRoute('out', 'other', { parentRefs: [parent('gw', 'infra')] })],
      { strict: true });

    expect(parentOf(report, 'in')).toMatchObject({ attached: true, verified: true });
    expect(parentOf(report, 'out')).toMatchObject({ attached: false, reason: ParentReason.NOT_ALLOWED_BY_LISTENERS, verified: true });
  });

  test.each([
    ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold', 'silver'] }] }, true],
    ['In, other value', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['bronze'] }] }, false],
    ['NotIn', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['bronze'] }] }, true],
    ['NotIn, own value', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['gold'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, false],
    ['matchLabels and matchExpressions', { matchLabels: { team: 'ai' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
    ['matchLabels, one differs', { matchLabels: { team: 'ai', tier: 'silver' } }, false],
    ['empty selector', {}, true],
  ])('Selector %s', (_name, selector, attached) => {
    const gw = gateway('gw', 'infra', [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Selector', selector } } }]);
    const report = validate([gw, namespace('apps', { tier: 'gold', team: 'ai' }), httpRoute('r', 'apps', { parentRefs: [parent('gw', 'infra')] })]);

    expect(parentOf(report, 'r')).toMatchObject({ attached, verified: true });
  });

  test('from Same admits the gateway namespace only; from All admits every namespace', () => {
    const gw = gateway('gw', 'infra', [
      { name: 'same', port: 80, protocol: 'HTTP' },
      { name: 'all', port: 8080, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
    ]);
    const report = validate([
      gw,
      httpRoute('local', 'infra', { parentRefs: [parent('gw', undefined, 'same')] }),
      httpRoute('remote-same', 'apps', { parentRefs: [parent('gw', 'infra', 'same')] }),
      httpRoute('remote-all', 'apps', { parentRefs: [parent('gw', 'infra', 'all')] }),
    ]);

    expect(parentOf(report, 'local')).toMatchObject({ attached: true });
    expect(parentOf(report, 'remote-same')).toMatchObject({ attached: false, reason: ParentReason.NOT_ALLOWED_BY_LISTENERS });
    expect(parentOf(report, 'remote-same').message).toContain("admits routes from its own namespace 'infra' only (allowedRoutes.namespaces.from: Same), not from 'apps'");
    expect(parentOf(report, 'remote-all')).toMatchObject({ attached: true });
  });

  test('allowedRoutes.kinds narrows the protocol kinds; TLS passthrough admits TLSRoute only, terminate also TCPRoute', () => {
    const gw = gateway('gw', 'infra', [
      { name: 'grpc-only', port: 80, protocol: 'HTTP', allowedRoutes: { kinds: [{ kind: 'GRPCRoute' }] } },
      { name: 'passthrough', port: 443, protocol: 'TLS', tls: { mode: 'Passthrough' } },
      { name: 'terminate', port: 8443, protocol: 'TLS', tls: { mode: 'Terminate', certificateRefs: [{ name: 'cert' }] } },
    ]);
    const report = validate([
      gw, secret('cert', 'infra'),
      httpRoute('http', 'infra', { parentRefs: [parent('gw', undefined, 'grpc-only')] }),
      { apiVersion: `${GW}/v1`, kind: 'GRPCRoute', metadata: { name: 'grpc', namespace: 'infra' }, spec: { parentRefs: [parent('gw', undefined, 'grpc-only')] } },
      tcpRoute('tcp-passthrough', 'infra', { parentRefs: [parent('gw', undefined, 'passthrough')] }),
      tcpRoute('tcp-terminate', 'infra', { parentRefs: [parent('gw', undefined, 'terminate')] }),
      { apiVersion: `${GW}/v1alpha2`, kind: 'TLSRoute', metadata: { name: 'tls', namespace: 'infra' }, spec: { parentRefs: [parent('gw', undefined, 'passthrough')] } },
    ], { strict: true });

    expect(parentOf(report, 'http')).toMatchObject({ attached: false, reason: ParentReason.NOT_ALLOWED_BY_LISTENERS });
    expect(parentOf(report, 'grpc')).toMatchObject({ attached: true });
    expect(parentOf(report, 'tcp-passthrough')).toMatchObject({ attached: false, reason: ParentReason.NOT_ALLOWED_BY_LISTENERS });
    expect(parentOf(report, 'tcp-terminate')).toMatchObject({ attached: true });
    expect(parentOf(report, 'tls')).toMatchObject({ attached: true });
  });

  test('an AIGatewayRoute attaches as an HTTPRoute, with its hostnames', () => {
    const gw = gateway('ai', 'ai', [
      { name: 'http', port: 80, protocol: 'HTTP', hostname: 'api.example.com' },
      { name: 'tcp', port: 10081, protocol: 'TCP' },
    ]);
    const aiRoute = (name: string, spec: any, version = 'v1beta1') => ({
      apiVersion: `aigateway.envoyproxy.io/${version}`, kind: 'AIGatewayRoute', metadata: { name, namespace: 'ai' }, spec: { rules: [], ...spec },
    });
    const report = validate([
      gw,
      aiRoute('ok', { parentRefs: [{ name: 'ai' }] }, 'v1alpha1'),
      aiRoute('tcp', { parentRefs: [{ name: 'ai', sectionName: 'tcp' }] }),
      aiRoute('host', { parentRefs: [{ name: 'ai' }], hostnames: ['other.example.com'] }),
    ]);

    expect(parentOf(report, 'ok')).toMatchObject({ route: { kind: 'AIGatewayRoute' }, attached: true });
    expect(parentOf(report, 'tcp')).toMatchObject({ attached: false, reason: ParentReason.NOT_ALLOWED_BY_LISTENERS });
    expect(parentOf(report, 'tcp').message).toContain('AIGatewayRoute (attaching as HTTPRoute)');
    expect(parentOf(report, 'host')).toMatchObject({ attached: false, reason: ParentReason.NO_MATCHING_LISTENER_HOSTNAME });
  });

  test('a parent that is not a Gateway is unverified', () => {
    const report = validate([httpRoute('mesh', 'apps', { parentRefs: [{ group: '', kind: 'Service', name: 'svc' }] })]);

    expect(parentOf(report, 'mesh')).toMatchObject({ attached: false, reason: ParentReason.NO_MATCHING_PARENT, verified: false });
  });
});

describe('route backends', () => {
  const gw = nvcfGateway();
  const routeTo = (backendRef: any, name = 'r', kind = 'HTTPRoute') => ({
    apiVersion: `${GW}/v1`,
    kind,
    metadata: { name, namespace: 'api-keys' },
    spec: { parentRefs: [parent('nvcf-gateway', 'envoy-gateway', 'http')], rules: [{ backendRefs: [backendRef] }] },
  });

  test('a Service in the route namespace resolves: ResolvedRefs', () => {
    const report = validate([gw, platformNs, routeTo(toService('api-keys')), service('api-keys', 'api-keys')], { strict: true });

    expect(refOf(report, 'r')).toStrictEqual({
      route: { kind: 'HTTPRoute', namespace: 'api-keys', name: 'r' },
      backendRef: { name: 'api-keys', namespace: undefined, port: 8080 },
      resolved: true,
      reason: ReferenceReason.RESOLVED_REFS,
      message: "Service 'api-keys/api-keys' port 8080 is in the set.",
      verified: true,
    });
  });

  test.each([
    ['v1beta1', `${GW}/v1beta1`],
    ['v1', `${GW}/v1`],
  ])('a cross-namespace Service resolves with a ReferenceGrant %s', (_name, apiVersion) => {
    const permit = grant('allow', 'nvcf', [{ group: GW, kind: 'HTTPRoute', namespace: 'api-keys' }], [{ group: '', kind: 'Service', name: 'nvcf-api' }], apiVersion);
    const report = validate([gw, platformNs, routeTo(toService('nvcf-api', 'nvcf')), service('nvcf-api', 'nvcf'), permit], { strict: true });

    expect(refOf(report, 'r')).toMatchObject({ resolved: true, reason: ReferenceReason.RESOLVED_REFS });
    expect(refOf(report, 'r').message).toContain('a ReferenceGrant permits the reference');
    expect(report.ok).toBe(true);
  });

  test('fails with RefNotPermitted without a grant: a warning by default, an error in strict mode', () => {
    const manifests = [gw, platformNs, routeTo(toService('nvcf-api', 'nvcf')), service('nvcf-api', 'nvcf')];

    const lenient = validate(manifests);
    expect(refOf(lenient, 'r')).toMatchObject({ resolved: false, reason: ReferenceReason.REF_NOT_PERMITTED, verified: false });
    expect(refOf(lenient, 'r').message).toBe(
      "unverified: no ReferenceGrant in namespace 'nvcf' permits HTTPRoutes from 'api-keys' to refer to Service 'nvcf/nvcf-api'. " +
      "Add a ReferenceGrant in 'nvcf' with from {group: 'gateway.networking.k8s.io', kind: HTTPRoute, namespace: api-keys} and " +
      "to {group: '', kind: Service, name: nvcf-api}, or declare the one the cluster has as known.");
    expect(lenient).toMatchObject({ ok: true, warnings: 1 });

    const strict = validate(manifests, { strict: true });
    expect(strict).toMatchObject({ ok: false, errors: 1 });
    expect(objectOf(strict, 'HTTPRoute', 'r').errors[0].path).toBe('spec.rules[0].backendRefs[0]');
  });

  test('a narrow grant does not permit other Services or other route kinds', () => {
    const narrow = grant('allow', 'nvcf', [{ group: GW, kind: 'HTTPRoute', namespace: 'api-keys' }], [{ group: '', kind: 'Service', name: 'nvcf-api' }]);
    const report = validate([
      gw, platformNs, narrow, service('nvcf-api', 'nvcf'), service('invocation', 'nvcf'), service('grpc', 'nvcf', [10081]),
      routeTo(toService('invocation', 'nvcf'), 'other-service'),
      routeTo(toService('nvcf-api', 'nvcf', 8080), 'other-kind', 'GRPCRoute'),
    ], { strict: true });

    expect(refOf(report, 'other-service')).toMatchObject({ resolved: false, reason: ReferenceReason.REF_NOT_PERMITTED });
    expect(refOf(report, 'other-service').message).toContain("(ReferenceGrant 'allow' admits HTTPRoutes from 'api-keys' to Service 'nvcf-api' only)");
    expect(refOf(report, 'other-kind')).toMatchObject({ resolved: false, reason: ReferenceReason.REF_NOT_PERMITTED });
    expect(report.errors).toBe(2);
  });

  test('a grant without a name in `to` permits every object of the kind', () => {
    const wide = grant('allow', 'nvcf', [{ group: GW, kind: 'HTTPRoute', namespace: 'api-keys' }], [{ group: '', kind: 'Service' }]);
    const report = validate([gw, platformNs, wide, service('invocation', 'nvcf'), routeTo(toService('invocation', 'nvcf'))], { strict: true });

    expect(refOf(report, 'r')).toMatchObject({ resolved: true });
  });

  test('fails with BackendNotFound for a missing Service: unverified by default; a known Service resolves', () => {
    const manifests = [gw, platformNs, routeTo(toService('missing'))];

    expect(refOf(validate(manifests), 'r')).toMatchObject({ resolved: false, reason: ReferenceReason.BACKEND_NOT_FOUND, verified: false });
    expect(validate(manifests, { strict: true }).ok).toBe(false);
    const known = validate(manifests, { strict: true, knownObjects: [{ apiVersion: 'v1', kind: 'Service', namespace: 'api-keys', name: 'missing' }] });
    expect(refOf(known, 'r')).toMatchObject({ resolved: true, message: "Service 'api-keys/missing' port 8080 is declared known." });
    expect(known.ok).toBe(true);
  });

  test('fails with PortNotFound when the Service lacks the port', () => {
    const report = validate([gw, platformNs, routeTo(toService('api-keys', undefined, 9090)), service('api-keys', 'api-keys', [8080, 8081])]);

    expect(refOf(report, 'r')).toMatchObject({ resolved: false, reason: ReferenceReason.PORT_NOT_FOUND, verified: true });
    expect(refOf(report, 'r').message).toBe("Service 'api-keys/api-keys' has no port 9090 (its ports: 8080, 8081). Use one of those.");
    expect(report.ok).toBe(false);
  });

  test('fails with InvalidKind from the controller its GatewayClass names for a kind that controller does not resolve', () => {
    const envoyGateway = { apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: { name: 'eg' }, spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' } };
    const report = validate([envoyGateway, gw, platformNs, routeTo({ group: '', kind: 'ConfigMap', name: 'cm' })]);

    expect(refOf(report, 'r')).toMatchObject({ resolved: false, reason: ReferenceReason.INVALID_KIND, verified: true });
    expect(refOf(report, 'r').message).toBe("Envoy Gateway v1.8.1 (the controller of GatewayClass 'eg', gateway.envoyproxy.io/gatewayclass-controller) " +
      'does not resolve backendRefs to ConfigMap. It resolves core Service, multicluster.x-k8s.io ServiceImport, gateway.envoyproxy.io Backend, ' +
      'inference.networking.k8s.io InferencePool: refer to one of those, or attach the HTTPRoute to a Gateway whose controller resolves ConfigMap.');
    expect(report.ok).toBe(false);
  });

  test('a kind no known controller resolves, the controller unknown: a warning (in strict mode too), the reference checked on', () => {
    const report = validate([gw, platformNs, routeTo({ group: '', kind: 'ConfigMap', name: 'cm' })], { strict: true });

    expect(refOf(report, 'r')).toMatchObject({ reason: ReferenceReason.BACKEND_NOT_FOUND, verified: false });
    expect(objectOf(report, 'HTTPRoute', 'r').warnings).toStrictEqual([{
      path: 'spec.rules[0].backendRefs[0]',
      message: expect.stringMatching(/^InvalidKind: no controller this check knows \(Envoy Gateway v1\.8\.1, Istio, GKE Gateway, kgateway, agentgateway\) resolves backendRefs to ConfigMap/),
    }]);
  });

  test('Envoy Gateway Backends, InferencePools and request mirrors resolve', () => {
    const backend = { apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'Backend', metadata: { name: 'llm', namespace: 'api-keys' }, spec: { endpoints: [] } };
    const pool = { apiVersion: 'inference.networking.k8s.io/v1', kind: 'InferencePool', metadata: { name: 'qwen', namespace: 'api-keys' }, spec: { endpointPickerRef: { name: 'qwen-epp', port: { number: 9002 } } } };
    const route = httpRoute('r', 'api-keys', {
      parentRefs: [parent('nvcf-gateway', 'envoy-gateway', 'http')],
      rules: [{
        backendRefs: [
          { group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'llm' },
          { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'qwen' },
        ],
        filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'shadow', port: 8080 } } }],
      }],
    });
    const report = validate([gw, platformNs, backend, pool, route, service('qwen-epp', 'api-keys', [9002])]);

    expect(report.backends.filter(b => b.route.name === 'r').map(b => [b.reason, b.verified])).toStrictEqual([
      [ReferenceReason.RESOLVED_REFS, true],
      [ReferenceReason.RESOLVED_REFS, true],
      [ReferenceReason.BACKEND_NOT_FOUND, false],
    ]);
    expect(objectOf(report, 'HTTPRoute', 'r').warnings.map(w => w.path)).toStrictEqual(['spec.rules[0].filters[0].requestMirror.backendRef']);
    expect(refOf(report, 'qwen')).toMatchObject({ resolved: true, backendRef: { name: 'qwen-epp', port: { number: 9002 } } });
  });
});

describe('Envoy AI Gateway references', () => {
  const AI = 'aigateway.envoyproxy.io';
  const aiRoute = (backendRefs: any[]) => ({
    apiVersion: `${AI}/v1beta1`,
    kind: 'AIGatewayRoute',
    metadata: { name: 'route', namespace: 'ai' },
    spec: { parentRefs: [{ name: 'ai' }], rules: [{ backendRefs }] },
  });
  const serviceBackend = (name: string, ns: string, backendRef: any = { group: 'gateway.envoyproxy.io', kind: 'Backend', name }) => ({
    apiVersion: `${AI}/v1beta1`, kind: 'AIServiceBackend', metadata: { name, namespace: ns }, spec: { schema: { name: 'OpenAI' }, backendRef },
  });
  const envoyBackend = (name: string, ns: string) => ({ apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'Backend', metadata: { name, namespace: ns }, spec: {} });
  const gw = gateway('ai', 'ai', [{ name: 'http', port: 80, protocol: 'HTTP' }]);

  test('AIGatewayRoute → AIServiceBackend → Backend resolves; a missing AIServiceBackend is BackendNotFound', () => {
    const report = validate([gw, aiRoute([{ name: 'qwen' }, { name: 'missing' }]), serviceBackend('qwen', 'ai'), envoyBackend('qwen', 'ai')], { strict: true });

    const routeRefs = report.backends.filter(b => b.route.kind === 'AIGatewayRoute');
    expect(routeRefs.map(b => b.reason)).toStrictEqual([ReferenceReason.RESOLVED_REFS, ReferenceReason.BACKEND_NOT_FOUND]);
    expect(routeRefs[1].message).toContain("aigateway.envoyproxy.io/AIServiceBackend 'ai/missing' is neither in the manifests nor declared known");
    expect(refOf(report, 'qwen')).toMatchObject({ route: { kind: 'AIServiceBackend' }, resolved: true });
    expect(report.errors).toBe(1);
  });

  test('a cross-namespace AIServiceBackend needs a grant from AIGatewayRoutes', () => {
    const permit = grant('allow', 'models', [{ group: AI, kind: 'AIGatewayRoute', namespace: 'ai' }], [{ group: AI, kind: 'AIServiceBackend', name: 'qwen' }]);
    const manifests = [gw, aiRoute([{ name: 'qwen', namespace: 'models' }]), serviceBackend('qwen', 'models'), envoyBackend('qwen', 'models')];

    expect(refOf(validate(manifests, { strict: true }), 'route')).toMatchObject({ reason: ReferenceReason.REF_NOT_PERMITTED });
    expect(refOf(validate([...manifests, permit], { strict: true }), 'route')).toMatchObject({ reason: ReferenceReason.RESOLVED_REFS });
  });

  test('an AIGatewayRoute may send to an InferencePool; an AIServiceBackend must name a Backend', () => {
    const pool = { apiVersion: 'inference.networking.k8s.io/v1', kind: 'InferencePool', metadata: { name: 'pool', namespace: 'ai' }, spec: {} };
    const report = validate([gw, pool, aiRoute([{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'pool' }]),
      serviceBackend('svc', 'ai', { name: 'svc', port: 80 })]);

    expect(refOf(report, 'route')).toMatchObject({ reason: ReferenceReason.RESOLVED_REFS });
    expect(refOf(report, 'svc')).toMatchObject({ resolved: false, reason: ReferenceReason.INVALID_KIND });
    expect(refOf(report, 'svc').message).toBe('AIServiceBackend cannot refer to Service. Refer to one of: gateway.envoyproxy.io Backend.');
  });

  test('BackendSecurityPolicy targets and Secrets resolve in its namespace', () => {
    const policy = {
      apiVersion: `${AI}/v1beta1`,
      kind: 'BackendSecurityPolicy',
      metadata: { name: 'keys', namespace: 'ai' },
      spec: {
        type: 'APIKey',
        apiKey: { secretRef: { name: 'openai-apikey' } },
        targetRefs: [{ group: AI, kind: 'AIServiceBackend', name: 'qwen' }, { group: AI, kind: 'AIServiceBackend', name: 'gone' }],
      },
    };
    const report = validate([policy, serviceBackend('qwen', 'ai'), envoyBackend('qwen', 'ai'), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'openai-apikey', namespace: 'ai' } }], { strict: true });

    const refs = report.backends.filter(b => b.route.name === 'keys');
    expect(refs.map(b => [b.reason, b.backendRef.name])).toStrictEqual([
      [ReferenceReason.RESOLVED_REFS, 'qwen'],
      [ReferenceReason.BACKEND_NOT_FOUND, 'gone'],
      [ReferenceReason.RESOLVED_REFS, 'openai-apikey'],
    ]);
    expect(objectOf(report, 'BackendSecurityPolicy', 'keys').errors.map(e => e.path)).toStrictEqual(['spec.targetRefs[1]']);
  });
});

describe('listener certificateRefs', () => {
  const tlsGateway = (certificateRefs: any[]) => gateway('gw', 'infra', [
    { name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.example.com', tls: { mode: 'Terminate', certificateRefs } },
  ]);

  test('a Secret in the gateway namespace resolves', () => {
    const report = validate([tlsGateway([{ name: 'wildcard' }]), secret('wildcard', 'infra')], { strict: true });

    expect(refOf(report, 'gw')).toMatchObject({ route: { kind: 'Gateway', namespace: 'infra', name: 'gw' }, resolved: true, reason: ReferenceReason.RESOLVED_REFS });
  });

  test('fails with InvalidCertificateRef for a missing Secret or a kind other than Secret', () => {
    const report = validate([tlsGateway([{ name: 'missing' }, { group: '', kind: 'ConfigMap', name: 'cm' }])], { strict: true });

    expect(report.backends.map(b => [b.reason, b.verified])).toStrictEqual([
      [ReferenceReason.INVALID_CERTIFICATE_REF, false],
      [ReferenceReason.INVALID_CERTIFICATE_REF, true],
    ]);
    expect(objectOf(report, 'Gateway', 'gw').errors.map(e => e.path)).toStrictEqual([
      'spec.listeners[0].tls.certificateRefs[0]', 'spec.listeners[0].tls.certificateRefs[1]',
    ]);
  });

  test('a Secret that a cert-manager Certificate of the set names (spec.secretName) counts as present, in its namespace only', () => {
    const certificate = (ns: string, secretName: string) => ({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'wildcard', namespace: ns },
      spec: { secretName, dnsNames: ['*.example.com'], issuerRef: { name: 'ca', kind: 'Issuer' } },
    });
    const report = validate([tlsGateway([{ name: 'wildcard-tls' }]), certificate('infra', 'wildcard-tls')], { strict: true });

    expect(report).toMatchObject({ ok: true, errors: 0, warnings: 0 });
    expect(refOf(report, 'gw')).toMatchObject({
      resolved: true,
      reason: ReferenceReason.RESOLVED_REFS,
      message: "Secret 'infra/wildcard-tls' is written by cert-manager for Certificate 'infra/wildcard' of the set.",
    });
    // Another namespace's Certificate, or one for another Secret, does not make it present.
    for (const other of [certificate('certs', 'wildcard-tls'), certificate('infra', 'other-tls')]) {
      expect(refOf(validate([tlsGateway([{ name: 'wildcard-tls' }]), other], { strict: true }), 'gw'))
        .toMatchObject({ resolved: false, reason: ReferenceReason.INVALID_CERTIFICATE_REF, verified: false });
    }
  });

  test('a Secret in another namespace needs a grant from Gateways', () => {
    const manifests = [tlsGateway([{ name: 'wildcard', namespace: 'certs' }]), secret('wildcard', 'certs')];
    const permit = grant('allow', 'certs', [{ group: GW, kind: 'Gateway', namespace: 'infra' }], [{ group: '', kind: 'Secret', name: 'wildcard' }]);

    expect(refOf(validate(manifests, { strict: true }), 'gw')).toMatchObject({ resolved: false, reason: ReferenceReason.REF_NOT_PERMITTED });
    expect(refOf(validate([...manifests, permit], { strict: true }), 'gw')).toMatchObject({ resolved: true });
  });
});
