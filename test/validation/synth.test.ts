import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { GW, parent, toService } from './fixtures';
import { GatewayApiVersion, GrantFrom, GrantTo, ReferenceGrant, SynthValidation } from '../../src';
import { SchemaValidator } from '../../src/validation/schema/validator';
import { SYNTH_VALIDATION_CONTEXT } from '../../src/validation/synth';
import { declareKnown } from '../../src/validation/targets';

/** A chart built with our constructs: one grant (which calls useRelease) and the given raw objects. */
function ourChart(app: App, id: string, objects: any[], namespace = 'apps'): Chart {
  const chart = new Chart(app, id, { disableResourceNameHashes: true });
  new ReferenceGrant(chart, 'grant', {
    namespace: 'backends',
    metadata: { name: `allow-routes-${id}` }, // one grant per chart: two with one name would be one object
    referrers: [GrantFrom.httpRoutes(namespace)],
    to: [GrantTo.service('api')],
    gatewayApiVersion: GatewayApiVersion.V1_2,
  });
  objects.forEach((o, i) => new ApiObject(chart, `object-${i}`, o));
  return chart;
}

const route = (name: string, spec: any) => ({ apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: { name, namespace: 'apps' }, spec });
const gatewayObject = {
  apiVersion: `${GW}/v1`,
  kind: 'Gateway',
  metadata: { name: 'gw', namespace: 'apps' },
  spec: { gatewayClassName: 'eg', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
};
const serviceObject = (name: string, ns: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { ports: [{ port: 8080 }] } });

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'synth-validation-'));
}

describe('synth-time validation', () => {
  test('fails app.synth() listing every error, with the object, its construct path and the field, and writes nothing', () => {
    const outdir = tmpdir();
    const app = new App({ outdir });
    ourChart(app, 'platform', [
      gatewayObject,
      route('wrong-listener', { parentRefs: [parent('gw', undefined, 'https')], rules: [{ backendRefs: [toService('api', 'backends')] }] }),
      route('missing-service', { parentRefs: [parent('gw')], rules: [{ backendRefs: [toService('nope')] }] }),
      serviceObject('api', 'backends'),
    ]);

    expect(() => app.synth()).toThrow(new Error([
      'Validation failed with the following errors:',
      "  [cdk8s-ai-gateway-validation] HTTPRoute 'apps/wrong-listener' (construct platform/object-1) spec.parentRefs[0]: NoMatchingParent: " +
        "no listener of Gateway 'apps/gw' matches sectionName 'https' (listeners: 'http' (HTTP 80)). Use one of those.",
      "  [cdk8s-ai-gateway-validation] HTTPRoute 'apps/missing-service' (construct platform/object-2) spec.rules[0].backendRefs[0]: BackendNotFound: " +
        "unverified: Service 'apps/nope' is neither in the manifests nor declared known. Add it, fix the name, or declare it known " +
        '(--known FILE, or declareKnown() in a construct) when it exists in the cluster.',
    ].join('\n')));
    expect(fs.readdirSync(outdir)).toStrictEqual([]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('Testing.synth() and app.synthYaml() run it too', () => {
    const app = Testing.app();
    const chart = ourChart(app, 'platform', [route('r', { parentRefs: [parent('missing-gateway')] })]);

    expect(() => Testing.synth(chart)).toThrow(/HTTPRoute 'apps\/r' \(construct platform\/object-0\) spec.parentRefs\[0\]: NoMatchingParent/);
    expect(() => app.synthYaml()).toThrow(/NoMatchingParent/);
  });

  test('a valid app synthesizes; objects declared known count as present', () => {
    const app = new App({ outdir: tmpdir() });
    const chart = ourChart(app, 'platform', [
      route('r', { parentRefs: [parent('existing', 'infra')], rules: [{ backendRefs: [toService('api', 'backends')] }] }),
      serviceObject('api', 'backends'),
    ]);
    declareKnown(chart, { apiVersion: `${GW}/v1`, kind: 'Gateway', namespace: 'infra', name: 'existing', spec: { listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] } });

    expect(() => app.synth()).not.toThrow();
    expect(fs.readdirSync(app.outdir).sort()).toStrictEqual([SynthValidation.KNOWN_OBJECTS_FILE, 'platform.k8s.yaml']);
    fs.rmSync(app.outdir, { recursive: true, force: true });
  });

  test('a Secret that a cert-manager Certificate of the app names counts as present, without a known declaration', () => {
    const certificate = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'wildcard', namespace: 'apps' },
      spec: { secretName: 'wildcard-tls', dnsNames: ['*.example.com'], issuerRef: { name: 'ca', kind: 'Issuer' } },
    };
    const httpsGateway = {
      ...gatewayObject,
      spec: {
        gatewayClassName: 'eg',
        listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.example.com', tls: { mode: 'Terminate', certificateRefs: [{ name: 'wildcard-tls' }] } }],
      },
    };
    expect(() => Testing.synth(ourChart(Testing.app(), 'tls', [certificate, httpsGateway]))).not.toThrow();
    expect(() => Testing.synth(ourChart(Testing.app(), 'tls', [httpsGateway]))).toThrow(/InvalidCertificateRef: unverified: /);
  });

  test('the whole app is one scope: a route in one chart attaches to a Gateway in another', () => {
    const app = Testing.app();
    ourChart(app, 'gateway', [gatewayObject]);
    const routes = ourChart(app, 'routes', [
      route('r', { parentRefs: [parent('gw')], rules: [{ backendRefs: [toService('api', 'backends')] }] }),
      serviceObject('api', 'backends'),
    ]);

    expect(() => Testing.synth(routes)).not.toThrow();
  });

  test('objects of charts not built with our constructs are context, not blamed', () => {
    const app = Testing.app();
    const foreign = new Chart(app, 'foreign');
    new ApiObject(foreign, 'route', route('foreign', { parentRefs: [parent('missing-gateway')] }));
    new ApiObject(foreign, 'svc', serviceObject('api', 'backends'));
    const ours = ourChart(app, 'ours', [gatewayObject, route('r', { parentRefs: [parent('gw')], rules: [{ backendRefs: [toService('api', 'backends')] }] })]);

    expect(() => Testing.synth(ours)).not.toThrow();
  });

  test('SynthValidation.disable(app) and the context key turn it off', () => {
    const broken = [route('r', { parentRefs: [parent('missing-gateway')] })];

    const disabled = Testing.app();
    const chart = ourChart(disabled, 'platform', broken);
    expect(SynthValidation.isEnabled(chart)).toBe(true);
    SynthValidation.disable(disabled);
    expect(SynthValidation.isEnabled(chart)).toBe(false);
    expect(() => Testing.synth(chart)).not.toThrow();

    const byContext = Testing.app();
    byContext.node.setContext(SYNTH_VALIDATION_CONTEXT, false);
    expect(() => Testing.synth(ourChart(byContext, 'platform', broken))).not.toThrow();
  });

  test('an unchanged app is checked once per synth, though cdk8s validates once per chart as well', () => {
    const spy = jest.spyOn(SchemaValidator.prototype, 'validate');
    try {
      const app = new App({ outdir: tmpdir() });
      ourChart(app, 'a', [gatewayObject]);
      ourChart(app, 'b', [serviceObject('api', 'backends')], 'other');
      new ApiObject(new Chart(app, 'foreign'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } });
      app.synth();
      // 2 grants, the Gateway and the Service: each validated once, not once per validation pass (4 passes);
      // the foreign chart's ConfigMap is not schema-checked.
      expect(spy).toHaveBeenCalledTimes(4);
      fs.rmSync(app.outdir, { recursive: true, force: true });
    } finally {
      spy.mockRestore();
    }
  });
});

describe('the passes of one synth', () => {
  /** An object that counts its renders. */
  class Counted extends ApiObject {
    public renders = 0;
    public toJson(): any {
      this.renders++;
      return super.toJson();
    }
  }

  test('one App.synthYaml() or App.synth() renders each object once, for the check and the output, however many charts', () => {
    const app = Testing.app();
    const first = ourChart(app, 'first', [serviceObject('api', 'backends')]);
    ourChart(app, 'second', [], 'other');
    const counted = new Counted(first, 'counted', serviceObject('counted', 'backends'));
    const yaml = app.synthYaml();
    expect(counted.renders).toBe(1);
    app.synth();
    expect(counted.renders).toBe(2);
    expect(yaml).toContain('name: counted');
    expect(fs.readFileSync(path.join(app.outdir, 'first.k8s.yaml'), 'utf8')).toContain('name: counted');
  });

  test('a render given to cdk8s once is not given again: a change after the synth shows', () => {
    const app = Testing.app();
    const chart = ourChart(app, 'platform', [serviceObject('api', 'backends')]);
    const service = new ApiObject(chart, 'svc', serviceObject('svc', 'backends'));
    app.synthYaml();
    service.metadata.addLabel('changed', 'yes');
    expect(service.toJson().metadata.labels).toEqual({ changed: 'yes' });
    expect(Testing.synth(chart).find(o => o.metadata.name === 'svc').metadata.labels).toEqual({ changed: 'yes' });
  });

  test('a failed check keeps no render: the object renders anew after a fix', () => {
    const app = Testing.app();
    const chart = ourChart(app, 'platform', [gatewayObject, serviceObject('api', 'backends')]);
    const late = new ApiObject(chart, 'late', route('late', { parentRefs: [parent('gw', undefined, 'https')] }));
    expect(() => app.synthYaml()).toThrow(/NoMatchingParent/);
    late.addJsonPatch(JsonPatch.remove('/spec/parentRefs/0/sectionName'));
    expect(late.toJson().spec.parentRefs[0].sectionName).toBeUndefined();
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('a change between two synths of the same moment is checked: the second fails', () => {
    const app = Testing.app();
    const chart = ourChart(app, 'platform', [gatewayObject, serviceObject('api', 'backends')]);
    app.synthYaml();
    new ApiObject(chart, 'late', route('late', { parentRefs: [parent('gw', undefined, 'https')] }));
    expect(() => app.synthYaml()).toThrow(/NoMatchingParent/);
  });

  test('Chart.toJson() called on its own runs the check in full', () => {
    const app = Testing.app();
    const chart = ourChart(app, 'platform', [gatewayObject, serviceObject('api', 'backends')]);
    app.synthYaml();
    const late = new ApiObject(chart, 'late', route('late', { parentRefs: [parent('gw')] }));
    expect(() => chart.toJson()).not.toThrow();
    late.addJsonPatch(JsonPatch.replace('/spec/parentRefs/0/sectionName', 'https'));
    expect(() => chart.toJson()).toThrow(/NoMatchingParent/);
  });
});
