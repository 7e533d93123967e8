import { dnsLabelProblem, formatProblem, isCidr, isIp, isQuantity, isUrl, labelValueProblem, qualifiedNameProblem } from '../../src/validation/schema/formats';

describe('Kubernetes CEL library checks', () => {
  test.each([
    ['1.2.3.4', true], ['::1', true], ['2001:db8::ffff:1', true], ['ffff::1', true],
    ['01.2.3.4', false], ['1.2.3', false], ['::ffff:1.2.3.4', false], ['0:0:0:0:0:ffff:102:304', false], ['fe80::1%eth0', false], ['api.example.com', false],
  ])('isIP(%s) is %s', (value, expected) => {
    expect(isIp(value)).toBe(expected);
  });

  test('isCIDR, isURL, isQuantity', () => {
    expect([isCidr('10.0.0.0/8'), isCidr('::/0'), isCidr('10.0.0.0/33'), isCidr('10.0.0.0')]).toStrictEqual([true, true, false, false]);
    expect([isUrl('https://example.com/x'), isUrl('/path'), isUrl('example.com'), isUrl('http://a b')]).toStrictEqual([true, true, false, false]);
    expect([isQuantity('100m'), isQuantity('1Gi'), isQuantity('1e3'), isQuantity('1 Gi'), isQuantity('Gi')]).toStrictEqual([true, true, true, false, false]);
  });
});

describe('ObjectMeta and OpenAPI formats', () => {
  test('names, label keys and values', () => {
    expect(dnsLabelProblem('envoy-gateway')).toBeUndefined();
    expect(dnsLabelProblem('Envoy')).toMatch(/RFC 1123 label/);
    expect(qualifiedNameProblem('nvcf/platform')).toBeUndefined();
    expect(qualifiedNameProblem('app.kubernetes.io/name')).toBeUndefined();
    expect(qualifiedNameProblem('a/b/c')).toMatch(/qualified name/);
    expect(qualifiedNameProblem('Bad_Prefix/x')).toMatch(/^prefix part/);
    expect(qualifiedNameProblem('x'.repeat(64))).toMatch(/no more than 63/);
    expect(labelValueProblem('')).toBeUndefined();
    expect(labelValueProblem('true')).toBeUndefined();
    expect(labelValueProblem('-x')).toMatch(/valid label/);
  });

  test.each([
    // The API server's formats (kube-openapi): ipv4 is Go's lenient ParseIPSloppy, so leading zeros and IPv4-in-IPv6 pass.
    ['ipv4', '10.0.0.1', true], ['ipv4', '10.0.0.01', true], ['ipv4', '::ffff:1.2.3.4', true], ['ipv4', '10.0.0.256', false],
    ['ipv6', '::1', true], ['ipv6', '1.2.3.4', false], ['ipv6', 'fe80::1%eth0', false],
    ['date-time', '2026-11-24 14:00:00Z', false], ['date-time', '2026-02-30T14:00:00Z', false], ['date-time', '2026-11-24t14:00:00z', true],
    ['date-time', '2026-11-24T24:00:00Z', false], ['byte', '', false], ['uri', '/a b', true], ['uri', 'http://a b', false], ['uri', 'a:b', true],
    ['uri', '/a%zz', false], ['uri', 'relative/path', false],
    ['date-time', '2026-11-24T14:00:00Z', true], ['date-time', '2026-11-24', false], ['byte', 'aGVsbG8=', true], ['byte', 'not base64!', false],
    ['uri', 'https://acme-v02.api.letsencrypt.org/directory', true], ['uri', 'not a uri', false], ['int32', 'anything', true],
  ])('format %s: %s conforms: %s', (format, value, ok) => {
    expect(formatProblem(format, value) === undefined).toBe(ok);
  });
});
