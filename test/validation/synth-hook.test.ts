/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Constructs register with synth-time validation through src/validation/synth-hook.ts: importing one loads
 * neither the schema validator nor the CEL engine; the first validation of an app loads them. Each test
 * requires the modules in a fresh module registry (jest.isolateModules), whose files `require.cache` lists.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '..', '..', 'src');
const SCHEMA = path.join(SRC, 'validation', 'schema') + path.sep;
const CEL = `${path.sep}@bufbuild${path.sep}cel${path.sep}`;

/** The files of the schema validator (src/validation/schema/) and of @bufbuild/cel in the module registry. */
function validatorModules(): string[] {
  return Object.keys(require.cache).filter(file => file.startsWith(SCHEMA) || file.includes(CEL));
}

/** The construct modules the package root exports: every module of src/index.ts outside validation and the route map. */
function constructModules(): string[] {
  const index = fs.readFileSync(path.join(SRC, 'index.ts'), 'utf8');
  return [...index.matchAll(/from '\.\/([^']+)'/g)].map(m => m[1])
    .filter(module => !module.startsWith('validation/') && !module.startsWith('route-map/'));
}

test('requiring a construct module loads neither the schema validator nor @bufbuild/cel', () => {
  jest.isolateModules(() => {
    require('../../src/nvcf/hostname-route');
    expect(Object.keys(require.cache)).toContain(path.join(SRC, 'nvcf', 'hostname-route.ts'));
    expect(Object.keys(require.cache)).toContain(path.join(SRC, 'validation', 'synth-hook.ts'));
    expect(validatorModules()).toStrictEqual([]);
  });
});

test('requiring every construct module of the package root loads neither', () => {
  const modules = constructModules();
  expect(modules).toEqual(expect.arrayContaining(['nvcf/hostname-route', 'ai/ai-gateway', 'tls/wildcard-tls', 'inference/inference-pool']));
  jest.isolateModules(() => {
    for (const module of modules) require(path.join(SRC, module));
    expect(Object.keys(require.cache)).toEqual(expect.arrayContaining(modules.map(module => path.join(SRC, `${module}.ts`))));
    expect(validatorModules()).toStrictEqual([]);
  });
});

test('the first synth loads the validator and still validates', () => {
  jest.isolateModules(() => {
    const { ApiObject, Testing } = require('cdk8s') as typeof import('cdk8s');
    const { GrantFrom, GrantTo, ReferenceGrant } = require('../../src/gateway-api/reference-grant') as typeof import('../../src/gateway-api/reference-grant');
    const app = Testing.app();
    const chart = Testing.chart(app);
    new ReferenceGrant(chart, 'grant', {
      namespace: 'backends', referrers: [GrantFrom.httpRoutes('apps')], to: [GrantTo.service('api')],
    });
    new ApiObject(chart, 'route', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'apps' },
      spec: { parentRefs: [{ name: 'missing-gateway' }] },
    });
    expect(validatorModules()).toStrictEqual([]);

    expect(() => Testing.synth(chart)).toThrow(/HTTPRoute 'apps\/r' \(construct test\/route\) spec.parentRefs\[0\]: NoMatchingParent/);
    expect(validatorModules()).toEqual(expect.arrayContaining([
      path.join(SCHEMA, 'validator.ts'), path.join(SCHEMA, 'cel.ts'), expect.stringContaining(CEL),
    ]));
  });
});
