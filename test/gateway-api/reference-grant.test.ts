import { Chart, Testing, Yaml } from 'cdk8s';
import * as v12beta1 from '../../imports/gateway-api-v1.2.0/gateway.networking.k8s.io-v1beta1';
import * as v16 from '../../imports/gateway-api-v1.6.1/gateway.networking.k8s.io-v1';
import { GatewayApiVersion, GrantFrom, GrantTo, ReferenceGrant } from '../../src';

function chart(): Chart {
  return Testing.chart();
}

describe('ReferenceGrant', () => {
  test('targets Gateway API v1.2 (v1beta1) by default', () => {
    // GIVEN
    const c = chart();

    // WHEN
    new ReferenceGrant(c, 'grant', {
      namespace: 'api-keys',
      referrers: [GrantFrom.httpRoutes('envoy-gateway')],
      to: [GrantTo.service('api-keys')],
    });

    // THEN
    const [grant] = Testing.synth(c);
    expect(grant.apiVersion).toBe(v12beta1.ReferenceGrant.GVK.apiVersion);
    expect(grant.apiVersion).toBe('gateway.networking.k8s.io/v1beta1');
    expect(grant.kind).toBe('ReferenceGrant');
    expect(grant.metadata.namespace).toBe('api-keys');
    expect(grant.spec).toStrictEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'envoy-gateway' }],
      to: [{ group: '', kind: 'Service', name: 'api-keys' }],
    });
  });

  test('targets Gateway API v1.6 (v1) when asked', () => {
    const c = chart();
    new ReferenceGrant(c, 'grant', {
      namespace: 'nvcf',
      referrers: [GrantFrom.tcpRoutes('envoy-gateway')],
      to: [GrantTo.service('grpc-proxy')],
      gatewayApiVersion: GatewayApiVersion.V1_6,
    });

    const [grant] = Testing.synth(c);
    expect(grant.apiVersion).toBe(v16.ReferenceGrant.GVK.apiVersion);
    expect(grant.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(grant.spec.from).toStrictEqual([{ group: 'gateway.networking.k8s.io', kind: 'TCPRoute', namespace: 'envoy-gateway' }]);
  });

  test('every factory names the right group and kind', () => {
    const c = chart();
    const grant = new ReferenceGrant(c, 'grant', {
      namespace: 'backends',
      referrers: [
        GrantFrom.httpRoutes('a'), GrantFrom.grpcRoutes('a'), GrantFrom.tcpRoutes('a'), GrantFrom.tlsRoutes('a'),
        GrantFrom.gateways('a'), GrantFrom.custom('aigateway.envoyproxy.io', 'AIGatewayRoute', 'a'),
      ],
      to: [
        GrantTo.service('svc'), GrantTo.secret('tls'), GrantTo.inferencePool('pool'),
        GrantTo.custom('gateway.envoyproxy.io', 'Backend', 'llm'),
      ],
    });

    const spec = Testing.synth(c)[0].spec;
    expect(spec.from.map((f: any) => `${f.group}/${f.kind}`)).toStrictEqual([
      'aigateway.envoyproxy.io/AIGatewayRoute',
      'gateway.networking.k8s.io/GRPCRoute',
      'gateway.networking.k8s.io/Gateway',
      'gateway.networking.k8s.io/HTTPRoute',
      'gateway.networking.k8s.io/TCPRoute',
      'gateway.networking.k8s.io/TLSRoute',
    ]);
    expect(spec.to).toStrictEqual([
      { group: '', kind: 'Secret', name: 'tls' },
      { group: '', kind: 'Service', name: 'svc' },
      { group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'llm' },
      { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'pool' },
    ]);
    expect(grant.referrers).toHaveLength(6);
    expect(grant.to).toHaveLength(4);
  });

  test('entries are de-duplicated and sorted, whatever the order of calls', () => {
    const build = (reverse: boolean) => {
      const c = chart();
      const from = [GrantFrom.tcpRoutes('routes'), GrantFrom.httpRoutes('routes'), GrantFrom.httpRoutes('other')];
      const to = [GrantTo.service('b'), GrantTo.service('a'), GrantTo.service('a')];
      const grant = new ReferenceGrant(c, 'grant', { namespace: 'svc' });
      grant.addFrom(...(reverse ? [...from].reverse() : from));
      grant.addTo(...(reverse ? [...to].reverse() : to));
      return Yaml.stringify(...Testing.synth(c));
    };

    expect(build(true)).toBe(build(false));
    const [grant] = Testing.synth((() => {
      const c = chart();
      new ReferenceGrant(c, 'grant', {
        namespace: 'svc',
        referrers: [GrantFrom.httpRoutes('routes'), GrantFrom.httpRoutes('routes')],
        to: [GrantTo.service('a'), GrantTo.service('a')],
      });
      return c;
    })());
    expect(grant.spec.from).toHaveLength(1);
    expect(grant.spec.to).toHaveLength(1);
  });

  test('entries added after construction reach the output', () => {
    const c = chart();
    const grant = new ReferenceGrant(c, 'grant', {
      namespace: 'svc',
      referrers: [GrantFrom.httpRoutes('routes')],
      to: [GrantTo.service('a')],
    });
    grant.addTo(GrantTo.service('b'));

    expect(Testing.synth(c)[0].spec.to.map((t: any) => t.name)).toStrictEqual(['a', 'b']);
  });

  test('allOfKind() grants every object of the kind, with no name', () => {
    const c = chart();
    new ReferenceGrant(c, 'grant', {
      namespace: 'svc',
      referrers: [GrantFrom.httpRoutes('routes')],
      to: [GrantTo.allOfKind('', 'Service')],
    });

    expect(Testing.synth(c)[0].spec.to).toStrictEqual([{ group: '', kind: 'Service' }]);
  });

  test('metadata name and labels are kept; the name is generated from the path otherwise', () => {
    const c = chart();
    const named = new ReferenceGrant(c, 'named', {
      namespace: 'svc',
      metadata: { name: 'allow-routes', labels: { team: 'platform' } },
      referrers: [GrantFrom.httpRoutes('routes')],
      to: [GrantTo.service('a')],
    });
    const generated = new ReferenceGrant(c, 'generated', {
      namespace: 'svc',
      referrers: [GrantFrom.httpRoutes('routes')],
      to: [GrantTo.service('a')],
    });

    const [first, second] = Testing.synth(c);
    expect(first.metadata).toStrictEqual({ name: 'allow-routes', namespace: 'svc', labels: { team: 'platform' } });
    expect(named.name).toBe('allow-routes');
    expect(second.metadata.name).toBe(generated.name);
    expect(generated.name).toMatch(/^test-generated-c8[0-9a-f]+$/);
  });

  test('the same input gives byte-identical YAML', () => {
    const yaml = () => {
      const c = chart();
      new ReferenceGrant(c, 'grant', {
        namespace: 'svc',
        referrers: [GrantFrom.httpRoutes('routes'), GrantFrom.tcpRoutes('routes')],
        to: [GrantTo.service('a'), GrantTo.secret('tls')],
      });
      return Yaml.stringify(...Testing.synth(c));
    };
    expect(yaml()).toBe(yaml());
  });

  test('snapshot', () => {
    const c = chart();
    new ReferenceGrant(c, 'grant', {
      namespace: 'nvcf',
      metadata: { name: 'allow-routes-to-nvcf' },
      referrers: [GrantFrom.httpRoutes('envoy-gateway')],
      to: [GrantTo.service('nvcf-api'), GrantTo.service('invocation-service')],
    });
    expect(Testing.synth(c)).toMatchSnapshot();
  });

  describe('fails', () => {
    test('fails on an invalid namespace, naming path, field, value and fix', () => {
      const c = chart();
      expect(() => new ReferenceGrant(c, 'grant', { namespace: 'API_Keys' })).toThrow(
        "ReferenceGrant 'test/grant': namespace 'API_Keys' is not a valid RFC 1123 label (lower case letters, digits and '-', " +
        "starting and ending with a letter or digit, at most 63 characters). Use 'api-keys'.",
      );
    });

    test('fails on a namespace longer than 63 characters', () => {
      expect(() => new ReferenceGrant(chart(), 'grant', { namespace: 'a'.repeat(64) })).toThrow(/namespace 'a{64}' is not a valid RFC 1123 label/);
    });

    test('fails on an invalid from namespace', () => {
      expect(() => new ReferenceGrant(chart(), 'grant', { namespace: 'svc', referrers: [GrantFrom.httpRoutes('Routes.NS')] }))
        .toThrow(/from.namespace 'Routes.NS' is not a valid RFC 1123 label .* Use 'routes-ns'\./);
    });

    test('fails on a from entry in the grant\'s own namespace', () => {
      expect(() => new ReferenceGrant(chart(), 'grant', { namespace: 'svc', referrers: [GrantFrom.httpRoutes('svc')] }))
        .toThrow(/from.namespace 'svc' is the grant's own namespace: references within one namespace need no grant/);
    });

    test('fails on an invalid kind', () => {
      expect(() => new ReferenceGrant(chart(), 'grant', { namespace: 'svc', referrers: [GrantFrom.custom('x.io', '1Route', 'a')] }))
        .toThrow(/from.kind '1Route' is not a valid kind/);
      expect(() => new ReferenceGrant(chart(), 'grant', { namespace: 'svc', to: [GrantTo.allOfKind('', '')] }))
        .toThrow(/to.kind '' is not a valid kind/);
    });

    test('fails on an invalid group', () => {
      expect(() => new ReferenceGrant(chart(), 'grant', { namespace: 'svc', to: [GrantTo.custom('Gateway.EnvoyProxy.IO', 'Backend', 'b')] }))
        .toThrow(/to.group 'Gateway.EnvoyProxy.IO' is not a valid RFC 1123 subdomain .* Use 'gateway.envoyproxy.io'\./);
    });

    test('fails on an invalid target name', () => {
      expect(() => new ReferenceGrant(chart(), 'grant', { namespace: 'svc', to: [GrantTo.service('My Service')] }))
        .toThrow(/to.name 'My Service' is not a valid RFC 1123 subdomain .* Use 'my-service'\./);
    });

    test('fails on an invalid metadata name', () => {
      expect(() => new ReferenceGrant(chart(), 'grant', { namespace: 'svc', metadata: { name: '-grant' } }))
        .toThrow(/metadata.name '-grant' is not a valid RFC 1123 subdomain .* Use 'grant'\./);
    });

    test('fails when metadata.namespace contradicts namespace', () => {
      expect(() => new ReferenceGrant(chart(), 'grant', { namespace: 'svc', metadata: { namespace: 'other' } }))
        .toThrow("ReferenceGrant 'test/grant': metadata.namespace 'other' differs from namespace 'svc'. Set only 'namespace'.");
    });

    test('fails on more than 16 entries, with the fix', () => {
      const grant = new ReferenceGrant(chart(), 'grant', { namespace: 'svc' });
      grant.addTo(...Array.from({ length: 16 }, (_, i) => GrantTo.service(`svc-${i}`)));
      expect(() => grant.addTo(GrantTo.service('svc-16')))
        .toThrow(/has 17 'to' entries, more than the 16 a ReferenceGrant holds. Split them over a second ReferenceGrant/);
      expect(grant.to).toHaveLength(16); // the refused entry was not kept
      grant.addTo(GrantTo.service('svc-0')); // a duplicate of a kept entry is not a 17th
      expect(grant.to).toHaveLength(16);
      const from = new ReferenceGrant(chart(), 'grant', { namespace: 'svc' });
      expect(() => from.addFrom(...Array.from({ length: 17 }, (_, i) => GrantFrom.httpRoutes(`ns-${i}`))))
        .toThrow(/has 17 'from' entries/);
    });

    test('fails at synth when from or to is empty', () => {
      const c = chart();
      new ReferenceGrant(c, 'grant', { namespace: 'svc' });
      expect(() => Testing.synth(c)).toThrow(/ReferenceGrant 'test\/grant': has no 'from' entry[\s\S]*ReferenceGrant 'test\/grant': has no 'to' entry/);
    });
  });
});
