import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { BackendService } from './backend';
import { IGateway, IGatewayRoute, parentRef, resolveListeners } from './gateway';
import { grantReference } from './grants';
import { hostnamesIntersect } from './hostnames';
import { GrantFrom, GrantTo } from './reference-grant';
import { declareKnown } from '../validation/targets';

/**
 * What every route construct shares, whatever it routes (HostnameRoute, GrpcTcpRoute, InferenceRoute,
 * AiModelRoute): parentRefs, backend references with their grants and known-object declarations, and the
 * attachment checks, which ask the gateway through `IGateway` only.
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

/** The parentRefs of a route: one per listener, or one without sectionName when no listener is named. */
export function parentRefs(gateway: IGateway, sectionNames: string[]): any[] {
  if (sectionNames.length === 0) return [parentRef(gateway)];
  return sectionNames.map(s => parentRef(gateway, s));
}

/**
 * Why a route would not attach to its gateway as declared, under the Gateway API's rules, asked of the gateway:
 * a listener that does not exist or does not admit the route's kind, no listener at all for it, a listener
 * named explicitly that matches none of the route's hostnames, a hostname that no listener it attaches to
 * serves, or a namespace the listeners do not admit. Checked at synth, when every listener, hostname and
 * namespace has been added. Each problem is the end of a sentence; prefix it with the route's kind and path.
 *
 * @param gateway the route's gateway
 * @param route the route (its kind, hostnames and the listeners it attaches to)
 * @param routeNamespace the route's namespace
 * @param explicitSectionNames whether the route named its listeners itself
 */
export function attachmentProblems(gateway: IGateway, route: IGatewayRoute, routeNamespace: string,
  explicitSectionNames: boolean): string[] {
  const problems: string[] = [];
  const kind = route.routeKind;
  const sectionNames = route.sectionNames;
  const hostnames = route.hostnames;
  const gatewayText = `Gateway '${gateway.gatewayNamespace}/${gateway.gatewayName}'`;
  // `listeners` is a copy on every read (GatewayBase): read it once.
  const listeners = gateway.listeners;
  if (listeners.length > 0 && sectionNames.length === 0) {
    problems.push(`no listener of ${gatewayText} admits ${kind}` + (explicitSectionNames || hostnames.length === 0 ? '' : ' for its hostnames') +
      ` (listeners: ${listeners.map(l => `'${l.name}' (${l.protocol})`).join(', ')}). ` +
      `Add a listener that admits ${kind}, or attach to another gateway.`);
  } else if (listeners.length > 0) {
    const resolved = resolveListeners(gateway, kind, sectionNames);
    if (resolved.problem !== undefined) {
      problems.push(resolved.problem);
    } else if (hostnames.length > 0) {
      for (const listener of explicitSectionNames ? resolved.listeners : []) {
        if (listener.hostname !== undefined && !hostnames.some(h => hostnamesIntersect(listener.hostname, h))) {
          problems.push(`listener '${listener.name}' hostname '${listener.hostname}' matches none of the route's hostnames ` +
            `(${hostnames.map(h => `'${h}'`).join(', ')}), so the route would not attach to it. ` +
            'Remove it from sectionNames or use a hostname it matches.');
        }
      }
      for (const hostname of hostnames) {
        if (!resolved.listeners.some(l => hostnamesIntersect(l.hostname, hostname))) {
          problems.push(`hostname '${hostname}' matches no listener the route attaches to (${resolved.listeners.map(l =>
            `'${l.name}': ${l.hostname ?? 'any hostname'}`).join(', ')}), so ${gatewayText} would not serve it. ` +
            'Use a hostname the listeners serve, or attach to a listener for it.');
        }
      }
    }
  }
  const namespaceProblem = gateway.routeNamespaceProblem(routeNamespace);
  if (namespaceProblem !== undefined) problems.push(namespaceProblem);
  return problems;
}
