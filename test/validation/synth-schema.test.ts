import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { GatewayApiVersion, GrantFrom, GrantTo, ReferenceGrant } from '../../src';
import { runCli } from '../../src/validation/cli';

/**
 * The schema engine is another module: here it is replaced by a recording fake, to check what synth-time
 * validation hands it (release pins per chart) and how its findings reach the synth error.
 */
const constructed: any[] = [];
jest.mock('../../src/validation/schema/validator', () => ({
  SchemaValidator: class {
    public constructor(private readonly options: any = {}) {
      constructed.push(options);
    }
    public validate(object: any) {
      const pinned = this.options.releases?.['gateway-api'];
      if (object.metadata?.labels?.broken === 'yes') {
        return {
          checkedAgainst: `gateway-api ${pinned}`,
          findings: [
            { path: 'spec.from[0].namespace', message: 'must be a DNS label', rule: "self.matches('^[a-z0-9-]+$')" },
            { path: 'spec', message: 'deprecated apiVersion', warning: true },
          ],
        };
      }
      // An object that is valid against one release only.
      if (object.metadata?.labels?.only === pinned) return { findings: [] };
      if (object.metadata?.labels?.only !== undefined) return { findings: [{ path: 'spec', message: `not valid in ${pinned}` }] };
      return { findings: [] };
    }
  },
}));

function grant(chart: Chart, id: string, version: GatewayApiVersion, labels?: { [key: string]: string }) {
  return new ReferenceGrant(chart, id, {
    namespace: 'backends',
    metadata: { name: id, labels },
    referrers: [GrantFrom.httpRoutes('apps')],
    to: [GrantTo.service('api')],
    gatewayApiVersion: version,
  });
}

beforeEach(() => constructed.splice(0));

test('each chart is checked against the releases its constructs target', () => {
  const app = Testing.app();
  const v12 = new Chart(app, 'v12');
  grant(v12, 'a', GatewayApiVersion.V1_2);
  const v16 = new Chart(app, 'v16');
  grant(v16, 'b', GatewayApiVersion.V1_6);
  Testing.synth(v12);

  expect(constructed.map(o => o.releases)).toEqual(expect.arrayContaining([{ 'gateway-api': 'v1.2.0' }, { 'gateway-api': 'v1.6.1' }]));
});

test('schema errors fail the synth with their path, message and CEL rule; warnings do not', () => {
  const app = Testing.app();
  const chart = new Chart(app, 'platform');
  grant(chart, 'bad', GatewayApiVersion.V1_2, { broken: 'yes' });

  expect(() => Testing.synth(chart)).toThrow(
    "[cdk8s-ai-gateway-validation] ReferenceGrant 'backends/bad' (construct platform/bad/Resource) spec.from[0].namespace: " +
    "must be a DNS label [rule: self.matches('^[a-z0-9-]+$')]");
  expect(() => Testing.synth(chart)).not.toThrow(/deprecated/);
});

test('a chart targeting two releases of a project: an object passes when valid against one of them', () => {
  const app = Testing.app();
  const chart = new Chart(app, 'mixed');
  grant(chart, 'a', GatewayApiVersion.V1_2, { only: 'v1.6.1' });
  grant(chart, 'b', GatewayApiVersion.V1_6);
  new ApiObject(chart, 'raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'raw', namespace: 'apps', labels: { only: 'v9' } } });

  expect(() => Testing.synth(chart)).toThrow(/ConfigMap 'apps\/raw' \(construct mixed\/raw\) spec: not valid in v1\.(2\.0|6\.1)/);
  expect(() => Testing.synth(chart)).not.toThrow(/ReferenceGrant 'backends\/a'/);
});

test('the CLI hands its release pins to the schema engine, and prints CEL rules', () => {
  let stdout = '';
  const file = path.join(os.tmpdir(), `schema-pins-${process.pid}.yaml`);
  fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: a, labels: {broken: "yes"}}\n');
  try {
    const status = runCli(['validate', file, '--gateway-api-version', 'v1.2.0', '--release', 'ai-gateway=v0.5.0'],
      { stdout: t => { stdout += t; }, stderr: () => undefined });

    expect(constructed.map(o => o.releases)).toContainEqual({ 'gateway-api': 'v1.2.0', 'ai-gateway': 'v0.5.0' });
    expect(status).toBe(1);
    // The fields are not in the file: their positions are the object's.
    expect(stdout).toContain(`    error   ${file}:1:1: spec.from[0].namespace: must be a DNS label\n            rule: self.matches('^[a-z0-9-]+$')\n`);
    expect(stdout).toContain(`    warning ${file}:1:1: spec: deprecated apiVersion\n`);
  } finally {
    fs.rmSync(file);
  }
});
