/**
 * Checks of Envoy Gateway global rate limits that count the AI Gateway's token costs (the library's token budgets,
 * or hand-written ones): the upstream traps a cluster accepts without a word.
 *
 * - A rule whose response cost comes from the AI Gateway's metadata (`io.envoy.ai_gateway`) but whose request cost is
 *   not `{ from: Number, number: 0 }`: each request is charged on the way in too (Envoy's default is one hit), so the
 *   budget counts requests as well as tokens.
 * - A metadata key that no AIGatewayRoute of the set records in its `llmRequestCosts`: the AI Gateway writes nothing
 *   under it and the limit counts nothing (judged only when the set holds AIGatewayRoutes).
 */
import { apiGroup, isObject } from './attachment-index';
import { ValidationFinding } from './report';
import { AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP } from '../kubernetes/well-known';

const METADATA_NAMESPACE = 'io.envoy.ai_gateway';

/** Warnings on the BackendTrafficPolicies of the set, by object index. */
export function tokenBudgetFindings(objects: any[], warnings: ValidationFinding[][]): void {
  const routes = objects.filter(o => isObject(o) && o.kind === 'AIGatewayRoute' && apiGroup(o.apiVersion) === AI_GATEWAY_GROUP);
  const recorded = new Set<string>(routes.flatMap(r => (Array.isArray(r.spec?.llmRequestCosts) ? r.spec.llmRequestCosts : [])
    .filter(isObject).map((c: any) => c.metadataKey).filter((k: unknown) => typeof k === 'string')));
  objects.forEach((object, i) => {
    if (!isObject(object) || object.kind !== 'BackendTrafficPolicy' || apiGroup(object.apiVersion) !== ENVOY_GATEWAY_GROUP) return;
    const rules = object.spec?.rateLimit?.global?.rules;
    if (!Array.isArray(rules)) return;
    rules.forEach((rule: any, j: number) => {
      const response = rule?.cost?.response;
      if (!isObject(response) || response.from !== 'Metadata' || response.metadata?.namespace !== METADATA_NAMESPACE) return;
      const path = `spec.rateLimit.global.rules[${j}].cost`;
      const request = rule.cost.request;
      if (!isObject(request) || request.from !== 'Number' || request.number !== 0) {
        warnings[i].push({
          path: `${path}.request`,
          message: `the response cost counts the AI Gateway's '${response.metadata.key}', but the request cost is ` +
            `${isObject(request) ? JSON.stringify(request) : 'not set (one hit per request)'}: each request is charged on the way in too, so the ` +
            'budget counts requests as well as tokens. Set cost.request to { from: Number, number: 0 }.',
          rule: 'token-budget-request-cost',
        });
      }
      const key = response.metadata.key;
      if (routes.length > 0 && typeof key === 'string' && !recorded.has(key)) {
        warnings[i].push({
          path: `${path}.response.metadata.key`,
          message: `no AIGatewayRoute of the set records '${key}' in its llmRequestCosts (they record ${[...recorded].sort().map(k => `'${k}'`).join(', ') || 'none'}): ` +
            'the AI Gateway writes nothing under that key and the limit counts nothing. Add { metadataKey, type } to the route, or use a key it records.',
          rule: 'token-budget-metadata-key',
        });
      }
    });
  });
}
