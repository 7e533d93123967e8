import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { BackendService } from '../gateway-api/backend';
import { IGateway, RouteKind, parentRef, resolveListeners } from '../gateway-api/gateway';
import { grantReference } from '../gateway-api/grants';
import { GrantFrom, GrantTo } from '../gateway-api/reference-grant';
import { declareKnown } from '../validation/targets';

/**
 * What the route constructs share: backend references with their grants and known-object declarations,
 * parentRefs, and the attachment checks.
 */

/** A backendRef to a Service, its namespace always written. */
export function serviceBackendRef(backend: BackendService): any {
  return { group: '', kind: 'Service', name: backend.name, namespace: backend.namespace, port: backend.port };
}

/**
 * Lets a route reach its backend Service: a narrow grant when the Service is in another namespace, and a
 * known-object declaration when the Service is not created by the route's chart.
 */
export function reachBackend(scope: IConstruct, from: GrantFrom, backend: BackendService, gateway: IGateway): void {
  const chart = Chart.of(scope);
  const created = chart.node.findAll().some(c => c instanceof ApiObject && c.kind === 'Service' && c.apiVersion === 'v1'
    && c.name === backend.name && (c.metadata.namespace ?? chart.namespace ?? 'default') === backend.namespace);
  if (!created) {
    declareKnown(scope, {
      apiVersion: 'v1',
      kind: 'Service',
      name: backend.name,
      namespace: backend.namespace,
    });
  }
  grantReference(scope, from, backend.namespace, GrantTo.service(backend.name), gateway.gatewayApiVersion);
}

/** The parentRefs of a route: one per listener, or one without sectionName when no listener is known. */
export function parentRefs(gateway: IGateway, sectionNames: string[]): any[] {
  if (sectionNames.length === 0) return [parentRef(gateway)];
  return sectionNames.map(s => parentRef(gateway, s));
}

/** Why a route of a kind cannot attach through the given sectionNames, or undefined. */
export function attachmentProblem(gateway: IGateway, kind: RouteKind, sectionNames: string[], explicit: boolean): string | undefined {
  if (gateway.listeners.length === 0) return undefined;
  if (sectionNames.length === 0) {
    return `no listener of Gateway '${gateway.gatewayNamespace}/${gateway.gatewayName}' admits ${kind}` +
      (explicit ? '' : ' for its hostnames') + ` (listeners: ${gateway.listeners.map(l => `'${l.name}' (${l.protocol})`).join(', ')}). ` +
      `Add a listener that admits ${kind}, or attach to another gateway.`;
  }
  return resolveListeners(gateway, kind, sectionNames).problem;
}
