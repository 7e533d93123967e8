/**
 * The well-known names of the APIs this library emits and reads: API groups, controller names and headers.
 * Defined once here; constructs, the validator and the route map import them.
 */

/** The Gateway API group, `gateway.networking.k8s.io`. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** The API group of Envoy Gateway's extension kinds (Backend, EnvoyProxy, ClientTrafficPolicy, SecurityPolicy). */
export const ENVOY_GATEWAY_GROUP = 'gateway.envoyproxy.io';

/** The API group of Envoy AI Gateway, `aigateway.envoyproxy.io`. */
export const AI_GATEWAY_GROUP = 'aigateway.envoyproxy.io';

/** The API group of InferencePool (Gateway API Inference Extension). */
export const INFERENCE_GROUP = 'inference.networking.k8s.io';

/** The API group of cert-manager's kinds (Certificate, Issuer, ClusterIssuer). */
export const CERT_MANAGER_GROUP = 'cert-manager.io';

/** Envoy Gateway's GatewayClass controller name. */
export const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

/** The `x-ai-eg-model` header: Envoy AI Gateway puts the request body's model name in it before routing. */
export const MODEL_HEADER = 'x-ai-eg-model';
