import { IConstruct } from 'constructs';
import { IInferencePool, INFERENCE_GROUP } from './inference-pool-ref';
import { grantReference } from '../gateway-api/grants';
import { GrantFrom, GrantTo } from '../gateway-api/reference-grant';
import { GatewayApiVersion } from '../gateway-api/version';

/**
 * How an Envoy AI Gateway AIGatewayRoute rule refers to InferencePools: the CRD (v1.1.0) allows exactly one pool
 * per rule and no mixing with AIServiceBackends. The model-routing construct uses these helpers so that an
 * `IInferencePool` (an `InferencePool` of this app or `InferencePool.fromPoolName()`) works as a rule's target.
 */

/** The AIGatewayRoute API group, for the ReferenceGrant `from` entry. */
const AI_GATEWAY_GROUP = 'aigateway.envoyproxy.io';

/**
 * Says what is wrong with the backends of one AIGatewayRoute rule, or returns undefined: more than one
 * InferencePool, or InferencePools mixed with AIServiceBackends.
 *
 * @param rule how the rule is named in the message, for example "rule 'llama-3'"
 * @param pools the InferencePools the rule refers to
 * @param aiServiceBackends how many AIServiceBackends the rule refers to
 */
export function checkAiGatewayRulePools(rule: string, pools: IInferencePool[], aiServiceBackends: number): string | undefined {
  const names = pools.map(p => `'${p.poolNamespace}/${p.poolName}'`).join(', ');
  if (pools.length > 1) {
    return `${rule} refers to ${pools.length} InferencePools (${names}); an AIGatewayRoute rule takes exactly one, whose ` +
      'endpoint picker chooses the model server. Give each pool its own rule (or model), or split traffic between ' +
      'pools with an InferenceRoute.';
  }
  if (pools.length === 1 && aiServiceBackends > 0) {
    return `${rule} mixes InferencePool ${names} with ${aiServiceBackends} AIServiceBackend(s); an AIGatewayRoute rule ` +
      'refers to either one InferencePool or AIServiceBackends. Put them in separate rules.';
  }
  return undefined;
}

/**
 * The `backendRefs` entry of an AIGatewayRoute rule for a pool. A pool in another namespace than the route is
 * written with its namespace and gets the narrow ReferenceGrant (AIGatewayRoutes of the route's namespace → that
 * pool), created or extended in the chart of `scope`.
 *
 * @param scope a construct of the chart the grant belongs to
 * @param routeNamespace the AIGatewayRoute's namespace
 * @param pool the pool
 * @param version the Gateway API release (ReferenceGrant apiVersion)
 */
export function aiGatewayPoolBackendRef(scope: IConstruct, routeNamespace: string, pool: IInferencePool,
  version: GatewayApiVersion): any {
  grantReference(scope, GrantFrom.custom(AI_GATEWAY_GROUP, 'AIGatewayRoute', routeNamespace), pool.poolNamespace,
    GrantTo.inferencePool(pool.poolName), version);
  return {
    group: INFERENCE_GROUP,
    kind: 'InferencePool',
    name: pool.poolName,
    namespace: pool.poolNamespace === routeNamespace ? undefined : pool.poolNamespace,
  };
}
