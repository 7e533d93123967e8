import { canonicalQuantity } from '../../src/kubernetes/quantity';

describe('canonicalQuantity: a resource list quantity as the API server stores it', () => {
  // Each pair as kube-apiserver 1.36 stored it in a container's resources (or a LimitRange's max) and read it back.
  test.each([
    ['500m', '500m'],
    ['1000m', '1'],
    ['1.5', '1500m'],
    ['.5', '500m'],
    ['0.1', '100m'],
    ['10000', '10k'],
    ['2.5k', '2500'],
    ['1000000000m', '1M'],
    ['12345678m', '12345678m'],
    ['0m', '0'],
    ['2048Mi', '2Gi'],
    ['1536Mi', '1536Mi'],
    ['1.5Gi', '1536Mi'],
    ['1.5Mi', '1536Ki'],
    ['1024Gi', '1Ti'],
    ['2000Ki', '2000Ki'],
    ['0.5Ki', '512'],
    ['1Ei', '1Ei'],
    ['1023', '1023'],
    // Rounded up to milli units, as the defaulting of resource lists does.
    ['1500u', '2m'],
    ['3n', '1m'],
    ['2.0000001', '2001m'],
  ])('%s is stored as %s', (input, stored) => {
    expect(canonicalQuantity(input)).toBe(stored);
  });

  test('what it does not cover comes back as it is (the API server keeps these as written too)', () => {
    expect(canonicalQuantity('5.')).toBe('5.');
    expect(canonicalQuantity('1e3')).toBe('1e3');
    expect(canonicalQuantity('')).toBe('');
  });
});
