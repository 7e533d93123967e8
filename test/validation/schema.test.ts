import * as os from 'os';
import * as path from 'path';
import * as f from './schema-fixtures';
import { EXAMPLE_APPS } from '../../examples/nvcf-platform';
import { CompiledSchema } from '../../src/validation/schema/structural';
import { SchemaValidator } from '../../src/validation/schema/validator';
import { chartReleases } from '../../src/validation/targets';

const validator = new SchemaValidator();

describe('SchemaValidator: valid objects', () => {
  test.each(f.allValid())('%s passes, checked against its newest pinned release', (name, object, release) => {
    const result = validator.validate(object);
    // Deprecated versions pass with the API server's warning, nothing else.
    const deprecated = ['TCPRoute v1alpha2', 'AIGatewayRoute v1alpha1', 'AIServiceBackend v1alpha1', 'BackendSecurityPolicy v1alpha1'].includes(name);
    expect(result.findings).toStrictEqual(deprecated ? [expect.objectContaining({ path: 'apiVersion', rule: 'deprecated', warning: true })] : []);
    expect(result.checkedAgainst).toBe(release);
  });

  test('a deprecated version gets the API server warning of the release that deprecates it', () => {
    expect(validator.validate(f.tcpRoute('v1alpha2')).findings).toStrictEqual([{
      path: 'apiVersion',
      message: 'Warning: The v1alpha2 version of TCPRoute has been deprecated and will be removed in a future release of the API. Please upgrade to v1.',
      rule: 'deprecated',
      warning: true,
    }]);
    // Gateway API v1.2.0 does not deprecate it.
    expect(new SchemaValidator({ releases: { 'gateway-api': 'v1.2.0' } }).validate(f.tcpRoute('v1alpha2')).findings).toStrictEqual([]);
    expect(validator.validate(f.aiGatewayRoute('v1alpha1')).findings[0].message)
      .toBe('Warning: aigateway.envoyproxy.io/v1alpha1 is deprecated; use aigateway.envoyproxy.io/v1beta1 instead');
  });

  test('withDefaults gives the object as stored: defaults applied, unknown fields pruned, input untouched', () => {
    const gateway = f.gateway();
    delete gateway.spec.listeners[0].allowedRoutes;
    gateway.spec.listeners[0].extra = true;
    const stored = validator.withDefaults(gateway);
    expect(stored.spec.listeners[0].allowedRoutes).toStrictEqual({ namespaces: { from: 'Same' } });
    expect(stored.spec.listeners[0].extra).toBeUndefined();
    expect(gateway.spec.listeners[0].allowedRoutes).toBeUndefined();
    expect(validator.withDefaults(f.httpRoute()).spec.parentRefs[0]).toStrictEqual({ name: 'nvcf-gateway', sectionName: 'http', group: 'gateway.networking.k8s.io', kind: 'Gateway' });
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } };
    expect(validator.withDefaults(service)).toStrictEqual(service);
  });

  test('status is ignored for kinds with the status subresource, as on create', () => {
    const route = { ...f.httpRoute(), status: { parents: 'not a list' } };
    expect(validator.validate(route).findings).toStrictEqual([]);
    expect(validator.withDefaults(route).status).toBeUndefined();
  });

  test('scopeOf tells namespaced from cluster-scoped kinds', () => {
    expect(validator.scopeOf('gateway.networking.k8s.io/v1', 'HTTPRoute')).toBe('Namespaced');
    expect(validator.scopeOf('gateway.networking.k8s.io/v1', 'GatewayClass')).toBe('Cluster');
    expect(validator.scopeOf('cert-manager.io/v1', 'ClusterIssuer')).toBe('Cluster');
    expect(validator.scopeOf('v1', 'Service')).toBe('Namespaced');
    expect(validator.scopeOf('v1', 'Namespace')).toBe('Cluster');
    expect(validator.scopeOf('example.com/v1', 'Widget')).toBeUndefined();
  });

  test('the AI Gateway seed objects also pass against v0.5.0 (v1alpha1 only)', () => {
    const v050 = new SchemaValidator({ releases: { 'ai-gateway': 'v0.5.0' } });
    for (const object of [f.aiServiceBackend('v1alpha1'), f.backendSecurityPolicy('v1alpha1')]) {
      expect(v050.validate(object)).toStrictEqual({ checkedAgainst: 'ai-gateway v0.5.0', findings: [] });
    }
  });

  test('validating does not change the object', () => {
    const route = f.httpRoute();
    const before = JSON.stringify(route);
    validator.validate(route);
    expect(JSON.stringify(route)).toBe(before);
  });

  test('transition rules (oldSelf) are skipped: a manifest is a create', () => {
    // GatewayClass.spec.controllerName carries `self == oldSelf`.
    expect(validator.validate(f.gatewayClass()).findings).toStrictEqual([]);
  });

  test('every object of the example apps passes, against the release each chart targets', () => {
    const charts = EXAMPLE_APPS.flatMap(({ build }) => build(path.join(os.tmpdir(), 'unused')).charts);
    const checked: string[] = [];
    for (const chart of charts) {
      // The releases the chart's constructs declared (useRelease), as synth-time validation pins them.
      const releases = Object.fromEntries([...chartReleases(chart)].map(([project, set]) => [project, [...set][0]]));
      const pinned = new SchemaValidator({ releases });
      for (const object of chart.toJson()) {
        const result = pinned.validate(object);
        expect({ name: object.metadata.name, findings: result.findings }).toStrictEqual({ name: object.metadata.name, findings: [] });
        // Every object the constructs emit has a schema: none is left unchecked.
        expect(result.notChecked).toBeUndefined();
        checked.push(`${chart.node.id} ${result.checkedAgainst}`);
      }
    }
    expect([...new Set(checked)].sort()).toStrictEqual([
      'ai-models ai-gateway v1.1.0',
      'ai-models envoy-gateway v1.8.1',
      'ai-models gateway-api v1.2.0 (experimental)',
      'ai-models kubernetes v1.36.3',
      'inference-rollout gateway-api v1.2.0 (experimental)',
      'inference-rollout inference-extension v1.6.0',
      'inference-rollout kubernetes v1.36.3',
      'nvcf-platform gateway-api v1.2.0 (experimental)',
      'nvcf-platform kubernetes v1.36.3',
      'nvcf-platform-gateway-api-v1-6 gateway-api v1.6.1 (experimental)',
      'nvcf-platform-gateway-api-v1-6 kubernetes v1.36.3',
      'platform-tls cert-manager v1.21.1',
    ]);
  });
});

describe('SchemaValidator: objects without a pinned schema', () => {
  test.each([
    ['example.com/v1', 'Widget'],
    ['monitoring.coreos.com/v1', 'ServiceMonitor'],
  ])('%s %s: not checked, said so in a warning, never rejected', (apiVersion, kind) => {
    const result = validator.validate({ apiVersion, kind, metadata: { name: 'x' }, spec: { anything: 1 } });
    expect(result.checkedAgainst).toBeUndefined();
    expect(result.notChecked).toBe(`no schema for ${apiVersion} ${kind}`);
    expect(result.findings).toStrictEqual([{ path: 'apiVersion', message: expect.stringMatching(`^not checked: no schema for ${apiVersion} ${kind}: `), rule: 'schema', warning: true }]);
  });

  test.each([
    ['v1', 'Service'],
    ['v1', 'Namespace'],
    ['apps/v1', 'Deployment'],
    ['rbac.authorization.k8s.io/v1', 'Role'],
  ])('%s %s: a built-in kind, checked against kubernetes v1.36.3 (an unknown field is refused)', (apiVersion, kind) => {
    const result = validator.validate({ apiVersion, kind, metadata: { name: 'x' }, spec: { anything: 1 } });
    expect(result.checkedAgainst).toBe('kubernetes v1.36.3');
    expect(result.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'unknown-field' })]));
  });

  test('fails: an unknown version of a pinned group', () => {
    const result = validator.validate({ ...f.httpRoute(), apiVersion: 'gateway.networking.k8s.io/v2' });
    expect(result.findings).toStrictEqual([expect.objectContaining({ path: 'apiVersion', rule: 'apiVersion' })]);
    expect(result.findings[0].message).toContain('does not serve HTTPRoute in gateway.networking.k8s.io/v2; use gateway.networking.k8s.io/v1');
  });

  test('fails: an unknown kind of a pinned group', () => {
    const result = validator.validate({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HttpRoute', metadata: { name: 'x' } });
    expect(result.findings[0]).toMatchObject({ path: 'apiVersion', rule: 'apiVersion' });
    expect(result.findings[0].message).toContain('kind HttpRoute is not defined in group gateway.networking.k8s.io');
  });

  test('fails: an object without apiVersion or kind', () => {
    expect(validator.validate({ kind: 'HTTPRoute' }).findings[0]).toMatchObject({ path: 'apiVersion', rule: 'apiVersion' });
    expect(validator.validate({ apiVersion: 'v1' }).findings[0]).toMatchObject({ path: 'kind' });
  });
});

describe('SchemaValidator: release pinning', () => {
  const v12 = new SchemaValidator({ releases: { 'gateway-api': 'v1.2.0' } });
  const standard = new SchemaValidator({ releases: { 'gateway-api': 'v1.6.1-standard' } });

  test('TCPRoute v1alpha2 is served by both releases; v1 only by v1.6.1', () => {
    expect(v12.validate(f.tcpRoute('v1alpha2'))).toStrictEqual({ checkedAgainst: 'gateway-api v1.2.0 (experimental)', findings: [] });
    expect(validator.validate(f.tcpRoute('v1'))).toStrictEqual({ checkedAgainst: 'gateway-api v1.6.1 (experimental)', findings: [] });
    const result = v12.validate(f.tcpRoute('v1'));
    expect(result.checkedAgainst).toBe('gateway-api v1.2.0 (experimental)');
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ path: 'apiVersion', rule: 'apiVersion' });
    expect(result.findings[0].message).toContain('gateway-api v1.2.0 (experimental) does not serve TCPRoute in gateway.networking.k8s.io/v1; use gateway.networking.k8s.io/v1alpha2');
  });

  test('ReferenceGrant v1 exists in v1.6.1 only', () => {
    expect(validator.validate(f.referenceGrant('v1')).findings).toStrictEqual([]);
    expect(v12.validate(f.referenceGrant('v1')).findings[0].message).toContain('use gateway.networking.k8s.io/v1beta1');
    expect(v12.validate(f.referenceGrant('v1beta1')).findings).toStrictEqual([]);
  });

  test('a rule new in v1.6.1 (TLS listener needs a tls mode) fails only there', () => {
    const gateway = f.gateway();
    gateway.spec.listeners.push({ name: 'tls', protocol: 'TLS', port: 8443, hostname: 'tls.example.com' });
    expect(v12.validate(gateway).findings).toStrictEqual([]);
    expect(validator.validate(gateway).findings).toStrictEqual([
      expect.objectContaining({ path: 'spec.listeners', message: 'Invalid value: "array": tls mode must be set for protocol TLS' }),
    ]);
  });

  test('a field new since v1.2.0 (the CORS filter) is unknown there and valid in v1.6.1', () => {
    const route = f.httpRoute();
    route.spec.rules[0].filters = [{ type: 'CORS', cors: { allowOrigins: ['https://app.example.com'] } }];
    expect(validator.validate(route).findings).toStrictEqual([]);
    expect(v12.validate(route).findings.map(x => `${x.path} ${x.rule}`)).toStrictEqual([
      'spec.rules[0].filters[0].type enum',
      'spec.rules[0].filters[0].cors unknown-field',
      ' x-kubernetes-validations',
    ]);
  });

  test('the standard channel lacks the experimental TCPRoute v1alpha2 and experimental fields', () => {
    expect(standard.validate(f.tcpRoute('v1')).checkedAgainst).toBe('gateway-api v1.6.1 (standard)');
    expect(standard.validate(f.tcpRoute('v1alpha2')).findings[0].rule).toBe('apiVersion');
  });

  test('AI Gateway v0.5.0 does not serve v1beta1', () => {
    const v050 = new SchemaValidator({ releases: { 'ai-gateway': 'v0.5.0' } });
    const result = v050.validate(f.aiGatewayRoute('v1beta1'));
    expect(result.findings[0]).toMatchObject({ path: 'apiVersion', rule: 'apiVersion' });
    expect(result.findings[0].message).toContain('(served by ai-gateway v1.1.0)');
  });

  test('fails: pinning a release that is not pinned in the project', () => {
    expect(() => new SchemaValidator({ releases: { 'gateway-api': 'v1.3.0' } })).toThrow(/no pinned release 'v1.3.0' of 'gateway-api'.*v1.2.0, v1.6.1, v1.6.1-standard/);
    expect(() => new SchemaValidator({ releases: { istio: 'v1.0.0' } })).toThrow(/no pinned release 'v1.0.0' of 'istio'/);
  });
});

describe('SchemaValidator: the API server order (defaults, structure, rules)', () => {
  test('defaults apply before the rules: parentRefs[].group/kind and backendRefs[].group/kind', () => {
    // Without defaults `p1.group == p2.group` and `size(self.group)` would read missing keys and error.
    const route = f.httpRoute();
    route.spec.parentRefs = [{ name: 'nvcf-gateway' }, { name: 'nvcf-gateway', group: 'gateway.networking.k8s.io', kind: 'Gateway', sectionName: 'http' }];
    delete route.spec.rules[0].backendRefs[0].port;
    const messages = validator.validate(route).findings.map(x => `${x.path}: ${x.message}`);
    expect(messages).toStrictEqual([
      'spec.parentRefs: Invalid value: "array": sectionName or port must be specified when parentRefs includes 2 or more references to the same parent',
      'spec.rules[0].backendRefs[0]: Invalid value: "object": Must have port for Service reference',
    ]);
  });

  test('type errors block the rules, as on the server', () => {
    const route = f.httpRoute();
    route.spec.rules[0].backendRefs[0].port = 'http';
    route.spec.rules[0].matches[0].path.value = 'no-slash';
    expect(validator.validate(route).findings).toStrictEqual([
      { path: 'spec.rules[0].backendRefs[0].port', message: 'Invalid value: "string": must be of type integer', rule: 'type' },
      {
        path: '',
        message: 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
        rule: 'x-kubernetes-validations',
      },
    ]);
  });

  test('unknown fields are pruned before the rules run', () => {
    const route = f.httpRoute();
    route.spec.rules[0].backendRefs[0].extra = { nested: true };
    const findings = validator.validate(route).findings;
    expect(findings).toStrictEqual([expect.objectContaining({ path: 'spec.rules[0].backendRefs[0].extra', rule: 'unknown-field' })]);
    expect(findings[0].warning).toBeUndefined();
  });

  test('fails: a rule the engine cannot evaluate is reported, never passed (format library)', () => {
    const xbackend = {
      apiVersion: 'gateway.networking.x-k8s.io/v1alpha1',
      kind: 'XBackend',
      metadata: { name: 'external' },
      spec: { type: 'ExternalHostname', externalHostname: { hostname: 'api.example.com' }, port: { name: 'https', port: 443 } },
    };
    const findings = validator.validate(xbackend).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ path: 'spec.port.name', rule: 'size(self) == 0 || format.dns1123Label().validate(self) == null' });
    expect(findings[0].message).toMatch(/^the validation rule cannot be evaluated offline: .*; the object is not known to pass it$/);
    expect(findings[0].message).toContain('(this engine lacks dns1123Label, validate)');
    expect(findings[0].warning).toBeUndefined();
  });
});

describe('CompiledSchema: rule semantics the pinned CRDs do not exercise', () => {
  const schema = new CompiledSchema({
    type: 'object',
    properties: {
      spec: {
        'type': 'object',
        'properties': {
          'replicas': { type: 'integer', default: 1 },
          'namespace': { type: 'string' },
          'x-name': { type: 'string' },
          'ports': { 'type': 'array', 'x-kubernetes-list-type': 'set', 'items': { type: 'integer' } },
          'labels': { type: 'object', additionalProperties: { type: 'string', maxLength: 3 } },
          'free': { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
          'maybe': { type: 'string', nullable: true },
          'cidr': { type: 'string', format: 'ipv4' },
        },
        'x-kubernetes-validations': [
          { rule: 'self.replicas + 1 <= 3', messageExpression: "'replicas ' + string(self.replicas) + ' is too many'" },
          { rule: "!has(self.__namespace__) || self.__namespace__ != 'kube-system'", message: 'not kube-system', reason: 'FieldValueForbidden', fieldPath: '.namespace' },
          { rule: "!has(self.x__dash__name) || self.x__dash__name != 'bad'", message: 'bad x-name', reason: 'FieldValueRequired' },
          { rule: '!has(self.free) || !has(self.free.count) || self.free.count < 10', message: 'free.count below 10' },
          { rule: 'self.replicas == oldSelf.replicas', message: 'immutable' },
          { rule: "!has(self.cidr) || isCIDR(self.cidr + '/24')", message: 'cidr' },
        ],
      },
    },
  });

  test('the default is applied and integers are CEL ints', () => {
    expect(schema.validate({ spec: {} })).toStrictEqual([]);
  });

  test('messageExpression gives the message', () => {
    expect(schema.validate({ spec: { replicas: 5 } })).toStrictEqual([
      { path: 'spec', message: 'Invalid value: "object": replicas 5 is too many', rule: 'self.replicas + 1 <= 3' },
    ]);
  });

  test('reason and fieldPath shape the finding; reserved and dashed names are escaped', () => {
    expect(schema.validate({ spec: { 'namespace': 'kube-system', 'x-name': 'bad' } })).toStrictEqual([
      { path: 'spec.namespace', message: 'Forbidden: not kube-system', rule: "!has(self.__namespace__) || self.__namespace__ != 'kube-system'" },
      { path: 'spec', message: 'Required value: bad x-name', rule: "!has(self.x__dash__name) || self.x__dash__name != 'bad'" },
    ]);
  });

  test('preserved unknown fields reach the rules; null of a nullable field is kept', () => {
    expect(schema.validate({ spec: { free: { count: 12 }, maybe: null } }).map(x => x.message)).toStrictEqual(['Invalid value: "object": free.count below 10']);
  });

  test('set uniqueness and formats do not block the rules', () => {
    expect(schema.validate({ spec: { ports: [80, 80], cidr: '10.0.0.256' } })).toStrictEqual([
      { path: 'spec.ports[1]', message: 'Duplicate value: 80 (x-kubernetes-list-type set of spec.ports[0])', rule: 'x-kubernetes-list-type' },
      { path: 'spec.cidr', message: 'Invalid value: "10.0.0.256": must be of type ipv4', rule: 'format' },
      { path: 'spec', message: 'Invalid value: "object": cidr', rule: "!has(self.cidr) || isCIDR(self.cidr + '/24')" },
    ]);
  });

  test('a maxLength error (TooLong) blocks the rules, as type, enum, required and TooMany errors do', () => {
    expect(schema.validate({ spec: { labels: { a: 'long' }, cidr: '10.0.0.256' } })).toStrictEqual([
      { path: 'spec.labels[a]', message: 'Too long: may not be more than 3 characters (4)', rule: 'maxLength' },
      { path: 'spec.cidr', message: 'Invalid value: "10.0.0.256": must be of type ipv4', rule: 'format' },
      {
        path: '',
        message: 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
        rule: 'x-kubernetes-validations',
      },
    ]);
  });
});

describe('SchemaValidator: objects built in code', () => {
  test('a key whose value is undefined counts as absent, as in the JSON the object becomes', () => {
    const route = f.tcpRoute('v1');
    const withUndefined = { ...route, spec: { ...route.spec, parentRefs: route.spec.parentRefs.map((p: any) => ({ ...p, port: undefined })) } };
    expect(validator.validate(withUndefined).findings).toStrictEqual([]);
  });
});
