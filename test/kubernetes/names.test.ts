import { checkDnsLabel, checkDnsSubdomain, checkGroup, checkKind } from '../../src/kubernetes/names';

describe('name rules', () => {
  test.each(['a', 'api-keys', 'nvcf', '0abc', 'a'.repeat(63)])('%s is a DNS label', value => {
    expect(checkDnsLabel('namespace', value)).toBeUndefined();
  });

  test.each([
    ['API', 'api'],
    ['api_keys', 'api-keys'],
    ['-api-', 'api'],
    ['api.keys', 'api-keys'],
    ['a'.repeat(64), 'a'.repeat(63)],
    ['', 'my-name'],
    ['___', 'my-name'],
  ])('%s is not a DNS label; suggests %s', (value, suggestion) => {
    expect(checkDnsLabel('namespace', value)).toBe(
      `namespace '${value}' is not a valid RFC 1123 label (lower case letters, digits and '-', starting and ending ` +
      `with a letter or digit, at most 63 characters). Use '${suggestion}'.`,
    );
  });

  test.each(['a', 'api.example.com', 'tls-secret', 'a.b-c.d'])('%s is a DNS subdomain', value => {
    expect(checkDnsSubdomain('name', value)).toBeUndefined();
  });

  test.each([
    ['Api.Example.COM', 'api.example.com'],
    ['api..example', 'api.example'],
    ['api.-example', 'api.example'],
    ['x'.repeat(254), 'x'.repeat(253)],
  ])('%s is not a DNS subdomain; suggests %s', (value, suggestion) => {
    expect(checkDnsSubdomain('name', value)).toMatch(new RegExp(`^name '${value.replace(/\./g, '\\.')}' is not a valid RFC 1123 subdomain .* Use '${suggestion.replace(/\./g, '\\.')}'\\.$`));
  });

  test('the core group is empty; other groups are DNS subdomains', () => {
    expect(checkGroup('group', '')).toBeUndefined();
    expect(checkGroup('group', 'gateway.networking.k8s.io')).toBeUndefined();
    expect(checkGroup('group', 'Gateway')).toMatch(/group 'Gateway' is not a valid RFC 1123 subdomain/);
  });

  test.each(['HTTPRoute', 'Service', 'AIGatewayRoute', 'x-y'])('%s is a kind', value => {
    expect(checkKind('kind', value)).toBeUndefined();
  });

  test.each(['', '9Route', 'Route-', 'HTTP Route', 'K'.repeat(64)])('%s is not a kind', value => {
    expect(checkKind('kind', value)).toMatch(/^kind '.*' is not a valid kind/);
  });
});
