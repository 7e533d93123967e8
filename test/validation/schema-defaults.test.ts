import { SchemaDefaulter, schemaDefaulter } from '../../src/validation/schema/defaults';

/** A small schema: defaults at the top, inside an optional object, inside array items and map values. */
const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        mode: { type: 'string', default: 'Strict' },
        note: { type: 'string', nullable: true, default: 'none' },
        tls: {
          type: 'object',
          properties: { insecureSkipVerify: { type: 'boolean', default: false }, sni: { type: 'string' } },
        },
        refs: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, weight: { type: 'integer', default: 1 }, kind: { type: 'string', default: 'Service' } },
          },
        },
        byName: { type: 'object', additionalProperties: { type: 'object', properties: { port: { type: 'integer', default: 80 } } } },
        policy: {
          type: 'object',
          default: { retry: {} },
          properties: { retry: { type: 'object', properties: { attempts: { type: 'integer', default: 3 } } } },
        },
      },
    },
  },
};

const defaulter = new SchemaDefaulter(schema);

describe('SchemaDefaulter', () => {
  test('sets a default inside every array item and map value, keeping what is set', () => {
    const object = {
      spec: {
        mode: 'Lenient',
        refs: [{ name: 'a' }, { name: 'b', weight: 5, kind: 'Backend' }],
        byName: { x: {}, y: { port: 8080 } },
        policy: { retry: { attempts: 0 } },
      },
    };
    expect(defaulter.applyTo(object)).toStrictEqual({
      spec: {
        mode: 'Lenient',
        note: 'none',
        refs: [{ kind: 'Service', name: 'a', weight: 1 }, { name: 'b', weight: 5, kind: 'Backend' }],
        byName: { x: { port: 80 }, y: { port: 8080 } },
        policy: { retry: { attempts: 0 } },
      },
    });
  });

  test('sets the defaults of a property only when its parent object is present', () => {
    // No tls: its insecureSkipVerify is not set; no spec at all: nothing is.
    const object: any = { spec: { refs: [] } };
    defaulter.applyTo(object);
    expect(object.spec.tls).toBeUndefined();
    expect(object.spec.refs).toStrictEqual([]);
    expect(defaulter.applyTo({ kind: 'X' })).toStrictEqual({ kind: 'X' });
    expect(defaulter.applyTo({ spec: { tls: { sni: 'a.example' } } }).spec.tls).toStrictEqual({ insecureSkipVerify: false, sni: 'a.example' });
  });

  test('defaults the default it just set, and fills a null of a non-nullable field but keeps a nullable null', () => {
    const object = defaulter.applyTo({ spec: { mode: null, note: null } });
    expect(object.spec.policy).toStrictEqual({ retry: { attempts: 3 } });
    expect(object.spec.mode).toBe('Strict');
    expect(object.spec.note).toBeNull();
  });

  test('a default is a copy: changing one object leaves the next one its default', () => {
    const first = defaulter.applyTo({ spec: {} }) as any;
    first.spec.policy.retry.attempts = 9;
    expect((defaulter.applyTo({ spec: {} }) as any).spec.policy.retry.attempts).toBe(3);
  });

  test('an object that gets a default has its keys sorted, as cdk8s writes them; the root keeps its order', () => {
    const object = defaulter.applyTo({ kind: 'X', apiVersion: 'v', spec: { tls: { sni: 's' }, refs: [{ name: 'a' }] } });
    expect(Object.keys(object)).toStrictEqual(['kind', 'apiVersion', 'spec']);
    expect(Object.keys(object.spec)).toStrictEqual(['mode', 'note', 'policy', 'refs', 'tls']);
    expect(Object.keys(object.spec.refs[0])).toStrictEqual(['kind', 'name', 'weight']);
  });

  test('status is left alone: the controller writes it', () => {
    const withStatus = new SchemaDefaulter({
      type: 'object',
      properties: { status: { type: 'object', default: { conditions: [] }, properties: { phase: { type: 'string', default: 'Pending' } } } },
    });
    expect(withStatus.applyTo({})).toStrictEqual({});
    expect(withStatus.applyTo({ status: {} })).toStrictEqual({ status: {} });
    expect(schemaDefaulter('gateway-api', 'v1.6.1', 'gateway.networking.k8s.io/v1', 'GatewayClass')!.applyTo({ spec: { controllerName: 'c' } }))
      .toStrictEqual({ spec: { controllerName: 'c' } });
  });

  test('a schema without defaults leaves objects as they are', () => {
    const object = { spec: { a: 1 } };
    expect(new SchemaDefaulter({ type: 'object', properties: { spec: { type: 'object' } } }).applyTo(object)).toBe(object);
  });
});

describe('schemaDefaulter (pinned schemas)', () => {
  test('the release and apiVersion choose the schema: backendRefs get weight 1 and, in an AIGatewayRoute, priority 0', () => {
    const route = { spec: { rules: [{ backendRefs: [{ name: 'b' }] }] } };
    expect(schemaDefaulter('gateway-api', 'v1.6.1', 'gateway.networking.k8s.io/v1', 'HTTPRoute')!.applyTo(structuredClone(route)).spec.rules[0])
      .toStrictEqual({ backendRefs: [{ group: '', kind: 'Service', name: 'b', weight: 1 }], matches: [{ path: { type: 'PathPrefix', value: '/' } }] });
    expect(schemaDefaulter('ai-gateway', 'v1.1.0', 'aigateway.envoyproxy.io/v1beta1', 'AIGatewayRoute')!.applyTo(structuredClone(route)).spec.rules[0].backendRefs)
      .toStrictEqual([{ name: 'b', priority: 0, weight: 1 }]);
  });

  test('no defaulter for a core kind, a release that is not pinned, or a version the release does not serve', () => {
    expect(schemaDefaulter('gateway-api', 'v1.6.1', 'v1', 'Service')).toBeUndefined();
    expect(schemaDefaulter('gateway-api', 'v9.9.9', 'gateway.networking.k8s.io/v1', 'HTTPRoute')).toBeUndefined();
    expect(schemaDefaulter('gateway-api', 'v1.2.0', 'gateway.networking.k8s.io/v1', 'TCPRoute')).toBeUndefined();
  });
});
