import { Testing } from 'cdk8s';
import { PlatformDomain, SubdomainSeparator } from '../../src';

function domain(props: Partial<ConstructorParameters<typeof PlatformDomain>[2]> = {}) {
  const chart = Testing.chart();
  return new PlatformDomain(chart, 'domain', { baseDomain: 'ai-gateway.example.com', ...props });
}

describe('PlatformDomain', () => {
  test("'.' separator: one label below the base domain, wildcard of the base domain", () => {
    const d = domain();
    expect(d.separator).toBe(SubdomainSeparator.DOT);
    expect(d.services).toStrictEqual(['api', 'auth', 'console', 'grafana', 'mcp']);
    expect(d.hosts).toStrictEqual([
      'api.ai-gateway.example.com',
      'auth.ai-gateway.example.com',
      'console.ai-gateway.example.com',
      'grafana.ai-gateway.example.com',
      'mcp.ai-gateway.example.com',
    ]);
    expect(d.hostFor('api')).toBe('api.ai-gateway.example.com');
    expect(d.certificateDomain).toBe('ai-gateway.example.com');
    expect(d.wildcardDnsName).toBe('*.ai-gateway.example.com');
  });

  test("'-' separator: label joined to the first label, wildcard of the parent", () => {
    const d = domain({ separator: SubdomainSeparator.DASH });
    expect(d.hostFor('api')).toBe('api-ai-gateway.example.com');
    expect(d.hostFor('grafana')).toBe('grafana-ai-gateway.example.com');
    expect(d.certificateDomain).toBe('example.com');
    expect(d.wildcardDnsName).toBe('*.example.com');
  });

  test('subdomains override defaults and add services; addSubdomain adds more later', () => {
    const d = domain({ subdomains: { api: 'llm', docs: 'docs' } });
    expect(d.hostFor('api')).toBe('llm.ai-gateway.example.com');
    expect(d.subdomainFor('api')).toBe('llm');
    expect(d.hostFor('docs')).toBe('docs.ai-gateway.example.com');
    expect(d.addSubdomain('status', 'status')).toBe('status.ai-gateway.example.com');
    expect(d.services).toStrictEqual(['api', 'auth', 'console', 'docs', 'grafana', 'mcp', 'status']);
  });

  test('fails for an unknown service, naming the known ones and the fix', () => {
    expect(() => domain().hostFor('kibana')).toThrow(
      "PlatformDomain 'test/domain': service 'kibana' has no subdomain (services: 'api', 'auth', 'console', 'grafana', 'mcp'). " +
      "Use one of those, or add it with addSubdomain('kibana', '<label>').");
  });

  test('fails to add a service twice', () => {
    expect(() => domain().addSubdomain('api', 'llm')).toThrow(
      "PlatformDomain 'test/domain': service 'api' already has the subdomain 'api' (host 'api.ai-gateway.example.com'). " +
      "Pass subdomains: { api: 'llm' } to override it, or add the service under another name.");
  });

  test('fails when two services share a label', () => {
    expect(() => domain({ subdomains: { api: 'console' } })).toThrow(
      "PlatformDomain 'test/domain': subdomains.console 'console' is already the subdomain of service 'api', so both would " +
      "be served at 'console.ai-gateway.example.com'. Give 'console' a label of its own.");
  });

  test('fails for an invalid label', () => {
    expect(() => domain({ subdomains: { api: 'API_v1' } })).toThrow(
      /PlatformDomain 'test\/domain': subdomains.api 'API_v1' is not a valid RFC 1123 label .* Use 'api-v1'./);
  });

  test("fails when a '-' joined label exceeds 63 characters", () => {
    expect(() => domain({ separator: SubdomainSeparator.DASH, subdomains: { api: 'a'.repeat(55) } })).toThrow(
      /subdomains.api 'a{55}' makes the label 'a{55}-ai-gateway' of 66 characters, more than DNS allows \(63\). Use a shorter label, or the '.' separator./);
  });

  test.each([
    ['AI-Gateway.Example.com', /baseDomain 'AI-Gateway.Example.com' is not a valid hostname .* Use 'ai-gateway.example.com'./],
    ['*.example.com', /baseDomain '\*.example.com' is a wildcard; give the domain itself. Use 'example.com'./],
    ['example.com.', /baseDomain 'example.com.' ends with a '.'; give the domain without the root. Use 'example.com'./],
    ['localhost', /baseDomain 'localhost' is a single label; a certificate needs a domain of at least two labels. Use, for example, 'localhost.example.com'./],
    ['10.0.0.1', /baseDomain '10.0.0.1' is not a valid hostname/],
    ['', /baseDomain '' is not a valid hostname .* Use, for example, 'ai-gateway.example.com'./],
    ['https://ai-gateway.example.com/', /^PlatformDomain 'test\/domain': baseDomain 'https:\/\/ai-gateway\.example\.com\/' is not a valid hostname: a scheme \('https:\/\/'\) and a path \('\/'\) are not part of a hostname\. Use 'ai-gateway\.example\.com'\.$/],
    ['https://example.com.', /baseDomain 'https:\/\/example\.com\.' is not a valid hostname: a scheme \('https:\/\/'\) and a trailing '\.' are not part of a hostname\. Use 'example\.com'\.$/],
    ['ai-gateway.example.com:443', /baseDomain 'ai-gateway\.example\.com:443' is not a valid hostname: a port \(':443'\) is not part of a hostname\. Use 'ai-gateway\.example\.com'\.$/],
  ])('fails for the invalid base domain %p', (baseDomain, message) => {
    expect(() => domain({ baseDomain })).toThrow(message);
  });

  test("fails for a two-label base domain with the '-' separator", () => {
    expect(() => domain({ baseDomain: 'example.com', separator: SubdomainSeparator.DASH })).toThrow(
      "PlatformDomain 'test/domain': baseDomain 'example.com' has 2 labels, but the '-' separator puts every host under " +
      "its parent ('com'), whose wildcard certificate '*.com' no CA issues. Use a base domain of at least three labels, " +
      "for example 'ai-gateway.example.com', or SubdomainSeparator.DOT.");
  });
});
