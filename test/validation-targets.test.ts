import { Testing } from 'cdk8s';
import { chartKnownObjects, chartReleases, declareKnown, useRelease } from '../src/validation/targets';

test('releases and known objects are recorded per chart', () => {
  const app = Testing.app();
  const a = Testing.chart(app);
  const b = Testing.chart(app);
  useRelease(a, 'gateway-api', 'v1.2.0');
  useRelease(a, 'gateway-api', 'v1.2.0');
  useRelease(a, 'ai-gateway', 'v1.1.0');
  declareKnown(a, { apiVersion: 'v1', kind: 'Service', namespace: 'nvcf', name: 'api' });
  declareKnown(a, { apiVersion: 'v1', kind: 'Service', namespace: 'nvcf', name: 'api', labels: { x: 'y' } });
  declareKnown(a, { apiVersion: 'v1', kind: 'Namespace', name: 'nvcf' });
  expect([...chartReleases(a).entries()].map(([p, r]) => `${p}@${[...r].join(',')}`)).toStrictEqual(['gateway-api@v1.2.0', 'ai-gateway@v1.1.0']);
  expect(chartKnownObjects(a)).toStrictEqual([
    { apiVersion: 'v1', kind: 'Service', namespace: 'nvcf', name: 'api' },
    { apiVersion: 'v1', kind: 'Namespace', name: 'nvcf' },
  ]);
  expect(chartReleases(b).size).toBe(0);
  expect(chartKnownObjects(b)).toStrictEqual([]);
});
