import { Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  EndpointPickerSource, FailureMode, InferencePool, InferencePoolProps, PoolAppProtocol, PoolSelector,
} from '../../src';
import { chartKnownObjects, chartReleases } from '../../src/validation/targets';

const selector = PoolSelector.matchLabels({ app: 'vllm-llama3-8b' });

function synthKinds(chart: Chart): string[] {
  return Testing.synth(chart).map(o => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`);
}

describe('InferencePool', () => {
  test('declares the pool and deploys its endpoint picker, named after the pool', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const pool = new InferencePool(chart, 'llama', { name: 'llama', namespace: 'llm', selector });

    // THEN
    expect(pool.poolName).toBe('llama');
    expect(pool.poolNamespace).toBe('llm');
    expect(pool.endpointPicker).toMatchObject({ serviceName: 'llama-epp', serviceNamespace: 'llm', port: 9002 });
    expect(synthKinds(chart)).toStrictEqual([
      'InferencePool llm/llama',
      'ServiceAccount llm/llama-epp',
      'ConfigMap llm/llama-epp',
      'Deployment llm/llama-epp',
      'Service llm/llama-epp',
      'Role llm/llama-epp',
      'RoleBinding llm/llama-epp',
    ]);
    const [manifest] = Testing.synth(chart);
    expect(manifest.apiVersion).toBe('inference.networking.k8s.io/v1');
    // With the schema's defaults, as the API server stores it: appProtocol http, the core group of the picker Service.
    expect(manifest.spec).toStrictEqual({
      appProtocol: 'http',
      selector: { matchLabels: { app: 'vllm-llama3-8b' } },
      targetPorts: [{ number: 8000 }],
      endpointPickerRef: { group: '', kind: 'Service', name: 'llama-epp', port: { number: 9002 }, failureMode: 'FailClose' },
    });
    expect(chartReleases(chart).get('inference-extension')).toStrictEqual(new Set(['v1.6.0']));
  });

  test('selector labels sorted, several target ports, app protocol and fail-open', () => {
    const chart = Testing.chart();
    new InferencePool(chart, 'pool', {
      name: 'pool',
      selector: PoolSelector.matchLabels({ 'llm-d.ai/model': 'llama', 'app': 'vllm' }),
      targetPorts: [8000, 8001],
      appProtocol: PoolAppProtocol.H2C,
      failureMode: FailureMode.FAIL_OPEN,
    });
    const spec = Testing.synth(chart)[0].spec;
    expect(Object.keys(spec.selector.matchLabels)).toStrictEqual(['app', 'llm-d.ai/model']);
    expect(spec.targetPorts).toStrictEqual([{ number: 8000 }, { number: 8001 }]);
    expect(spec.appProtocol).toBe('kubernetes.io/h2c');
    expect(spec.endpointPickerRef.failureMode).toBe('FailOpen');
  });

  test('the namespace defaults to the chart namespace, else default', () => {
    const app = Testing.app();
    const inNs = new InferencePool(new Chart(app, 'a', { namespace: 'models' }), 'pool', { selector });
    const noNs = new InferencePool(new Chart(app, 'b'), 'pool', { selector });
    expect(inNs.poolNamespace).toBe('models');
    expect(noNs.poolNamespace).toBe('default');
    expect(noNs.poolName).toMatch(/^b-pool-c8[0-9a-f]+$/);
  });

  test('selects the Pods of a cdk8s-plus workload', () => {
    const chart = Testing.chart();
    const vllm = new kplus.Deployment(chart, 'vllm', {
      metadata: { namespace: 'llm' },
      select: false,
      podMetadata: { labels: { app: 'vllm' } },
      containers: [{ image: 'vllm/vllm-openai:v0.9.0', portNumber: 8000 }],
    });
    vllm.select(kplus.LabelSelector.of({ labels: { app: 'vllm' } }));
    new InferencePool(chart, 'pool', { name: 'pool', namespace: 'llm', selector: PoolSelector.fromWorkload(vllm) });
    const pool = Testing.synth(chart).find(o => o.kind === 'InferencePool');
    expect(pool.spec.selector).toStrictEqual({ matchLabels: { app: 'vllm' } });
  });

  test('an existing endpoint picker is referenced and declared, nothing is deployed', () => {
    const chart = Testing.chart();
    new InferencePool(chart, 'pool', {
      name: 'pool',
      namespace: 'llm',
      selector,
      endpointPicker: EndpointPickerSource.fromServiceName('shared-epp', 9102),
    });
    const objects = Testing.synth(chart);
    expect(objects.map(o => o.kind)).toStrictEqual(['InferencePool']);
    expect(objects[0].spec.endpointPickerRef).toStrictEqual({
      group: '', kind: 'Service', name: 'shared-epp', port: { number: 9102 }, failureMode: 'FailClose',
    });
    expect(chartKnownObjects(chart)).toStrictEqual([{ apiVersion: 'v1', kind: 'Service', name: 'shared-epp', namespace: 'llm' }]);
  });

  test('fromInferencePoolAttributes references and declares an existing pool', () => {
    const chart = Testing.chart();
    const pool = InferencePool.fromInferencePoolAttributes(chart, 'existing', { poolName: 'llama-helm', poolNamespace: 'llm' });
    expect([pool.poolName, pool.poolNamespace]).toStrictEqual(['llama-helm', 'llm']);
    expect(Testing.synth(chart)).toStrictEqual([]);
    expect(chartKnownObjects(chart)).toStrictEqual([
      { apiVersion: 'inference.networking.k8s.io/v1', kind: 'InferencePool', name: 'llama-helm', namespace: 'llm' },
    ]);
    expect(() => InferencePool.fromInferencePoolAttributes(chart, 'bad', { poolName: 'Llama', poolNamespace: 'llm' })).toThrow(
      /^InferencePool 'test\/bad': poolName 'Llama' is not a valid RFC 1123 subdomain .* Use 'llama'\.$/);
  });

  test('same input, byte-identical output', () => {
    const render = () => {
      const chart = Testing.chart();
      new InferencePool(chart, 'pool', { name: 'pool', namespace: 'llm', selector: PoolSelector.matchLabels({ b: '2', a: '1' }) });
      return Yaml.stringify(...Testing.synth(chart));
    };
    expect(render()).toBe(render());
  });

  test('snapshot: a pool with its deployed endpoint picker', () => {
    const chart = Testing.chart();
    new InferencePool(chart, 'llama', { name: 'llama', namespace: 'llm', selector });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });
});

describe('InferencePool bad input', () => {
  const make = (props: Partial<InferencePoolProps>, id = 'pool') =>
    () => new InferencePool(Testing.chart(), id, { name: 'pool', namespace: 'llm', selector, ...props } as InferencePoolProps);

  test('fails without a selector', () => {
    expect(make({ selector: undefined })).toThrow(
      "InferencePool 'test/pool': has no selector, so it would select no model server. Pass one, for example " +
      "selector: PoolSelector.matchLabels({ app: 'vllm-llama3-8b' }).");
  });

  test('fails with an empty selector', () => {
    expect(make({ selector: PoolSelector.matchLabels({}) })).toThrow(
      /^InferencePool 'test\/pool': selector has no labels, so the pool would select no model server\./);
  });

  test('fails on a bad label key or value', () => {
    expect(make({ selector: PoolSelector.matchLabels({ 'bad key': 'x' }) })).toThrow(
      /selector label key 'bad key' is not a valid key .* Use, for example, 'app'\.$/);
    expect(make({ selector: PoolSelector.matchLabels({ app: 'vllm llama' }) })).toThrow(
      /selector label 'app' value 'vllm llama' is not a valid label value .* Use, for example, 'vllm-llama3-8b'\./);
  });

  test('fails on more than 64 labels', () => {
    const labels = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`l${i}`, 'x']));
    expect(make({ selector: PoolSelector.matchLabels(labels) })).toThrow(
      'selector has 65 labels, more than the 64 an InferencePool accepts.');
  });

  test.each([
    [[0], 'targetPorts: 0 is not a port number (1 to 65535).'],
    [[70000], 'targetPorts: 70000 is not a port number (1 to 65535).'],
    [[80.5], 'targetPorts: 80.5 is not a port number (1 to 65535).'],
    [[], 'targetPorts is empty.'],
    [[8000, 8000], 'targetPorts lists port 8000 twice; the ports must be distinct.'],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9], 'targetPorts has 9 ports, more than the 8 an InferencePool accepts.'],
  ])('fails on target ports %j', (targetPorts, message) => {
    expect(make({ targetPorts })).toThrow(`InferencePool 'test/pool': ${message}`);
  });

  test('fails on a bad name or namespace', () => {
    expect(make({ name: 'Llama_3' })).toThrow(/name 'Llama_3' is not a valid RFC 1123 subdomain .* Use 'llama-3'\.$/);
    expect(make({ namespace: 'LLM' })).toThrow(/namespace 'LLM' is not a valid RFC 1123 label .* Use 'llm'\.$/);
  });

  test('fails when a workload selector is in another namespace', () => {
    const chart = Testing.chart();
    const vllm = new kplus.Deployment(chart, 'vllm', {
      metadata: { namespace: 'other' }, containers: [{ image: 'vllm/vllm-openai:v0.9.0' }],
    });
    expect(() => new InferencePool(chart, 'pool', { namespace: 'llm', selector: PoolSelector.fromWorkload(vllm) })).toThrow(
      /is in namespace 'other', but a pool selects Pods only in its own namespace 'llm'\. Create the pool with namespace 'other'\.$/);
  });

  test('fails on an existing picker with a bad port', () => {
    expect(make({ endpointPicker: EndpointPickerSource.fromServiceName('epp', 0) })).toThrow(
      "InferencePool 'test/pool': endpointPicker port 0 is not a port number (1 to 65535). Use the picker Service's gRPC port, for example 9002.");
  });
});
