import { ManifestValidator, PolicyReason, ValidationReport } from '../../src';

const gateway = (name: string, namespace: string, listeners = ['http']) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name, namespace },
  spec: { gatewayClassName: 'eg', listeners: listeners.map((l, i) => ({ name: l, port: 80 + i, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } })) },
});
const route = (name: string, namespace: string, parents: { name: string; namespace?: string; sectionName?: string }[], kind = 'HTTPRoute') => ({
  apiVersion: kind === 'TCPRoute' ? 'gateway.networking.k8s.io/v1alpha2' : 'gateway.networking.k8s.io/v1',
  kind,
  metadata: { name, namespace },
  spec: { parentRefs: parents, ...(kind === 'TCPRoute' ? {} : { hostnames: ['a.example.com'] }), rules: [{ name: 'main', backendRefs: [{ name: 'svc', port: 80 }] }] },
});
const service = (namespace: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace }, spec: { ports: [{ port: 80 }] } });
const secret = (name: string, namespace: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace } });
const policy = (name: string, namespace: string, targetRefs: any[], spec: any = {}) => ({
  apiVersion: 'gateway.envoyproxy.io/v1alpha1',
  kind: 'SecurityPolicy',
  metadata: { name, namespace },
  spec: { targetRefs: targetRefs.map(t => ({ group: 'gateway.networking.k8s.io', ...t })), ...spec },
});
const apiKeys = (secretName: string) => ({ apiKeyAuth: { credentialRefs: [{ name: secretName }], extractFrom: [{ headers: ['x-api-key'] }] } });

function verdicts(report: ValidationReport, name: string) {
  return report.policies.filter(p => p.policy.name === name).map(p => ({
    ancestor: p.ancestor === undefined ? undefined : `${p.ancestor.namespace}/${p.ancestor.name}${p.ancestor.sectionName ? `/${p.ancestor.sectionName}` : ''}`,
    accepted: p.accepted,
    reason: p.reason,
  }));
}

const world = [gateway('eg', 'gw', ['http', 'admin']), route('r', 'app', [{ name: 'eg', namespace: 'gw' }]), service('app'), secret('keys', 'app'), secret('keys', 'gw')];

describe('SecurityPolicy verdicts, as Envoy Gateway v1.8.1 gives them', () => {
  test('a policy on a route: Accepted on each Gateway the route names', () => {
    const twoParents = route('r', 'app', [{ name: 'eg', namespace: 'gw', sectionName: 'http' }, { name: 'eg', namespace: 'gw', sectionName: 'admin' }]);
    const report = ManifestValidator.validate([...world.filter(o => o.kind !== 'HTTPRoute'), twoParents, policy('p', 'app', [{ kind: 'HTTPRoute', name: 'r' }], apiKeys('keys'))], { strict: true });
    expect(verdicts(report, 'p')).toStrictEqual([
      { ancestor: 'gw/eg/http', accepted: true, reason: PolicyReason.ACCEPTED },
      { ancestor: 'gw/eg/admin', accepted: true, reason: PolicyReason.ACCEPTED },
    ]);
    expect(report.objects.flatMap(o => o.errors.map(e => `${o.kind}: ${e.message}`))).toStrictEqual([]);
  });

  test('a target in another namespace than the policy\'s is not found: no status, an error in strict mode', () => {
    const report = ManifestValidator.validate([...world, policy('p', 'gw', [{ kind: 'HTTPRoute', name: 'r' }], apiKeys('keys'))], { strict: true });
    expect(verdicts(report, 'p')).toStrictEqual([{ ancestor: undefined, accepted: false, reason: PolicyReason.TARGET_NOT_FOUND }]);
    const errors = report.objects.find(o => o.kind === 'SecurityPolicy')!.errors;
    expect(errors.map(e => [e.path, e.message.slice(0, 40)])).toStrictEqual([['spec.targetRefs[0]', "TargetNotFound: unverified: HTTPRoute 'g"]]);
    expect(errors[0].message).toContain("targets objects of its own namespace ('gw')");
  });

  test('without --strict, a target missing from the set is a warning (it may exist in the cluster)', () => {
    const report = ManifestValidator.validate([policy('p', 'app', [{ kind: 'HTTPRoute', name: 'elsewhere' }], apiKeys('keys')), secret('keys', 'app')]);
    expect(report.ok).toBe(true);
    expect(report.objects[0].warnings[0].message).toMatch(/^TargetNotFound: unverified: HTTPRoute 'app\/elsewhere' is neither in the set nor known/);
  });

  test('two policies on one route: the first by namespace and name is Accepted, the other Conflicted', () => {
    const report = ManifestValidator.validate([
      ...world, policy('b', 'app', [{ kind: 'HTTPRoute', name: 'r' }], apiKeys('keys')), policy('a', 'app', [{ kind: 'HTTPRoute', name: 'r' }], apiKeys('keys')),
    ], { strict: true });
    expect(verdicts(report, 'a')).toStrictEqual([{ ancestor: 'gw/eg', accepted: true, reason: PolicyReason.ACCEPTED }]);
    expect(verdicts(report, 'b')).toStrictEqual([{ ancestor: 'gw/eg', accepted: false, reason: PolicyReason.CONFLICTED }]);
    expect(report.objects.find(o => o.name === 'b')!.errors[0].message).toContain("already the target of SecurityPolicy 'app/a'");
  });

  test('creation times decide before names', () => {
    const older = { ...policy('b', 'app', [{ kind: 'HTTPRoute', name: 'r' }], apiKeys('keys')) };
    older.metadata = { ...older.metadata, creationTimestamp: '2026-01-01T00:00:00Z' } as any;
    const newer = policy('a', 'app', [{ kind: 'HTTPRoute', name: 'r' }], apiKeys('keys'));
    (newer.metadata as any).creationTimestamp = '2026-02-01T00:00:00Z';
    const report = ManifestValidator.validate([...world, older, newer], { strict: true });
    expect(verdicts(report, 'b')[0].reason).toBe(PolicyReason.ACCEPTED);
    expect(verdicts(report, 'a')[0].reason).toBe(PolicyReason.CONFLICTED);
  });

  test('a policy on the Gateway and one on its route do not conflict; two on the Gateway do', () => {
    const report = ManifestValidator.validate([
      ...world,
      policy('route', 'app', [{ kind: 'HTTPRoute', name: 'r' }], apiKeys('keys')),
      policy('gw-1', 'gw', [{ kind: 'Gateway', name: 'eg' }], apiKeys('keys')),
      policy('gw-2', 'gw', [{ kind: 'Gateway', name: 'eg' }], apiKeys('keys')),
      policy('listener', 'gw', [{ kind: 'Gateway', name: 'eg', sectionName: 'admin' }], apiKeys('keys')),
    ], { strict: true });
    expect(verdicts(report, 'route')[0].reason).toBe(PolicyReason.ACCEPTED);
    expect(verdicts(report, 'gw-1')).toStrictEqual([{ ancestor: 'gw/eg', accepted: true, reason: PolicyReason.ACCEPTED }]);
    expect(verdicts(report, 'gw-2')).toStrictEqual([{ ancestor: 'gw/eg', accepted: false, reason: PolicyReason.CONFLICTED }]);
    // A listener is its own target: the Gateway's policy does not conflict with it.
    expect(verdicts(report, 'listener')).toStrictEqual([{ ancestor: 'gw/eg/admin', accepted: true, reason: PolicyReason.ACCEPTED }]);
  });

  test('a listener the Gateway lacks: Accepted False, TargetNotFound, on that section', () => {
    const report = ManifestValidator.validate([...world, policy('p', 'gw', [{ kind: 'Gateway', name: 'eg', sectionName: 'https' }], apiKeys('keys'))], { strict: true });
    expect(verdicts(report, 'p')).toStrictEqual([{ ancestor: 'gw/eg/https', accepted: false, reason: PolicyReason.TARGET_NOT_FOUND }]);
    expect(report.objects.find(o => o.name === 'p')!.errors[0].message).toContain("has no listener 'https' (listeners: 'http', 'admin')");
  });

  test('a missing API key Secret: Invalid; a JWT check on a TCPRoute: Invalid', () => {
    const tcp = route('t', 'app', [{ name: 'eg', namespace: 'gw' }], 'TCPRoute');
    const report = ManifestValidator.validate([
      ...world, tcp,
      policy('keys', 'app', [{ kind: 'HTTPRoute', name: 'r' }], apiKeys('absent')),
      policy('tcp', 'app', [{ kind: 'TCPRoute', name: 't' }], apiKeys('keys')),
    ], { strict: true });
    expect(verdicts(report, 'keys')).toStrictEqual([{ ancestor: 'gw/eg', accepted: false, reason: PolicyReason.INVALID }]);
    expect(verdicts(report, 'tcp')).toStrictEqual([{ ancestor: 'gw/eg', accepted: false, reason: PolicyReason.INVALID }]);
    expect(report.objects.find(o => o.name === 'tcp')!.errors.map(e => e.message).join('\n')).toContain('only authorization by client CIDR applies (the policy has apiKeyAuth)');
  });

  test('an AIGatewayRoute stands for the HTTPRoute the AI Gateway controller makes of the same name', () => {
    const ai = {
      apiVersion: 'aigateway.envoyproxy.io/v1beta1',
      kind: 'AIGatewayRoute',
      metadata: { name: 'models', namespace: 'gw' },
      spec: { parentRefs: [{ name: 'eg', kind: 'Gateway', group: 'gateway.networking.k8s.io' }], rules: [] },
    };
    const report = ManifestValidator.validate([gateway('eg', 'gw'), ai, secret('keys', 'gw'), policy('p', 'gw', [{ kind: 'HTTPRoute', name: 'models' }], apiKeys('keys'))]);
    expect(verdicts(report, 'p')).toStrictEqual([{ ancestor: 'gw/eg', accepted: true, reason: PolicyReason.ACCEPTED }]);
  });
});

describe('targetSelectors and external authorization, as Envoy Gateway v1.8.1 resolves them', () => {
  const labelled = (r: any, labels: { [k: string]: string }) => ({ ...r, metadata: { ...r.metadata, labels } });
  const selectorPolicy = (name: string, namespace: string, selectors: any[], spec: any = apiKeys('keys')) => ({
    apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'SecurityPolicy', metadata: { name, namespace }, spec: { targetSelectors: selectors, ...spec },
  });

  test('a selector targets the labelled routes of its namespace only, each Accepted on its Gateway; one that selects nothing is not found', () => {
    const objects = [
      gateway('eg', 'gw'), service('app'), secret('keys', 'app'),
      labelled(route('public', 'app', [{ name: 'eg', namespace: 'gw' }]), { tier: 'public' }),
      labelled(route('internal', 'app', [{ name: 'eg', namespace: 'gw' }]), { tier: 'internal' }),
      labelled(route('elsewhere', 'other', [{ name: 'eg', namespace: 'gw' }]), { tier: 'public' }),
      selectorPolicy('p', 'app', [{ kind: 'HTTPRoute', matchLabels: { tier: 'public' } }]),
      selectorPolicy('none', 'app', [{ kind: 'HTTPRoute', matchLabels: { tier: 'nobody' } }]),
    ];
    const report = ManifestValidator.validate(objects, { strict: false });
    expect(report.policies.filter(p => p.policy.name === 'p').map(p => [p.targetRef.name, p.ancestor?.name, p.reason]))
      .toStrictEqual([['public', 'eg', PolicyReason.ACCEPTED]]);
    expect(verdicts(report, 'none')).toStrictEqual([{ ancestor: undefined, accepted: false, reason: PolicyReason.TARGET_NOT_FOUND }]);
  });

  test('matchExpressions, and a policy selecting what another names: the earlier one applies, the later is Conflicted', () => {
    const objects = [
      gateway('eg', 'gw'), service('app'), secret('keys', 'app'),
      labelled(route('r', 'app', [{ name: 'eg', namespace: 'gw' }]), { tier: 'public', team: 'a' }),
      selectorPolicy('a-select', 'app', [{ kind: 'HTTPRoute', matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }, { key: 'legacy', operator: 'DoesNotExist' }] }]),
      policy('b-name', 'app', [{ kind: 'HTTPRoute', name: 'r' }], apiKeys('keys')),
    ];
    const report = ManifestValidator.validate(objects, { strict: false });
    expect(verdicts(report, 'a-select')).toStrictEqual([{ ancestor: 'gw/eg', accepted: true, reason: PolicyReason.ACCEPTED }]);
    expect(verdicts(report, 'b-name')).toStrictEqual([{ ancestor: 'gw/eg', accepted: false, reason: PolicyReason.CONFLICTED }]);
  });

  test('namespaces: All selects other namespaces only where a ReferenceGrant permits SecurityPolicies of the policy\'s', () => {
    const grant = (namespace: string) => ({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'policies', namespace },
      spec: { from: [{ group: 'gateway.envoyproxy.io', kind: 'SecurityPolicy', namespace: 'gw' }], to: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }] },
    });
    const objects = [
      gateway('eg', 'gw'), secret('keys', 'gw'), service('a'), service('b'),
      labelled(route('ra', 'a', [{ name: 'eg', namespace: 'gw' }]), { tier: 'public' }),
      labelled(route('rb', 'b', [{ name: 'eg', namespace: 'gw' }]), { tier: 'public' }),
      grant('a'),
      selectorPolicy('p', 'gw', [{ kind: 'HTTPRoute', matchLabels: { tier: 'public' }, namespaces: { from: 'All' } }]),
    ];
    const report = ManifestValidator.validate(objects, { strict: false });
    expect(report.policies.filter(p => p.policy.name === 'p').map(p => [p.targetRef.namespace, p.targetRef.name, p.reason]))
      .toStrictEqual([['a', 'ra', PolicyReason.ACCEPTED]]);
  });

  test('an external authorization Service: missing, without the port, or in another namespace without a grant makes the policy Invalid', () => {
    const authz = (namespace: string, port = 9000) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'authz', namespace }, spec: { ports: [{ port }] } });
    const ext = (namespace?: string, port = 9000) => ({ extAuth: { http: { backendRefs: [{ group: '', kind: 'Service', name: 'authz', ...(namespace ? { namespace } : {}), port }] } } });
    const base = [gateway('eg', 'gw'), route('r', 'app', [{ name: 'eg', namespace: 'gw' }]), service('app')];
    const verdictOf = (extra: any[], spec: any) => {
      const report = ManifestValidator.validate([...base, ...extra, policy('p', 'app', [{ kind: 'HTTPRoute', name: 'r' }], spec)], { strict: false });
      const [v] = report.policies;
      return [v.reason, v.message.slice(0, 60)];
    };
    expect(verdictOf([authz('app')], ext())[0]).toBe(PolicyReason.ACCEPTED);
    expect(verdictOf([], ext())).toStrictEqual([PolicyReason.INVALID, "unverified: the external authorization Service 'app/authz' i"]);
    expect(verdictOf([authz('app', 8080)], ext())).toStrictEqual([PolicyReason.INVALID, "the external authorization Service 'app/authz' has no TCP po"]);
    expect(verdictOf([authz('security')], ext('security'))).toStrictEqual([PolicyReason.INVALID, "no ReferenceGrant in namespace 'security' permits SecurityPo"]);
    const grant = {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'authz', namespace: 'security' },
      spec: { from: [{ group: 'gateway.envoyproxy.io', kind: 'SecurityPolicy', namespace: 'app' }], to: [{ group: '', kind: 'Service', name: 'authz' }] },
    };
    expect(verdictOf([authz('security'), grant], ext('security'))[0]).toBe(PolicyReason.ACCEPTED);
  });
});
