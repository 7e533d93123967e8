import * as f from './schema-fixtures';
import { SchemaValidator } from '../../src/validation/schema/validator';

/**
 * Targeted invalid objects: each breaks one field of a valid fixture and must fail on exactly that field
 * with the schema keyword or the CEL rule that the API server would report.
 */
interface Case {
  /** What is broken. */
  readonly name: string;
  readonly object: () => any;
  /** The path of the finding. */
  readonly path: string;
  /** The schema keyword, or a fragment of the CEL rule. */
  readonly rule: string;
  /** A fragment of the message. */
  readonly message: string;
}

function edit(make: () => any, change: (o: any) => void): () => any {
  return () => {
    const o = make();
    change(o);
    return o;
  };
}

const SCHEMA_CASES: Case[] = [
  { name: 'HTTPRoute backend port as a string', object: edit(f.httpRoute, o => o.spec.rules[0].backendRefs[0].port = '8080'), path: 'spec.rules[0].backendRefs[0].port', rule: 'type', message: 'must be of type integer' },
  { name: 'HTTPRoute backend port above 65535', object: edit(f.httpRoute, o => o.spec.rules[0].backendRefs[0].port = 70000), path: 'spec.rules[0].backendRefs[0].port', rule: 'maximum', message: 'less than or equal to 65535' },
  { name: 'HTTPRoute backend port 0', object: edit(f.httpRoute, o => o.spec.rules[0].backendRefs[0].port = 0), path: 'spec.rules[0].backendRefs[0].port', rule: 'minimum', message: 'greater than or equal to 1' },
  { name: 'HTTPRoute upper-case hostname', object: edit(f.httpRoute, o => o.spec.hostnames = ['API.example.com']), path: 'spec.hostnames[0]', rule: 'pattern', message: '"API.example.com"' },
  { name: 'HTTPRoute with 17 hostnames', object: edit(f.httpRoute, o => o.spec.hostnames = Array.from({ length: 17 }, (_, i) => `h${i}.example.com`)), path: 'spec.hostnames', rule: 'maxItems', message: 'at most 16 items' },
  { name: 'HTTPRoute with 17 rules', object: edit(f.httpRoute, o => o.spec.rules = Array.from({ length: 17 }, () => ({ backendRefs: [{ name: 'a', port: 80 }] }))), path: 'spec.rules', rule: 'maxItems', message: 'at most 16 items' },
  { name: 'HTTPRoute misspelt field', object: edit(f.httpRoute, o => o.spec.rules[0].backendRef = o.spec.rules[0].backendRefs), path: 'spec.rules[0].backendRef', rule: 'unknown-field', message: 'unknown field "spec.rules[0].backendRef"' },
  { name: 'HTTPRoute path match type not in the enum', object: edit(f.httpRoute, o => o.spec.rules[0].matches[0].path.type = 'Prefix'), path: 'spec.rules[0].matches[0].path.type', rule: 'enum', message: 'Unsupported value: "Prefix"' },
  { name: 'HTTPRoute parentRef without name', object: edit(f.httpRoute, o => delete o.spec.parentRefs[0].name), path: 'spec.parentRefs[0].name', rule: 'required', message: 'Required value' },
  { name: 'HTTPRoute hostnames item null', object: edit(f.httpRoute, o => o.spec.hostnames = [null]), path: 'spec.hostnames[0]', rule: 'type', message: 'must be of type string' },
  { name: 'HTTPRoute backendRefs set to an object', object: edit(f.httpRoute, o => o.spec.rules[0].backendRefs = { name: 'x' }), path: 'spec.rules[0].backendRefs', rule: 'type', message: 'Invalid value: "object": must be of type array' },
  { name: 'Gateway without gatewayClassName', object: edit(f.gateway, o => delete o.spec.gatewayClassName), path: 'spec.gatewayClassName', rule: 'required', message: 'Required value' },
  { name: 'Gateway listener port 0', object: edit(f.gateway, o => o.spec.listeners[0].port = 0), path: 'spec.listeners[0].port', rule: 'minimum', message: 'greater than or equal to 1' },
  { name: 'Gateway listener name with an underscore', object: edit(f.gateway, o => o.spec.listeners[0].name = 'http_1'), path: 'spec.listeners[0].name', rule: 'pattern', message: '"http_1"' },
  { name: 'Gateway listener names not unique (list-map key)', object: edit(f.gateway, o => o.spec.listeners[2].name = 'http'), path: 'spec.listeners[2]', rule: 'x-kubernetes-list-type', message: 'Duplicate value: {name: "http"}' },
  { name: 'Gateway allowedRoutes.namespaces.from not in the enum', object: edit(f.gateway, o => o.spec.listeners[1].allowedRoutes.namespaces.from = 'Any'), path: 'spec.listeners[1].allowedRoutes.namespaces.from', rule: 'enum', message: 'supported values: "All", "Selector", "Same"' },
  { name: 'ReferenceGrant from namespace not a DNS label', object: edit(f.referenceGrant, o => o.spec.from[0].namespace = 'Envoy_Gateway'), path: 'spec.from[0].namespace', rule: 'pattern', message: '"Envoy_Gateway"' },
  { name: 'ReferenceGrant without to', object: edit(f.referenceGrant, o => delete o.spec.to), path: 'spec.to', rule: 'required', message: 'Required value' },
  { name: 'object name not a DNS subdomain', object: edit(f.referenceGrant, o => o.metadata.name = 'Allow_Routes'), path: 'metadata.name', rule: 'metadata', message: 'RFC 1123 subdomain' },
  { name: 'namespace not a DNS label', object: edit(f.httpRoute, o => o.metadata.namespace = 'Envoy.Gateway'), path: 'metadata.namespace', rule: 'metadata', message: 'RFC 1123 label' },
  { name: 'label value with a space', object: edit(f.httpRoute, o => o.metadata.labels = { app: 'api keys' }), path: 'metadata.labels[app]', rule: 'metadata', message: 'a valid label must be' },
  { name: 'annotation key with two slashes', object: edit(f.gateway, o => o.metadata.annotations['a/b/c'] = 'x'), path: 'metadata.annotations[a/b/c]', rule: 'metadata', message: 'qualified name' },
  { name: 'misspelt metadata field', object: edit(f.httpRoute, o => o.metadata.label = { app: 'x' }), path: 'metadata.label', rule: 'unknown-field', message: 'ObjectMeta has no such field' },
  { name: 'Backend FQDN port as a string', object: edit(f.backend, o => o.spec.endpoints[0].fqdn.port = 'http'), path: 'spec.endpoints[0].fqdn.port', rule: 'type', message: 'must be of type integer' },
  { name: 'Backend IP address that is not one', object: edit(f.backend, o => o.spec.endpoints = [{ ip: { address: '10.0.0.300', port: 5000 } }]), path: 'spec.endpoints[0].ip.address', rule: 'pattern', message: '"10.0.0.300"' },
  { name: 'ClientTrafficPolicy buffer limit that is not a quantity', object: edit(f.clientTrafficPolicy, o => o.spec.connection.bufferLimit = '50 Mi'), path: 'spec.connection.bufferLimit', rule: 'pattern', message: '"50 Mi"' },
  { name: 'EnvoyProxy int-or-string limit given as a boolean', object: edit(f.envoyProxy, o => o.spec.provider.kubernetes.envoyDeployment = { container: { resources: { limits: { cpu: true } } } }), path: 'spec.provider.kubernetes.envoyDeployment.container.resources.limits[cpu]', rule: 'type', message: 'must be of type integer or string' },
  { name: 'BackendSecurityPolicy with two credentials (at most 3 properties)', object: edit(f.backendSecurityPolicy, o => o.spec.awsCredentials = { region: 'us-east-1' }), path: 'spec', rule: 'maxProperties', message: 'Too many: 4: must have at most 3 properties' },
  { name: 'Certificate without secretName', object: edit(f.certificate, o => delete o.spec.secretName), path: 'spec.secretName', rule: 'required', message: 'Required value' },
  { name: 'Certificate private key algorithm not in the enum', object: edit(f.certificate, o => o.spec.privateKey.algorithm = 'DSA'), path: 'spec.privateKey.algorithm', rule: 'enum', message: 'Unsupported value: "DSA"' },
  { name: 'Certificate duration as a number', object: edit(f.certificate, o => o.spec.duration = 2160), path: 'spec.duration', rule: 'type', message: 'must be of type string' },
  { name: 'InferencePool target port above 65535', object: edit(f.inferencePool, o => o.spec.targetPorts = [{ number: 70000 }]), path: 'spec.targetPorts[0].number', rule: 'maximum', message: '65535' },
  { name: 'InferencePool without selector', object: edit(f.inferencePool, o => delete o.spec.selector), path: 'spec.selector', rule: 'required', message: 'Required value' },
  { name: 'AIServiceBackend schema name not in the enum', object: edit(() => f.aiServiceBackend('v1beta1'), o => o.spec.schema.name = 'OpenAPI'), path: 'spec.schema.name', rule: 'enum', message: 'Unsupported value: "OpenAPI"' },
  { name: 'AIGatewayRoute request cost type not in the enum', object: edit(f.aiGatewayRoute, o => o.spec.llmRequestCosts[0].type = 'InputTokens'), path: 'spec.llmRequestCosts[0].type', rule: 'enum', message: '"InputTokens"' },
  { name: 'AIGatewayRoute with 16 rules (15 at most)', object: edit(() => f.aiGatewayRoute('v1beta1'), o => o.spec.rules = Array.from({ length: 16 }, (_, i) => ({ name: `r${i}`, backendRefs: [{ name: 'b' }] }))), path: 'spec.rules', rule: 'maxItems', message: 'at most 15 items' },
];

const CEL_CASES: Case[] = [
  { name: 'HTTPRoute Service backend without port', object: edit(f.httpRoute, o => delete o.spec.rules[0].backendRefs[0].port), path: 'spec.rules[0].backendRefs[0]', rule: "(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true", message: 'Must have port for Service reference' },
  { name: 'HTTPRoute two identical parentRefs', object: edit(f.httpRoute, o => o.spec.parentRefs = [{ name: 'nvcf-gateway' }, { name: 'nvcf-gateway' }]), path: 'spec.parentRefs', rule: 'self.all(p1, self.exists_one(p2,', message: 'sectionName or port must be unique' },
  { name: 'HTTPRoute two parentRefs to one Gateway, one without sectionName', object: edit(f.httpRoute, o => o.spec.parentRefs = [{ name: 'nvcf-gateway' }, { name: 'nvcf-gateway', sectionName: 'http' }]), path: 'spec.parentRefs', rule: 'self.all(p1, self.all(p2,', message: 'sectionName or port must be specified' },
  { name: 'Gateway Terminate without certificateRefs: the rule reads a missing key, which rejects', object: edit(f.gateway, o => o.spec.listeners[1].tls = { mode: 'Terminate' }), path: 'spec.listeners[1].tls', rule: "self.mode == 'Terminate' ? size(self.certificateRefs) > 0", message: 'Invalid value: "object": no such key: certificateRefs evaluating rule: certificateRefs or options must be specified when mode is Terminate' },
  { name: 'HTTPRoute path that is not absolute', object: edit(f.httpRoute, o => o.spec.rules[0].matches[0].path.value = 'v1'), path: 'spec.rules[0].matches[0].path', rule: "self.value.startsWith('/')", message: "value must be an absolute path and start with '/'" },
  { name: "HTTPRoute path with '//'", object: edit(f.httpRoute, o => o.spec.rules[0].matches[0].path.value = '/a//b'), path: 'spec.rules[0].matches[0].path', rule: "!self.value.contains('//')", message: "must not contain '//'" },
  { name: 'HTTPRoute filter type without its config', object: edit(f.httpRoute, o => o.spec.rules[0].filters = [{ type: 'RequestHeaderModifier' }]), path: 'spec.rules[0].filters[0]', rule: "!(!has(self.requestHeaderModifier) && self.type == 'RequestHeaderModifier')", message: 'filter.requestHeaderModifier must be specified' },
  { name: 'HTTPRoute repeated header modifier filter', object: edit(f.httpRoute, o => o.spec.rules[0].filters = [1, 2].map(i => ({ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: `x-${i}`, value: 'v' }] } }))), path: 'spec.rules[0].filters', rule: "self.filter(f, f.type == 'RequestHeaderModifier').size() <= 1", message: 'RequestHeaderModifier filter cannot be repeated' },
  { name: 'HTTPRoute backend timeout longer than the request timeout', object: edit(f.httpRoute, o => o.spec.rules[0].timeouts = { request: '10s', backendRequest: '20s' }), path: 'spec.rules[0].timeouts', rule: 'duration(self.backendRequest) > duration(self.request)', message: 'backendRequest timeout cannot be longer than request timeout' },
  { name: 'HTTPRoute rule names not unique', object: edit(f.httpRoute, o => { o.spec.rules[0].name = 'r'; o.spec.rules.push({ ...o.spec.rules[0] }); }), path: 'spec.rules', rule: 'self.exists_one(l2, has(l2.name) && l1.name == l2.name)', message: 'Rule name must be unique within the route' },
  { name: 'HTTPRoute redirect together with backendRefs', object: edit(f.httpRoute, o => o.spec.rules[0].filters = [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }]), path: 'spec.rules[0]', rule: 'f.requestRedirec', message: 'RequestRedirect filter must not be used together with backendRefs' },
  { name: 'Gateway hostname on a TCP listener', object: edit(f.gateway, o => o.spec.listeners[2].hostname = 'grpc.example.com'), path: 'spec.listeners', rule: "l.protocol in ['TCP', 'UDP']  ? (!has(l.hostname)", message: "hostname must not be specified for protocols ['TCP', 'UDP']" },
  { name: 'Gateway tls on an HTTP listener', object: edit(f.gateway, o => o.spec.listeners[0].tls = { mode: 'Terminate', certificateRefs: [{ name: 'c' }] }), path: 'spec.listeners', rule: "l.protocol in ['HTTP', 'TCP', 'UDP'] ? !has(l.tls)", message: "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']" },
  { name: 'Gateway Terminate with no certificates nor options', object: edit(f.gateway, o => o.spec.listeners[1].tls = { mode: 'Terminate', certificateRefs: [], options: {} }), path: 'spec.listeners[1].tls', rule: "self.mode == 'Terminate' ? size(self.certificateRefs) > 0", message: 'certificateRefs or options must be specified when mode is Terminate' },
  { name: 'Gateway listener names not unique (CEL)', object: edit(f.gateway, o => o.spec.listeners[2].name = 'http'), path: 'spec.listeners', rule: 'self.all(l1, self.exists_one(l2, l1.name == l2.name))', message: 'Listener name must be unique within the Gateway' },
  { name: 'Gateway infrastructure label key with a space', object: edit(f.gateway, o => o.spec.infrastructure = { labels: { 'bad key': 'x' } }), path: 'spec.infrastructure.labels', rule: 'self.all(key, key.matches(', message: 'Label keys must be in the form' },
  { name: 'TLSRoute hostname that is an IP (isIP)', object: edit(f.tlsRoute, o => o.spec.hostnames = ['10.0.0.1']), path: 'spec.hostnames', rule: 'self.all(h, !isIP(h))', message: 'Hostnames cannot contain an IP' },
  { name: 'GRPCRoute service with invalid characters (matches, (?i))', object: edit(f.grpcRoute, o => o.spec.rules[0].matches[0].method.service = 'bad service!'), path: 'spec.rules[0].matches[0].method', rule: 'self.service.matches(', message: 'service must only contain valid characters' },
  { name: 'AIGatewayRoute rule named route-not-found', object: edit(() => f.aiGatewayRoute('v1beta1'), o => o.spec.rules[0].name = 'route-not-found'), path: 'spec.rules[0]', rule: "self.name != 'route-not-found'", message: 'rule name route-not-found is reserved' },
  { name: 'AIGatewayRoute parentRef to a Service', object: edit(f.aiGatewayRoute, o => o.spec.parentRefs[0] = { name: 'svc', kind: 'Service', group: '' }), path: 'spec.parentRefs', rule: "self.all(match, match.kind == 'Gateway')", message: 'only Gateway is supported' },
  { name: 'AIGatewayRoute mixing InferencePool and AIServiceBackend', object: edit(() => f.aiGatewayRoute('v1beta1'), o => o.spec.rules[0].backendRefs.push({ name: 'pool', group: 'inference.networking.k8s.io', kind: 'InferencePool' })), path: 'spec.rules[0]', rule: 'self.backendRefs.all(ref, !has(ref.group) && !has(ref.kind))', message: 'cannot mix InferencePool and AIServiceBackend references' },
  { name: 'AIGatewayRoute backend timeout longer than the request timeout', object: edit(f.aiGatewayRoute, o => o.spec.rules[0].timeouts = { request: '60s', backendRequest: '2m' }), path: 'spec.rules[0].timeouts', rule: 'duration(self.backendRequest) > duration(self.request)', message: 'backendRequest timeout cannot be longer than request timeout' },
  { name: 'AIServiceBackend pointing at a Service', object: edit(() => f.aiServiceBackend('v1beta1'), o => o.spec.backendRef = { name: 'svc', kind: 'Service', group: '', port: 80 }), path: 'spec.backendRef', rule: "self.kind == 'Backend'", message: 'BackendRef must be a Backend resource of Envoy Gateway' },
  { name: 'BackendSecurityPolicy type AWSCredentials with an apiKey', object: edit(f.backendSecurityPolicy, o => o.spec.type = 'AWSCredentials'), path: 'spec', rule: "self.type == 'AWSCredentials' ? (has(self.awsCredentials) && !has(self.apiKey)", message: 'When type is AWSCredentials, only awsCredentials field should be set' },
  { name: 'BackendSecurityPolicy targeting a Service', object: edit(f.backendSecurityPolicy, o => o.spec.targetRefs[0] = { name: 'svc', kind: 'Service', group: '' }), path: 'spec.targetRefs', rule: "ref.kind == 'AIServiceBackend'", message: 'targetRefs must reference AIServiceBackend or InferencePool resources' },
  { name: 'Backend endpoint with both fqdn and ip', object: edit(f.backend, o => o.spec.endpoints[0].ip = { address: '10.0.0.3', port: 5000 }), path: 'spec.endpoints[0]', rule: '((has(self.fqdn) && !(has(self.ip) || has(self.unix)))', message: 'only one of fqdn, ip or unix can be specified' },
  { name: 'ClientTrafficPolicy targeting an HTTPRoute', object: edit(f.clientTrafficPolicy, o => o.spec.targetRefs[0].kind = 'HTTPRoute'), path: 'spec', rule: "self.targetRefs.all(ref, ref.kind == 'Gateway')", message: 'this policy can only have a targetRefs[*].kind of Gateway' },
  { name: 'SecurityPolicy extAuth http without backend: the rule errors (no such key), which rejects', object: edit(f.securityPolicy, o => o.spec = { targetRefs: o.spec.targetRefs, extAuth: { http: {} } }), path: 'spec.extAuth.http', rule: 'has(self.backendRef) || self.backendRefs.size() > 0', message: 'no such key: backendRefs evaluating rule: backendRef or backendRefs needs to be set' },
];

describe('SchemaValidator: invalid objects fail on the right field and rule', () => {
  const validator = new SchemaValidator();

  test('there are at least 40 cases, schema and CEL', () => {
    expect(SCHEMA_CASES.length).toBeGreaterThanOrEqual(20);
    expect(CEL_CASES.length).toBeGreaterThanOrEqual(20);
  });

  test.each([...SCHEMA_CASES, ...CEL_CASES].map(c => [c.name, c]))('fails: %s', (_, c: Case) => {
    // GIVEN a valid fixture that passes
    // WHEN one field is broken
    const result = validator.validate(c.object());
    // THEN an error names that field, the rule and the reason
    const sameRule = (rule?: string) => rule === c.rule || (c.rule.length > 12 && rule?.includes(c.rule));
    const match = result.findings.find(x => x.path === c.path && !x.warning && sameRule(x.rule));
    if (!match) throw new Error(`no finding at ${c.path} for ${c.rule}; got ${JSON.stringify(result.findings, null, 1)}`);
    expect(match.message).toContain(c.message);
  });
});
