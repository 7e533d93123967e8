import { validateManifests } from '../../src/validation/manifest-validator';
import { PARALLEL_MIN_OBJECTS, SchemaCheckPool } from '../../src/validation/parallel';

const GW = 'gateway.networking.k8s.io';

/** A large set with findings of every kind: schema, CEL, attachment, duplicates, not objects. */
function fleet(n: number): any[] {
  const objects: any[] = [{
    apiVersion: `${GW}/v1`,
    kind: 'Gateway',
    metadata: { name: 'gw', namespace: 'apps' },
    spec: { gatewayClassName: 'eg', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
  }];
  for (let i = 0; i < n; i++) {
    const route: any = {
      apiVersion: `${GW}/v1`,
      kind: 'HTTPRoute',
      metadata: { name: `r-${i}`, namespace: 'apps' },
      spec: { parentRefs: [{ name: 'gw', ...(i % 7 === 0 ? { sectionName: 'https' } : {}) }], rules: [{ backendRefs: [{ name: `svc-${i % 13}`, port: 80 }] }] },
    };
    if (i % 11 === 0) route.spec.bogus = true;
    if (i % 17 === 0) route.spec.rules[0].matches = [{ path: { type: 'PathPrefix', value: 'no-slash' } }];
    objects.push(route);
  }
  objects.push({ apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: { name: 'r-1', namespace: 'apps' }, spec: {} });
  objects.push({ kind: 'nothing' });
  return objects;
}

test('the schema checks on worker threads give the report of one thread', () => {
  const objects = fleet(PARALLEL_MIN_OBJECTS + 500);
  const single = validateManifests(objects, { strict: true });
  const pool = SchemaCheckPool.start(3)!;
  try {
    expect(pool.threads).toBe(3);
    const parallel = validateManifests(objects, { strict: true }, pool);
    expect(single.errors).toBeGreaterThan(500);
    expect(parallel).toStrictEqual(single);
    expect(pool.workerError).toBeUndefined();
    expect(pool.workerChecks).toBeGreaterThan(objects.length / 2);
    // The pool serves more than one set.
    expect(validateManifests(objects.slice(0, -3), { strict: true }, pool)).toStrictEqual(validateManifests(objects.slice(0, -3), { strict: true }));
  } finally {
    pool.close();
  }
}, 120_000);

test('one core: no pool', () => {
  expect(SchemaCheckPool.start(1)).toBeUndefined();
});
