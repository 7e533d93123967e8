import { Chart, Testing } from 'cdk8s';
import { NvcfGateway, NvcfPlatformRoutes } from '../../src';
import { checkHostname, isIpAddress, notPartOf, urlParts } from '../../src/gateway-api/hostnames';

describe('a hostname written as a URL', () => {
  test.each([
    ['https://api.openai.com:443/v1', "a scheme ('https://'), a port (':443') and a path ('/v1') are not part of a hostname. Use 'api.openai.com'."],
    ['https://host', "a scheme ('https://') is not part of a hostname. Use 'host'."],
    ['HTTPS://API.OpenAI.com', "a scheme ('HTTPS://') is not part of a hostname. Use 'api.openai.com'."],
    ['api.openai.com/v1', "a path ('/v1') is not part of a hostname. Use 'api.openai.com'."],
    ['api.example.com:443', "a port (':443') is not part of a hostname. Use 'api.example.com'."],
    ['api.example.com.', "a trailing '.' is not part of a hostname. Use 'api.example.com'."],
    ['ftp://files.example.com?x=1', "a scheme ('ftp://') and a query ('?x=1') are not part of a hostname. Use 'files.example.com'."],
    ['https://api.example.com#top', "a scheme ('https://') and a fragment ('#top') are not part of a hostname. Use 'api.example.com'."],
    ['https://10.0.0.1', "a scheme ('https://') is not part of a hostname. Use 'api.example.com'."],
    ['https://', "a scheme ('https://') is not part of a hostname. Use 'api.example.com'."],
  ])('%s is refused, naming what is not part of a hostname', (value, rest) => {
    expect(checkHostname('hostname', value)).toBe(`hostname '${value}' is not a valid hostname: ${rest}`);
  });

  test('credentials are masked in the message', () => {
    expect(checkHostname('hostname', 'http://user:secret@api.example.com/')).toBe("hostname 'http://***@api.example.com/' is not a valid hostname: " +
      "a scheme ('http://'), a user part ('***@') and a path ('/') are not part of a hostname. Use 'api.example.com'.");
  });

  test('an IP address is never suggested', () => {
    expect(checkHostname('hostname', '10.0.0.1')).toMatch(/Use 'api\.example\.com'\.$/);
    expect(checkHostname('hostname', '2001:db8::1')).toMatch(/Use 'api\.example\.com'\.$/);
  });

  test('is taken apart; a bare host or an IP address has no parts', () => {
    expect(urlParts('https://u:p@[2001:db8::1]:8443/x.')).toStrictEqual({
      host: '[2001:db8::1]', scheme: 'https://', credentials: 'u:p@', port: ':8443', path: '/x.', trailingDot: false, shown: 'https://***@[2001:db8::1]:8443/x.',
    });
    expect(urlParts('API.example.com')).toBeUndefined();
    expect(urlParts('2001:db8::1')).toBeUndefined();
    expect(urlParts('10.0.0.1')).toBeUndefined();
    const hostPort = urlParts('ns1.example.com.:53')!;
    expect(hostPort).toMatchObject({ host: 'ns1.example.com', port: ':53', trailingDot: true });
    expect(notPartOf(hostPort, 'an address', { port: true, trailingDot: true })).toBeUndefined();
    expect(notPartOf(hostPort, 'a hostname')).toBe("a port (':53') and a trailing '.' are not part of a hostname");
  });

  test('IP addresses are IPv4 dotted quads and IPv6 addresses, not anything with a colon', () => {
    expect(isIpAddress('10.0.0.1')).toBe(true);
    expect(isIpAddress('2001:db8::1')).toBe(true);
    expect(isIpAddress('https://nvcf.example.com')).toBe(false);
    expect(isIpAddress('api.example.com:443')).toBe(false);
  });
});

describe('every hostname check says so', () => {
  const chart = () => new Chart(Testing.app(), 'nvcf', { disableResourceNameHashes: true });

  test('NvcfGateway domain and subdomains', () => {
    // Before, any value with a ':' was taken for an IP address.
    expect(() => new NvcfGateway(chart(), 'gw', { domain: 'https://nvcf.example.com' })).toThrow(
      "NvcfGateway 'nvcf/gw': domain 'https://nvcf.example.com' is not a valid hostname: a scheme ('https://') is not part of a hostname. Use 'nvcf.example.com'.");
    const gateway = new NvcfGateway(chart(), 'gw', { domain: 'nvcf.example.com' });
    expect(() => gateway.hostname('api.')).toThrow("subdomain 'api.' is not a valid hostname: a trailing '.' is not part of a hostname. Use 'api'.");
  });

  test('NvcfPlatformRoutes domain', () => {
    const c = chart();
    const gateway = new NvcfGateway(c, 'gw', { domain: 'nvcf.example.com' });
    expect(() => new NvcfPlatformRoutes(c, 'routes', { gateway, domain: 'nvcf.example.com:443' })).toThrow(
      "NvcfPlatformRoutes 'nvcf/routes': domain 'nvcf.example.com:443' is not a valid hostname: a port (':443') is not part of a hostname. Use 'nvcf.example.com'.");
  });
});
