import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import { buildExampleApp, NvcfPlatformChart } from '../examples/nvcf-platform';
import { GatewayApiVersion } from '../src';

describe('example app', () => {
  test('synthesizes one YAML file per chart', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
    try {
      buildExampleApp(outdir).synth();
      expect(fs.readdirSync(outdir).sort()).toStrictEqual([
        'ai-models.k8s.yaml',
        'nvcf-platform-gateway-api-v1-6.k8s.yaml',
        'nvcf-platform.k8s.yaml',
      ]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('every grant admits one route kind, from the routes namespace, to named Services only', () => {
    const objects = Testing.synth(new NvcfPlatformChart(Testing.app(), 'nvcf-platform'));

    expect(objects.map(o => `${o.metadata.namespace}/${o.metadata.name}`)).toStrictEqual([
      'api-keys/allow-routes-to-api-keys',
      'nvcf/allow-http-routes-to-nvcf',
      'nvcf/allow-tcp-routes-to-nvcf-grpc',
    ]);
    for (const grant of objects) {
      expect(grant.kind).toBe('ReferenceGrant');
      expect(grant.apiVersion).toBe('gateway.networking.k8s.io/v1beta1');
      expect(grant.spec.from).toHaveLength(1);
      expect(grant.spec.from[0].namespace).toBe('envoy-gateway');
      for (const to of grant.spec.to) {
        expect(to).toStrictEqual({ group: '', kind: 'Service', name: expect.any(String) });
      }
    }
    const grpc = objects.find(o => o.metadata.name === 'allow-tcp-routes-to-nvcf-grpc');
    expect(grpc.spec.from[0].kind).toBe('TCPRoute');
    expect(grpc.spec.to.map((t: any) => t.name)).toStrictEqual(['grpc-proxy']);
  });

  test('the v1.6 chart differs only in apiVersion', () => {
    const v12 = Testing.synth(new NvcfPlatformChart(Testing.app(), 'nvcf-platform'));
    const v16 = Testing.synth(new NvcfPlatformChart(Testing.app(), 'nvcf-platform', { gatewayApiVersion: GatewayApiVersion.V1_6 }));

    expect(v16.map(o => o.apiVersion)).toStrictEqual(v12.map(() => 'gateway.networking.k8s.io/v1'));
    expect(v16.map(({ apiVersion, ...rest }) => rest)).toStrictEqual(v12.map(({ apiVersion, ...rest }) => rest));
  });

  test('the model catalog routes each model once, behind one gateway, every object in one ApplySet', () => {
    const app = buildExampleApp(path.join(os.tmpdir(), 'unused'));
    const objects = Testing.synth(app.charts.find(chart => chart.node.id === 'ai-models')!);
    const models = objects.filter(o => o.kind === 'AIGatewayRoute')
      .flatMap(r => r.spec.rules.map((rule: any) => rule.matches[0].headers[0].value));
    expect(models.sort()).toStrictEqual(['claude-sonnet', 'gemma3', 'qwen3', 'qwen3-combined', 'qwen3-ha', 'qwen3-nairr']);
    expect(objects.filter(o => o.kind === 'Gateway').map(o => o.metadata.name)).toStrictEqual(['envoy-ai-gateway-nrp']);
    expect(new Set(objects.map(o => o.metadata.labels?.['applyset.kubernetes.io/part-of'])).size).toBe(1);
    expect(objects.find(o => o.metadata.name === 'envoy-ai-gateway-nrp-apikey').spec.targetRefs.map((t: any) => t.name))
      .toStrictEqual(['envoy-ai-gateway-nrp-gemma', 'envoy-ai-gateway-nrp-qwen']);
  });

  test('snapshot of the whole example app', () => {
    const app = buildExampleApp(path.join(os.tmpdir(), 'unused'));
    const manifests = Object.fromEntries(app.charts.map(chart => [chart.node.id, Yaml.stringify(...Testing.synth(chart))]));
    expect(manifests).toMatchSnapshot();
  });
});
