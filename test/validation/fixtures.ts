/** Small builders of plain manifests for the validation tests. */

export const GW = 'gateway.networking.k8s.io';

export function namespace(name: string, labels?: { [key: string]: string }): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function gateway(name: string, ns: string, listeners: any[]): any {
  return {
    apiVersion: `${GW}/v1`,
    kind: 'Gateway',
    metadata: { name, namespace: ns },
    spec: { gatewayClassName: 'eg', listeners },
  };
}

/** The NVCF gateway: HTTP on 80 admitting routes from namespaces labelled nvcf/platform=true, TCP on 10081. */
export function nvcfGateway(): any {
  return gateway('nvcf-gateway', 'envoy-gateway', [
    { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'nvcf/platform': 'true' } } } } },
    { name: 'tcp', port: 10081, protocol: 'TCP', allowedRoutes: { namespaces: { from: 'All' } } },
  ]);
}

export function httpRoute(name: string, ns: string, spec: any): any {
  return { apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: { name, namespace: ns }, spec };
}

export function tcpRoute(name: string, ns: string, spec: any, apiVersion = `${GW}/v1alpha2`): any {
  return { apiVersion, kind: 'TCPRoute', metadata: { name, namespace: ns }, spec };
}

export function service(name: string, ns: string, ports: number[] = [8080]): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { ports: ports.map(port => ({ port })) } };
}

export function secret(name: string, ns: string): any {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, type: 'kubernetes.io/tls' };
}

export function grant(name: string, ns: string, from: any[], to: any[], apiVersion = `${GW}/v1beta1`): any {
  return { apiVersion, kind: 'ReferenceGrant', metadata: { name, namespace: ns }, spec: { from, to } };
}

export function parent(name: string, ns?: string, sectionName?: string): any {
  return { group: GW, kind: 'Gateway', name, namespace: ns, sectionName };
}

export function toService(name: string, ns?: string, port = 8080): any {
  return { name, namespace: ns, port };
}

/** The NVCF API-keys namespace, carrying the platform label the NVCF Gateway's listeners select. */
export const platformNs = namespace('api-keys', { 'nvcf/platform': 'true' });

/** The API-keys HTTPRoute on the NVCF Gateway's `http` listener, to its Service; `spec` overrides fields. */
export function apiKeysRoute(spec: any = {}): any {
  return httpRoute('api-keys', 'api-keys', {
    parentRefs: [parent('nvcf-gateway', 'envoy-gateway', 'http')],
    hostnames: ['api-keys.nvcf.example.com'],
    rules: [{ backendRefs: [toService('api-keys')] }],
    ...spec,
  });
}
